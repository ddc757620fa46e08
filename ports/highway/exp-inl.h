// SPDX-License-Identifier: Apache-2.0
// Highway: the float exp of the softmax kernels (softmax.cc, and attention.cc's online step),
// written once, with the row max it is taken against. exp(x) = 2^n exp(r) with
// n = round(x / ln2), |r| <= ln2 / 2, and the polynomial of hn::Exp (1 ulp). Neither needs
// hn::Exp's range handling (it was a fifth of streaming attention): arguments are <= 0, and
// below -87 (a weight under 2^-125 of the row max) the result is 0, so 2^n exp(r) stays normal.
// Only for targets with more than one lane; HWY_SCALAR takes the scalar reference (dispatch.cc).

// Per-target include guard (Highway's toggle idiom).
#if defined(ATTNKIT_HIGHWAY_EXP_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ATTNKIT_HIGHWAY_EXP_INL_H_
#undef ATTNKIT_HIGHWAY_EXP_INL_H_
#else
#define ATTNKIT_HIGHWAY_EXP_INL_H_
#endif

#include <cstddef>
#include <limits>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

// Max over the lanes of v. Not MaxOfLanes on EMU128 (Highway 1.0.3, clang builds): it starts
// from the lowest finite float, so a row of -inf gave -FLT_MAX and then NaN instead of zeros.
template <class D, class V>
HWY_INLINE float MaxLanes(D d, V v) {
#if HWY_TARGET != HWY_EMU128
  return hn::GetLane(hn::MaxOfLanes(d, v));  // x86/NEON/SVE shuffles: -inf stays -inf
#else
  HWY_ALIGN float lanes[64 / sizeof(float)];
  hn::Store(v, d, lanes);
  float m = lanes[0];
  for (size_t j = 1; j < hn::Lanes(d); ++j) m = lanes[j] > m ? lanes[j] : m;
  return m;
#endif
}

// The maximum of x[0..n), NaN ignored, and whether x holds a NaN: the first pass of a softmax
// row. With a NaN the maximum is not reliable (x86's max returns its second operand when one
// is NaN, so a lane can lose its running max), so callers look at has_nan first.
template <class D>
HWY_INLINE float RowMax(D d, const float* x, size_t n, bool& has_nan) {
  const size_t N = hn::Lanes(d);
  auto m0 = hn::Set(d, -std::numeric_limits<float>::infinity()), m1 = m0;
  auto nan = hn::Zero(d);
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    const auto a = hn::LoadU(d, x + i), b = hn::LoadU(d, x + i + N);
    m0 = hn::Max(m0, a);
    m1 = hn::Max(m1, b);
    // IsNaN, not Ne(a, a): Highway's Ne is an ordered compare on AVX2/AVX3 (false for NaN).
    nan = hn::Or(nan, hn::VecFromMask(d, hn::Or(hn::IsNaN(a), hn::IsNaN(b))));
  }
  for (; i + N <= n; i += N) {
    const auto a = hn::LoadU(d, x + i);
    m0 = hn::Max(m0, a);
    nan = hn::Or(nan, hn::VecFromMask(d, hn::IsNaN(a)));
  }
  float mx = MaxLanes(d, hn::Max(m0, m1));
  has_nan = !hn::AllFalse(d, hn::MaskFromVec(nan));
  for (; i < n; ++i) {
    has_nan |= x[i] != x[i];
    mx = x[i] > mx ? x[i] : mx;
  }
  return mx;
}

// Range reduction: n = round(x / ln2) and returns r = x - n ln2, ln2 in two parts (the first
// of 15 bits: n times it is exact).
template <class D>
HWY_INLINE hn::Vec<D> ReduceLn2(D d, hn::Vec<D> x, hn::Vec<D>& n) {
  n = hn::Round(hn::Mul(x, hn::Set(d, 1.44269504088896341f)));
  const auto r = hn::MulAdd(n, hn::Set(d, -0.693145751953125f), x);
  return hn::MulAdd(n, hn::Set(d, -1.428606765330187045e-6f), r);
}

// 2^n exp(r) for |r| <= ln2 / 2 (plus rounding) and integral n in [-126, 0] (normal result).
template <class D>
HWY_INLINE hn::Vec<D> ScaledExp(D d, hn::Vec<D> n, hn::Vec<D> r) {
  const hn::RebindToSigned<D> di;
  auto p = hn::Set(d, 0.000198527617612853646278381f);
  p = hn::MulAdd(p, r, hn::Set(d, 0.00139304355252534151077271f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.00833336077630519866943359f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.0416664853692054748535156f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.166666671633720397949219f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.5f));
  const auto e = hn::Add(hn::MulAdd(p, hn::Mul(r, r), r), hn::Set(d, 1.0f));  // exp(r)
  const auto scale = hn::ShiftLeft<23>(hn::ConvertTo(di, n));                 // n in the exponent
  return hn::BitCast(d, hn::Add(hn::BitCast(di, e), scale));
}

// exp(x) for x <= 0, -inf included (the online step: scores minus the running max).
template <class D>
HWY_INLINE hn::Vec<D> ExpNonPositive(D d, hn::Vec<D> x) {
  const auto lim = hn::Set(d, -87.0f);
  hn::Vec<D> n;
  const auto r = ReduceLn2(d, hn::Max(x, lim), n);
  return hn::IfThenElseZero(hn::Ge(x, lim), ScaledExp(d, n, r));
}

// exp(x - m) for x <= m, given neg_m = -m (softmax_f32). x - m is split exactly into hi + lo
// (TwoSum): rounding x - m to float would cost up to half an ulp of |x - m| of absolute error,
// which exp turns into relative error; lo joins the reduced argument.
template <class D>
HWY_INLINE hn::Vec<D> ShiftedExp(D d, hn::Vec<D> x, hn::Vec<D> neg_m) {
  const auto hi = hn::Add(x, neg_m);
  const auto bb = hn::Sub(hi, x);
  const auto lo = hn::Add(hn::Sub(x, hn::Sub(hi, bb)), hn::Sub(neg_m, bb));
  hn::Vec<D> n;
  const auto r = hn::Add(ReduceLn2(d, hi, n), lo);
  return hn::IfThenElseZero(hn::Ge(hi, hn::Set(d, -87.0f)), ScaledExp(d, n, r));
}

#endif  // HWY_TARGET != HWY_SCALAR

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#endif  // ATTNKIT_HIGHWAY_EXP_INL_H_
