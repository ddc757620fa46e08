# The other machines' suites, run from here: `make test-<target>` builds that target's suite
# (its own configuration, so a sub-make with TARGET=<target>) and runs it under its emulator;
# on the host, `make test` builds and counts every one whose toolchain is installed.
CROSS_TARGETS := aarch64 armhf cortex-m4 cortex-m7 cortex-m55

# How this host runs each target's programs: qemu-user with the cross sysroot for ARM Linux;
# for Cortex-M the core's qemu board with semihosting on stdout, where the firmware's exit
# status becomes qemu's (timeout: a hung firmware fails instead of stalling the suite).
RUN_aarch64 := qemu-aarch64 -L /usr/aarch64-linux-gnu -cpu max
RUN_armhf := qemu-arm -L /usr/arm-linux-gnueabihf -cpu cortex-a15
BOARD_cortex-m4 := mps2-an386
BOARD_cortex-m7 := mps2-an500
BOARD_cortex-m55 := mps3-an547
QEMU_SYS_OPTS := -display none -monitor none -serial none -chardev stdio,id=sh0 \
                 -semihosting-config enable=on,target=native,chardev=sh0 -kernel
$(foreach c,cortex-m4 cortex-m7 cortex-m55,$(eval RUN_$(c) := timeout 300 qemu-system-arm -M $(BOARD_$(c)) $(QEMU_SYS_OPTS)))

# make test-aarch64 / test-armhf / test-cortex-m4 / -m7 / -m55. A Cortex-M suite is its firmware.
target_make = $(MAKE) --no-print-directory TARGET=$(1) BUILD=build/$(1) \
  $(if $(filter cortex-m%,$(1)),firmware,test-build)
.PHONY: $(addprefix test-,$(CROSS_TARGETS)) $(addprefix test-build-,$(CROSS_TARGETS))
$(addprefix test-build-,$(CROSS_TARGETS)): test-build-%:
	$(call target_make,$*)
$(addprefix test-,$(CROSS_TARGETS)): test-%: deps-test
	$(call target_make,$*) -j$(NPROC)
	@BUILD=build/$* RUNNER="$(RUN_$*)" tests/run_tests.sh

# What `make test` adds on the host when the cross toolchains are installed (mk/deps.mk installs
# them): each suite builds in parallel with the host's, then runs in the one final count.
have = $(shell command -v $(1) >/dev/null 2>&1 && echo y)
CROSS_OK_aarch64 = $(and $(call have,aarch64-linux-gnu-g++),$(call have,qemu-aarch64))
CROSS_OK_armhf = $(and $(call have,arm-linux-gnueabihf-g++),$(call have,qemu-arm))
CROSS_OK_cortex-m4 = $(and $(call have,arm-none-eabi-gcc),$(call have,qemu-system-arm))
CROSS_TESTED = $(foreach t,aarch64 armhf cortex-m4,$(if $(CROSS_OK_$(t)),$(t)))
CROSS_SUITES = $(subst ; ,;,$(foreach t,$(CROSS_TESTED),build/$(t)|$(RUN_$(t));))
