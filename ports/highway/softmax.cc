// SPDX-License-Identifier: Apache-2.0
// Highway softmax: exp of an exactly split shifted argument and a double-backed sum, so every
// element stays within a few float ulps of the exact value for any spread and row length.
#include <cstring>
#include <limits>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/softmax.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;
using DD = hn::ScalableTag<double>;
using VD = hn::Vec<DD>;
constexpr size_t kMaxLanes = 64 / sizeof(float);  // widest x86 vector

// Max over the lanes of v. Not MaxOfLanes: on EMU128 (Highway 1.0.3, clang builds) it starts
// from the lowest finite float, so a row of -inf gave -FLT_MAX and then NaN instead of zeros.
template <class D, class V>
HWY_INLINE float MaxLanes(D d, V v) {
  HWY_ALIGN float lanes[64 / sizeof(float)];
  hn::Store(v, d, lanes);
  float m = lanes[0];
  for (size_t j = 1; j < hn::Lanes(d); ++j) m = lanes[j] > m ? lanes[j] : m;
  return m;
}

// acc0 + acc1 += the lanes of v, in double (two accumulators: shorter dependency chains).
HWY_INLINE void AddToDouble(DF df, VF v, VD& acc0, VD& acc1) {
  (void)df;  // unused on some targets; clang warns
#if HWY_TARGET == HWY_SCALAR
  (void)acc1;
  acc0 = hn::Add(acc0, hn::Set(DD(), static_cast<double>(hn::GetLane(v))));
#else
  const hn::Half<DF> dh;
  const hn::Repartition<double, DF> dd;
  acc0 = hn::Add(acc0, hn::PromoteTo(dd, hn::LowerHalf(dh, v)));
  acc1 = hn::Add(acc1, hn::PromoteTo(dd, hn::UpperHalf(dh, v)));
#endif
}

// exp(x - m) for x <= m. x - m is split exactly into hi + lo (TwoSum): rounding x - m to float
// would cost up to half an ulp of |x - m| of absolute error, which exp turns into relative
// error. Then exp(hi + lo) = 2^n exp(r) with r = hi - n ln2 + lo, |r| <= ln2 / 2, and the
// polynomial of hn::Exp (1 ulp). Results below 2^-126 (x - m < -87, relative weight < 1e-37)
// and x = -inf give 0, which spares Exp's two-step scaling for subnormal results.
HWY_INLINE VF ShiftedExp(DF df, VF x, VF neg_m) {
  const hn::RebindToSigned<DF> di;
  const VF hi = hn::Add(x, neg_m);
  const VF bb = hn::Sub(hi, x);
  const VF lo = hn::Add(hn::Sub(x, hn::Sub(hi, bb)), hn::Sub(neg_m, bb));
  const VF n = hn::Round(hn::Mul(hi, hn::Set(df, 1.44269504088896341f)));
  VF r = hn::MulAdd(n, hn::Set(df, -0.693145751953125f), hi);  // 15-bit ln2: n * it is exact
  r = hn::MulAdd(n, hn::Set(df, -1.428606765330187045e-6f), r);
  r = hn::Add(r, lo);
  VF p = hn::Set(df, 0.000198527617612853646278381f);
  p = hn::MulAdd(p, r, hn::Set(df, 0.00139304355252534151077271f));
  p = hn::MulAdd(p, r, hn::Set(df, 0.00833336077630519866943359f));
  p = hn::MulAdd(p, r, hn::Set(df, 0.0416664853692054748535156f));
  p = hn::MulAdd(p, r, hn::Set(df, 0.166666671633720397949219f));
  p = hn::MulAdd(p, r, hn::Set(df, 0.5f));
  const VF e = hn::Add(hn::MulAdd(p, hn::Mul(r, r), r), hn::Set(df, 1.0f));  // exp(r)
  const auto scale = hn::ShiftLeft<23>(hn::ConvertTo(di, n));                // n in the exponent
  const VF y = hn::BitCast(df, hn::Add(hn::BitCast(di, e), scale));
  return hn::IfThenElseZero(hn::Ge(hi, hn::Set(df, -87.0f)), y);
}

void SoftmaxImpl(const float* x, size_t n, float* y) {
  const DF df;
  const size_t N = hn::Lanes(df);
  constexpr float kInf = std::numeric_limits<float>::infinity();

  // Pass 1: max and NaN.
  VF m0 = hn::Set(df, -kInf), m1 = m0;
  VF nan = hn::Zero(df);
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    const VF a = hn::LoadU(df, x + i), b = hn::LoadU(df, x + i + N);
    m0 = hn::Max(m0, a);
    m1 = hn::Max(m1, b);
    // IsNaN, not Ne(a, a): Highway's Ne is an ordered compare on AVX2/AVX3 (false for NaN).
    nan = hn::Or(nan, hn::VecFromMask(df, hn::Or(hn::IsNaN(a), hn::IsNaN(b))));
  }
  for (; i + N <= n; i += N) {
    const VF a = hn::LoadU(df, x + i);
    m0 = hn::Max(m0, a);
    nan = hn::Or(nan, hn::VecFromMask(df, hn::IsNaN(a)));
  }
  float mx = MaxLanes(df, hn::Max(m0, m1));
  bool has_nan = !hn::AllFalse(df, hn::MaskFromVec(nan));
  for (; i < n; ++i) {
    if (x[i] != x[i]) has_nan = true;
    if (x[i] > mx) mx = x[i];
  }
  if (has_nan) {
    for (i = 0; i < n; ++i) y[i] = std::numeric_limits<float>::quiet_NaN();
    return;
  }
  if (mx == -kInf) {  // fully masked row: all zeros
    for (i = 0; i < n; ++i) y[i] = 0.0f;
    return;
  }
  if (mx == kInf) {  // +inf entries share the mass
    size_t c = 0;
    for (i = 0; i < n; ++i) c += x[i] == mx;
    for (i = 0; i < n; ++i) y[i] = x[i] == mx ? 1.0f / static_cast<float>(c) : 0.0f;
    return;
  }

  // Pass 2: y = exp(x - max); the sum takes float partials of <= 2 terms per lane into double.
  const VF neg_m = hn::Set(df, -mx);
  VD s0 = hn::Zero(DD()), s1 = s0, s2 = s0, s3 = s0;
  for (i = 0; i + 4 * N <= n; i += 4 * N) {
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

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attnkit {
namespace highway {
HWY_EXPORT(SoftmaxImpl);

void softmax_f32(const float* x, size_t n, float* y) { HWY_DYNAMIC_DISPATCH(SoftmaxImpl)(x, n, y); }

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
