// SPDX-License-Identifier: Apache-2.0
// Test support: the error metrics every test states its tolerance in. Header-only, no heap:
// unit tests, fuzz targets and the Cortex-M firmware use the same definitions.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>

namespace testing_support {

/// float's unit roundoff 2^-24 (half an ulp of 1) and machine epsilon 2^-23.
constexpr double kFloatU = 1.0 / 16777216.0;
constexpr double kFloatEps = 1.0 / 8388608.0;
/// Below this a float result is (nearly) subnormal and carries no relative precision.
constexpr double kTinyFloat = 1e-37;

// Conventions shared by every metric (elements of any arithmetic type, compared in double):
// - exact agreement is error 0: equal values, equal infinities, and NaN against NaN;
// - NaN on one side only is error +inf, and so is any difference where the metric's
//   denominator is 0 (a zero scale demands an exact result);
// - `at`, when given, receives the index of the largest error (0 when every error is 0).

/// |got - want| / scale under the conventions above.
inline double scaled_diff(double got, double want, double scale) {
  if (got == want || (std::isnan(got) && std::isnan(want))) return 0.0;
  const double d = std::fabs(got - want);
  if (std::isnan(d) || scale == 0.0) return std::numeric_limits<double>::infinity();
  return d / scale;
}

namespace detail {
struct worst {
  double e = 0.0;
  size_t at = 0;
  void add(double err, size_t i) {
    if (err > e || (std::isnan(err) && !std::isnan(e))) e = err, at = i;
  }
  double done(size_t* out) const {
    if (out) *out = at;
    return e;
  }
};
template <class T>
double d(T v) {
  return static_cast<double>(v);
}
}  // namespace detail

/// max_i |got_i - want_i|.
template <class G, class W>
double max_abs_error(const G* got, const W* want, size_t n, size_t* at = nullptr) {
  detail::worst w;
  for (size_t i = 0; i < n; ++i) w.add(scaled_diff(detail::d(got[i]), detail::d(want[i]), 1.0), i);
  return w.done(at);
}

/// max_i |got_i - want_i| / scale_i: the error in units of a per-element bound (<= 1 passes
/// when scale holds the bound). scale_i = 0 demands an exact result; +inf skips the element.
template <class G, class W, class S>
double max_scaled_error(const G* got, const W* want, const S* scale, size_t n,
                        size_t* at = nullptr) {
  detail::worst w;
  for (size_t i = 0; i < n; ++i) {
    const double s = detail::d(scale[i]);
    if (std::isinf(s)) continue;
    w.add(scaled_diff(detail::d(got[i]), detail::d(want[i]), s), i);
  }
  return w.done(at);
}

/// max_i |got_i - want_i| / max(|want_i|, floor): relative per element, with the denominator
/// floored for tiny wants; a zero want demands an exact zero (masked softmax weights).
template <class G, class W>
double max_rel_error(const G* got, const W* want, size_t n, double floor = 0.0,
                     size_t* at = nullptr) {
  detail::worst w;
  for (size_t i = 0; i < n; ++i) {
    const double wi = detail::d(want[i]);
    w.add(scaled_diff(detail::d(got[i]), wi, wi == 0.0 ? 0.0 : std::fmax(std::fabs(wi), floor)), i);
  }
  return w.done(at);
}

/// Relative per element where |want_i| >= tiny; a zero want demands an exact zero; elements
/// with 0 < |want_i| < tiny (subnormal float results: no relative precision) are not measured.
template <class G, class W>
double max_rel_error_above(const G* got, const W* want, size_t n, double tiny,
                           size_t* at = nullptr) {
  detail::worst w;
  for (size_t i = 0; i < n; ++i) {
    const double wi = detail::d(want[i]);
    if (wi != 0.0 && std::fabs(wi) < tiny) continue;
    w.add(scaled_diff(detail::d(got[i]), wi, std::fabs(wi)), i);
  }
  return w.done(at);
}

/// max_i |x_i| (NaN ignored).
template <class T>
double max_magnitude(const T* x, size_t n) {
  double m = 0.0;
  for (size_t i = 0; i < n; ++i) m = std::fmax(m, std::fabs(detail::d(x[i])));
  return m;
}

/// max_i |got_i - want_i| / max_i |want_i|: the error relative to the output's magnitude.
template <class G, class W>
double rel_to_max_error(const G* got, const W* want, size_t n, size_t* at = nullptr) {
  const double m = max_magnitude(want, n);
  detail::worst w;
  for (size_t i = 0; i < n; ++i) w.add(scaled_diff(detail::d(got[i]), detail::d(want[i]), m), i);
  return w.done(at);
}

/// Relative L2 error sqrt(sum (got - want)^2 / sum want^2) (the absolute L2 norm when want is
/// all zeros); NaN anywhere gives NaN.
template <class G, class W>
double rel_l2_error(const G* got, const W* want, size_t n) {
  double num = 0.0, den = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double g = detail::d(got[i]), w = detail::d(want[i]);
    num += (g - w) * (g - w);
    den += w * w;
  }
  return den > 0.0 ? std::sqrt(num / den) : std::sqrt(num);
}

/// Distance in units in the last place between two floats: how many representable floats lie
/// between them (0 for equal values and for +0 / -0; UINT32_MAX if either is NaN).
inline uint32_t ulp_distance(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b) ? 0 : UINT32_MAX;
  int32_t ia, ib;
  std::memcpy(&ia, &a, sizeof ia);
  std::memcpy(&ib, &b, sizeof ib);
  // Map the sign-magnitude bit patterns onto a monotonic integer line (-0 and +0 meet at 0).
  const int64_t la = ia < 0 ? -static_cast<int64_t>(ia & 0x7FFFFFFF) : ia;
  const int64_t lb = ib < 0 ? -static_cast<int64_t>(ib & 0x7FFFFFFF) : ib;
  const int64_t d = la > lb ? la - lb : lb - la;
  return d > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(d);
}

/// max_i ulp_distance(got_i, want_i).
inline uint32_t max_ulp_error(const float* got, const float* want, size_t n, size_t* at = nullptr) {
  uint32_t e = 0;
  size_t where = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t u = ulp_distance(got[i], want[i]);
    if (u > e) e = u, where = i;
  }
  if (at) *at = where;
  return e;
}

/// Index of the first element whose bytes differ, or n when all n are identical (the check of
/// every integer kernel and golden vector; floats compare by bit pattern: -0 != +0, NaN == NaN
/// only for the same payload).
template <class T>
size_t first_mismatch(const T* a, const T* b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (std::memcmp(a + i, b + i, sizeof(T)) != 0) return i;
  return n;
}

}  // namespace testing_support
