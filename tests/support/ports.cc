// SPDX-License-Identifier: Apache-2.0
// Test support: variant enumeration over ports and Highway targets (GoogleTest side).
#include "support/ports.h"

#include <gtest/gtest.h>

namespace testing_support {

std::vector<std::string> all_variants() {
  variant v[kMaxVariants];
  const size_t n = list_variants(v, kMaxVariants);
  std::vector<std::string> out;
  for (size_t i = 0; i < n && i < kMaxVariants; ++i) out.push_back(v[i].name);
  return out;
}

void select_variant(const std::string& name) {
  variant v[kMaxVariants];
  const size_t n = list_variants(v, kMaxVariants);
  for (size_t i = 0; i < n && i < kMaxVariants; ++i) {
    if (name == v[i].name) {
      ASSERT_TRUE(select_variant(v[i])) << "cannot select " << name;
      return;
    }
  }
  FAIL() << "unknown variant " << name;
}

void for_each_variant(const std::function<void(const std::string&)>& body) {
  for (const std::string& v : all_variants()) {
    SCOPED_TRACE("variant " + v);
    select_variant(v);
    body(v);
  }
  reset_variant();
}

}  // namespace testing_support
