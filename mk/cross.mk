# ARM Linux cross builds (GoogleTest built for the target from /usr/src/googletest, run under
# qemu-user with the cross sysroot) and the cross suites `make test` adds when toolchains exist.
GTEST_SRC := /usr/src/googletest/googletest
QEMU_aarch64 := qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max
QEMU_armhf := qemu-arm -L /usr/arm-linux-gnueabihf -cpu cortex-a15
LINUX_CROSS := aarch64 armhf

ifeq ($(TARGET_KIND),linux-cross)
# -L: every test program's plain -lgtest -lgtest_main then finds the target's copies.
GTEST_LIBS := $(BUILD)/gtest/libgtest_main.a $(BUILD)/gtest/libgtest.a
LDFLAGS += -L$(BUILD)/gtest
$(TEST_BIN) $(FUZZ_REPLAY_BIN) $(FX_ALLOC_BIN): $(GTEST_LIBS)
$(BUILD)/gtest/%.o: $(GTEST_SRC)/src/%.cc
	@mkdir -p $(@D)
	$(CXX) -std=c++17 -O1 $(ARCH_FLAGS) -Wno-psabi -DGTEST_HAS_STREAM_RESULTS=0 \
	  -I$(GTEST_SRC)/include -I$(GTEST_SRC) -c $< -o $@
$(BUILD)/gtest/libgtest.a: $(BUILD)/gtest/gtest-all.o
$(BUILD)/gtest/libgtest_main.a: $(BUILD)/gtest/gtest_main.o
$(BUILD)/gtest/%.a:
	rm -f $@ && ar rcs $@ $^
# Highway: also compile its SCALAR target so every build dispatches between at least two.
$(BUILD)/obj/ports/highway/%.o: CPPFLAGS_BASE += -DHWY_COMPILE_ALL_ATTAINABLE
# AArch64: Highway's SVE/SVE2 targets too (tested under qemu -cpu max), except in the TUs of
# HWY_NO_SVE_SRCS: their register blocking keeps arrays of vectors, which SVE's sizeless types
# cannot form. Highway dispatches per TU, so those kernels take NEON on an SVE core.
# HWY_SVE=0 leaves SVE out everywhere.
HWY_SVE ?= 1
HWY_NO_SVE_SRCS := matmul
HWY_NO_SVE_DEFS := -UHWY_DISABLED_TARGETS \
  -DHWY_DISABLED_TARGETS="(HWY_SSSE3|HWY_SVE|HWY_SVE2|HWY_SVE_256|HWY_SVE2_128)"
ifeq ($(TARGET),aarch64)
ifeq ($(HWY_SVE),1)
$(patsubst %,$(BUILD)/obj/ports/highway/%.o,$(HWY_NO_SVE_SRCS)): CPPFLAGS_BASE += $(HWY_NO_SVE_DEFS)
else
$(BUILD)/obj/ports/highway/%.o: CPPFLAGS_BASE += $(HWY_NO_SVE_DEFS)
endif
endif
endif

# make test-aarch64 / test-armhf: build that target's suite, run it under qemu-user.
.PHONY: $(addprefix test-,$(LINUX_CROSS)) $(addprefix test-build-,$(LINUX_CROSS))
$(addprefix test-build-,$(LINUX_CROSS)): test-build-%:
	$(MAKE) --no-print-directory TARGET=$* BUILD=build/$* test-build
$(addprefix test-,$(LINUX_CROSS)): test-%: deps-test
	$(MAKE) --no-print-directory -j$(NPROC) test-build-$*
	@BUILD=build/$* RUNNER="$(QEMU_$*)" tests/run_tests.sh

# What `make test` adds on the host when the cross toolchains are installed (mk/deps.mk installs
# them): each suite builds in parallel with the host's, then runs in the one final count.
have = $(shell command -v $(1) >/dev/null 2>&1 && echo y)
CROSS_OK_aarch64 = $(and $(call have,aarch64-linux-gnu-g++),$(call have,qemu-aarch64))
CROSS_OK_armhf = $(and $(call have,arm-linux-gnueabihf-g++),$(call have,qemu-arm))
CROSS_OK_cortex-m4 = $(and $(call have,arm-none-eabi-gcc),$(call have,qemu-system-arm))
CROSS_TESTED = $(foreach t,aarch64 armhf cortex-m4,$(if $(CROSS_OK_$(t)),$(t)))
CROSS_SUITES = $(subst ; ,;,$(foreach t,$(CROSS_TESTED),build/$(t)|$(RUN_$(t));))
RUN_aarch64 = $(QEMU_aarch64)
RUN_armhf = $(QEMU_armhf)

# Cortex-M: the qemu board per core, semihosting on stdout; the firmware's exit status becomes
# qemu's (timeout: a hung firmware fails instead of stalling the suite).
CM_CORES_RUN := cortex-m4 cortex-m7 cortex-m55
BOARD_cortex-m4 := mps2-an386
BOARD_cortex-m7 := mps2-an500
BOARD_cortex-m55 := mps3-an547
QEMU_SYS_OPTS := -display none -monitor none -serial none -chardev stdio,id=sh0 \
                 -semihosting-config enable=on,target=native,chardev=sh0 -kernel
$(foreach c,$(CM_CORES_RUN),$(eval RUN_$(c) = timeout 300 qemu-system-arm -M $(BOARD_$(c)) $(QEMU_SYS_OPTS)))

ifeq ($(TARGET_KIND),mcu)
include ports/cortex-m/board/board.mk
include tests/cortex-m/firmware.mk
include ports/cortex-m/size/size.mk
endif
include examples/mcu/mcu.mk

# make test-cortex-m4 / -m7 / -m55: build the library, the firmware, run it under qemu.
.PHONY: $(addprefix test-,$(CM_CORES_RUN)) $(addprefix test-build-,$(CM_CORES_RUN))
$(addprefix test-build-,$(CM_CORES_RUN)): test-build-%:
	$(MAKE) --no-print-directory TARGET=$* BUILD=build/$* firmware
$(addprefix test-,$(CM_CORES_RUN)): test-%: deps-test
	$(MAKE) --no-print-directory -j$(NPROC) test-build-$*
	@BUILD=build/$* RUNNER="$(RUN_$*)" CROSS_SUITES="build/$*|$(RUN_$*)" tests/run_tests.sh
