// SPDX-License-Identifier: Apache-2.0
// Host helper: TFLite's int8 softmax parameter preprocessing (uses double).
#include <cmath>

#include "attnkit/softmax.h"

namespace attnkit {

status softmax_s8_params_from_scale(double input_scale, double beta, softmax_s8_params* p) {
  if (p == nullptr) return status::null_pointer;
  const double real_in = beta * input_scale;
  if (!std::isfinite(real_in) || !(real_in >= std::ldexp(1.0, -26))) return status::bad_argument;
  // PreprocessSoftmaxScaling: Q5.26 target, multiplier capped at 2^31 - 1.
  double real = real_in * std::ldexp(1.0, 31 - 5);
  if (real > 2147483647.0) real = 2147483647.0;
  // QuantizeMultiplierGreaterThanOne.
  int e = 0;
  const double q = std::frexp(real, &e);
  int64_t m = static_cast<int64_t>(std::round(q * 2147483648.0));
  if (m == (int64_t{1} << 31)) {
    m /= 2;
    ++e;
  }
  if (e < 0 || e > 31) return status::bad_argument;
  p->multiplier = static_cast<int32_t>(m);
  p->left_shift = e;
  // CalculateInputRadius(5, left_shift, 31).
  const double radius = 31.0 * std::ldexp(1.0, 26) / std::ldexp(1.0, e);
  p->diff_min = -static_cast<int32_t>(std::floor(radius));
  return status::ok;
}

}  // namespace attnkit
