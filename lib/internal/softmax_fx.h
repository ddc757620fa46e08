// SPDX-License-Identifier: Apache-2.0
// Internal: the integer softmax arithmetic (int32 logits -> Q15) that every port reproduces.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/internal/fixed_point.h"

namespace attnkit {
namespace fx {

// softmax_s32_q15 in four integer steps, written so a SIMD port can do the per-element ones
// lane by lane (only u32 x u32 -> u64 products, shifts, adds and compares):
//  1. d = max - x (uint32; INT32_MIN entries are masked).
//  2. u = d * s * log2(e) in Q8.24: (d * r) >> rs with r, rs from the scale (q15_setup).
//     u >= 32 (d > dmax) flushes the element to exactly 0: its weight 2^-u < 2^-32 is below
//     the Q31 resolution, unlike a clamping table it cannot accumulate over long rows.
//  3. e = 2^-u in Q31 (uint32, 1.0 = 2^31): 2^-frac from a 64-entry table times a cubic for
//     the low 18 bits (truncation error < 2^-30 relative), then a rounding shift by int(u).
//  4. Sum S of e in uint64 (exact, order-free); y = round(e * 2^15 / S) through one
//     reciprocal per row (q15_recip), clamped to 32767.

/// 2^(-i/64) in Q31, i = 0..63 (256 bytes).
inline constexpr uint32_t kExp2NegQ31[64] = {
    2147483648u, 2124350982u, 2101467502u, 2078830522u, 2056437387u, 2034285470u, 2012372174u,
    1990694927u, 1969251188u, 1948038440u, 1927054196u, 1906295993u, 1885761398u, 1865448001u,
    1845353420u, 1825475297u, 1805811301u, 1786359126u, 1767116489u, 1748081133u, 1729250827u,
    1710623359u, 1692196547u, 1673968228u, 1655936265u, 1638098541u, 1620452965u, 1602997467u,
    1585730000u, 1568648537u, 1551751076u, 1535035634u, 1518500250u, 1502142985u, 1485961921u,
    1469955159u, 1454120821u, 1438457051u, 1422962010u, 1407633882u, 1392470869u, 1377471191u,
    1362633090u, 1347954824u, 1333434672u, 1319070932u, 1304861917u, 1290805962u, 1276901417u,
    1263146652u, 1249540052u, 1236080024u, 1222764986u, 1209593378u, 1196563654u, 1183674286u,
    1170923762u, 1158310587u, 1145833280u, 1133490379u, 1121280436u, 1109202018u, 1097253708u,
    1085434106u};

constexpr uint32_t kLog2eQ30 = 1549082005u;  // log2(e) * 2^30
constexpr uint32_t kLn2Q31 = 1488522236u;    // ln(2) * 2^31
constexpr uint32_t kSixthQ31 = 357913941u;   // 2^31 / 6
constexpr uint32_t kOneQ31 = 0x80000000u;
constexpr uint32_t kFlushU = 32u << 24;  // u >= 32 (Q8.24): weight < 2^-32, flushed to 0

/// Per-scale constants of step 2.
struct q15_setup {
  uint32_t r;     // s * log2(e) as r * 2^(-rs) in Q8.24 units per logit unit
  int rs;         // 0..63
  uint32_t dmax;  // largest d that is not flushed
};

inline q15_setup q15_make_setup(quant_scale s) {
  q15_setup c{0, 0, 0xFFFFFFFFu};
  if (s.multiplier <= 0) return c;  // scale 0: every visible entry weighs the same
  // r = multiplier * log2(e) (>= 2^30 * 1.44), so u = d * r * 2^(shift - 31 + 24 - 30 + 30).
  c.r = static_cast<uint32_t>(
      (static_cast<uint64_t>(static_cast<uint32_t>(s.multiplier)) * kLog2eQ30) >> 30);
  const int64_t rs = 7 - static_cast<int64_t>(s.shift);
  if (rs < 0) {  // d = 1 already gives u >= 2^31: only the max survives
    c.rs = 0;
    c.dmax = 0;
  } else if (rs > 63) {  // d * r < 2^64: u is 0 for every d
    c.r = 0;
    c.rs = 0;
  } else {
    c.rs = static_cast<int>(rs);
    // Smallest flushed d is ceil(kFlushU * 2^rs / r); above 2^32 nothing flushes.
    if (rs < 35) {
      const uint64_t num = static_cast<uint64_t>(kFlushU) << rs;
      const uint64_t dcap = (num + c.r - 1) / c.r;
      if (dcap <= 0xFFFFFFFFull) c.dmax = static_cast<uint32_t>(dcap - 1);
    }
  }
  return c;
}

/// round(a * b / 2^31) for a, b <= 2^31.
inline uint32_t mul_q31(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>((static_cast<uint64_t>(a) * b + (1u << 30)) >> 31);
}

/// 2^(-u / 2^24) in Q31 for u < kFlushU.
inline uint32_t exp2neg_q31(uint32_t u) {
  const uint32_t k = u >> 24;
  const uint32_t hi = (u >> 18) & 63u;
  const uint32_t lo = u & 0x3FFFFu;  // < 2^-6 in Q0.24
  const uint32_t t =
      static_cast<uint32_t>((static_cast<uint64_t>(lo) * kLn2Q31 + (1u << 23)) >> 24);
  // 2^-lo = e^-t = 1 - t(1 - t(1/2 - t/6)), t < 0.011, Horner in Q31 (all terms positive).
  const uint32_t a = (kOneQ31 >> 1) - mul_q31(kSixthQ31, t);
  const uint32_t b = kOneQ31 - mul_q31(a, t);
  const uint32_t p = kOneQ31 - mul_q31(b, t);
  const uint32_t g = mul_q31(kExp2NegQ31[hi], p);  // <= 2^31
  // Rounding shift by k in [0, 31]: ((2g >> k) + 1) >> 1 == round(g / 2^k).
  return static_cast<uint32_t>((((static_cast<uint64_t>(g) << 1) >> k) + 1) >> 1);
}

/// Steps 1-3 for one element given the row max.
inline uint32_t q15_weight(int32_t x, int32_t mx, const q15_setup& c) {
  if (x == INT32_MIN) return 0;
  const uint32_t d = static_cast<uint32_t>(mx) - static_cast<uint32_t>(x);
  if (d > c.dmax) return 0;
  const uint32_t u = static_cast<uint32_t>((static_cast<uint64_t>(d) * c.r) >> c.rs);
  return exp2neg_q31(u);
}

/// Step 4's reciprocal: y = (e * rq + 2^(s-1)) >> s approximates e * 2^15 / sum.
struct q15_recip {
  uint32_t rq;  // in [2^31, 2^32)
  int s;        // 48..79; s > 63 means every output is 0
};

inline q15_recip q15_make_recip(uint64_t sum) {  // sum >= 2^31 (the max weighs 2^31)
  const int z = clz64(sum);
  const uint32_t hi = static_cast<uint32_t>((sum << z) >> 32);  // in [2^31, 2^32)
  q15_recip r;
  r.rq = static_cast<uint32_t>(((uint64_t{1} << 63) - 1) / hi);
  r.s = 80 - z;
  return r;
}

inline int16_t q15_output(uint32_t e, const q15_recip& r) {
  if (r.s > 63) return 0;
  const uint64_t y = (static_cast<uint64_t>(e) * r.rq + (uint64_t{1} << (r.s - 1))) >> r.s;
  return static_cast<int16_t>(y > 32767u ? 32767u : y);
}

// ---- softmax_s8: TFLite's int8 reference (gemmlowp fixed point), defined on every row ----
// Integer bits of the scaled difference (Q5.26) and of the sum of exponentials (Q12.19), as
// TFLite's kScaledDiffIntegerBits / kAccumulationIntegerBits.
constexpr int kS8DiffIntBits = 5;
constexpr int kS8AccumIntBits = 12;

/// gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl (Q0.31 in and out).
inline int32_t gl_exp_quarter(int32_t a) {
  const int32_t k_exp_m1_8 = 1895147668;  // exp(-1/8)
  const int32_t k_1_3 = 715827883;        // 1/3
  const int32_t x = a + (1 << 28);        // Taylor expansion around -1/8
  const int32_t x2 = srdhm(x, x);
  const int32_t x3 = srdhm(x2, x);
  const int32_t x4 = srdhm(x2, x2);
  const int32_t x4_over_4 = rdbpot(x4, 2);
  const int32_t poly = rdbpot(srdhm(x4_over_4 + x3, k_1_3) + x2, 1);
  return k_exp_m1_8 + srdhm(k_exp_m1_8, x + poly);
}

/// gemmlowp exp_on_negative_values for Q5.26 input a <= 0; Q0.31 result.
inline int32_t gl_exp_neg_q5_26(int32_t a) {
  const int32_t quarter = 1 << 24;
  const int32_t amq = (a & (quarter - 1)) - quarter;  // a mod 1/4, minus 1/4: in [-1/4, 0)
  int32_t r = gl_exp_quarter(sat_shl(amq, kS8DiffIntBits));
  const int32_t rem = amq - a;  // multiple of 1/4: the barrel-shifter bits
  constexpr int32_t kMul[7] = {1672461947, 1302514674, 790015084, 290630308,
                               39332535,   720401,     242};  // exp(-2^k), k = -2..4
  for (int k = 0; k < 7; ++k)
    if (rem & (int32_t{1} << (24 + k))) r = srdhm(r, kMul[k]);
  return a == 0 ? INT32_MAX : r;
}

/// gemmlowp one_over_one_plus_x_for_x_in_0_1 (Q0.31 in and out), 3 Newton-Raphson steps.
inline int32_t gl_one_over_one_plus_x(int32_t a) {
  const int64_t sum = static_cast<int64_t>(a) + INT32_MAX;  // RoundingHalfSum(a, 1)
  const int64_t t = sum + (sum >= 0 ? 1 : -1);
  const int32_t half_den = static_cast<int32_t>((t + (t < 0 ? 1 : 0)) >> 1);  // t / 2
  int32_t x = 1515870810 + srdhm(half_den, -1010580540);  // 48/17 - 32/17 d, Q2.29
  for (int i = 0; i < 3; ++i) {
    const int32_t one_minus = (1 << 29) - srdhm(half_den, x);
    x = x + sat_shl(srdhm(x, one_minus), 2);
  }
  return sat_shl(x, 1);
}

/// TFLite's per-element exponential for softmax_s8: exp of the scaled difference in Q0.31,
/// or -1 when diff < diff_min (the element is skipped: output -128).
inline int32_t s8_exp(int32_t diff, int32_t multiplier, int32_t left_shift, int32_t diff_min) {
  if (diff < diff_min) return -1;
  // diff >= diff_min keeps diff * 2^left_shift inside int32 (TFLite's CalculateInputRadius);
  // saturating anyway, so inconsistent parameters stay defined.
  return gl_exp_neg_q5_26(srdhm(sat_shl(diff, left_shift), multiplier));
}

/// Reciprocal of the row sum and the output shift (TFLite GetReciprocal). The sum is kept in
/// 64 bits: below 2^31 (a real sum < 4096) this is TFLite bit for bit; above, the extra bits
/// only raise the shift (TFLite's int32 sum would overflow there).
struct s8_recip {
  int32_t scale;  // Q0.31
  int exponent;   // output = rdbpot(srdhm(scale, e), exponent); > 31 means 0
};

inline s8_recip s8_make_recip(int64_t sum) {  // sum >= 2^19 (the max contributes 1.0)
  int extra = 0;
  while (sum > INT32_MAX) {
    sum >>= 1;
    ++extra;
  }
  const int32_t s = static_cast<int32_t>(sum);
  const int hp1 = clz32(static_cast<uint32_t>(s));
  const int32_t shifted_minus_one =
      static_cast<int32_t>((static_cast<uint32_t>(s) << hp1) - (uint32_t{1} << 31));
  s8_recip r;
  r.scale = gl_one_over_one_plus_x(shifted_minus_one);
  r.exponent = kS8AccumIntBits - hp1 + extra + 31 - 8;  // num_bits_over_unit + 23
  return r;
}

inline int8_t s8_output(int32_t e, const s8_recip& r) {
  if (e < 0) return -128;
  // Exponents above 31 happen once the sum reaches 512 (TFLite aborts, CMSIS-NN shifts out of
  // range): the product is < 2^31, so the correctly rounded quotient is 0.
  const int32_t unsat = rdbpot(srdhm(r.scale, e), r.exponent);
  return sat_s8(unsat - 128);
}

}  // namespace fx
}  // namespace attnkit
