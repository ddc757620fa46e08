# attnkit: one Makefile. `make` builds the library, the CLI and the examples for the host;
# `make test` and `make demo` first install missing Debian packages (mk/deps.mk).
#
# Axes: PORT = default port compiled in (highway | xsimd | scalar); the host build also
# links every other port it can build so the tests cover all of them.
SHELL := /bin/bash
ROOT := $(CURDIR)
include mk/target.mk
PORT ?= highway
BUILD ?= build/host
CXX ?= g++
NPROC := $(shell nproc 2>/dev/null || echo 2)

OPT ?= -O2
# SANITIZE=1: AddressSanitizer + UndefinedBehaviorSanitizer, no recovery (make test-sanitize).
ifeq ($(SANITIZE),1)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1
endif
WARN := -Wall -Wextra -Werror -Wno-psabi
CPPFLAGS_BASE := -I$(ROOT)/lib -I$(ROOT)/lib/src -I$(ROOT) $(TARGET_CPPFLAGS)
CXXFLAGS_BASE := -std=c++17 $(OPT) -g $(WARN) $(SAN_FLAGS) $(ARCH_FLAGS) $(TARGET_CXXFLAGS) \
                 -fno-exceptions -fno-rtti -MMD -MP
# Host tools, tests and examples use exceptions (CLI11, GoogleTest).
APP_CXXFLAGS := -std=c++17 $(OPT) -g $(WARN) $(SAN_FLAGS) $(ARCH_FLAGS) $(TARGET_CXXFLAGS) -MMD -MP
LDFLAGS += $(SAN_FLAGS) $(ARCH_FLAGS) $(TARGET_LDFLAGS)
# FUZZ=1: the libFuzzer build (mk/fuzz.mk, clang); its test programs link the same sanitizers.
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ifeq ($(FUZZ),1)
LDFLAGS += $(FUZZ_SAN)
endif

LIB_SRCS := $(wildcard lib/src/*.cc)
LIB_DEFS := -DATTNKIT_DEFAULT_PORT=\"$(PORT)\"

include ports/scalar/port.mk
ifeq ($(TARGET_KIND),mcu)
include ports/cortex-m/port.mk
else
ifeq ($(filter highway,$(PORTS_SKIP)),)
include ports/highway/port.mk
endif
-include ports/xsimd/port.mk
endif

LIB_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(LIB_SRCS))
LIB := $(BUILD)/lib/libattnkit.a

.PHONY: all lib deps test demo clean check-ports
all: lib $(ALL_EXTRA_$(TARGET_KIND))

lib: $(LIB)

$(LIB): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/obj/lib/%.o $(BUILD)/obj/ports/scalar/%.o: CXXFLAGS_EXTRA :=
$(BUILD)/obj/%.o: %.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) $(CXXFLAGS_BASE) $(CXXFLAGS_EXTRA) -c $< -o $@

include mk/deps.mk
include tools/tools.mk
include examples/examples.mk
include tests/tests.mk
include mk/fuzz.mk
include mk/bench.mk
include mk/demo.mk
include mk/cross.mk

clean:
	rm -rf build out

# Objects depend on the build's configuration: the ports found (LIB_DEFS changes when
# libhwy-dev or libxsimd-dev is installed after a first build), the compiler and its flags.
# The stamp is rewritten only when that changes, so every object of the old one is remade
# instead of linking a scalar-only library into tests that believe they cover Highway.
CONFIG_STAMP := $(BUILD)/config.flags
CONFIG_LINE := $(CXX) $(LIB_DEFS) $(CXXFLAGS_BASE) $(APP_CXXFLAGS) $(LDFLAGS) $(XSIMD_ARCH)
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD) && printf '%s\n' '$(subst ','"'"',$(CONFIG_LINE))' | cmp -s - $(CONFIG_STAMP) || printf '%s\n' '$(subst ','"'"',$(CONFIG_LINE))' > $(CONFIG_STAMP))
$(patsubst %.d,%.o,$(shell find $(BUILD) -name '*.d' 2>/dev/null)): $(CONFIG_STAMP)
endif

# .d files come from the compiler and are never remade: without this empty rule make would try
# to, through its built-in link rule (%: %.o), and compile odd objects such as size/all.d.o.
%.d: ;
-include $(shell find build -name '*.d' 2>/dev/null)
