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

#if !defined(ATTNKIT_DIRECT_PORT_NS)
/// The table in use (set by select_port; default is the first compiled port).
const port_table& active_port();
#endif

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

// Direct mode (Cortex-M builds): one port, ATTNKIT_DIRECT_PORT_NS, declared by
// ATTNKIT_DIRECT_PORT_HEADER. Its table is a constexpr the compiler folds into direct calls, so
// --gc-sections keeps only the kernels a firmware calls (a run-time table keeps them all).
#if defined(ATTNKIT_DIRECT_PORT_NS)
#include ATTNKIT_DIRECT_PORT_HEADER
namespace attnkit {
inline constexpr port_table kDirectPort = {
    ATTNKIT_DIRECT_PORT_NAME,
#define ns_ ATTNKIT_DIRECT_PORT_NS
#define ATTNKIT_PORT_FN ATTNKIT_PORT_ENTRY
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
#undef ns_
};
inline const port_table& active_port() { return kDirectPort; }
}  // namespace attnkit
#endif
