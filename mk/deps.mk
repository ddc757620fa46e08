# Installs the Debian packages a target needs, once; 0.3 s when all are present.
# Uses sudo when not root. Retries apt-get update (mirror syncs) and waits for the dpkg lock.
# python3-numpy/python3-torch: the CLI tests' oracles (tests/cli/*.sh, /usr/bin/python3; ~100 s once).
HOST_PKGS := g++ make pkg-config libhwy-dev libxsimd-dev libstb-dev libcli11-dev libeigen3-dev \
             liblbfgspp-dev libgemmlowp-dev googletest libgtest-dev libbenchmark-dev python3 \
             python3-numpy python3-torch
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

define install_pkgs
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing:" $$missing; export DEBIAN_FRONTEND=noninteractive; \
	  for i in 1 2 3; do $(SUDO) apt-get update -o DPkg::Lock::Timeout=600 -qq && break; sleep 5; done; \
	  $(SUDO) apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 $$missing >/dev/null || exit 1; fi
endef

# `make test` also runs the ARM suites (mk/cross.mk): cross g++, qemu, bare-metal newlib (~45 s once).
CROSS_PKGS := g++-aarch64-linux-gnu g++-arm-linux-gnueabihf qemu-user qemu-system-arm \
              gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-dev

# ... and the sanitizer suite and the fuzzers (mk/fuzz.mk): clang with libFuzzer; clang-format
# for `make format-check` (mk/check.mk).
FUZZ_PKGS := clang-14 libclang-rt-14-dev clang-format-14

.PHONY: deps deps-test
deps:
	$(call install_pkgs,$(HOST_PKGS))

deps-test:
	$(call install_pkgs,$(HOST_PKGS) $(CROSS_PKGS) $(FUZZ_PKGS))
