# Highway port: runtime dispatch over every x86 target Highway 1.0.3 compiles (SSE4, AVX2,
# AVX-512, SCALAR fallback); built when the headers are present. hwy_runtime_x86.cc stands in
# for libhwy.so, so nothing links -lhwy. SSSE3 is left out: SSE4-less x86 CPUs get SCALAR.
# HWY_CPPFLAGS: the machine's additions (mk/target/).
ifneq ($(wildcard /usr/include/hwy/highway.h),)
LIB_SRCS += $(wildcard ports/highway/*.cc)
LIB_DEFS += -DATTNKIT_HAVE_HIGHWAY
$(BUILD)/obj/ports/highway/%.o: OBJ_CPPFLAGS += -DHWY_DISABLED_TARGETS=HWY_SSSE3 $(HWY_CPPFLAGS)
# -MD, not -MMD: foreach_target.h (a system header) re-includes the source, and GCC then counts
# every header it pulls in as a system header, so -MMD would record none of them (stale objects
# after an edit of fx-inl.h or kernels.h).
$(BUILD)/obj/ports/highway/%.o: DEPFLAGS := -MD -MP
endif
