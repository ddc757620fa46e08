// SPDX-License-Identifier: Apache-2.0
// Scalar reference softmax: the shifted exponent and the sum in double, so every element
// is within a few float ulps of the exact value whatever the spread of the inputs.
#include <cmath>
#include <limits>

#include "lib/internal/softmax_policy.h"
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void softmax_f32(const float* x, size_t n, float* y) {
  float mx = -std::numeric_limits<float>::infinity();
  bool nan = false;
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != x[i]) nan = true;
    if (x[i] > mx) mx = x[i];
  }
  if (softmax_special_row_f32(x, n, mx, nan, y)) return;  // NaN, all -inf, +inf entries
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += std::exp(static_cast<double>(x[i]) - mx);
  const double inv = 1.0 / sum;
  for (size_t i = 0; i < n; ++i)
    y[i] = static_cast<float>(std::exp(static_cast<double>(x[i]) - mx) * inv);
}

}  // namespace scalar
}  // namespace attnkit
