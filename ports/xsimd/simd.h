// SPDX-License-Identifier: Apache-2.0
// xsimd port helpers: float and double vectors of the compile-time arch, float-float (TwoSum)
// sums, and the lane reductions xsimd 8.1 lacks. Included only by ports/xsimd/*.cc.
#pragma once
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <xsimd/xsimd.hpp>

static_assert(!std::is_same<xsimd::default_arch, xsimd::unavailable>::value,
              "the xsimd port needs a SIMD arch (port.mk builds it only then)");

namespace attnkit {
namespace xsimd_port {

using vf = ::xsimd::batch<float>;
constexpr size_t kF = vf::size;
constexpr float kInf = std::numeric_limits<float>::infinity();

inline float hmax(const vf& v) {
  alignas(64) float b[kF];
  v.store_aligned(b);
  float m = b[0];
  for (size_t i = 1; i < kF; ++i) m = b[i] > m ? b[i] : m;
  return m;
}

// Float-float accumulator per lane (Knuth TwoSum): the running sum loses nothing, so a row of
// 65,536 terms sums as accurately as in double on archs without double lanes.
struct ff_sum {
  vf s = vf(0.0f), c = vf(0.0f);
  void add(const vf& e) {
    const vf t = s + e;
    const vf bp = t - s;
    c += (s - (t - bp)) + (e - bp);
    s = t;
  }
  double total() const {
    alignas(64) float bs[kF], bc[kF];
    s.store_aligned(bs);
    c.store_aligned(bc);
    double r = 0.0;
    for (size_t i = 0; i < kF; ++i) r += static_cast<double>(bs[i]) + static_cast<double>(bc[i]);
    return r;
  }
};

// exp(x - m) with neg_m = -m: x - m is split exactly into hi + lo (TwoSum) because rounding it
// to float would cost half an ulp of |x - m| absolute, which exp turns into relative error.
// 0 below exp's float range, for x = -inf, and for NaN (the callers handle NaN rows first).
inline vf shifted_exp(const vf& x, const vf& neg_m) {
  const vf hi = x + neg_m;
  const vf bb = hi - x;
  const vf lo = (x - (hi - bb)) + (neg_m - bb);
  // e * (1 + lo) formed at 2^24 scale (exact either way): e * lo is subnormal for e near 1e-37,
  // and ARMv7 NEON flushes subnormals to zero, which would drop the correction.
  const vf t = ::xsimd::exp(hi) * vf(16777216.0f);
  return ::xsimd::select(hi >= vf(-104.0f), (t * lo + t) * vf(5.9604644775390625e-8f), vf(0.0f));
}

// Double lanes. ARMv7 NEON has none, so there the double paths run one lane at a time on VFP.
#if XSIMD_WITH_NEON && !XSIMD_WITH_NEON64
using vd = double;
constexpr size_t kD = 1;
inline vd load_d(const double* p) { return *p; }
inline vd load_d(const float* p) { return *p; }
inline void store_d(double* p, vd v) { *p = v; }
inline void store_d(float* p, vd v) { *p = static_cast<float>(v); }
inline vd select_d(bool m, vd a, vd b) { return m ? a : b; }
inline double hsum_d(vd v) { return v; }
#else
using vd = ::xsimd::batch<double>;
constexpr size_t kD = vd::size;
inline vd load_d(const double* p) { return vd::load_unaligned(p); }
inline vd load_d(const float* p) { return ::xsimd::load_as<double>(p, ::xsimd::unaligned_mode()); }
inline void store_d(double* p, const vd& v) { v.store_unaligned(p); }
inline void store_d(float* p, const vd& v) { ::xsimd::store_as(p, v, ::xsimd::unaligned_mode()); }
inline vd select_d(const vd::batch_bool_type& m, const vd& a, const vd& b) {
  return ::xsimd::select(m, a, b);
}
inline double hsum_d(const vd& v) { return ::xsimd::hadd(v); }
#endif

// Round to nearest integer, exact for |v| < 2^51 (add/subtract 1.5 * 2^52; no -ffast-math).
inline vd round_d(const vd& v) {
  const vd magic = vd(6755399441055744.0);
  return (v + magic) - magic;
}

}  // namespace xsimd_port
}  // namespace attnkit
