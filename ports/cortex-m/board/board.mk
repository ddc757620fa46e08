# Cortex-M firmware: start-up code and the link for the qemu board of each core (newlib-nano for
# memcpy/memset, our own start-up, unused sections dropped). mk/target/cortex-m.mk links.
LDSCRIPT_cortex-m4 := mps2.ld
LDSCRIPT_cortex-m7 := mps2.ld
LDSCRIPT_cortex-m55 := an547.ld
BOARD_DIR := ports/cortex-m/board
BOARD_OBJS := $(BUILD)/obj/$(BOARD_DIR)/startup.o
$(BOARD_OBJS): OBJ_CPPFLAGS :=
TARGET_LDFLAGS := --specs=nano.specs -nostartfiles -L$(BOARD_DIR) -T$(LDSCRIPT_$(TARGET)) -Wl,--gc-sections
