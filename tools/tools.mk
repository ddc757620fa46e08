# The host CLI: build/host/bin/attnkit.
TOOL_SRCS := $(wildcard tools/*.cc)
TOOL_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(TOOL_SRCS))
TOOL_BIN := $(BUILD)/bin/attnkit

# Eigen (probe training) as a system include: its headers are not -Wextra clean.
$(BUILD)/obj/tools/%.o: OBJ_CPPFLAGS = -I$(ROOT)/tools -isystem /usr/include/eigen3 $(TOOL_ISA_DEFS)
# Probe-training kernels: one object per x86 ISA level, chosen at run time (train_kernels.cc).
ifneq ($(filter x86_64%,$(MACHINE)),)
TOOL_ISA_DEFS := -DATTNKIT_TRAIN_ISA
$(BUILD)/obj/tools/train_k_avx2.o: OBJ_CXXFLAGS += -mavx2 -mfma
$(BUILD)/obj/tools/train_k_avx512.o: OBJ_CXXFLAGS += -mavx512f -mavx512vl -mavx512dq -mavx512bw -mavx2 -mfma
endif

$(TOOL_BIN): $(TOOL_OBJS) $(LIB)
$(TOOL_BIN): private PROG_LIBS := -pthread
PROGRAMS += $(TOOL_BIN)

.PHONY: tools
tools: $(TOOL_BIN)
