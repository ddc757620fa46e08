// SPDX-License-Identifier: Apache-2.0
// Port registry: which ports this build has and which one is in use.
#include <cstring>

#include "attnkit/port.h"
#include "lib/internal/port_table.h"
#if !defined(ATTNKIT_DIRECT_PORT_NS)
#include "ports/scalar/kernels.h"
#if defined(ATTNKIT_HAVE_HIGHWAY)
#include "ports/highway/kernels.h"
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
#include "ports/xsimd/kernels.h"
#endif
#endif

#ifndef ATTNKIT_DEFAULT_PORT
#define ATTNKIT_DEFAULT_PORT "scalar"
#endif

namespace attnkit {
#if defined(ATTNKIT_DIRECT_PORT_NS)  // one port, called directly (port_table.h)

const char* const* port_names(size_t* count) {
  static const char* const kNames[] = {kDirectPort.name};
  if (count) *count = 1;
  return kNames;
}

status select_port(const char* name) {
  if (name == nullptr) return status::null_pointer;
  return std::strcmp(name, kDirectPort.name) == 0 ? status::ok : status::unsupported;
}

const char* current_port() { return kDirectPort.name; }

#else
// Each port's table: its overrides, the scalar reference for the rest (port_api.h).
#define ATTNKIT_PORT_FN ATTNKIT_PORT_ENTRY
#define ns_ scalar
const port_table kScalarPort = {
    "scalar",
#include "lib/internal/port_api.inc"
};
#undef ns_
#if defined(ATTNKIT_HAVE_HIGHWAY)
#define ns_ highway
const port_table kHighwayPort = {
    "highway",
#include "lib/internal/port_api.inc"
};
#undef ns_
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
#define ns_ xsimd_port
const port_table kXsimdPort = {
    "xsimd",
#include "lib/internal/port_api.inc"
};
#undef ns_
#endif
#undef ATTNKIT_PORT_FN

namespace {

const port_table* const kPorts[] = {
#if defined(ATTNKIT_HAVE_HIGHWAY)
    &kHighwayPort,
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
    &kXsimdPort,
#endif
    &kScalarPort,
};
constexpr size_t kNumPorts = sizeof(kPorts) / sizeof(kPorts[0]);

const char* const kNames[] = {
#if defined(ATTNKIT_HAVE_HIGHWAY)
    "highway",
#endif
#if defined(ATTNKIT_HAVE_XSIMD)
    "xsimd",
#endif
    "scalar",
};

const port_table* find(const char* name) {
  for (const port_table* p : kPorts)
    if (std::strcmp(p->name, name) == 0) return p;
  return nullptr;
}

const port_table* g_active = nullptr;

}  // namespace

const port_table& active_port() {
  if (g_active == nullptr) {
    const port_table* p = find(ATTNKIT_DEFAULT_PORT);
    g_active = p ? p : kPorts[0];
  }
  return *g_active;
}

const char* const* port_names(size_t* count) {
  if (count) *count = kNumPorts;
  return kNames;
}

status select_port(const char* name) {
  if (name == nullptr) return status::null_pointer;
  const port_table* p = find(name);
  if (p == nullptr) return status::unsupported;
  g_active = p;
  return status::ok;
}

const char* current_port() { return active_port().name; }

#endif  // ATTNKIT_DIRECT_PORT_NS
}  // namespace attnkit
