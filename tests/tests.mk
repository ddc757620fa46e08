# Tests: every tests/*_test.cc goes into one GoogleTest binary that covers all ports (and,
# for Highway, every target the CPU supports). `make test` ends with "N passed, M failed".
TEST_SRCS := $(wildcard tests/*_test.cc) $(wildcard tests/support/*.cc)
# Tests of the host tool's probe/plot/gen code: host builds only (LBFGSpp, Eigen, stb). Its
# .npy code is tested everywhere (tests/npy_test.cc).
HOST_TOOL_TESTS := $(addprefix tests/,akp_test.cc train_test.cc plot_test.cc export_test.cc gen_test.cc)
TEST_TOOL_OBJS := $(BUILD)/obj/tools/npy.o
ifeq ($(TARGET_KIND),host)
TEST_TOOL_OBJS += $(addprefix $(BUILD)/obj/tools/,akp.o fileio.o train.o train_kernels.o \
  train_k_base.o train_k_avx2.o train_k_avx512.o export.o plot.o gen.o)
else
TEST_SRCS := $(filter-out $(HOST_TOOL_TESTS),$(TEST_SRCS))
endif
TEST_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(TEST_SRCS))
TEST_BIN := $(BUILD)/tests/attnkit_tests
# Test programs link GoogleTest (on ARM Linux, the copies mk/target/arm-linux.mk builds).
TEST_LIBS := -lgtest -lgtest_main -pthread
$(TEST_BIN): $(TEST_OBJS) $(TEST_TOOL_OBJS) $(LIB) $(GTEST_LIBS)
$(TEST_BIN): private PROG_LIBS = $(TEST_LIBS)
PROGRAMS += $(TEST_BIN)

# Tests that build a user program against $(LIB) use the library's compiler and link flags.
TEST_CXX := $(CXX) $(strip $(PROJ_LDFLAGS) $(LDFLAGS))
$(BUILD)/obj/tests/export_test.o: OBJ_CPPFLAGS += -DATTNKIT_TEST_CXX='"$(TEST_CXX)"'

.PHONY: test test-build test-run test-sanitize
# On the host, `make test` also builds and counts the ARM suites whose toolchains are installed
# (mk/cross.mk) and the reliability suites (mk/fuzz.mk). A sub-make, because deps-test may have
# just installed what this make's configuration looked for (Highway, xsimd, the toolchains).
test: deps-test
	$(MAKE) --no-print-directory -j$(NPROC) test-build reliability-build \
	  $(if $(filter host,$(TARGET)),$(addprefix test-build-,$(CROSS_TESTED)))
	@tests/run_ci.sh "$(MAKE) --no-print-directory test-run WITH_CROSS=$(filter host,$(TARGET))" \
	  "$(MAKE) --no-print-directory check" $(RELIABILITY_RUNS)

test-build: $(TEST_BIN) $(if $(filter host,$(TARGET_KIND)),tools)

# RUN_<target>: how this machine runs a cross TARGET's programs (mk/cross.mk).
test-run:
	@BUILD=$(BUILD) TEST_CXX="$(TEST_CXX)" RUNNER="$(RUN_$(TARGET))" CROSS_SUITES="$(if $(WITH_CROSS),$(CROSS_SUITES))" tests/run_tests.sh

# The whole suite under AddressSanitizer + UBSan (no recovery): built by clang into
# $(FUZZ_BUILD), whose library and tool objects the libFuzzer binaries share (mk/fuzz.mk), so
# `make test` compiles the sanitized library once. (SANITIZE=1 gives the same flags with g++.)
test-sanitize: deps fuzz-deps
	$(SANITIZE_MAKE) -j$(NPROC) test-build
	@$(SANITIZE_RUN)
