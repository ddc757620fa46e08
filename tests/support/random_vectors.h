// SPDX-License-Identifier: Apache-2.0
// Test support (host only): std::vector inputs drawn from support/random.h's generator.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "support/random.h"

namespace testing_support {

/// n floats from N(mean, sd^2).
inline std::vector<float> randn(size_t n, rng& r, float sd = 1.0f, float mean = 0.0f) {
  std::vector<float> v(n);
  fill_normal(v.data(), n, r, sd, mean);
  return v;
}

/// n floats uniform in [lo, hi).
inline std::vector<float> randu(size_t n, rng& r, float lo = -1.0f, float hi = 1.0f) {
  std::vector<float> v(n);
  fill_uniform(v.data(), n, r, lo, hi);
  return v;
}

/// n int8 uniform over [-128, 127].
inline std::vector<int8_t> random_s8(size_t n, rng& r) {
  std::vector<int8_t> v(n);
  fill_s8(v.data(), n, r);
  return v;
}

/// n extreme_i32() values.
inline std::vector<int32_t> extreme_i32s(size_t n, rng& r) {
  std::vector<int32_t> v(n);
  fill_extreme_i32(v.data(), n, r);
  return v;
}

/// n extreme_scale() values.
inline std::vector<attnkit::quant_scale> extreme_scales(size_t n, rng& r) {
  std::vector<attnkit::quant_scale> v(n);
  for (attnkit::quant_scale& q : v) q = extreme_scale(r);
  return v;
}

}  // namespace testing_support
