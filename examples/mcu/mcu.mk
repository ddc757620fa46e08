# examples/mcu. On Cortex-M targets: $(BUILD)/bin/example_mcu.elf (copied to tests/ so the
# Cortex-M suite runs it; `make run-mcu TARGET=cortex-m4` shows its output). On the host:
# `make mcu-probe` regenerates examples/mcu/signal_probe.h: features from gen_train.cc (the
# firmware's own pipeline), then `attnkit probe train` and `attnkit probe export`.
ifeq ($(TARGET_KIND),mcu)
MCU_EX_ELF := $(BUILD)/bin/example_mcu.elf
$(MCU_EX_ELF): $(BUILD)/obj/examples/mcu/main.o $(BOARD_OBJS) $(LIB) $(BUILD)/lib/noheap.ok
PROGRAMS += $(MCU_EX_ELF)
$(BUILD)/tests/example_mcu.elf: $(MCU_EX_ELF)
	@mkdir -p $(@D) && cp $< $@
firmware: $(BUILD)/tests/example_mcu.elf
.PHONY: run-mcu
run-mcu: $(MCU_EX_ELF)
	$(RUN_$(TARGET)) $<
else
MCU_GEN := $(BUILD)/bin/mcu_gen_train
MCU_DATA := $(BUILD)/mcu-probe
$(MCU_GEN): $(BUILD)/obj/examples/mcu/gen_train.o $(LIB)
PROGRAMS += $(MCU_GEN)
.PHONY: mcu-probe
mcu-probe: $(MCU_GEN) $(TOOL_BIN)
	@mkdir -p $(MCU_DATA)
	$(MCU_GEN) $(MCU_DATA)
	$(TOOL_BIN) probe train --x $(MCU_DATA)/x.npy --y $(MCU_DATA)/y.npy --standardize \
	  --quantize s8 --seed 1 -o $(MCU_DATA)/signal.akp
	$(TOOL_BIN) probe export --probe $(MCU_DATA)/signal.akp --format c-header \
	  --name signal_probe -o examples/mcu/signal_probe.h
endif
