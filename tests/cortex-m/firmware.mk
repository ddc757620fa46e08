# Cortex-M test firmware: $(BUILD)/tests/attnkit_fw.elf (golden vectors, float checks, DSP vs
# scalar) run by tests/run_tests.sh under qemu-system-arm; one "ok"/"not ok" line per case.
FW_TEST_SRCS := $(wildcard tests/cortex-m/*.cc)
FW_TEST_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(FW_TEST_SRCS)) $(BUILD)/obj/tests/cortex-m/golden_blobs.o
FW_TEST_ELF := $(BUILD)/tests/attnkit_fw.elf
# The golden vectors are .incbin'd from data/golden.
$(BUILD)/obj/tests/cortex-m/golden_blobs.o: $(wildcard data/golden/*.bin)
$(BUILD)/obj/tests/cortex-m/golden_blobs.o: OBJ_ASFLAGS := -Wa,-I$(ROOT)/data/golden

$(FW_TEST_ELF): $(FW_TEST_OBJS) $(BOARD_OBJS) $(LIB) $(BUILD)/lib/noheap.ok
PROGRAMS += $(FW_TEST_ELF)

.PHONY: firmware
firmware: $(FW_TEST_ELF)
