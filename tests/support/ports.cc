// SPDX-License-Identifier: Apache-2.0
// Test support: variant enumeration over ports and Highway targets.
#include "support/ports.h"

#include <gtest/gtest.h>

#include "attnkit/port.h"

#if defined(ATTNKIT_HAVE_HIGHWAY)
#include "ports/highway/targets.h"
#endif

namespace testing_support {

std::vector<std::string> all_variants() {
  std::vector<std::string> out;
  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  for (size_t i = 0; i < n; ++i) {
    const std::string p = names[i];
#if defined(ATTNKIT_HAVE_HIGHWAY)
    if (p == "highway") {
      int64_t t[32];
      const size_t nt = attnkit::highway::supported_targets(t, 32);
      for (size_t j = 0; j < nt && j < 32; ++j)
        out.push_back("highway/" + std::string(attnkit::highway::target_name(t[j])));
      continue;
    }
#endif
    out.push_back(p);
  }
  return out;
}

void select_variant(const std::string& v) {
  const size_t slash = v.find('/');
  const std::string port = v.substr(0, slash);
  ASSERT_EQ(attnkit::select_port(port.c_str()), attnkit::status::ok) << v;
#if defined(ATTNKIT_HAVE_HIGHWAY)
  int64_t forced = 0;
  if (slash != std::string::npos) {
    int64_t t[32];
    const size_t nt = attnkit::highway::supported_targets(t, 32);
    for (size_t j = 0; j < nt && j < 32; ++j)
      if (v.substr(slash + 1) == attnkit::highway::target_name(t[j])) forced = t[j];
    ASSERT_NE(forced, 0) << "unknown Highway target in " << v;
  }
  attnkit::highway::force_target(forced);
#endif
}

void for_each_variant(const std::function<void(const std::string&)>& body) {
  for (const std::string& v : all_variants()) {
    SCOPED_TRACE("variant " + v);
    select_variant(v);
    body(v);
  }
  select_variant(all_variants().front());
#if defined(ATTNKIT_HAVE_HIGHWAY)
  attnkit::highway::force_target(0);
#endif
}

}  // namespace testing_support
