# Cortex-M port (TARGET=cortex-m4|cortex-m7|cortex-m55, arm-none-eabi, -Os): the scalar kernels
# plus DSP integer inner loops. No heap and no exceptions: `make lib` checks with nm that the
# archive references no allocation or exception function, and firmware is linked with gcc (not
# g++), so any operator new left would be an undefined reference.
# The kernels are called directly, not through a run-time table (lib/internal/port_table.h), so a
# firmware links only those it uses (lib/src/port.cc builds no table in this mode).
LIB_SRCS += $(wildcard ports/cortex-m/*.cc)
LIB_DEFS += -DATTNKIT_DIRECT_PORT_NS=cortex_m \
            -DATTNKIT_DIRECT_PORT_NAME='"cortex-m"' -DATTNKIT_DIRECT_PORT_HEADER='"ports/cortex-m/kernels.h"'
HEAP_RE := \b(malloc|calloc|realloc|free|_malloc_r|_free_r|_sbrk|operator new|operator delete|__cxa_allocate_exception|__cxa_throw|__gxx_personality_v0|abort)\b

$(BUILD)/lib/noheap.ok: $(BUILD)/lib/libattnkit.a
	@if $(CROSS_COMPILE)nm -C -A --undefined-only $< | grep -E '$(HEAP_RE)'; then \
	  echo "$<: references an allocation or exception function (see above)"; exit 1; fi
	@touch $@
lib: $(BUILD)/lib/noheap.ok
