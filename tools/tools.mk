# The host CLI: build/host/bin/attnkit.
TOOL_SRCS := $(wildcard tools/*.cc)
TOOL_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(TOOL_SRCS))
TOOL_BIN := $(BUILD)/bin/attnkit

$(BUILD)/obj/tools/%.o: tools/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) -I$(ROOT)/tools $(APP_CXXFLAGS) -c $< -o $@

$(TOOL_BIN): $(TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $(TOOL_OBJS) $(LIB) -o $@

.PHONY: tools
tools: $(if $(TOOL_SRCS),$(TOOL_BIN))
