// SPDX-License-Identifier: Apache-2.0
// Internal: a port is a table of function pointers, one per entry of port_api.inc.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/internal/port_api.h"

namespace attnkit {

struct port_table {
  const char* name;
#define ATTNKIT_PORT_FN(fn, params) void(*fn) params;
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
};

#if !defined(ATTNKIT_DIRECT_PORT_NS)
/// The table in use (set by select_port; default is the first compiled port).
const port_table& active_port();
#endif

// Each port's table (lib/src/port.cc).
extern const port_table kScalarPort;
#if defined(ATTNKIT_HAVE_HIGHWAY)
extern const port_table kHighwayPort;
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
extern const port_table kXsimdPort;
#endif

}  // namespace attnkit

// Builds a port_table from namespace `ns_`: the port's override where it declares one, the
// scalar reference otherwise (port_api.h).
#define ATTNKIT_PORT_ENTRY(fn, params) ns_::fn,

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
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
#undef ns_
};
inline const port_table& active_port() { return kDirectPort; }
}  // namespace attnkit
#endif
