# attnkit: one Makefile. `make` builds the library, the CLI and the examples for the host;
# `make test` and `make demo` first install missing Debian packages (mk/deps.mk).
#
# Axes: TARGET = the machine (mk/target/<machine>.mk), PORT = default port compiled in
# (highway | xsimd | scalar); a build also links every other port its machine can build, so
# the tests cover all of them. CPPFLAGS, CXXFLAGS and LDFLAGS from the command line or the
# environment come after the project's flags on every compile and link (so they can override).
SHELL := /bin/bash
ROOT := $(CURDIR)
NPROC := $(shell nproc 2>/dev/null || echo 2)

# TARGET = host | aarch64 | armhf | cortex-m4 | cortex-m7 | cortex-m55. CROSS_COMPILE alone
# (aarch64-linux-gnu-, arm-linux-gnueabihf-, arm-none-eabi-) also selects one.
ifneq ($(CROSS_COMPILE),)
ifeq ($(TARGET),)
CROSS_MACHINE := $(shell $(CROSS_COMPILE)gcc -dumpmachine 2>/dev/null)
TARGET := $(if $(filter aarch64-%,$(CROSS_MACHINE)),aarch64,$(if $(filter arm%-linux-gnueabihf,$(CROSS_MACHINE)),armhf,$(if $(filter arm-none-eabi,$(CROSS_MACHINE)),cortex-m4)))
$(if $(TARGET),,$(error CROSS_COMPILE=$(CROSS_COMPILE): no known target for '$(CROSS_MACHINE)'))
endif
endif
TARGET ?= host
BUILD ?= build/$(TARGET)
CONFIG_STAMP := $(BUILD)/config.flags
LIB := $(BUILD)/lib/libattnkit.a
LINKER = $(CXX)
TARGET_MK := mk/target/$(patsubst cortex-m%,cortex-m,$(TARGET)).mk
ifeq ($(wildcard $(TARGET_MK)),)
$(error unknown TARGET=$(TARGET); known: host aarch64 armhf cortex-m4 cortex-m7 cortex-m55)
endif
# Sets TARGET_KIND (host | linux-cross | mcu), PORTS, ALL_EXTRA, CROSS_COMPILE and the
# machine's ARCH_FLAGS / TARGET_CPPFLAGS / TARGET_CXXFLAGS / TARGET_LDFLAGS (and, on
# Cortex-M, LINKER and LINK_CHECK).
include $(TARGET_MK)
PORT ?= highway
ifneq ($(CROSS_COMPILE),)
CXX := $(CROSS_COMPILE)g++
CC := $(CROSS_COMPILE)gcc
endif
MACHINE := $(shell $(CXX) -dumpmachine)

OPT ?= -O2
# SANITIZE=1: AddressSanitizer + UndefinedBehaviorSanitizer, no recovery (g++; `make
# test-sanitize` uses clang and FUZZ=1, which adds the same checks plus libFuzzer's coverage).
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(SANITIZE),1)
SAN_FLAGS := $(FUZZ_SAN)
OPT := -O1
endif
WARN := -Wall -Wextra -Werror -Wno-psabi
NO_EXCEPTIONS := -fno-exceptions -fno-rtti

# The project's flags; per folder, OBJ_CPPFLAGS / OBJ_CXXFLAGS (target-specific) add to them.
PROJ_CPPFLAGS := -I$(ROOT)/lib -I$(ROOT) $(TARGET_CPPFLAGS)
PROJ_CXXFLAGS := -std=c++17 $(OPT) -g $(WARN) $(SAN_FLAGS) $(ARCH_FLAGS) $(TARGET_CXXFLAGS)
PROJ_LDFLAGS := $(SAN_FLAGS) $(ARCH_FLAGS) $(TARGET_LDFLAGS)
DEPFLAGS := -MMD -MP
# FUZZ=1: the libFuzzer build (mk/fuzz.mk, clang): coverage on every object, sanitizers on
# every object and program.
ifeq ($(FUZZ),1)
PROJ_CXXFLAGS += -fsanitize=fuzzer-no-link $(FUZZ_SAN)
PROJ_LDFLAGS += $(FUZZ_SAN)
endif

# Library: lib/src plus the ports; the scalar port always, the machine's others when found.
LIB_SRCS := $(wildcard lib/src/*.cc)
LIB_DEFS := -DATTNKIT_DEFAULT_PORT=\"$(PORT)\"
include $(foreach p,scalar $(PORTS),ports/$(p)/port.mk)
LIB_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(LIB_SRCS))

# Per-folder flags. The library has no exceptions and no RTTI; tools, tests and examples use
# exceptions (CLI11, GoogleTest). lib/src's private headers are found from lib/src only.
$(BUILD)/obj/lib/%.o: OBJ_CPPFLAGS = -I$(ROOT)/lib/src $(LIB_DEFS)
$(BUILD)/obj/ports/%.o: OBJ_CPPFLAGS = $(LIB_DEFS)
$(BUILD)/obj/lib/%.o $(BUILD)/obj/ports/%.o: OBJ_CXXFLAGS = $(NO_EXCEPTIONS)
$(BUILD)/obj/tests/%.o: OBJ_CPPFLAGS = $(LIB_DEFS) -I$(ROOT)/tests -I$(ROOT)/tools

.PHONY: all lib clean
.DEFAULT_GOAL := all
all: lib $(ALL_EXTRA)

lib: $(LIB)

# The one C++ compile, the one assembly and the one archive rule. Objects mirror the source
# tree under $(BUILD)/obj; the few objects built elsewhere (size probes, fuzzer variants,
# GoogleTest for ARM) use the same recipe through COMPILE_CXX.
COMPILE_CXX = $(CXX) $(PROJ_CPPFLAGS) $(OBJ_CPPFLAGS) $(CPPFLAGS) $(PROJ_CXXFLAGS) $(OBJ_CXXFLAGS) \
             $(DEPFLAGS) $(CXXFLAGS) -c $< -o $@
$(BUILD)/obj/%.o: %.cc $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(COMPILE_CXX)

$(BUILD)/obj/%.o: %.S $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ARCH_FLAGS) $(OBJ_ASFLAGS) $(CPPFLAGS) $(ASFLAGS) -c $< -o $@

$(BUILD)/%.a:
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^
$(LIB): $(LIB_OBJS)

include mk/deps.mk
include tools/tools.mk
include examples/examples.mk
include examples/mcu/mcu.mk
include tests/tests.mk
include tests/golden/golden.mk
include mk/fuzz.mk
include mk/bench.mk
include mk/demo.mk
include mk/cross.mk
include mk/check.mk
include mk/bench_mcu.mk

# The one link rule: every program in PROGRAMS links its objects and archives, then
# PROG_LIBS (PROG_LDFLAGS and PROG_LIBS are target-specific).
$(PROGRAMS):
	@mkdir -p $(@D)
	$(LINKER) $(PROG_LDFLAGS) $(PROJ_LDFLAGS) $(LDFLAGS) $(filter %.o %.a,$^) $(PROG_LIBS) -o $@
	$(LINK_CHECK)

clean:
	rm -rf build out

# Objects depend on the build's configuration: the ports found (LIB_DEFS changes when
# libhwy-dev or libxsimd-dev is installed after a first build), the compilers and their flags.
# The stamp is rewritten only when that changes, so every object of the old one is remade
# instead of linking a scalar-only library into tests that believe they cover Highway.
CONFIG_VARS += CXX CC LIB_DEFS PROJ_CPPFLAGS PROJ_CXXFLAGS PROJ_LDFLAGS CPPFLAGS CXXFLAGS LDFLAGS
CONFIG_LINE := $(foreach v,$(CONFIG_VARS),$(v)=$(strip $($(v))))
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD) && printf '%s\n' '$(subst ','"'"',$(CONFIG_LINE))' | cmp -s - $(CONFIG_STAMP) || printf '%s\n' '$(subst ','"'"',$(CONFIG_LINE))' > $(CONFIG_STAMP))
endif
$(CONFIG_STAMP): ;

# Dependency files of this build only. They come from the compiler and are never remade:
# without the empty rule make would try to, through its built-in rules.
%.d: ;
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
