# Cortex-M firmware: start-up code, the qemu board per core and the link (gcc, no libstdc++,
# newlib-nano for memcpy/memset, libm for the float kernels), then the nm no-heap check.
LDSCRIPT_cortex-m4 := mps2.ld
LDSCRIPT_cortex-m7 := mps2.ld
LDSCRIPT_cortex-m55 := an547.ld
BOARD_DIR := ports/cortex-m/board
BOARD_OBJS := $(BUILD)/obj/$(BOARD_DIR)/startup.o
FW_LDFLAGS := $(ARCH_FLAGS) --specs=nano.specs -nostartfiles -L$(BOARD_DIR) \
              -T$(LDSCRIPT_$(TARGET)) -Wl,--gc-sections
# qemu-system-arm with semihosting on stdout; the firmware's exit status becomes qemu's.
QEMU_SYS_cortex-m4 = timeout 300 qemu-system-arm -M $(BOARD_cortex-m4) $(QEMU_SYS_OPTS)
QEMU_SYS_cortex-m7 = timeout 300 qemu-system-arm -M $(BOARD_cortex-m7) $(QEMU_SYS_OPTS)
QEMU_SYS_cortex-m55 = timeout 300 qemu-system-arm -M $(BOARD_cortex-m55) $(QEMU_SYS_OPTS)
QEMU_SYS_OPTS := -display none -monitor none -serial none -chardev stdio,id=sh0 \
                 -semihosting-config enable=on,target=native,chardev=sh0 -kernel

$(BUILD)/obj/$(BOARD_DIR)/%.o: $(BOARD_DIR)/%.cc
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS_BASE) $(CXXFLAGS_BASE) -c $< -o $@

# $(call fw_link,objects): link $@ and fail if the image references the heap.
define fw_link
	@mkdir -p $(@D)
	$(CC) $(FW_LDFLAGS) $(1) $(LIB) -lm -o $@
	@if $(CROSS_COMPILE)nm -C $@ | grep -E '$(HEAP_RE)'; then \
	  echo "$@: the image contains an allocation or exception function"; exit 1; fi
endef
