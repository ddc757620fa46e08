// SPDX-License-Identifier: Apache-2.0
// Integer rounding and requantisation primitives shared by every port (header-only, no float).
#pragma once
#include <cstdint>

#include "attnkit/quant.h"

namespace attnkit {
namespace fx {

// All functions here are exact integer arithmetic with fully defined results for every input
// (no UB, no float), so a port that calls them, or reproduces them lane by lane, gives the
// same bits as the scalar reference. Right shifts of negative values are arithmetic (GCC and
// Clang guarantee it; C++20 requires it).

/// gemmlowp SaturatingRoundingDoublingHighMul: floor(a * b / 2^31 + 1/2) (ties upward);
/// the one overflowing case, INT32_MIN * INT32_MIN, saturates to INT32_MAX (ARM SQRDMULH).
inline int32_t srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : 1 - (int64_t{1} << 30);
  const int64_t t = ab + nudge;
  // t / 2^31 truncating toward zero, without a 64-bit division call on 32-bit cores.
  return static_cast<int32_t>((t + (t < 0 ? (int64_t{1} << 31) - 1 : 0)) >> 31);
}

/// gemmlowp RoundingDivideByPOT: round(x / 2^e), ties away from zero, for e in [0, 31];
/// e < 0 is treated as 0 and e > 31 gives 0 (|x| / 2^32 <= 1/2).
inline int32_t rdbpot(int32_t x, int e) {
  if (e <= 0) return x;
  if (e > 31) return 0;
  const int32_t mask = static_cast<int32_t>((uint32_t{1} << e) - 1u);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> e) + (remainder > threshold ? 1 : 0);
}

/// x * 2^e saturated to int32, e >= 0 (gemmlowp SaturatingRoundingMultiplyByPOT, e > 0).
inline int32_t sat_shl(int32_t x, int e) {
  if (e <= 0 || x == 0) return x;
  if (e > 31) return x > 0 ? INT32_MAX : INT32_MIN;
  const int64_t v = static_cast<int64_t>(x) * (int64_t{1} << e);
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : static_cast<int32_t>(v);
}

/// Saturating int32 addition.
inline int32_t sat_add(int32_t a, int32_t b) {
  const int64_t s = static_cast<int64_t>(a) + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : static_cast<int32_t>(s);
}

/// TFLite MultiplyByQuantizedMultiplier: round(v * multiplier * 2^(shift - 31)), saturating.
/// shift <= 0: rdbpot(srdhm(v, multiplier), -shift) exactly as TFLite (two roundings).
/// shift > 0: TFLite's srdhm(v << shift, multiplier), computed in 64 bits so that a left shift
/// TFLite would overflow (undefined there) saturates the result instead of the operand.
/// shift > 31: the exact integer v * multiplier * 2^(shift - 31), saturated. With a normalised
/// multiplier (>= 2^30, as every helper here makes) any non-zero v saturates; the SIMD ports
/// only ever see normalised scales.
inline int32_t requantize(int32_t v, int32_t multiplier, int32_t shift) {
  if (shift <= 0) return rdbpot(srdhm(v, multiplier), shift < -32 ? 32 : -shift);
  const int64_t p = static_cast<int64_t>(v) * multiplier;  // |p| <= 2^62
  int64_t r;
  if (shift > 31) {
    const int e = shift - 31;  // found by fixed_fuzz: {1, 37} is 64, not saturation
    if (e >= 32 || p > (int64_t{INT32_MAX} >> e) || p < -(int64_t{1} << (31 - e)))
      r = p > 0 ? INT64_MAX : p < 0 ? INT64_MIN : 0;
    else
      r = p * (int64_t{1} << e);
  } else {
    const int e = 31 - shift;  // floor(p / 2^e + 1/2): srdhm's rounding
    r = (p + (e > 0 ? int64_t{1} << (e - 1) : 0)) >> e;
  }
  return r > INT32_MAX ? INT32_MAX : r < INT32_MIN ? INT32_MIN : static_cast<int32_t>(r);
}
inline int32_t requantize(int32_t v, quant_scale s) { return requantize(v, s.multiplier, s.shift); }

/// Clamp to int8 / int16.
inline int8_t sat_s8(int32_t v) { return static_cast<int8_t>(v > 127 ? 127 : v < -128 ? -128 : v); }
inline int16_t sat_s16(int32_t v) {
  return static_cast<int16_t>(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/// Count of leading zero bits (32 for 0 / 64 for 0).
inline int clz32(uint32_t x) { return x == 0 ? 32 : __builtin_clz(x); }
inline int clz64(uint64_t x) { return x == 0 ? 64 : __builtin_clzll(x); }

/// Shift arithmetic on caller-supplied scales is clamped to +-2^24, so no shift sum can
/// overflow int32 (found by tests/fuzz/fixed_fuzz.cc). Beyond +-64 every factor already
/// saturates or vanishes in requantize, so clamping changes no result.
constexpr int32_t kMaxShift = 1 << 24;
inline int32_t clamp_shift(int64_t s) {
  return s > kMaxShift ? kMaxShift : s < -kMaxShift ? -kMaxShift : static_cast<int32_t>(s);
}

/// Product of two scales (a * b) as one quant_scale, multiplier renormalised to [2^30, 2^31)
/// when both inputs are normalised. Exact up to one rounding of the Q31 product.
inline quant_scale mul_scales(quant_scale a, quant_scale b) {
  quant_scale r{};
  if (a.multiplier <= 0 || b.multiplier <= 0) return r;
  const int64_t p = static_cast<int64_t>(a.multiplier) * b.multiplier;  // < 2^62
  // Pick the rounding shift that leaves the multiplier in [2^30, 2^31].
  const int top = 63 - clz64(static_cast<uint64_t>(p));  // index of the highest set bit
  const int sh = top - 30;                               // >= 0 for normalised inputs
  int64_t m = sh > 0 ? (p + (int64_t{1} << (sh - 1))) >> sh : p << -sh;
  int64_t s = int64_t{a.shift} + b.shift + sh - 31;
  if (m >= (int64_t{1} << 31)) {  // rounding carried into bit 31
    m >>= 1;
    ++s;
  }
  r.multiplier = static_cast<int32_t>(m);
  r.shift = clamp_shift(s);
  return r;
}

/// Same value with the multiplier moved into [2^30, 2^31) (0 stays {0, 0}).
inline quant_scale normalise(quant_scale a) {
  if (a.multiplier <= 0) return quant_scale{};
  const int sh = clz32(static_cast<uint32_t>(a.multiplier)) - 1;
  a.multiplier = static_cast<int32_t>(static_cast<uint32_t>(a.multiplier) << sh);
  a.shift = clamp_shift(int64_t{a.shift} - sh);
  return a;
}

/// value(a) < value(b) for non-negative scales.
inline bool scale_less(quant_scale a, quant_scale b) {
  a = normalise(a);
  b = normalise(b);
  if (b.multiplier == 0) return false;
  if (a.multiplier == 0) return true;
  return a.shift != b.shift ? a.shift < b.shift : a.multiplier < b.multiplier;
}

/// num / den as a normalised quant_scale, rounded to nearest; 0 < num, den < 2^32.
inline quant_scale ratio_scale(uint64_t num, uint64_t den) {
  if (num == 0 || den == 0) return quant_scale{};
  const int la = 64 - clz64(num), lb = 64 - clz64(den);
  const uint64_t a = num << (32 - la), b = den << (32 - lb);  // both in [2^31, 2^32)
  uint64_t q = ((a << 31) + b / 2) / b;                       // in (2^30, 2^32)
  int32_t sh = la - lb;
  if (q >= (uint64_t{1} << 31)) {
    q = (q + 1) >> 1;
    ++sh;
    if (q >= (uint64_t{1} << 31)) q = (uint64_t{1} << 31) - 1;  // rounding edge; keeps int32
  }
  quant_scale r;
  r.multiplier = static_cast<int32_t>(q);
  r.shift = sh;
  return r;
}

/// a / b (b non-zero), normalised.
inline quant_scale div_scales(quant_scale a, quant_scale b) {
  a = normalise(a);
  b = normalise(b);
  if (a.multiplier == 0 || b.multiplier == 0) return quant_scale{};
  quant_scale r =
      ratio_scale(static_cast<uint64_t>(a.multiplier), static_cast<uint64_t>(b.multiplier));
  r.shift = clamp_shift(int64_t{r.shift} + a.shift - b.shift);
  return r;
}

/// High 64 bits of a 64 x 64-bit product from four 32-bit products (32-bit cores).
inline uint64_t mulhi64_limbs(uint64_t a, uint64_t b) {
  const uint64_t a0 = static_cast<uint32_t>(a), a1 = a >> 32;
  const uint64_t b0 = static_cast<uint32_t>(b), b1 = b >> 32;
  const uint64_t p01 = a0 * b1, p10 = a1 * b0;
  const uint64_t mid = ((a0 * b0) >> 32) + static_cast<uint32_t>(p01) + static_cast<uint32_t>(p10);
  return a1 * b1 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/// High 64 bits of a 64 x 64-bit product (exact either way).
inline uint64_t mulhi64(uint64_t a, uint64_t b) {
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 u128;
  return static_cast<uint64_t>((static_cast<u128>(a) * b) >> 64);
#else
  return mulhi64_limbs(a, b);
#endif
}

/// A fixed denominator for div_scales: one 64-bit division when it is made, then a multiply
/// and at most two corrections per quotient (cores without a 64-bit divider; per-tile ratios
/// recomputed many times). div_scales(a, make_divisor(b)) has div_scales(a, b)'s bits.
struct scale_divisor {
  int32_t multiplier = 0;  // b normalised; 0: b is 0
  int32_t shift = 0;
  uint64_t inv = 0;  // floor((2^64 - 1) / (2 multiplier))
};

inline scale_divisor make_divisor(quant_scale b) {
  b = normalise(b);
  scale_divisor d;
  if (b.multiplier == 0) return d;
  d.multiplier = b.multiplier;
  d.shift = b.shift;
  d.inv = ~uint64_t{0} / (static_cast<uint64_t>(b.multiplier) << 1);
  return d;
}

/// a / b through the divisor: ratio_scale's quotient round((a << 32) / (2 b)) for normalised
/// multipliers, computed as floor(N inv / 2^64) (at most 2 below the true quotient) + fix-up.
inline quant_scale div_scales(quant_scale a, const scale_divisor& d) {
  a = normalise(a);
  if (a.multiplier == 0 || d.multiplier == 0) return quant_scale{};
  const uint64_t den = static_cast<uint64_t>(d.multiplier) << 1;  // in [2^31, 2^32)
  const uint64_t num =
      (static_cast<uint64_t>(a.multiplier) << 32) + static_cast<uint64_t>(d.multiplier);
  uint64_t q = mulhi64(num, d.inv), r = num - q * den;
  while (r >= den) ++q, r -= den;
  int32_t sh = 0;
  if (q >= (uint64_t{1} << 31)) {  // as ratio_scale
    q = (q + 1) >> 1;
    ++sh;
    if (q >= (uint64_t{1} << 31)) q = (uint64_t{1} << 31) - 1;
  }
  quant_scale out;
  out.multiplier = static_cast<int32_t>(q);
  out.shift = clamp_shift(int64_t{sh} + a.shift - d.shift);
  return out;
}

/// floor(sqrt(x)), exact.
inline uint64_t isqrt64(uint64_t x) {
  uint64_t r = 0, bit = uint64_t{1} << 62;
  while (bit > x) bit >>= 2;
  while (bit != 0) {
    if (x >= r + bit) {
      x -= r + bit;
      r = (r >> 1) + bit;
    } else {
      r >>= 1;
    }
    bit >>= 2;
  }
  return r;
}

/// 1 / sqrt(n) for 0 < n < 2^32, relative error < 2^-30.
inline quant_scale inv_sqrt_scale(uint64_t n) {
  if (n == 0) return quant_scale{};
  int e = 0;
  while (n < (uint64_t{1} << 30)) {  // n * 4^e in [2^30, 2^32): sqrt keeps 31+ bits
    n <<= 2;
    ++e;
  }
  const uint64_t s = isqrt64(n << 32);  // sqrt(n) * 2^16, in [2^31, 2^32)
  quant_scale r = ratio_scale(1, s);
  r.shift += 16 + e;
  return r;
}

}  // namespace fx
}  // namespace attnkit
