# Highway port: runtime dispatch over every x86 target Highway 1.0.3 compiles (SSE4, AVX2,
# AVX-512); built when the headers are present.
ifneq ($(wildcard /usr/include/hwy/highway.h),)
ifneq ($(wildcard ports/highway/table.cc),)
LIB_SRCS += $(wildcard ports/highway/*.cc)
LIB_DEFS += -DATTNKIT_HAVE_HIGHWAY
endif
endif
