# Fuzzing (libFuzzer, clang) and the reliability part of `make test`.
#   make fuzz FUZZ_SECONDS=N   builds tests/fuzz/*_fuzz.cc with clang++ and
#                              -fsanitize=fuzzer,address,undefined into build/fuzz (library and
#                              tool objects too: FUZZ=1 adds the flags, see the Makefile), then
#                              runs each target for N seconds (-seed=1), FUZZ_JOBS at a time.
# The same sources also build, with the normal compiler, into $(BUILD)/tests/fuzz_replay_tests,
# which replays tests/fuzz/corpus/<target>/ (seeds and past crashes) in every test suite.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_BUILD := build/fuzz
# The sanitized configuration (its own build dir and compiler, hence a sub-make).
SANITIZE_MAKE = $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CXX=clang++-14 FUZZ=1
SANITIZE_RUN = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
  $(SANITIZE_MAKE) test-run
FUZZ_RUN = FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run_fuzz.sh $(FUZZ_BUILD)

FUZZ_SRCS := $(wildcard tests/fuzz/*_fuzz.cc)
FUZZ_NAMES := $(patsubst tests/fuzz/%_fuzz.cc,%,$(FUZZ_SRCS))
FUZZ_TOOL_OBJS := $(patsubst %,$(BUILD)/obj/tools/%.o,npy akp fileio)

# Corpus replay inside the unit suite (any compiler, any sanitizer setting).
FUZZ_REPLAY_BIN := $(BUILD)/tests/fuzz_replay_tests
$(FUZZ_REPLAY_BIN): $(patsubst %.cc,$(BUILD)/obj/%.o,$(FUZZ_SRCS) tests/fuzz/fuzz_support.cc \
                      tests/fuzz/replay_main.cc) $(FUZZ_TOOL_OBJS) $(LIB) $(GTEST_LIBS)
$(FUZZ_REPLAY_BIN): private PROG_LIBS = $(TEST_LIBS)
$(BUILD)/obj/tests/fuzz/replay_main.o: OBJ_CPPFLAGS += -DATTNKIT_FUZZ_CORPUS=\"$(ROOT)/tests/fuzz/corpus\"
PROGRAMS += $(FUZZ_REPLAY_BIN)
test-build: $(FUZZ_REPLAY_BIN)

# libFuzzer binaries: $(BUILD)/fuzz/<target> (FUZZ=1, clang: $(SANITIZE_MAKE) fuzz-build). Their
# objects are the same sources again, with -DATTNKIT_LIBFUZZER, in $(BUILD)/obj/fuzzer.
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_NAMES))
$(BUILD)/obj/fuzzer/%.o: OBJ_CPPFLAGS = $(LIB_DEFS) -I$(ROOT)/tests -I$(ROOT)/tools -DATTNKIT_LIBFUZZER
$(BUILD)/obj/fuzzer/%.o: tests/fuzz/%.cc $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(COMPILE_CXX)
$(FUZZ_BINS): $(BUILD)/fuzz/%: $(BUILD)/obj/fuzzer/%_fuzz.o $(BUILD)/obj/fuzzer/fuzz_support.o \
                               $(FUZZ_TOOL_OBJS) $(LIB)
$(FUZZ_BINS): private PROG_LDFLAGS := -fsanitize=fuzzer
$(FUZZ_BINS): private PROG_LIBS := -pthread
PROGRAMS += $(FUZZ_BINS)

.PHONY: fuzz fuzz-build fuzz-deps reliability-build
fuzz-deps:
	$(call install_pkgs,$(FUZZ_PKGS))

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-deps
	$(SANITIZE_MAKE) -j$(NPROC) fuzz-build
	$(FUZZ_RUN)

# What `make test` adds to the host suite (host builds only): the ASan+UBSan build of the whole
# suite (CLI checks included) and the fuzzers for FUZZ_SECONDS each. tests/run_ci.sh runs
# RELIABILITY_RUNS after the host suite and prints one "N passed, M failed" over all of them.
ifeq ($(TARGET),host)
reliability-build: fuzz-deps
	$(SANITIZE_MAKE) test-build fuzz-build
RELIABILITY_RUNS := "$(SANITIZE_RUN)" "$(FUZZ_RUN)"
else
reliability-build:
RELIABILITY_RUNS :=
endif
