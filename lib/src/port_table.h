// SPDX-License-Identifier: Apache-2.0
// Internal: a port is a table of function pointers, one per entry of port_api.inc.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"  // quant_scale in the integer kernels

namespace attnkit {

struct port_table {
  const char* name;
#define ATTNKIT_PORT_FN(fn, params) void(*fn) params;
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
};

/// The table in use (set by select_port; default is the first compiled port).
const port_table& active_port();

// Each port defines its table; ports/<name>/table.cc.
extern const port_table kScalarPort;
#if defined(ATTNKIT_HAVE_HIGHWAY)
extern const port_table kHighwayPort;
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
extern const port_table kXsimdPort;
#endif

}  // namespace attnkit

// In a port's namespace, declares its kernels from port_api.inc:
//   namespace attnkit { namespace scalar {
//   #define ATTNKIT_PORT_FN ATTNKIT_PORT_DECLARE
//   #include "attnkit/port_api.inc"
//   #undef ATTNKIT_PORT_FN
//   } }
#define ATTNKIT_PORT_DECLARE(fn, params) void fn params;
// Builds a port_table from the kernels of namespace `ns`.
#define ATTNKIT_PORT_ENTRY(fn, params) &ns_::fn,
