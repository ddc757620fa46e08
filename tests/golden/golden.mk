# Golden vectors of the integer kernels: `make golden` rebuilds data/golden/*.bin from the
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
