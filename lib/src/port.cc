// SPDX-License-Identifier: Apache-2.0
// Port registry: which ports this build has and which one is in use.
#include <cstring>

#include "attnkit/port.h"
#include "port_table.h"

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
