# Example programs: one binary per examples/*.cc.
EXAMPLE_SRCS := $(wildcard examples/*.cc)
EXAMPLE_BINS := $(patsubst examples/%.cc,$(BUILD)/bin/example_%,$(EXAMPLE_SRCS))
$(EXAMPLE_BINS): $(BUILD)/bin/example_%: $(BUILD)/obj/examples/%.o $(LIB)
PROGRAMS += $(EXAMPLE_BINS)

.PHONY: examples
examples: $(EXAMPLE_BINS)

# tests/cli/example_*.sh run the examples, so a host test build includes them.
test-build: $(if $(filter host,$(TARGET_KIND)),$(EXAMPLE_BINS))
