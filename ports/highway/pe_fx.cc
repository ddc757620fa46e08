// SPDX-License-Identifier: Apache-2.0
// Highway Q15 sinusoidal encodings: frequencies from the shared integer code, then the phase
// and the octant polynomials of lib/internal/pe_fx.h for several column pairs at once (64-bit
// lanes holding 32-bit values), so every target writes the scalar reference's bytes.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/pe_fx.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "lib/internal/pe_fx.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using D64 = hn::ScalableTag<uint64_t>;
using V64 = hn::Vec<D64>;
using D32 = hn::Repartition<uint32_t, D64>;
using D32h = hn::Rebind<uint32_t, D64>;  // one u32 per u64 lane
using D16 = hn::Repartition<int16_t, D32h>;

// fx::pe_mul_q31 on values < 2^32 held in u64 lanes.
HWY_INLINE V64 MulQ31(V64 a, V64 b) {
  const D64 d;
  const D32 d32;
  return hn::ShiftRight<31>(hn::Add(hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b)),
                                    hn::Set(d, uint64_t{1} << 30)));
}

// fx::pe_to_q15 as a 16-bit pattern in the low bits of each lane.
HWY_INLINE V64 ToQ15(V64 v, V64 neg_mask) {
  const D64 d;
  const V64 m = hn::ShiftRight<16>(hn::Add(v, hn::Set(d, uint64_t{1} << 15)));  // <= 32768
  const V64 pos = hn::Min(m, hn::Set(d, uint64_t{32767}));
  const V64 neg = hn::Sub(hn::Zero(d), m);
  return hn::And(hn::IfThenElse(hn::MaskFromVec(neg_mask), neg, pos), hn::Set(d, uint64_t{0xFFFF}));
}

// sin | cos << 16 of 2 pi * theta / 2^32 (fx::pe_sincos_q15), theta in u64 lanes.
HWY_INLINE V64 SinCosWord(V64 theta) {
  const D64 d;
  const D32 d32;
  const V64 zero = hn::Zero(d);
  const V64 o = hn::ShiftRight<29>(theta);
  V64 r = hn::And(theta, hn::Set(d, (uint64_t{1} << 29) - 1));
  const auto odd = hn::Ne(hn::And(o, hn::Set(d, uint64_t{1})), zero);
  r = hn::IfThenElse(odd, hn::Sub(hn::Set(d, uint64_t{1} << 29), r), r);
  const V64 x = hn::ShiftRight<29>(
      hn::MulEven(hn::BitCast(d32, r), hn::BitCast(d32, hn::Set(d, uint64_t{fx::kPiQ29}))));
  const V64 x2 = MulQ31(x, x);
  const V64 one = hn::Set(d, uint64_t{fx::kQ31One});
  const V64 s1 = hn::Sub(hn::Set(d, uint64_t{17895697}), MulQ31(x2, hn::Set(d, uint64_t{426088})));
  const V64 s2 = hn::Sub(hn::Set(d, uint64_t{357913941}), MulQ31(x2, s1));
  const V64 sx = MulQ31(x, hn::Sub(one, MulQ31(x2, s2)));
  const V64 c1 = hn::Sub(hn::Set(d, uint64_t{2982616}), MulQ31(x2, hn::Set(d, uint64_t{53261})));
  const V64 c2 = hn::Sub(hn::Set(d, uint64_t{89478485}), MulQ31(x2, c1));
  const V64 c3 = hn::Sub(hn::Set(d, uint64_t{fx::kQ31One >> 1}), MulQ31(x2, c2));
  const V64 cx = hn::Sub(one, MulQ31(x2, c3));
  const auto swap =
      hn::Ne(hn::And(hn::Add(o, hn::Set(d, uint64_t{1})), hn::Set(d, uint64_t{2})), zero);
  const V64 sin_neg = hn::VecFromMask(d, hn::Ne(hn::And(o, hn::Set(d, uint64_t{4})), zero));
  // Octants 2..5: bit 2 of o + 2.
  const V64 cos_neg = hn::VecFromMask(
      d, hn::Ne(hn::And(hn::Add(o, hn::Set(d, uint64_t{2})), hn::Set(d, uint64_t{4})), zero));
  const V64 s = ToQ15(hn::IfThenElse(swap, cx, sx), sin_neg);
  const V64 c = ToQ15(hn::IfThenElse(swap, sx, cx), cos_neg);
  return hn::Or(s, hn::ShiftLeft<16>(c));
}

void pe_rows_q15(uint32_t pos0, size_t count, size_t d, uint32_t base, int16_t* out) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "sin/cos pairs are stored as words");
  const D64 d64;
  const D32 d32;
  const D32h d32h;
  const D16 d16;
  const size_t N = hn::Lanes(d64);
  const uint64_t lb = fx::pe_log2_q48(base);
  constexpr size_t kBlock = 32;  // column pairs per block, as the scalar port
  HWY_ALIGN uint64_t f[kBlock];
  for (size_t j0 = 0; j0 < d; j0 += 2 * kBlock) {
    const size_t j1 = d - j0 < 2 * kBlock ? d : j0 + 2 * kBlock;
    const size_t pairs = (j1 - j0) / 2;  // full sin/cos pairs; an odd last column is a sine
    for (size_t j = j0; j < j1; j += 2) f[(j - j0) / 2] = fx::pe_freq(j, d, lb);
    for (size_t k = 0; k < count; ++k) {
      const uint32_t pos = pos0 + static_cast<uint32_t>(k);
      const auto vpos = hn::BitCast(d32, hn::Set(d64, uint64_t{pos}));
      int16_t* row = out + k * d;
      size_t p = 0;
      for (; p + N <= pairs; p += N) {
        const V64 fv = hn::Load(d64, f + p);
        // Top 32 bits of pos * F mod 2^64 (fx::pe_phase): pos * F_lo + (pos * F_hi << 32).
        const V64 lo = hn::MulEven(vpos, hn::BitCast(d32, fv));
        const V64 hi = hn::MulEven(vpos, hn::BitCast(d32, hn::ShiftRight<32>(fv)));
        const V64 theta = hn::ShiftRight<32>(hn::Add(lo, hn::ShiftLeft<32>(hi)));
        const auto words = hn::TruncateTo(d32h, SinCosWord(theta));
        hn::StoreU(hn::BitCast(d16, words), d16, row + j0 + 2 * p);
      }
      for (size_t j = j0 + 2 * p; j < j1; j += 2) {
        int16_t s, c;
        fx::pe_sincos_q15(fx::pe_phase(pos, f[(j - j0) / 2]), &s, &c);
        row[j] = s;
        if (j + 1 < d) row[j + 1] = c;
      }
    }
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
