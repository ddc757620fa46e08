// SPDX-License-Identifier: Apache-2.0
// Internal: integer sinusoidal encodings in Q15 (frequencies and sin/cos) that every port
// reproduces bit for bit.
#pragma once
#include <cstddef>
#include <cstdint>

#include "lib/internal/fixed_point.h"

namespace attnkit {
namespace fx {

// PE(pos, j) for column pair j = 2i is sin/cos(2 pi * theta) with theta = pos * F_j / 2^64
// turns, F_j = 2^64 * base^(-j/d) / (2 pi) computed once per column in 64-bit integers
// (log2 and exp2 by binary digits from one 384-byte table). The phase pos * F_j mod 2^64 is
// exact, so the error does not grow with pos; only its top 32 bits feed the sine (2^-32 turn
// = 1.5e-9 rad). sin/cos come from Taylor polynomials on one octant (no table), error
// < 4e-7, i.e. 0.013 LSB of Q15, so the result is within 1 LSB of the rounded exact value.

/// 2^(-2^-b) in Q0.64, b = 1..48 (384 bytes).
inline constexpr uint64_t kExp2NegPow2[48] = {
    0xb504f333f9de6484ull, 0xd744fccad69d6af4ull, 0xeac0c6e7dd24392full, 0xf5257d152486cc2cull,
    0xfa83b2db722a033aull, 0xfd3e0c0cf486c175ull, 0xfe9e115c7b8f884cull, 0xff4ecb59511ec8a5ull,
    0xffa756521c8daed2ull, 0xffd3a751c0f7e10cull, 0xffe9d2b2f7db2756ull, 0xfff4e91bff1b8c3eull,
    0xfffa747ea0040664ull, 0xfffd3a3b7814eb54ull, 0xfffe9d1cc60ddab1ull, 0xffff4e8e25879bfaull,
    0xffffa7470363f451ull, 0xffffd3a37dda0313ull, 0xffffe9d1bdf703afull, 0xfffff4e8debe025eull,
    0xfffffa746f4fa150ull, 0xfffffd3a37a3f8b0ull, 0xfffffe9d1bd1065aull, 0xffffff4e8de845aeull,
    0xffffffa746f41377ull, 0xffffffd3a37a05e4ull, 0xffffffe9d1bd01fcull, 0xfffffff4e8de80c0ull,
    0xfffffffa746f4051ull, 0xfffffffd3a37a025ull, 0xfffffffe9d1bd011ull, 0xffffffff4e8de808ull,
    0xffffffffa746f404ull, 0xffffffffd3a37a02ull, 0xffffffffe9d1bd01ull, 0xfffffffff4e8de81ull,
    0xfffffffffa746f40ull, 0xfffffffffd3a37a0ull, 0xfffffffffe9d1bd0ull, 0xffffffffff4e8de8ull,
    0xffffffffffa746f4ull, 0xffffffffffd3a37aull, 0xffffffffffe9d1bdull, 0xfffffffffff4e8dfull,
    0xfffffffffffa746full, 0xfffffffffffd3a38ull, 0xfffffffffffe9d1cull, 0xffffffffffff4e8eull};

constexpr int kPeFracBits = 48;
constexpr uint64_t kTwoPow65Over2Pi = 0x517cc1b727220a95ull;  // 2^65 / (2 pi)
constexpr uint32_t kPiQ29 = 1686629713u;                      // pi * 2^29

/// log2(base) in Q.48 for base >= 2.
inline uint64_t pe_log2_q48(uint32_t base) {
  const int k = 31 - clz32(base);
  uint64_t m = static_cast<uint64_t>(base) << (63 - k);  // mantissa in [1, 2), Q1.63
  uint64_t frac = 0;
  for (int b = 1; b <= kPeFracBits; ++b) {
    const uint64_t t = mulhi64(m, kExp2NegPow2[b - 1]);
    if (t >= (uint64_t{1} << 63)) {  // m * 2^(-2^-b) >= 1: that binary digit is set
      m = t;
      frac |= uint64_t{1} << (kPeFracBits - b);
    }
  }
  return (static_cast<uint64_t>(k) << kPeFracBits) | frac;
}

/// F_j = 2^64 * base^(-j/d) / (2 pi) for 0 <= j < d <= 2^31, given log2(base) in Q.48.
inline uint64_t pe_freq(uint64_t j, uint64_t d, uint64_t log2_base) {
  // e = j * log2_base / d without overflow: j * (q * d + r) / d = j * q + j * r / d.
  const uint64_t q = log2_base / d, r = log2_base % d;
  const uint64_t e = j * q + (j * r) / d;  // < 32 in Q.48
  const int n = static_cast<int>(e >> kPeFracBits);
  uint64_t v = uint64_t{1} << 63;  // 2^-frac in Q1.63
  for (int b = 1; b <= kPeFracBits; ++b)
    if ((e >> (kPeFracBits - b)) & 1u) v = mulhi64(v, kExp2NegPow2[b - 1]);
  return mulhi64(v, kTwoPow65Over2Pi) >> n;
}

/// Top 32 bits of the phase pos * F mod 2^64 (turns in Q0.32).
inline uint32_t pe_phase(uint32_t pos, uint64_t f) {
  return static_cast<uint32_t>((static_cast<uint64_t>(pos) * f) >> 32);  // wraps mod 2^64
}

constexpr uint32_t kQ31One = 0x80000000u;

inline uint32_t pe_mul_q31(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>((static_cast<uint64_t>(a) * b + (1u << 30)) >> 31);
}

/// Q31 magnitude -> Q15, rounded to nearest (ties away from zero), sign applied, +1 clamped.
inline int16_t pe_to_q15(uint32_t v, bool neg) {
  const int32_t m = static_cast<int32_t>((v + (1u << 15)) >> 16);  // <= 32768
  return static_cast<int16_t>(neg ? -m : (m > 32767 ? 32767 : m));
}

/// sin and cos of 2 pi * theta / 2^32 in Q15.
inline void pe_sincos_q15(uint32_t theta, int16_t* s, int16_t* c) {
  const uint32_t o = theta >> 29;         // octant
  uint32_t r = theta & ((1u << 29) - 1);  // position inside it
  if (o & 1u) r = (1u << 29) - r;         // odd octants mirror: angle = k pi/4 - x
  const uint32_t x = static_cast<uint32_t>((static_cast<uint64_t>(r) * kPiQ29) >> 29);  // Q31 rad
  const uint32_t x2 = pe_mul_q31(x, x);
  // sin x = x (1 - x^2 (1/6 - x^2 (1/120 - x^2 / 5040))), cos x likewise; every bracket > 0.
  const uint32_t s1 = 17895697u - pe_mul_q31(x2, 426088u);
  const uint32_t s2 = 357913941u - pe_mul_q31(x2, s1);
  const uint32_t sx = pe_mul_q31(x, kQ31One - pe_mul_q31(x2, s2));
  const uint32_t c1 = 2982616u - pe_mul_q31(x2, 53261u);
  const uint32_t c2 = 89478485u - pe_mul_q31(x2, c1);
  const uint32_t c3 = (kQ31One >> 1) - pe_mul_q31(x2, c2);
  const uint32_t cx = kQ31One - pe_mul_q31(x2, c3);
  const bool swap = ((o + 1u) & 2u) != 0;  // octants 1, 2, 5, 6
  *s = pe_to_q15(swap ? cx : sx, o >= 4);
  *c = pe_to_q15(swap ? sx : cx, o >= 2 && o <= 5);
}

}  // namespace fx
}  // namespace attnkit
