// SPDX-License-Identifier: Apache-2.0
// Scalar reference softmax: the shifted exponent and the sum in double, so every element
// is within a few float ulps of the exact value whatever the spread of the inputs.
#include <cmath>
#include <limits>

#include "kernels.h"

namespace attnkit {
namespace scalar {

void softmax_f32(const float* x, size_t n, float* y) {
  float mx = -std::numeric_limits<float>::infinity();
  bool nan = false;
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != x[i]) nan = true;
    if (x[i] > mx) mx = x[i];
  }
  if (nan) {
    for (size_t i = 0; i < n; ++i) y[i] = std::numeric_limits<float>::quiet_NaN();
    return;
  }
  if (mx == -std::numeric_limits<float>::infinity()) {  // fully masked row: all zeros
    for (size_t i = 0; i < n; ++i) y[i] = 0.0f;
    return;
  }
  if (mx == std::numeric_limits<float>::infinity()) {  // +inf entries share the mass
    size_t c = 0;
    for (size_t i = 0; i < n; ++i) c += x[i] == mx;
    for (size_t i = 0; i < n; ++i) y[i] = x[i] == mx ? 1.0f / static_cast<float>(c) : 0.0f;
    return;
  }
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += std::exp(static_cast<double>(x[i]) - mx);
  const double inv = 1.0 / sum;
  for (size_t i = 0; i < n; ++i)
    y[i] = static_cast<float>(std::exp(static_cast<double>(x[i]) - mx) * inv);
}

}  // namespace scalar
}  // namespace attnkit
