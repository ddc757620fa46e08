# make bench-mcu TARGET=cortex-m4|cortex-m7|cortex-m55 (issue 12): firmware that runs attnkit's
# integer kernels next to their CMSIS-NN counterparts on identical inputs under qemu-system-arm
# -icount, counts instructions per call (SysTick, calibrated in the firmware), compares output
# bytes, reports stack (painted), scratch and code bytes. Writes build/bench/mcu-<target>.json and
# prints a table. Everything is built in build/bench-mcu-<target>/.
#   make bench-mcu                  all three cores, then the docs/PERFORMANCE.md section
#   make bench-mcu-doc              that section again from the JSON files present
#   CMSIS_NN_DIR=/path/to/CMSIS-NN  the anchor (default ../shared/anchors/cmsis-nn if present;
#                                   empty or missing: attnkit's figures alone)
#   CMSIS_CC=gcc|clang              compiler of CMSIS-NN (default: gcc for M4/M7, clang for M55:
#                                   gcc 12.2 cannot build its Helium softmax); another than the
#                                   default writes build/bench/mcu-<core>-cmsis-<cc>.json
# Self-contained: works included from the Makefile or alone (make -f mk/bench_mcu.mk ...). It
# needs from the project only `make TARGET=<core> BUILD=<dir> lib` (the archive at
# <dir>/lib/libattnkit.a), the board start-up and linker scripts in ports/cortex-m/board/, and
# ARCH_FLAGS when the including Makefile defines it. CMSIS-NN never enters libattnkit.a.
ifndef BM_ONCE
BM_ONCE := 1
BM_SAVED_GOAL := $(.DEFAULT_GOAL)
BM_MK := $(abspath $(lastword $(MAKEFILE_LIST)))
BM_ROOT := $(patsubst %/mk/,%,$(dir $(BM_MK)))

BM_CORES := cortex-m4 cortex-m7 cortex-m55
BM_TARGET := $(filter $(BM_CORES),$(TARGET))
BM_JOBS ?= 2
BM_PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)
BM_CROSS := arm-none-eabi-
BM_QEMU ?= qemu-system-arm
BM_ICOUNT_SHIFT ?= 7
BM_BOARD_cortex-m4 := mps2-an386
BM_BOARD_cortex-m7 := mps2-an500
BM_BOARD_cortex-m55 := mps3-an547
BM_LDSCRIPT_cortex-m4 := mps2.ld
BM_LDSCRIPT_cortex-m7 := mps2.ld
BM_LDSCRIPT_cortex-m55 := an547.ld
BM_BOARD_DIR := $(BM_ROOT)/ports/cortex-m/board
# The library's own core flags (mk/target.mk) when included from the Makefile, else the same table.
BM_ARCH_cortex-m4 := -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
BM_ARCH_cortex-m7 := -mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16
BM_ARCH_cortex-m55 := -mcpu=cortex-m55 -mthumb -mfloat-abi=hard
BM_ARCH := $(or $(if $(filter cortex-m%,$(TARGET)),$(ARCH_FLAGS)),$(BM_ARCH_$(BM_TARGET)))
BM_OPT ?= -Os
BM_CFLAGS := $(BM_ARCH) $(BM_OPT) -g -Wall -Wextra -ffunction-sections -fdata-sections -MMD -MP
BM_CXXFLAGS := $(BM_CFLAGS) -std=c++17 -fno-exceptions -fno-rtti -fno-threadsafe-statics \
               -fno-use-cxa-atexit
BM_INC := -I$(BM_ROOT)/lib -I$(BM_ROOT)

# Variables that run a shell are deferred (=): including this file costs other goals nothing.
# ---- the anchor -------------------------------------------------------------------------------
CMSIS_NN_DIR ?= $(patsubst %/Include/arm_nnfunctions.h,%,$(wildcard $(BM_ROOT)/../shared/anchors/cmsis-nn/Include/arm_nnfunctions.h))
BM_HAVE_CMSIS := $(if $(and $(strip $(CMSIS_NN_DIR)),$(wildcard $(CMSIS_NN_DIR)/Include/arm_nnfunctions.h)),1,0)
CMSIS_OPT ?= -Os
CMSIS_CLANG ?= clang-14
CMSIS_CC_cortex-m4 := gcc
CMSIS_CC_cortex-m7 := gcc
CMSIS_CC_cortex-m55 := clang
CMSIS_CC ?= $(CMSIS_CC_$(BM_TARGET))
BM_CMSIS_CC_NAME = $(if $(filter clang,$(CMSIS_CC)),$(if $(shell command -v $(CMSIS_CLANG) 2>/dev/null),clang,gcc),gcc)
BM_NEWLIB_INC = $(firstword $(wildcard $(shell $(BM_CROSS)gcc -print-sysroot 2>/dev/null)/include) /usr/lib/arm-none-eabi/include)
# clang: newlib's headers, and gcc's enum ABI (CMSIS-NN passes enums across the boundary).
BM_CMSIS_CC_clang = $(CMSIS_CLANG) --target=arm-none-eabi -fshort-enums -isystem $(BM_NEWLIB_INC)
BM_CMSIS_CC_gcc := $(BM_CROSS)gcc
BM_CMSIS_CC = $(BM_CMSIS_CC_$(BM_CMSIS_CC_NAME))
# CMSIS-NN built by another compiler than the core's default (e.g. CMSIS_CC=gcc on M55): its own
# build dir and JSON beside the default ones; the library build is shared.
BM_VARIANT = $(if $(filter-out $(CMSIS_CC_$(BM_TARGET)),$(BM_CMSIS_CC_NAME)),cmsis-$(BM_CMSIS_CC_NAME))
BM_LIB_BUILD := build/bench-mcu-$(BM_TARGET)
BM_BUILD = $(BM_LIB_BUILD)$(if $(BM_VARIANT),/$(BM_VARIANT))
BM_JSON = build/bench/mcu-$(BM_TARGET)$(if $(BM_VARIANT),-$(BM_VARIANT)).json
BM_CMSIS_CFLAGS := $(BM_ARCH) $(CMSIS_OPT) -g -ffunction-sections -fdata-sections -MMD -MP \
                   -I$(CMSIS_NN_DIR)/Include
# The CMSIS-NN sources the pairs use (found under Source/*/ of whatever copy CMSIS_NN_DIR is).
BM_CMSIS_FILES := arm_softmax_s8 arm_softmax_s8_s16 arm_softmax_s16 arm_nn_softmax_common_s8 \
                  arm_fully_connected_s8 arm_fully_connected_get_buffer_sizes_s8 \
                  arm_batch_matmul_s8 arm_vector_sum_s8 arm_nn_vec_mat_mult_t_s8 arm_transpose_s8
BM_CMSIS_LIB = $(BM_BUILD)/cmsis-nn/libcmsisnn.a

# ---- firmware ---------------------------------------------------------------------------------
BM_ELF = $(BM_BUILD)/bench.elf
BM_LIB := $(BM_LIB_BUILD)/lib/libattnkit.a
BM_STARTUP = $(BM_BUILD)/board/startup.o
BM_OBJS = $(BM_BUILD)/bench/main.o $(BM_BUILD)/bench/harness.o $(BM_STARTUP) \
           $(if $(filter 1,$(BM_HAVE_CMSIS)),$(BM_BUILD)/bench/cmsis_side.o)
# clang's objects carry .note.GNU-stack, so ld would warn about newlib's memset having none.
BM_COMMA := ,
BM_NO_EXECSTACK_WARN = $(if $(shell $(BM_CROSS)ld --help 2>/dev/null | grep -e --no-warn-execstack),-Wl$(BM_COMMA)--no-warn-execstack)
BM_LDFLAGS = $(BM_ARCH) --specs=nano.specs -nostartfiles -L$(BM_BOARD_DIR) \
             -T$(BM_LDSCRIPT_$(BM_TARGET)) -Wl,--gc-sections -Wl,-Map,$@.map $(BM_NO_EXECSTACK_WARN)
BM_AK_SIZES := softmax_s8 softmax_s32_q15 probe_s8 attention_s8 attention_s8_stream mha_s8 pe_table_q15
BM_CM_SIZES := softmax_s8 softmax_s16 softmax_s8_s16 fully_connected_s8 attention mha
BM_SIZE_ELFS = $(patsubst %,$(BM_BUILD)/size/ak_%.elf,$(BM_AK_SIZES)) \
                $(if $(filter 1,$(BM_HAVE_CMSIS)),$(patsubst %,$(BM_BUILD)/size/cm_%.elf,$(BM_CM_SIZES)))
BM_QEMU_RUN = timeout 120 $(BM_QEMU) -M $(BM_BOARD_$(BM_TARGET)) -display none -monitor none \
  -serial none -chardev stdio,id=sh0 -semihosting-config enable=on,target=native,chardev=sh0 \
  -icount shift=$(BM_ICOUNT_SHIFT) -kernel

.PHONY: bench-mcu bench-mcu-doc bm-run
ifeq ($(BM_TARGET),)
# No Cortex-M TARGET: every core in turn, CMSIS-NN also built by gcc on M55 (how much of the
# Helium figure is the compiler; BM_M55_GCC=0 skips it), then the docs section.
BM_M55_GCC ?= 1
bench-mcu:
	@set -e; for t in $(BM_CORES); do \
	  $(MAKE) --no-print-directory -C $(BM_ROOT) -f $(BM_MK) bench-mcu TARGET=$$t; done
	$(if $(filter 1,$(BM_HAVE_CMSIS)),$(if $(filter 1,$(BM_M55_GCC)),@$(MAKE) --no-print-directory -C $(BM_ROOT) -f $(BM_MK) bench-mcu TARGET=cortex-m55 CMSIS_CC=gcc))
	@$(MAKE) --no-print-directory -C $(BM_ROOT) -f $(BM_MK) bench-mcu-doc
else
bench-mcu:
	@echo "bench-mcu $(BM_TARGET): attnkit with $(BM_CROSS)gcc; CMSIS-NN $(if $(filter 1,$(BM_HAVE_CMSIS)),from $(CMSIS_NN_DIR) with $(BM_CMSIS_CC_NAME),MISSING (set CMSIS_NN_DIR))"
	@$(MAKE) --no-print-directory -C $(BM_ROOT) -j$(BM_JOBS) TARGET=$(BM_TARGET) BUILD=$(BM_LIB_BUILD) lib
	@$(MAKE) --no-print-directory -C $(BM_ROOT) -f $(BM_MK) -j$(BM_JOBS) TARGET=$(BM_TARGET) bm-run
endif

bench-mcu-doc:
	@$(BM_PYTHON) $(BM_ROOT)/bench/mcu/report.py --doc $(BM_ROOT)/docs/PERFORMANCE.md \
	  $(wildcard $(patsubst %,build/bench/mcu-%.json,$(BM_CORES)) build/bench/mcu-*-cmsis-*.json)

# The firmware's rules, read only by the bm-run sub-make (nothing here touches other goals).
ifneq ($(and $(BM_TARGET),$(filter bm-run,$(MAKECMDGOALS))),)
# Every object here is remade when a flag, the CMSIS-NN compiler or its path changes.
BM_STAMP := $(BM_BUILD)/bench.flags
BM_STAMP_LINE := $(BM_CXXFLAGS) | $(BM_CMSIS_CC) $(BM_CMSIS_CFLAGS) | $(BM_HAVE_CMSIS) $(CMSIS_NN_DIR)
$(shell mkdir -p $(BM_BUILD) && printf '%s\n' '$(subst ','"'"',$(BM_STAMP_LINE))' | cmp -s - $(BM_STAMP) || printf '%s\n' '$(subst ','"'"',$(BM_STAMP_LINE))' > $(BM_STAMP))
$(BM_STAMP):
	@mkdir -p $(@D) && touch $@

# $(BM_LIB) is the project's own `make lib` (its flags, its no-heap check), run by bench-mcu
# before bm-run; no rule here, so none can collide with the Makefile's when it includes this file.

$(BM_BUILD)/bench/main.o: $(BM_ROOT)/bench/mcu/main.cc $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CROSS)g++ $(BM_CXXFLAGS) $(BM_INC) -DBENCH_TARGET='"$(BM_TARGET)"' \
	  -DBENCH_HAVE_CMSIS=$(BM_HAVE_CMSIS) -c $< -o $@
$(BM_BUILD)/bench/harness.o: $(BM_ROOT)/bench/mcu/harness.c $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CROSS)gcc $(BM_CFLAGS) $(BM_INC) -c $< -o $@
$(BM_BUILD)/bench/cmsis_side.o: $(BM_ROOT)/bench/mcu/cmsis_side.c $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CMSIS_CC) $(BM_CMSIS_CFLAGS) -Wall -Wextra $(BM_INC) -c $< -o $@
$(BM_STARTUP): $(BM_BOARD_DIR)/startup.cc $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CROSS)g++ $(BM_CXXFLAGS) $(BM_INC) -c $< -o $@

define BM_CMSIS_RULE
$(BM_BUILD)/cmsis-nn/$(1).o: $(firstword $(wildcard $(CMSIS_NN_DIR)/Source/*/$(1).c) $(CMSIS_NN_DIR)/Source/$(1).c-not-found) $(BM_STAMP)
	@mkdir -p $$(@D)
	$(BM_CMSIS_CC) $(BM_CMSIS_CFLAGS) -c $$< -o $$@
endef
ifeq ($(BM_HAVE_CMSIS),1)
$(foreach f,$(BM_CMSIS_FILES),$(eval $(call BM_CMSIS_RULE,$(f))))
endif
$(BM_CMSIS_LIB): $(patsubst %,$(BM_BUILD)/cmsis-nn/%.o,$(BM_CMSIS_FILES))
	rm -f $@ && $(BM_CROSS)ar rcs $@ $^

$(BM_ELF): $(BM_OBJS) $(BM_LIB) $(if $(filter 1,$(BM_HAVE_CMSIS)),$(BM_CMSIS_LIB))
	$(BM_CROSS)gcc $(BM_LDFLAGS) $(BM_OBJS) $(BM_LIB) $(if $(filter 1,$(BM_HAVE_CMSIS)),$(BM_CMSIS_LIB)) -lm -o $@

# Code size: one probe firmware per kernel (attnkit) or function set (CMSIS-NN).
.PRECIOUS: $(BM_BUILD)/size/ak_%.o $(BM_BUILD)/size/cm_%.o
$(BM_BUILD)/size/ak_%.o: $(BM_ROOT)/bench/mcu/size_probe.cc $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CROSS)g++ $(BM_CXXFLAGS) $(BM_INC) -DKEEP_$* -c $< -o $@
$(BM_BUILD)/size/cm_%.o: $(BM_ROOT)/bench/mcu/size_probe_cmsis.c $(BM_STAMP)
	@mkdir -p $(@D)
	$(BM_CMSIS_CC) $(BM_CMSIS_CFLAGS) -DKEEP_$* -c $< -o $@
$(BM_BUILD)/size/ak_%.elf: $(BM_BUILD)/size/ak_%.o $(BM_STARTUP) $(BM_LIB)
	$(BM_CROSS)gcc $(BM_LDFLAGS) $< $(BM_STARTUP) $(BM_LIB) -lm -o $@
$(BM_BUILD)/size/cm_%.elf: $(BM_BUILD)/size/cm_%.o $(BM_STARTUP) $(BM_CMSIS_LIB)
	$(BM_CROSS)gcc $(BM_LDFLAGS) $< $(BM_STARTUP) $(BM_CMSIS_LIB) -lm -o $@

# The run (always: a benchmark measures), then the JSON and the table.
bm-run: $(BM_ELF) $(BM_SIZE_ELFS)
	@echo "$(BM_QEMU_RUN) $(BM_ELF)"
	@$(BM_QEMU_RUN) $(BM_ELF) > $(BM_BUILD)/bench.out; rc=$$?; \
	  if [ $$rc -ne 0 ]; then cat $(BM_BUILD)/bench.out; echo "bench-mcu: firmware exit $$rc"; exit 1; fi
	@mkdir -p $(dir $(BM_JSON))
	@$(BM_PYTHON) $(BM_ROOT)/bench/mcu/report.py --run $(BM_BUILD)/bench.out --json $(BM_JSON) \
	  --target $(BM_TARGET) --board $(BM_BOARD_$(BM_TARGET)) --icount-shift $(BM_ICOUNT_SHIFT) \
	  --qemu "$$($(BM_QEMU) --version | head -1)" \
	  --attnkit-cc "$$($(BM_CROSS)g++ --version | head -1)" \
	  --attnkit-config $(BM_LIB_BUILD)/config.flags --bench-flags "$(BM_ARCH) $(BM_OPT)" \
	  --sizes $(BM_BUILD)/size $(if $(BM_VARIANT),--variant $(BM_VARIANT)) \
	  $(if $(filter 1,$(BM_HAVE_CMSIS)),--cmsis-dir $(CMSIS_NN_DIR) \
	    --cmsis-cc "$$($(firstword $(BM_CMSIS_CC)) --version | head -1)" \
	    --cmsis-flags "$(BM_CMSIS_CC) $(BM_ARCH) $(CMSIS_OPT)")

# Dependency files are the compiler's: never remade (else make's built-in %: %.o rule would try).
$(BM_BUILD)/%.d: ;
-include $(wildcard $(BM_BUILD)/bench/*.d $(BM_BUILD)/board/*.d $(BM_BUILD)/cmsis-nn/*.d $(BM_BUILD)/size/*.d)
endif
# Including this file never changes the including Makefile's default goal.
.DEFAULT_GOAL := $(BM_SAVED_GOAL)
endif
