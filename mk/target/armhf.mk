# ARMv7 Linux, hard float: arm-linux-gnueabihf-g++ with NEON, run under qemu-arm -cpu cortex-a15.
CROSS_COMPILE ?= arm-linux-gnueabihf-
ARCH_FLAGS := -mfpu=neon-vfpv4 -mfp16-format=ieee
# HWY_ARMV7=1 builds the Highway port too. Off while ports/highway uses double lanes
# unconditionally (pe, norm, softmax, matmul): ARMv7 NEON has none (HWY_HAVE_FLOAT64 == 0).
HWY_ARMV7 ?= 0
PORTS := $(if $(filter 1,$(HWY_ARMV7)),highway) xsimd
include mk/target/arm-linux.mk
