# Fuzzing (libFuzzer, clang) and the reliability part of `make test`.
#   make fuzz FUZZ_SECONDS=N   builds tests/fuzz/*_fuzz.cc with clang++ and
#                              -fsanitize=fuzzer,address,undefined into build/fuzz (library and
#                              tool objects too: FUZZ=1 adds the flags below), then runs each
#                              target for N seconds (-seed=1), FUZZ_JOBS at a time.
# The same sources also build, with the normal compiler, into $(BUILD)/tests/fuzz_replay_tests,
# which replays tests/fuzz/corpus/<target>/ (seeds and past crashes) in every test suite.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
FUZZ_BUILD := build/fuzz
ifeq ($(FUZZ),1)
CXXFLAGS_BASE += -fsanitize=fuzzer-no-link $(FUZZ_SAN)
APP_CXXFLAGS += -fsanitize=fuzzer-no-link $(FUZZ_SAN)
endif

# The .akp target waits for the .akp reader.
FUZZ_SRCS := $(filter-out $(if $(wildcard tools/akp.cc),,tests/fuzz/akp_fuzz.cc),\
               $(wildcard tests/fuzz/*_fuzz.cc))
FUZZ_NAMES := $(patsubst tests/fuzz/%_fuzz.cc,%,$(FUZZ_SRCS))
FUZZ_TOOL_OBJS := $(patsubst %,$(BUILD)/obj/tools/%.o,npy $(if $(wildcard tools/akp.cc),akp fileio))

# Corpus replay inside the unit suite (any compiler, any sanitizer setting).
FUZZ_REPLAY_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(FUZZ_SRCS) tests/fuzz/fuzz_support.cc \
                      tests/fuzz/replay_main.cc)
FUZZ_REPLAY_BIN := $(BUILD)/tests/fuzz_replay_tests
$(BUILD)/obj/tests/fuzz/replay_main.o: APP_CXXFLAGS += \
  -DATTNKIT_FUZZ_CORPUS=\"$(ROOT)/tests/fuzz/corpus\"
$(FUZZ_REPLAY_BIN): $(FUZZ_REPLAY_OBJS) $(FUZZ_TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $^ -lgtest -lgtest_main -pthread -o $@
test-build: $(FUZZ_REPLAY_BIN)

# libFuzzer binaries: $(BUILD)/fuzz/<target> (BUILD=build/fuzz CXX=clang++ FUZZ=1).
FUZZ_BINS := $(patsubst %,$(BUILD)/fuzz/%,$(FUZZ_NAMES))
FUZZ_OBJS := $(patsubst %,$(BUILD)/obj/fuzzer/%_fuzz.o,$(FUZZ_NAMES)) $(BUILD)/obj/fuzzer/fuzz_support.o
.SECONDARY: $(FUZZ_OBJS)
$(BUILD)/obj/fuzzer/%.o: tests/fuzz/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) -I$(ROOT)/tests -I$(ROOT)/tools $(APP_CXXFLAGS) \
	  -DATTNKIT_LIBFUZZER -c $< -o $@
$(BUILD)/fuzz/%: $(BUILD)/obj/fuzzer/%_fuzz.o $(BUILD)/obj/fuzzer/fuzz_support.o \
                 $(FUZZ_TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) -fsanitize=fuzzer $(FUZZ_SAN) $^ -pthread -o $@

.PHONY: fuzz fuzz-build fuzz-deps reliability-build
fuzz-deps:
	$(call install_pkgs,$(FUZZ_PKGS))

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-deps
	$(SANITIZE_MAKE) -j$(NPROC) fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run_fuzz.sh $(FUZZ_BUILD)

# What `make test` adds to the host suite (host builds only): the ASan+UBSan build of the whole
# suite (CLI checks included) and the fuzzers for FUZZ_SECONDS each. tests/run_ci.sh runs
# RELIABILITY_RUNS after the host suite and prints one "N passed, M failed" over all of them.
.PHONY: test-run-sanitize fuzz-run
ifeq ($(filter-out host,$(TARGET)),)
reliability-build: fuzz-deps
	$(SANITIZE_MAKE) test-build fuzz-build
RELIABILITY_RUNS := "$(MAKE) --no-print-directory test-run-sanitize" \
                    "$(MAKE) --no-print-directory fuzz-run"
else
reliability-build:
RELIABILITY_RUNS :=
endif

test-run-sanitize:
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  $(SANITIZE_MAKE) test-run

fuzz-run:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) tests/fuzz/run_fuzz.sh $(FUZZ_BUILD)
