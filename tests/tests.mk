# Tests: every tests/*_test.cc goes into one GoogleTest binary that covers all ports (and,
# for Highway, every target the CPU supports). `make test` ends with "N passed, M failed".
TEST_SRCS := $(wildcard tests/*_test.cc) $(wildcard tests/support/*.cc)
# Tests of the host tool's probe/plot/gen code: host builds only (LBFGSpp, Eigen, stb).
HOST_TOOL_TESTS := $(addprefix tests/,akp_test.cc train_test.cc plot_test.cc export_test.cc gen_test.cc)
ifneq ($(filter-out host,$(TARGET_KIND)),)
TEST_SRCS := $(filter-out $(HOST_TOOL_TESTS),$(TEST_SRCS))
endif
TEST_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(TEST_SRCS))
# The host tool's .npy code is tested directly (tests/npy_test.cc).
TEST_TOOL_OBJS := $(BUILD)/obj/tools/npy.o
ifeq ($(filter-out host,$(TARGET_KIND)),)
TEST_TOOL_OBJS += $(addprefix $(BUILD)/obj/tools/,akp.o fileio.o train.o train_kernels.o \
  train_k_base.o train_k_avx2.o train_k_avx512.o export.o plot.o gen.o)
endif
TEST_BIN := $(BUILD)/tests/attnkit_tests
TEST_LIBS := -lgtest -lgtest_main -pthread

$(BUILD)/obj/tests/%.o: tests/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) -I$(ROOT)/tests -I$(ROOT)/tools $(APP_CXXFLAGS) -c $< -o $@

# Tests that build a user program against $(LIB) use the library's compiler and link flags.
TEST_CXX := $(CXX) $(strip $(LDFLAGS))
$(BUILD)/obj/tests/export_test.o: APP_CXXFLAGS += -DATTNKIT_TEST_CXX='"$(TEST_CXX)"'

$(TEST_BIN): $(TEST_OBJS) $(TEST_TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $(TEST_OBJS) $(TEST_TOOL_OBJS) $(LIB) $(TEST_LIBS) -o $@

.PHONY: test test-build test-run
# On the host, `make test` also builds and counts the ARM suites whose toolchains are installed
# (mk/cross.mk); RUN_<target> is the emulator for a cross TARGET.
test: deps-test
	$(MAKE) --no-print-directory -j$(NPROC) test-build reliability-build \
	  $(if $(filter host,$(TARGET)),$(addprefix test-build-,$(CROSS_TESTED)))
	@tests/run_ci.sh "$(MAKE) --no-print-directory test-run WITH_CROSS=$(filter host,$(TARGET))" \
	  $(RELIABILITY_RUNS)

test-build: $(TEST_BIN) $(if $(filter host,$(TARGET_KIND)),tools)

test-run:
	@BUILD=$(BUILD) TEST_CXX="$(TEST_CXX)" RUNNER="$(RUN_$(TARGET))" CROSS_SUITES="$(if $(WITH_CROSS),$(CROSS_SUITES))" tests/run_tests.sh

# The whole suite under AddressSanitizer + UBSan (no recovery): built by clang into
# $(FUZZ_BUILD), whose library and tool objects the libFuzzer binaries share (mk/fuzz.mk), so
# `make test` compiles the sanitized library once. (SANITIZE=1 gives the same flags with g++.)
SANITIZE_MAKE = $(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CXX=clang++-14 FUZZ=1
.PHONY: test-sanitize
test-sanitize: deps fuzz-deps
	$(SANITIZE_MAKE) -j$(NPROC) test-build
	@$(MAKE) --no-print-directory test-run-sanitize
-include tests/golden/golden.mk
