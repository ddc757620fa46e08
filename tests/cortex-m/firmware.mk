# Cortex-M test firmware: $(BUILD)/tests/attnkit_fw.elf (golden vectors, float checks, DSP vs
# scalar) run by tests/run_tests.sh under qemu-system-arm; one "ok"/"not ok" line per case.
FW_TEST_SRCS := $(wildcard tests/cortex-m/*.cc)
FW_TEST_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(FW_TEST_SRCS)) $(BUILD)/obj/tests/cortex-m/golden_blobs.o
FW_TEST_ELF := $(BUILD)/tests/attnkit_fw.elf

$(BUILD)/obj/tests/cortex-m/%.o: tests/cortex-m/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(LIB_DEFS) $(CXXFLAGS_BASE) -c $< -o $@

$(BUILD)/obj/tests/cortex-m/golden_blobs.o: tests/cortex-m/golden_blobs.S $(wildcard data/golden/*.bin)
	@mkdir -p $(@D)
	$(CC) $(ARCH_FLAGS) -Wa,-I$(ROOT)/data/golden -c $< -o $@

$(FW_TEST_ELF): $(FW_TEST_OBJS) $(BOARD_OBJS) $(LIB) $(BUILD)/lib/noheap.ok
	$(call fw_link,$(FW_TEST_OBJS) $(BOARD_OBJS))

.PHONY: firmware
firmware: $(FW_TEST_ELF)

