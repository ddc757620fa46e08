# AArch64 Linux: aarch64-linux-gnu-g++, run under qemu-aarch64 -cpu max.
CROSS_COMPILE ?= aarch64-linux-gnu-
PORTS := highway xsimd
include mk/target/arm-linux.mk
# Highway's SVE/SVE2 targets too (tested under qemu -cpu max), except in the TUs of
# HWY_NO_SVE_SRCS: their register blocking keeps arrays of vectors, which SVE's sizeless types
# cannot form. Highway dispatches per TU, so those kernels take NEON on an SVE core.
# HWY_SVE=0 leaves SVE out everywhere.
HWY_SVE ?= 1
CONFIG_VARS += HWY_SVE
HWY_NO_SVE_SRCS := matmul
HWY_NO_SVE_DEFS := -UHWY_DISABLED_TARGETS \
  -DHWY_DISABLED_TARGETS="(HWY_SSSE3|HWY_SVE|HWY_SVE2|HWY_SVE_256|HWY_SVE2_128)"
ifeq ($(HWY_SVE),1)
$(HWY_NO_SVE_SRCS:%=$(BUILD)/obj/ports/highway/%.o): OBJ_CPPFLAGS += $(HWY_NO_SVE_DEFS)
else
HWY_CPPFLAGS += $(HWY_NO_SVE_DEFS)
endif
