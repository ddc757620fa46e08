# Target selection, included first. TARGET = host (default) | aarch64 | armhf | cortex-m4 |
# cortex-m7 | cortex-m55. CROSS_COMPILE=aarch64-linux-gnu- or arm-linux-gnueabihf- alone also
# selects the ARM Linux targets. Output goes to build/$(TARGET) (the host: build/host).
CM_CORES := cortex-m4 cortex-m7 cortex-m55
ifneq ($(CROSS_COMPILE),)
ifeq ($(TARGET),)
CROSS_MACHINE := $(shell $(CROSS_COMPILE)gcc -dumpmachine 2>/dev/null)
TARGET := $(if $(filter aarch64-%,$(CROSS_MACHINE)),aarch64,$(if $(filter arm%-linux-gnueabihf,$(CROSS_MACHINE)),armhf,$(if $(filter arm-none-eabi,$(CROSS_MACHINE)),cortex-m4)))
$(if $(TARGET),,$(error CROSS_COMPILE=$(CROSS_COMPILE): no known target for '$(CROSS_MACHINE)'))
endif
endif
TARGET ?= host
ifeq ($(filter $(TARGET),host aarch64 armhf $(CM_CORES)),)
$(error unknown TARGET=$(TARGET); known: host aarch64 armhf $(CM_CORES))
endif
BUILD ?= build/$(TARGET)
TARGET_KIND := $(if $(filter cortex-m%,$(TARGET)),mcu,$(if $(filter host,$(TARGET)),host,linux-cross))

# ARM Linux boards: Highway and xsimd headers through a symlink-only include dir (never
# -I/usr/include: glibc headers would mix in). Dynamic links (qemu-user gets the cross
# sysroot with -L): the allocation-counting tests interpose malloc, which a static glibc refuses.
ifeq ($(TARGET),aarch64)
CROSS_COMPILE ?= aarch64-linux-gnu-
endif
ifeq ($(TARGET),armhf)
CROSS_COMPILE ?= arm-linux-gnueabihf-
ARCH_FLAGS := -mfpu=neon-vfpv4 -mfp16-format=ieee
# HWY_ARMV7=1 builds the Highway port too. Off while ports/highway uses double lanes
# unconditionally (pe, norm, softmax, matmul): ARMv7 NEON has none (HWY_HAVE_FLOAT64 == 0).
HWY_ARMV7 ?= 0
ifneq ($(HWY_ARMV7),1)
PORTS_SKIP := highway
endif
endif
ifeq ($(TARGET_KIND),linux-cross)
SYSINC := $(BUILD)/sysinc
$(shell mkdir -p $(SYSINC) && for h in hwy xsimd; do [ -d /usr/include/$$h ] && ln -sfn /usr/include/$$h $(SYSINC)/$$h; done; \
  ln -sfn /usr/src/googletest/googletest/include/gtest $(SYSINC)/gtest)
# _FILE_OFFSET_BITS=64: 32-bit readdir() fails with EOVERFLOW under qemu-arm on hosts whose
# directory offsets are 64-bit hashes (ext4), so the corpus replay would see empty directories.
TARGET_CPPFLAGS := -isystem $(abspath $(SYSINC)) -DGTEST_HAS_STREAM_RESULTS=0 -D_FILE_OFFSET_BITS=64
endif

# Cortex-M: arm-none-eabi, -Os, no heap; the core table is in ports/cortex-m/port.mk.
ifeq ($(TARGET_KIND),mcu)
CROSS_COMPILE := arm-none-eabi-
OPT ?= -Os
PORT ?= cortex-m
CM_FLAGS_cortex-m4 := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
CM_FLAGS_cortex-m7 := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
CM_FLAGS_cortex-m55 := -mcpu=cortex-m55 -mthumb -mfloat-abi=hard
ARCH_FLAGS := $(CM_FLAGS_$(TARGET))
TARGET_CXXFLAGS := -ffunction-sections -fdata-sections -fno-threadsafe-statics -fno-use-cxa-atexit
endif

# What `make` builds besides the library.
ALL_EXTRA_host := tools examples
ALL_EXTRA_linux-cross := examples test-build
ALL_EXTRA_mcu := firmware

ifneq ($(CROSS_COMPILE),)
CXX := $(CROSS_COMPILE)g++
CC := $(CROSS_COMPILE)gcc
endif
