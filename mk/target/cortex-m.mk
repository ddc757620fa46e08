# Cortex-M (TARGET=cortex-m4 | cortex-m7 | cortex-m55): arm-none-eabi, -Os, no heap and no
# exceptions; the library (ports/cortex-m), the test firmware and examples/mcu, run under
# qemu-system-arm (mk/cross.mk). Start-up code, linker scripts and link flags: board.mk.
TARGET_KIND := mcu
CROSS_COMPILE := arm-none-eabi-
OPT ?= -Os
PORT ?= cortex-m
PORTS := cortex-m
ALL_EXTRA := firmware
CM_FLAGS_cortex-m4 := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
CM_FLAGS_cortex-m7 := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
CM_FLAGS_cortex-m55 := -mcpu=cortex-m55 -mthumb -mfloat-abi=hard
ARCH_FLAGS := $(or $(CM_FLAGS_$(TARGET)),$(error unknown TARGET=$(TARGET); known Cortex-M cores: cortex-m4 cortex-m7 cortex-m55))
TARGET_CXXFLAGS := -ffunction-sections -fdata-sections -fno-threadsafe-statics -fno-use-cxa-atexit
$(BUILD)/%.o: OBJ_CXXFLAGS = $(NO_EXCEPTIONS)
# Programs are linked by gcc, not g++, so libstdc++ is not linked and any operator new left is
# an undefined reference; libm for the float kernels; then nm checks the image for the heap.
LINKER = $(CC)
PROG_LIBS := -lm
LINK_CHECK = @if $(CROSS_COMPILE)nm -C $@ | grep -E '$(HEAP_RE)'; then \
  echo "$@: the image contains an allocation or exception function"; exit 1; fi
include ports/cortex-m/board/board.mk
include tests/cortex-m/firmware.mk
include ports/cortex-m/size/size.mk
