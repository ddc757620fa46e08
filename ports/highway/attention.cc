// SPDX-License-Identifier: Apache-2.0
// Highway: the online-softmax step of streaming attention (vector max, exp and sum per row).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/attention.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "hwy/contrib/math/math-inl.h"
#include "ports/scalar/kernels.h"

#include <cmath>
#include <limits>

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Max over the lanes of v. Not MaxOfLanes on EMU128 (Highway 1.0.3, clang builds): it starts
// from the lowest finite float, so a row of -inf gave -FLT_MAX and then NaN instead of zeros.
template <class D, class V>
HWY_INLINE float MaxLanes(D d, V v) {
#if HWY_TARGET != HWY_EMU128 && HWY_TARGET != HWY_SCALAR
  return hn::GetLane(hn::MaxOfLanes(d, v));  // x86/NEON shuffles: -inf stays -inf
#else
  HWY_ALIGN float lanes[64 / sizeof(float)];
  hn::Store(v, d, lanes);
  float m = lanes[0];
  for (size_t j = 1; j < hn::Lanes(d); ++j) m = lanes[j] > m ? lanes[j] : m;
  return m;
#endif
}

// exp(x) for x <= 0, -inf included (hn::Exp's range handling is not needed here, and it was a
// fifth of streaming attention): 2^n exp(r), |r| <= ln2 / 2, with softmax.cc's polynomial.
// x < -87 gives 0 (weights below 2^-125 of the row max); above it 2^n e stays normal.
template <class D>
HWY_INLINE hn::Vec<D> ExpNonPositive(D d, hn::Vec<D> x) {
  const hn::RebindToSigned<D> di;
  const auto lim = hn::Set(d, -87.0f);
  const auto xc = hn::Max(x, lim);
  const auto n = hn::Round(hn::Mul(xc, hn::Set(d, 1.44269504088896341f)));
  auto r = hn::MulAdd(n, hn::Set(d, -0.693145751953125f), xc);  // 15-bit ln2: n * it is exact
  r = hn::MulAdd(n, hn::Set(d, -1.428606765330187045e-6f), r);
  auto p = hn::Set(d, 0.000198527617612853646278381f);
  p = hn::MulAdd(p, r, hn::Set(d, 0.00139304355252534151077271f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.00833336077630519866943359f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.0416664853692054748535156f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.166666671633720397949219f));
  p = hn::MulAdd(p, r, hn::Set(d, 0.5f));
  const auto e = hn::Add(hn::MulAdd(p, hn::Mul(r, r), r), hn::Set(d, 1.0f));
  const auto y = hn::BitCast(d, hn::Add(hn::BitCast(di, e), hn::ShiftLeft<23>(hn::ConvertTo(di, n))));
  return hn::IfThenElseZero(hn::Ge(x, lim), y);
}

void SoftmaxOnlineImpl(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                       float* corr) {
  const hn::ScalableTag<float> d;
  const size_t N = hn::Lanes(d);
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    auto vmax = hn::Set(d, -kInf), vmax1 = vmax;
    auto nan = hn::Zero(d);
    size_t i = 0;
    for (; i + 2 * N <= n; i += 2 * N) {
      const auto v = hn::LoadU(d, row + i), v1 = hn::LoadU(d, row + i + N);
      vmax = hn::Max(vmax, v);
      vmax1 = hn::Max(vmax1, v1);
      nan = hn::Or(nan, hn::VecFromMask(d, hn::Or(hn::IsNaN(v), hn::IsNaN(v1))));
    }
    for (; i + N <= n; i += N) {
      const auto v = hn::LoadU(d, row + i);
      vmax = hn::Max(vmax, v);
      nan = hn::Or(nan, hn::VecFromMask(d, hn::IsNaN(v)));
    }
    float mx = MaxLanes(d, hn::Max(vmax, vmax1));
    bool has_nan = !hn::AllFalse(d, hn::MaskFromVec(nan));  // Ne is ordered: NaN != NaN is false
    for (size_t j = i; j < n; ++j) {
      has_nan |= row[j] != row[j];
      mx = row[j] > mx ? row[j] : mx;
    }
    if (m[r] > mx) mx = m[r];
    // Non-finite rows keep the reference semantics; they are rare, so the scalar port does them.
    if (has_nan || mx == kInf || mx == -kInf) {
      scalar::softmax_online_f32(row, 1, n, lds, m + r, l + r, corr + r);
      continue;
    }
    const auto vm = hn::Set(d, mx);
    auto sum = hn::Zero(d), sum1 = sum;
    for (i = 0; i + 2 * N <= n; i += 2 * N) {  // two chains: the exps overlap
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

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attnkit {
namespace highway {
HWY_EXPORT(SoftmaxOnlineImpl);

void softmax_online_f32(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                        float* corr) {
  HWY_DYNAMIC_DISPATCH(SoftmaxOnlineImpl)(s, rows, n, lds, m, l, corr);
}

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
