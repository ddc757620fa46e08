# The host CLI: build/host/bin/attnkit.
TOOL_SRCS := $(wildcard tools/*.cc)
TOOL_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(TOOL_SRCS))
TOOL_BIN := $(BUILD)/bin/attnkit

# Eigen (probe training) as a system include: its headers are not -Wextra clean.
TOOL_CPPFLAGS := -isystem /usr/include/eigen3
TOOL_LIBS := -pthread
# Probe-training kernels: one object per x86 ISA level, chosen at run time (train_kernels.cc).
ifneq ($(filter x86_64%,$(shell $(CXX) -dumpmachine)),)
TOOL_CPPFLAGS += -DATTNKIT_TRAIN_ISA
$(BUILD)/obj/tools/train_k_avx2.o: TOOL_ISA_FLAGS := -mavx2 -mfma
$(BUILD)/obj/tools/train_k_avx512.o: TOOL_ISA_FLAGS := -mavx512f -mavx512vl -mavx512dq -mavx512bw -mavx2 -mfma
endif

$(BUILD)/obj/tools/%.o: tools/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) -I$(ROOT)/tools $(TOOL_CPPFLAGS) $(APP_CXXFLAGS) $(TOOL_ISA_FLAGS) -c $< -o $@

$(TOOL_BIN): $(TOOL_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $(TOOL_OBJS) $(LIB) $(TOOL_LIBS) -o $@

.PHONY: tools
tools: $(if $(TOOL_SRCS),$(TOOL_BIN))
