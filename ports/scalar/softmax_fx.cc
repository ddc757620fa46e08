// SPDX-License-Identifier: Apache-2.0
// Scalar reference integer softmax rows (int32 logits -> Q15); no floating point.
#include "lib/internal/softmax_fx.h"
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y) {
  int32_t mx = INT32_MIN;
  for (size_t i = 0; i < n; ++i) mx = x[i] > mx ? x[i] : mx;
  if (mx == INT32_MIN) {  // every entry masked
    for (size_t i = 0; i < n; ++i) y[i] = 0;
    return;
  }
  const fx::q15_setup c = fx::q15_make_setup(scale);
  uint64_t sum = 0;
  for (size_t i = 0; i < n; ++i) sum += fx::q15_weight(x[i], mx, c);
  const fx::q15_recip r = fx::q15_make_recip(sum);
  for (size_t i = 0; i < n; ++i) y[i] = fx::q15_output(fx::q15_weight(x[i], mx, c), r);
}

void softmax_s8(const int8_t* x, size_t n, int32_t multiplier, int32_t left_shift, int32_t diff_min,
                int8_t* y) {
  int32_t mx = -128;
  for (size_t i = 0; i < n; ++i) mx = x[i] > mx ? x[i] : mx;
  int64_t sum = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t e = fx::s8_exp(x[i] - mx, multiplier, left_shift, diff_min);
    if (e >= 0) sum += fx::rdbpot(e, fx::kS8AccumIntBits);  // Q12.19, as TFLite
  }
  const fx::s8_recip r = fx::s8_make_recip(sum);
  for (size_t i = 0; i < n; ++i)
    y[i] = fx::s8_output(fx::s8_exp(x[i] - mx, multiplier, left_shift, diff_min), r);
}

}  // namespace scalar
}  // namespace attnkit
