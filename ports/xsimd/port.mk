# xsimd port: xsimd 8.1 (header-only), arch fixed at compile time by the target's flags: SSE2 on
# x86-64 by default (XSIMD_ARCH=avx2 or avx512 compiles these TUs for the wider ones), NEON on
# AArch64 and on ARMv7 with -mfpu=neon*. Skipped where xsimd has no arch.
ifneq ($(wildcard /usr/include/xsimd/xsimd.hpp),)
ifneq ($(shell $(CXX) $(ARCH_FLAGS) -dM -E -x c++ /dev/null 2>/dev/null | grep -E '__SSE2__|__ARM_NEON '),)
LIB_SRCS += $(wildcard ports/xsimd/*.cc)
LIB_DEFS += -DATTNKIT_HAVE_XSIMD
XSIMD_FLAGS_avx2 := -mavx2 -mfma
# -Wno-(maybe-)uninitialized: GCC 12 false positives on _mm512_undefined_*() inside xsimd.
XSIMD_FLAGS_avx512 := -mavx2 -mfma -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl \
                      -Wno-uninitialized -Wno-maybe-uninitialized
$(BUILD)/obj/ports/xsimd/%.o: OBJ_CXXFLAGS += $(XSIMD_FLAGS_$(XSIMD_ARCH))
CONFIG_VARS += XSIMD_ARCH
endif
endif
