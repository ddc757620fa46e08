# Scalar port: always built; it is the portable reference.
LIB_SRCS += $(wildcard ports/scalar/*.cc)

# Fixed-point TUs (*_fx.cc here and in lib/src) must use no floating point at run time: on
# x86-64 they are compiled with -mgeneral-regs-only, so any float or double is a build error.
ifneq ($(filter x86_64%,$(MACHINE)),)
$(BUILD)/obj/ports/scalar/%_fx.o $(BUILD)/obj/lib/src/%_fx.o: OBJ_CXXFLAGS += -mgeneral-regs-only
endif
