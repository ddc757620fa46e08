// SPDX-License-Identifier: Apache-2.0
// Test support: run a body once per compiled port (and per Highway target the CPU supports).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace testing_support {

/// Names like "scalar", "highway/AVX3", "highway/AVX2", "highway/SSE4".
std::vector<std::string> all_variants();

/// Selects a variant from all_variants(); resets Highway's forced target afterwards.
void select_variant(const std::string& v);

/// Runs body once per variant with it selected; SCOPED_TRACE names the variant.
void for_each_variant(const std::function<void(const std::string&)>& body);

}  // namespace testing_support
