# Scalar port: always built; it is the portable reference.
LIB_SRCS += $(wildcard ports/scalar/*.cc)
$(BUILD)/obj/ports/scalar/%.o: CPPFLAGS_BASE += -I$(ROOT)/ports/scalar
