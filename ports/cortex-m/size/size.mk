# make size TARGET=cortex-m4: bytes each kernel group adds to a firmware (-Os, --gc-sections).
# One probe firmware per group keeps only that group's entry points; mapsize.awk sums the link
# map's attnkit sections (.text includes .rodata) and, apart, the runtime it pulls in (libgcc
# soft-float, libm, libc). Budgets from issue 5 are checked where they exist.
SIZE_DIR := $(BUILD)/size
SIZE_GROUPS := pe_f32 pe_q15 softmax_f32 softmax_s8 softmax_q15 attention_f32 attention_s8 \
               attention_s8_stream mha_s8 probe_f32 probe_s8 norm_f32 fixed all
SIZE_LABEL_pe_f32 := encodings f32 (pe_table_f32, pe_f32)
SIZE_LABEL_pe_q15 := encodings Q15 (pe_table_q15, pe_q15)
SIZE_LABEL_softmax_f32 := softmax f32 (rows)
SIZE_LABEL_softmax_s8 := softmax int8 (rows, TFLite params)
SIZE_LABEL_softmax_q15 := softmax int32 -> Q15 (rows)
SIZE_LABEL_attention_f32 := attention f32 + mha f32
SIZE_LABEL_attention_s8 := attention int8 block (attention_s8)
SIZE_LABEL_attention_s8_stream := attention int8, streamed (attention_s8_stream)
SIZE_LABEL_mha_s8 := multi-head attention int8 (mha_s8)
SIZE_LABEL_probe_f32 := probe f32
SIZE_LABEL_probe_s8 := probe int8
SIZE_LABEL_norm_f32 := layernorm + mean pool f32
SIZE_LABEL_fixed := fixed-point pipeline (all int8/Q15 above)
SIZE_LABEL_all := whole library
SIZE_BUDGET_softmax_s8 := 1536
SIZE_BUDGET_attention_s8 := 6144
SIZE_BUDGET_attention_s8_stream := 6144
SIZE_BUDGET_fixed := 16384

SIZE_ELFS := $(patsubst %,$(SIZE_DIR)/%.elf,$(SIZE_GROUPS))

$(SIZE_DIR)/%.o: OBJ_CPPFLAGS = -DSIZE_GROUP_$*
$(SIZE_DIR)/%.o: ports/cortex-m/size/probe.cc $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(COMPILE_CXX)
$(SIZE_ELFS): $(SIZE_DIR)/%.elf: $(SIZE_DIR)/%.o $(BOARD_OBJS) $(LIB) $(BUILD)/lib/noheap.ok
$(SIZE_ELFS): PROG_LDFLAGS = -Wl,-Map,$(@:.elf=.map)
PROGRAMS += $(SIZE_ELFS)

.PHONY: size
size: $(SIZE_ELFS)
	@echo "Code size on $(TARGET) ($(OPT), --gc-sections): bytes the group adds to a firmware"
	@printf '| %-44s | %7s | %5s | %5s | %13s | %-14s |\n' "kernel group" ".text" ".data" ".bss" \
	  "runtime .text" "budget (.text)"
	@printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" \
	  "---------:" "------:" "------:" "--------------:" "----------------"
	@over=0; $(foreach g,$(SIZE_GROUPS),$(call size_row,$(g))) \
	  [ $$over -eq 0 ] || { echo "a kernel group is over its budget"; exit 1; }

# One table row: sums from the map, verdict against the group's budget (if any).
define size_row
read -r t d b r < <(awk -f ports/cortex-m/size/mapsize.awk $(SIZE_DIR)/$(1).map); \
  lim=$(SIZE_BUDGET_$(1)); verdict=; \
  if [ -n "$$lim" ]; then verdict="<= $$lim: ok"; \
    if [ "$$t" -gt "$$lim" ]; then verdict="<= $$lim: OVER"; over=1; fi; \
    if [ "$(1)" = fixed ] && [ $$((d + b)) -ne 0 ]; then verdict="$$verdict, data!"; over=1; fi; fi; \
  printf '| %-44s | %7d | %5d | %5d | %13d | %-14s |\n' "$(SIZE_LABEL_$(1))" "$$t" "$$d" "$$b" "$$r" "$$verdict";
endef
