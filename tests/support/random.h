// SPDX-License-Identifier: Apache-2.0
// Test support: the one seeded generator of every test (unit, fuzz replay, golden, Cortex-M).
// Header-only, no heap, no <random>: the same numbers on every compiler and target.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"

namespace testing_support {

/// splitmix64 (Steele, Lea, Flood 2014): a fully specified generator. The golden vectors
/// (tests/golden/golden_cases.h, tests/cortex-m/golden.cc) are made from next(), s8(), range()
/// and scale(): changing any of the four changes data/golden/*.bin.
/// Also a UniformRandomBitGenerator (std::shuffle works with it).
class rng {
 public:
  using result_type = uint64_t;
  explicit constexpr rng(uint64_t seed = 0) : s_(seed) {}

  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t operator()() { return next(); }
  static constexpr uint64_t min() { return 0; }
  static constexpr uint64_t max() { return ~uint64_t{0}; }

  // ---- Golden-vector draws (keep bit for bit).
  /// Bell-shaped int8 in [-127, 127]: sum of four bytes, centred and halved.
  int8_t s8() {
    const uint64_t v = next();
    int s = 0;
    for (int i = 0; i < 4; ++i) s += static_cast<int>((v >> (8 * i)) & 0xFF);
    s = (s - 510) / 2;
    return static_cast<int8_t>(s > 127 ? 127 : s < -127 ? -127 : s);
  }
  /// Integer in [lo, hi], any lo <= hi (modulo: a bias of (hi - lo) / 2^64, irrelevant here).
  int32_t range(int32_t lo, int32_t hi) {
    const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo);
    return static_cast<int32_t>(lo + static_cast<int64_t>(next() % (span + 1)));
  }
  /// A normalised quant_scale: multiplier in [2^30, 2^31), shift in [shift_lo, shift_hi].
  attnkit::quant_scale scale(int32_t shift_lo, int32_t shift_hi) {
    return attnkit::quant_scale{range(1 << 30, 0x7FFFFFFF), range(shift_lo, shift_hi)};
  }

  // ---- General draws.
  uint32_t u32() { return static_cast<uint32_t>(next() >> 32); }
  /// Integer in [0, n) for n > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  /// 64-bit integer in [lo, hi] (any range, including the whole of int64).
  int64_t range64(int64_t lo, int64_t hi) {
    const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
    const uint64_t off = span == ~uint64_t{0} ? next() : next() % (span + 1);
    return static_cast<int64_t>(static_cast<uint64_t>(lo) + off);
  }
  /// Any int32 (every bit pattern equally likely).
  int32_t any_i32() { return static_cast<int32_t>(u32()); }
  /// Uniform int8 over the whole range [-128, 127].
  int8_t any_s8() { return static_cast<int8_t>(next() >> 56); }
  /// True with probability 1/n.
  bool one_in(uint64_t n) { return below(n) == 0; }

  /// Uniform in [0, 1), 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  float uniform_f32(float lo, float hi) {
    return static_cast<float>(uniform(static_cast<double>(lo), static_cast<double>(hi)));
  }
  /// Standard normal (Box-Muller; the second value of a pair is kept for the next call).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double a = 6.283185307179586 * uniform();
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }
  double normal(double mean, double sd) { return mean + sd * normal(); }
  float normal_f32(float sd = 1.0f, float mean = 0.0f) {
    return static_cast<float>(normal(static_cast<double>(mean), static_cast<double>(sd)));
  }

 private:
  uint64_t s_;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

// ---- Edge-heavy draws for the integer kernels (saturation, INT32_MIN, shifts beyond 31).

/// One time in four a special value (INT32_MIN, INT32_MAX, +-1, 0, +-2^30), one in four any
/// int32, otherwise a small value in [-70000, 70000].
inline int32_t extreme_i32(rng& r) {
  static constexpr int32_t kSpecial[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX, -1, 0,
                                         1,         1 << 30,       -(1 << 30)};
  switch (r.below(4)) {
    case 0:
      return kSpecial[r.below(8)];
    case 1:
      return r.any_i32();
    default:
      return r.range(-70000, 70000);
  }
}
/// Any quant_scale a port may be handed: multipliers INT32_MIN, INT32_MAX, 0 and normalised
/// ones, shifts in [-45, 44].
inline attnkit::quant_scale extreme_scale(rng& r) {
  attnkit::quant_scale q;
  const uint64_t k = r.below(8);
  q.multiplier = k == 0 ? INT32_MIN : k == 1 ? INT32_MAX : k == 2 ? 0 : r.range(1 << 30, INT32_MAX);
  q.shift = r.range(-45, 44);
  return q;
}

// ---- Fills (pointer and count, so firmware tests can use static buffers).

/// N(mean, sd^2) floats.
inline void fill_normal(float* p, size_t n, rng& r, float sd = 1.0f, float mean = 0.0f) {
  for (size_t i = 0; i < n; ++i) p[i] = r.normal_f32(sd, mean);
}
/// Uniform floats in [lo, hi).
inline void fill_uniform(float* p, size_t n, rng& r, float lo, float hi) {
  for (size_t i = 0; i < n; ++i) p[i] = r.uniform_f32(lo, hi);
}
/// Uniform int8 over [-128, 127].
inline void fill_s8(int8_t* p, size_t n, rng& r) {
  for (size_t i = 0; i < n; ++i) p[i] = r.any_s8();
}
/// extreme_i32() values.
inline void fill_extreme_i32(int32_t* p, size_t n, rng& r) {
  for (size_t i = 0; i < n; ++i) p[i] = extreme_i32(r);
}
/// Integers in [lo, hi] of any integer type that holds them.
template <class T>
inline void fill_range(T* p, size_t n, rng& r, int64_t lo, int64_t hi) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<T>(r.range64(lo, hi));
}

}  // namespace testing_support
