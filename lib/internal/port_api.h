// SPDX-License-Identifier: Apache-2.0
// Internal: the kernel set of port_api.inc as C++ names. How a port works (docs/ARCHITECTURE.md):
// the scalar port defines every kernel; any other port is a namespace that says
// `using namespace scalar;` and declares, with ATTNKIT_OVERRIDE, only the kernels it speeds up.
// Qualified lookup (`port::kernel`) finds the port's own declaration first and falls back to the
// scalar reference through the using-directive ([namespace.qual]), so a table built from
// `port::kernel` for every entry of port_api.inc takes scalar for whatever a port leaves out.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"  // quant_scale in the integer kernels

namespace attnkit {

// kernel_sig::<kernel> is the kernel's function type, e.g. void(const float*, size_t, float*).
namespace kernel_sig {
#define ATTNKIT_PORT_FN(fn, params) using fn = void params;
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace kernel_sig

// The scalar reference: every kernel, ports/scalar/<area>.cc.
namespace scalar {
#define ATTNKIT_PORT_FN(fn, params) kernel_sig::fn fn;
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace scalar

}  // namespace attnkit

// Inside a port's namespace: declares that the port defines `fn` (a kernel of port_api.inc,
// else a compile error), with the signature port_api.inc gives it.
#define ATTNKIT_OVERRIDE(fn) ::attnkit::kernel_sig::fn fn
