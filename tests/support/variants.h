// SPDX-License-Identifier: Apache-2.0
// Test support: the one enumeration of kernel variants (every compiled port and, for Highway,
// every SIMD target this CPU supports), and selecting one. Header-only, no heap: GoogleTest
// (support/ports.h), the fuzz targets and the Cortex-M firmware all walk this list.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "attnkit/port.h"
#if defined(ATTNKIT_HAVE_HIGHWAY)
#include "ports/highway/targets.h"
#endif

namespace testing_support {

/// One kernel variant.
struct variant {
  const char* port = nullptr;  // attnkit::port_names() entry: "scalar", "highway", ...
  int64_t target = 0;          // Highway target bit; 0 for every other port
  char name[48] = {};          // "scalar", "highway/AVX2", ...
};

/// More than any build has (ports x Highway targets).
constexpr size_t kMaxVariants = 48;

/// Writes up to `cap` variants, default port first, a port's Highway targets best first;
/// returns how many there are.
inline size_t list_variants(variant* out, size_t cap) {
  size_t np = 0, count = 0;
  const char* const* names = attnkit::port_names(&np);
  const auto add = [&](const char* port, int64_t target, const char* suffix) {
    if (count < cap) {
      variant& v = out[count];
      v.port = port;
      v.target = target;
      const size_t lp = std::strlen(port), room = sizeof v.name - 1;
      const size_t a = lp < room ? lp : room;
      std::memcpy(v.name, port, a);
      size_t len = a;
      if (suffix != nullptr && len + 1 < room) {
        v.name[len++] = '/';
        const size_t ls = std::strlen(suffix), b = ls < room - len ? ls : room - len;
        std::memcpy(v.name + len, suffix, b);
        len += b;
      }
      v.name[len] = '\0';
    }
    ++count;
  };
  for (size_t i = 0; i < np; ++i) {
#if defined(ATTNKIT_HAVE_HIGHWAY)
    if (std::strcmp(names[i], "highway") == 0) {
      int64_t t[32];
      const size_t nt = attnkit::highway::supported_targets(t, 32);
      for (size_t j = 0; j < nt && j < 32; ++j)
        add(names[i], t[j], attnkit::highway::target_name(t[j]));
      continue;
    }
#endif
    add(names[i], 0, nullptr);
  }
  return count;
}

/// Selects v's port and, for a Highway target, forces it (target 0: normal dispatch).
/// False if the port is not in this build.
inline bool select_variant(const variant& v) {
  if (attnkit::select_port(v.port) != attnkit::status::ok) return false;
#if defined(ATTNKIT_HAVE_HIGHWAY)
  attnkit::highway::force_target(v.target);
#endif
  return true;
}

/// Back to the default: the first port, normal Highway dispatch.
inline void reset_variant() {
  size_t np = 0;
  const char* const* names = attnkit::port_names(&np);
  if (np > 0) (void)attnkit::select_port(names[0]);
#if defined(ATTNKIT_HAVE_HIGHWAY)
  attnkit::highway::force_target(0);
#endif
}

}  // namespace testing_support
