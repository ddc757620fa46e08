// SPDX-License-Identifier: Apache-2.0
// Highway: the online-softmax step of streaming attention (vector max, exp and sum per row).
#include <cmath>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/attention.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "lib/internal/softmax_policy.h"
#include "ports/highway/exp-inl.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

void softmax_online_f32(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                        float* corr) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    bool has_nan;
    float mx = RowMax(d, row, n, has_nan);
    if (m[r] > mx) mx = m[r];
    // A NaN score: the vector max may have lost lanes to it, and the scores must stay NaN
    // through the exp; such rows are rare, the scalar reference does them.
    if (has_nan) {
      scalar::softmax_online_f32(row, 1, n, lds, m + r, l + r, corr + r);
      continue;
    }
    // Nothing visible yet, or +inf scores: softmax_policy.h.
    if (softmax_online_special_row_f32(row, n, mx, m + r, l + r, corr + r)) continue;
    const auto vm = hn::Set(d, mx);
    auto sum = hn::Zero(d), sum1 = sum;
    size_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {  // two chains: the exps overlap
      const auto e = ExpNonPositive(d, hn::Sub(hn::LoadU(d, row + i), vm));
      const auto e1 = ExpNonPositive(d, hn::Sub(hn::LoadU(d, row + i + N), vm));
      hn::StoreU(e, d, row + i);
      hn::StoreU(e1, d, row + i + N);
      sum = hn::Add(sum, e);
      sum1 = hn::Add(sum1, e1);
    }
    for (; i + N <= n; i += N) {
      const auto e = ExpNonPositive(d, hn::Sub(hn::LoadU(d, row + i), vm));
      hn::StoreU(e, d, row + i);
      sum = hn::Add(sum, e);
    }
    float total = hn::GetLane(hn::SumOfLanes(d, hn::Add(sum, sum1)));
    for (; i < n; ++i) total += row[i] = std::exp(row[i] - mx);
    // exp(0) = 1 exactly: skip the double exp when the running max did not move.
    corr[r] = m[r] == mx ? 1.0f : static_cast<float>(std::exp(static_cast<double>(m[r]) - mx));
    m[r] = mx;
    l[r] = l[r] * corr[r] + total;
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
