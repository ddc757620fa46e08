# Example programs: one binary per examples/*.cc.
EXAMPLE_SRCS := $(wildcard examples/*.cc)
EXAMPLE_BINS := $(patsubst examples/%.cc,$(BUILD)/bin/example_%,$(EXAMPLE_SRCS))

$(BUILD)/bin/example_%: examples/%.cc $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(APP_CXXFLAGS) $(LDFLAGS) $< $(LIB) -o $@

.PHONY: examples
examples: $(EXAMPLE_BINS)

# tests/cli/example_*.sh run the examples, so a host test build includes them.
test-build: $(if $(filter-out host,$(TARGET_KIND)),,$(EXAMPLE_BINS))
