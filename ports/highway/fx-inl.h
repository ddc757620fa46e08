// SPDX-License-Identifier: Apache-2.0
// Highway: lane-wise versions of the fixed-point primitives (lib/internal/fixed_point.h,
// softmax_fx.h) that give the scalar reference's bits exactly, shared by quant_fx.cc and
// softmax_fx.cc. Only for targets with more than one lane; HWY_SCALAR takes the scalar
// reference (dispatch.cc).

// Per-target include guard (Highway's toggle idiom).
#if defined(ATTNKIT_HIGHWAY_FX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ATTNKIT_HIGHWAY_FX_INL_H_
#undef ATTNKIT_HIGHWAY_FX_INL_H_
#else
#define ATTNKIT_HIGHWAY_FX_INL_H_
#endif

#include <cstdint>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

using DI = hn::ScalableTag<int32_t>;
using DU = hn::ScalableTag<uint32_t>;
using DI64 = hn::Repartition<int64_t, DI>;
using DU64 = hn::Repartition<uint64_t, DI>;
using VI = hn::Vec<DI>;
using VU = hn::Vec<DU>;
using VI64 = hn::Vec<DI64>;
using VU64 = hn::Vec<DU64>;

// There is no 32 x 32 -> 64 multiply of all lanes (Highway 1.0.3 has MulEven only): the odd
// lanes are moved down into the even positions, multiplied, and the two halves recombined.
template <class D>
HWY_INLINE hn::Vec<D> OddToEven(D d, hn::Vec<D> v) {
  return hn::BitCast(d, hn::ShiftRight<32>(hn::BitCast(DU64(), v)));
}

// Low 32 bits of the u64/i64 lanes of `even` and `odd` interleaved back into 32-bit lanes.
template <class D, class V64>
HWY_INLINE hn::Vec<D> Narrow(D d, V64 even, V64 odd) {
  const DU64 du64;
  const VU64 lo = hn::And(hn::BitCast(du64, even), hn::Set(du64, 0xFFFFFFFFull));
  return hn::BitCast(d, hn::Or(lo, hn::ShiftLeft<32>(hn::BitCast(du64, odd))));
}

// round(a * b / 2^31) for unsigned a, b <= 2^31 (fx::mul_q31).
HWY_INLINE VU MulQ31(VU a, VU b) {
  const DU du;
  const DU64 d64;
  const VU64 half = hn::Set(d64, uint64_t{1} << 30);
  const VU64 e = hn::ShiftRight<31>(hn::Add(hn::MulEven(a, b), half));
  const VU64 o = hn::ShiftRight<31>(hn::Add(hn::MulEven(OddToEven(du, a), OddToEven(du, b)), half));
  return Narrow(du, e, o);
}

// (a * b) >> shift for unsigned a, b, with 0 <= shift <= 63 (result must fit in 32 bits).
HWY_INLINE VU MulShr(VU a, VU b, int shift) {
  const DU du;
  const VU64 e = hn::ShiftRightSame(hn::MulEven(a, b), shift);
  const VU64 o = hn::ShiftRightSame(hn::MulEven(OddToEven(du, a), OddToEven(du, b)), shift);
  return Narrow(du, e, o);
}

// One 64-bit half of Srdhm: (ab + nudge) / 2^31 truncated toward zero, as the scalar code.
HWY_INLINE VI64 SrdhmHalf(VI64 ab) {
  const DI64 d64;
  const VI64 neg = hn::BroadcastSignBit(ab);  // -1 where ab < 0
  const VI64 nudge = hn::IfThenElse(hn::MaskFromVec(neg), hn::Set(d64, 1 - (int64_t{1} << 30)),
                                    hn::Set(d64, int64_t{1} << 30));
  const VI64 t = hn::Add(ab, nudge);  // same sign as ab
  return hn::ShiftRight<31>(hn::Add(t, hn::And(neg, hn::Set(d64, (int64_t{1} << 31) - 1))));
}

// fx::srdhm, gemmlowp SaturatingRoundingDoublingHighMul.
HWY_INLINE VI Srdhm(VI a, VI b) {
  const DI di;
  const VI r = Narrow(di, SrdhmHalf(hn::MulEven(a, b)),
                      SrdhmHalf(hn::MulEven(OddToEven(di, a), OddToEven(di, b))));
  const VI min = hn::Set(di, INT32_MIN);
  const auto both_min = hn::And(hn::Eq(a, min), hn::Eq(b, min));
  return hn::IfThenElse(both_min, hn::Set(di, INT32_MAX), r);
}

// fx::rdbpot with per-lane exponents e in [0, 32] (32 and above give 0).
HWY_INLINE VI Rdbpot(VI x, VI e) {
  const DI di;
  const DU du;
  const VI e31 = hn::Min(e, hn::Set(di, 31));
  const VI mask = hn::BitCast(
      di, hn::Sub(hn::Shl(hn::BitCast(du, hn::Set(di, 1)), hn::BitCast(du, e31)), hn::Set(du, 1u)));
  const VI remainder = hn::And(x, mask);
  const VI neg = hn::IfThenElseZero(hn::Lt(x, hn::Zero(di)), hn::Set(di, 1));
  const VI threshold = hn::Add(hn::ShiftRight<1>(mask), neg);
  const VI up = hn::IfThenElseZero(hn::Gt(remainder, threshold), hn::Set(di, 1));
  const VI r = hn::Add(hn::Shr(x, e31), up);
  return hn::IfThenElseZero(hn::Lt(e, hn::Set(di, 32)), r);
}

// fx::sat_shl with per-lane exponents e in [0, 31] (larger ones saturate the same way).
HWY_INLINE VI SatShl(VI x, VI e) {
  const DI di;
  const VI hi = hn::Shr(hn::Set(di, INT32_MAX), e), lo = hn::Shr(hn::Set(di, INT32_MIN), e);
  VI r = hn::BitCast(di, hn::Shl(hn::BitCast(DU(), x), hn::BitCast(DU(), e)));
  r = hn::IfThenElse(hn::Gt(x, hi), hn::Set(di, INT32_MAX), r);
  return hn::IfThenElse(hn::Lt(x, lo), hn::Set(di, INT32_MIN), r);
}

// The shift > 0 half of fx::requantize on 64-bit lanes: floor(p / 2^(31 - shift) + 1/2)
// saturated to int32, with shift in [1, 32] (32 stands for any shift above 31).
HWY_INLINE VI64 RequantizeLeftHalf(VI64 p, VI64 shift) {
  const DI64 d;
  const VI64 zero = hn::Zero(d), one = hn::Set(d, 1);
  const VI64 e =
      hn::Sub(hn::Set(d, 31), hn::IfThenElse(hn::Gt(shift, hn::Set(d, 31)), hn::Set(d, 31), shift));
  const VI64 e1 = hn::IfThenElse(hn::Gt(e, zero), hn::Sub(e, one), zero);
  const VI64 half = hn::IfThenElseZero(hn::Gt(e, zero), hn::Shl(one, e1));
  VI64 r = hn::Shr(hn::Add(p, half), e);
  const VI64 hi = hn::Set(d, INT32_MAX), lo = hn::Set(d, INT32_MIN);
  const auto big = hn::Gt(shift, hn::Set(d, 31));  // any non-zero product saturates
  r = hn::IfThenElse(
      big, hn::IfThenElse(hn::Gt(p, zero), hi, hn::IfThenElseZero(hn::Lt(p, zero), lo)), r);
  r = hn::IfThenElse(hn::Gt(r, hi), hi, r);
  return hn::IfThenElse(hn::Lt(r, lo), lo, r);
}

// fx::requantize for lanes whose shift is <= 0: TFLite's two roundings only.
HWY_INLINE VI RequantizeNonPositive(VI x, VI multiplier, VI shift) {
  const DI di;
  const VI right =
      hn::Min(hn::Sub(hn::Zero(di), hn::Max(shift, hn::Set(di, -32))), hn::Set(di, 32));
  return Rdbpot(Srdhm(x, multiplier), right);
}

// fx::requantize with per-lane multipliers and shifts.
HWY_INLINE VI Requantize(VI x, VI multiplier, VI shift) {
  const DI di;
  const DI64 d64;
  const VI zero = hn::Zero(di);
  // shift <= 0: TFLite's two roundings. Clamped first so negating cannot overflow.
  const VI right =
      hn::Min(hn::Max(hn::Sub(zero, hn::Max(shift, hn::Set(di, -32))), zero), hn::Set(di, 32));
  const VI r_right = Rdbpot(Srdhm(x, multiplier), right);
  // shift > 0: one rounding of the exact 64-bit product.
  const VI sc = hn::Min(hn::Max(shift, zero), hn::Set(di, 32));
  const VI64 s_even = hn::ShiftRight<32>(hn::ShiftLeft<32>(hn::BitCast(d64, sc)));
  const VI64 s_odd = hn::ShiftRight<32>(hn::BitCast(d64, sc));
  const VI r_left =
      Narrow(di, RequantizeLeftHalf(hn::MulEven(x, multiplier), s_even),
             RequantizeLeftHalf(hn::MulEven(OddToEven(di, x), OddToEven(di, multiplier)), s_odd));
  return hn::IfThenElse(hn::Gt(shift, zero), r_left, r_right);
}

#endif  // HWY_TARGET != HWY_SCALAR

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#endif  // ATTNKIT_HIGHWAY_FX_INL_H_
