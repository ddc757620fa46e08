// SPDX-License-Identifier: Apache-2.0
// Highway softmax: exp of an exactly split shifted argument and a double-backed sum, so every
// element stays within a few float ulps of the exact value for any spread and row length.
#include <cstring>
#include <limits>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/softmax.cc"
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

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;
using DD = hn::ScalableTag<double>;
using VD = hn::Vec<DD>;
constexpr size_t kMaxLanes = 64 / sizeof(float);  // widest x86 vector

// acc0 + acc1 += the lanes of v, in double (two accumulators: shorter dependency chains).
HWY_INLINE void AddToDouble(DF df, VF v, VD& acc0, VD& acc1) {
  (void)df;  // unused on some targets; clang warns
  const hn::Half<DF> dh;
  const hn::Repartition<double, DF> dd;
  acc0 = hn::Add(acc0, hn::PromoteTo(dd, hn::LowerHalf(dh, v)));
  acc1 = hn::Add(acc1, hn::PromoteTo(dd, hn::UpperHalf(dh, v)));
}

void softmax_f32(const float* x, size_t n, float* y) {
  const DF df;
  const size_t N = hn::Lanes(df);
  constexpr float kInf = std::numeric_limits<float>::infinity();

  // Pass 1: max and NaN.
  bool has_nan;
  const float mx = RowMax(df, x, n, has_nan);
  if (softmax_special_row_f32(x, n, mx, has_nan, y)) return;  // NaN, all -inf, +inf entries

  // Pass 2: y = exp(x - max); the sum takes float partials of <= 2 terms per lane into double.
  const VF neg_m = hn::Set(df, -mx);
  VD s0 = hn::Zero(DD()), s1 = s0, s2 = s0, s3 = s0;
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    const VF e0 = ShiftedExp(df, hn::LoadU(df, x + i), neg_m);
    const VF e1 = ShiftedExp(df, hn::LoadU(df, x + i + N), neg_m);
    const VF e2 = ShiftedExp(df, hn::LoadU(df, x + i + 2 * N), neg_m);
    const VF e3 = ShiftedExp(df, hn::LoadU(df, x + i + 3 * N), neg_m);
    hn::StoreU(e0, df, y + i);
    hn::StoreU(e1, df, y + i + N);
    hn::StoreU(e2, df, y + i + 2 * N);
    hn::StoreU(e3, df, y + i + 3 * N);
    AddToDouble(df, hn::Add(e0, e1), s0, s1);
    AddToDouble(df, hn::Add(e2, e3), s2, s3);
  }
  for (; i + N <= n; i += N) {
    const VF e = ShiftedExp(df, hn::LoadU(df, x + i), neg_m);
    hn::StoreU(e, df, y + i);
    AddToDouble(df, e, s0, s1);
  }
  if (i < n) {  // tail through a -inf padded vector (padding gives 0)
    HWY_ALIGN float buf[kMaxLanes];
    for (size_t j = 0; j < N; ++j) buf[j] = i + j < n ? x[i + j] : -kInf;
    const VF e = ShiftedExp(df, hn::Load(df, buf), neg_m);
    hn::Store(e, df, buf);
    std::memcpy(y + i, buf, (n - i) * sizeof(float));
    AddToDouble(df, e, s0, s1);
  }
  const double sum = hn::GetLane(hn::SumOfLanes(DD(), hn::Add(hn::Add(s0, s1), hn::Add(s2, s3))));

  // Pass 3: normalise (sum >= 1: the max contributes exp(0)).
  const float inv = static_cast<float>(1.0 / sum);
  const VF vinv = hn::Set(df, inv);
  for (i = 0; i + N <= n; i += N) hn::StoreU(hn::Mul(hn::LoadU(df, y + i), vinv), df, y + i);
  for (; i < n; ++i) y[i] *= inv;
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
