// SPDX-License-Identifier: Apache-2.0
// Test support (GoogleTest): run a body once per compiled port and per Highway target the CPU
// supports; the list itself is support/variants.h.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "support/variants.h"

namespace testing_support {

/// Names like "scalar", "highway/AVX3", "highway/AVX2", "highway/SSE4" (list_variants order).
std::vector<std::string> all_variants();

/// Selects a variant by its name from all_variants() (a failed assertion if there is none).
void select_variant(const std::string& v);

/// Runs body once per variant with it selected; SCOPED_TRACE names the variant. Afterwards the
/// default port and normal Highway dispatch are back.
void for_each_variant(const std::function<void(const std::string&)>& body);

}  // namespace testing_support
