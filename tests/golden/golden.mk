# Fixed-point test extras. Golden vectors: `make golden` rebuilds data/golden/*.bin from the
# scalar reference port; tests/golden_test.cc checks every port and target against them.
GOLDEN_GEN := $(BUILD)/tests/gen_golden
$(GOLDEN_GEN): $(BUILD)/obj/tests/golden/gen_golden.o $(LIB)
PROGRAMS += $(GOLDEN_GEN)

.PHONY: golden
golden: $(GOLDEN_GEN)
	@mkdir -p data/golden
	$(GOLDEN_GEN) data/golden

# Allocation check of the integer kernels: its own test program (it replaces malloc and
# operator new), picked up by tests/run_tests.sh like every $(BUILD)/tests/*_tests.
FX_ALLOC_BIN := $(BUILD)/tests/fx_alloc_tests
$(FX_ALLOC_BIN): $(BUILD)/obj/tests/golden/fx_alloc_main.o $(BUILD)/obj/tests/support/ports.o $(LIB) \
                 $(GTEST_LIBS)
$(FX_ALLOC_BIN): private PROG_LIBS = $(TEST_LIBS)
PROGRAMS += $(FX_ALLOC_BIN)

test-build: $(FX_ALLOC_BIN)
