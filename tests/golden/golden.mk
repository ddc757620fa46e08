# Fixed-point test extras. Golden vectors: `make golden` rebuilds data/golden/*.bin from the
# scalar reference port; tests/golden_test.cc checks every port and target against them.
GOLDEN_GEN := $(BUILD)/tests/gen_golden

$(BUILD)/obj/tests/golden/gen_golden.o: tests/golden/gen_golden.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) -I$(ROOT)/tests $(APP_CXXFLAGS) -c $< -o $@

$(GOLDEN_GEN): $(BUILD)/obj/tests/golden/gen_golden.o $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $< $(LIB) -o $@

.PHONY: golden
golden: $(GOLDEN_GEN)
	@mkdir -p data/golden
	$(GOLDEN_GEN) data/golden

# Allocation check of the integer kernels: its own test program (it replaces malloc and
# operator new), picked up by tests/run_tests.sh like every $(BUILD)/tests/*_tests.
FX_ALLOC_BIN := $(BUILD)/tests/fx_alloc_tests
FX_ALLOC_OBJS := $(BUILD)/obj/tests/golden/fx_alloc_main.o $(BUILD)/obj/tests/support/ports.o

$(BUILD)/obj/tests/golden/fx_alloc_main.o: tests/golden/fx_alloc_main.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) -I$(ROOT)/tests $(APP_CXXFLAGS) -c $< -o $@

$(FX_ALLOC_BIN): $(FX_ALLOC_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $(FX_ALLOC_OBJS) $(LIB) $(TEST_LIBS) -o $@

test-build: $(FX_ALLOC_BIN)
