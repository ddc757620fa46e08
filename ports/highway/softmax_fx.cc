// SPDX-License-Identifier: Apache-2.0
// Highway integer softmax rows (int32 -> Q15, and TFLite-compatible int8 -> int8): the scalar
// reference's per-element arithmetic lane by lane, so every target gives the same bytes.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/softmax_fx.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "lib/internal/softmax_fx.h"
#include "ports/highway/fx-inl.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using D16h = hn::Rebind<int16_t, DI>;
using D8q = hn::Rebind<int8_t, DI>;

// ((a * b) + 2^(shift-1)) >> shift for unsigned lanes, 1 <= shift <= 63, result < 2^32.
HWY_INLINE VU MulRoundShr(VU a, VU b, int shift) {
  const DU du;
  const DU64 d64;
  const VU64 half = hn::Set(d64, uint64_t{1} << (shift - 1));
  const VU64 e = hn::ShiftRightSame(hn::Add(hn::MulEven(a, b), half), shift);
  const VU64 o =
      hn::ShiftRightSame(hn::Add(hn::MulEven(OddToEven(du, a), OddToEven(du, b)), half), shift);
  return Narrow(du, e, o);
}

// fx::exp2neg_q31 for u < kFlushU.
HWY_INLINE VU Exp2NegQ31(VU u) {
  const DU du;
  const DI di;
  const VU k = hn::ShiftRight<24>(u);
  const VU hi = hn::And(hn::ShiftRight<18>(u), hn::Set(du, 63u));
  const VU lo = hn::And(u, hn::Set(du, 0x3FFFFu));
  const VU t = MulRoundShr(lo, hn::Set(du, fx::kLn2Q31), 24);
  const VU a = hn::Sub(hn::Set(du, fx::kOneQ31 >> 1), MulQ31(hn::Set(du, fx::kSixthQ31), t));
  const VU b = hn::Sub(hn::Set(du, fx::kOneQ31), MulQ31(a, t));
  const VU p = hn::Sub(hn::Set(du, fx::kOneQ31), MulQ31(b, t));
  const VU g = MulQ31(hn::GatherIndex(du, fx::kExp2NegQ31, hn::BitCast(di, hi)), p);
  // round(g / 2^k) = (g >> k) + bit k-1 of g, the scalar ((2g >> k) + 1) >> 1 without 33 bits.
  const VU one = hn::Set(du, 1u);
  const VU rounded =
      hn::Add(hn::Shr(g, k), hn::And(hn::Shr(g, hn::Sub(hn::Max(k, one), one)), one));
  return hn::IfThenElse(hn::Eq(k, hn::Zero(du)), g, rounded);
}

// fx::q15_weight for a vector of logits.
HWY_INLINE VU Q15Weights(VI x, int32_t mx, const fx::q15_setup& c) {
  const DI di;
  const DU du;
  const VU d = hn::BitCast(du, hn::Sub(hn::Set(di, mx), x));  // wraps like the uint32 scalar
  const auto visible = hn::RebindMask(du, hn::Ne(x, hn::Set(di, INT32_MIN)));
  const auto keep = hn::AndNot(hn::Gt(d, hn::Set(du, c.dmax)), visible);
  const VU u = hn::IfThenElseZero(keep, MulShr(d, hn::Set(du, c.r), c.rs));
  return hn::IfThenElseZero(keep, Exp2NegQ31(u));
}

// acc (u64 lanes) += every u32 lane of v.
HWY_INLINE void AddWide(VU v, VU64& acc) {
  const DU64 d64;
  const VU64 w = hn::BitCast(d64, v);
  acc = hn::Add(acc, hn::Add(hn::And(w, hn::Set(d64, 0xFFFFFFFFull)), hn::ShiftRight<32>(w)));
}

HWY_INLINE uint64_t SumLanes(VU64 v) {
  const DU64 d64;
  HWY_ALIGN uint64_t lanes[64 / sizeof(uint64_t)];
  hn::Store(v, d64, lanes);
  uint64_t s = 0;
  for (size_t j = 0; j < hn::Lanes(d64); ++j) s += lanes[j];
  return s;
}

HWY_INLINE int32_t MaxLanes(VI v) {
  const DI di;
  HWY_ALIGN int32_t lanes[64 / sizeof(int32_t)];
  hn::Store(v, di, lanes);
  int32_t m = lanes[0];
  for (size_t j = 1; j < hn::Lanes(di); ++j) m = lanes[j] > m ? lanes[j] : m;
  return m;
}

void softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y) {
  const DI di;
  const DU du;
  const D16h d16;
  const size_t N = hn::Lanes(di);
  VI vmax = hn::Set(di, INT32_MIN);
  size_t i = 0;
  for (; i + N <= n; i += N) vmax = hn::Max(vmax, hn::LoadU(di, x + i));
  int32_t mx = MaxLanes(vmax);
  for (; i < n; ++i) mx = x[i] > mx ? x[i] : mx;
  if (mx == INT32_MIN) {  // every entry masked
    for (i = 0; i < n; ++i) y[i] = 0;
    return;
  }
  const fx::q15_setup c = fx::q15_make_setup(scale);
  VU64 acc = hn::Zero(DU64());
  for (i = 0; i + N <= n; i += N) AddWide(Q15Weights(hn::LoadU(di, x + i), mx, c), acc);
  uint64_t sum = SumLanes(acc);
  for (; i < n; ++i) sum += fx::q15_weight(x[i], mx, c);
  const fx::q15_recip r = fx::q15_make_recip(sum);
  if (r.s > 63) {
    for (i = 0; i < n; ++i) y[i] = 0;
    return;
  }
  const VU rq = hn::Set(du, r.rq), cap = hn::Set(du, 32767u);
  for (i = 0; i + N <= n; i += N) {
    const VU q = hn::Min(MulRoundShr(Q15Weights(hn::LoadU(di, x + i), mx, c), rq, r.s), cap);
    hn::StoreU(hn::DemoteTo(d16, hn::BitCast(di, q)), d16, y + i);
  }
  for (; i < n; ++i) y[i] = fx::q15_output(fx::q15_weight(x[i], mx, c), r);
}

// gemmlowp exp_on_interval_between_negative_one_quarter_and_0_excl (fx::gl_exp_quarter).
HWY_INLINE VI GlExpQuarter(VI a) {
  const DI di;
  const VI k_exp = hn::Set(di, 1895147668);
  const VI x = hn::Add(a, hn::Set(di, 1 << 28));
  const VI x2 = Srdhm(x, x);
  const VI x3 = Srdhm(x2, x);
  const VI x4 = Srdhm(x2, x2);
  const VI x4_over_4 = Rdbpot(x4, hn::Set(di, 2));
  const VI poly =
      Rdbpot(hn::Add(Srdhm(hn::Add(x4_over_4, x3), hn::Set(di, 715827883)), x2), hn::Set(di, 1));
  return hn::Add(k_exp, Srdhm(k_exp, hn::Add(x, poly)));
}

// gemmlowp exp_on_negative_values for Q5.26 (fx::gl_exp_neg_q5_26).
HWY_INLINE VI GlExpNeg(VI a) {
  const DI di;
  const VI quarter = hn::Set(di, 1 << 24);
  const VI amq = hn::Sub(hn::And(a, hn::Set(di, (1 << 24) - 1)), quarter);
  VI r = GlExpQuarter(SatShl(amq, hn::Set(di, fx::kS8DiffIntBits)));
  const VI rem = hn::Sub(amq, a);
  constexpr int32_t kMul[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int k = 0; k < 7; ++k) {
    const auto bit = hn::Ne(hn::And(rem, hn::Set(di, int32_t{1} << (24 + k))), hn::Zero(di));
    r = hn::IfThenElse(bit, Srdhm(r, hn::Set(di, kMul[k])), r);
  }
  return hn::IfThenElse(hn::Eq(a, hn::Zero(di)), hn::Set(di, INT32_MAX), r);
}

void softmax_s8(const int8_t* x, size_t n, int32_t multiplier, int32_t left_shift, int32_t diff_min,
                int8_t* y) {
  const DI di;
  const DU du;
  const D8q d8;
  const size_t N = hn::Lanes(di);
  VI vmax = hn::Set(di, -128);
  size_t i = 0;
  for (; i + N <= n; i += N) vmax = hn::Max(vmax, hn::PromoteTo(di, hn::LoadU(d8, x + i)));
  int32_t mx = MaxLanes(vmax);
  for (; i < n; ++i) mx = x[i] > mx ? x[i] : mx;
  const VI vmx = hn::Set(di, mx), vmin = hn::Set(di, diff_min);
  const VI vls = hn::Set(di, left_shift), vmul = hn::Set(di, multiplier);
  // Lanes below diff_min are skipped (exp -1 in the scalar code).
  VU64 acc = hn::Zero(DU64());
  for (i = 0; i + N <= n; i += N) {
    const VI diff = hn::Sub(hn::PromoteTo(di, hn::LoadU(d8, x + i)), vmx);
    const VI e = GlExpNeg(Srdhm(SatShl(diff, vls), vmul));
    const VI part = Rdbpot(e, hn::Set(di, fx::kS8AccumIntBits));  // >= 0
    AddWide(hn::BitCast(du, hn::IfThenElseZero(hn::Not(hn::Lt(diff, vmin)), part)), acc);
  }
  int64_t sum = static_cast<int64_t>(SumLanes(acc));
  for (; i < n; ++i) {
    const int32_t e = fx::s8_exp(x[i] - mx, multiplier, left_shift, diff_min);
    if (e >= 0) sum += fx::rdbpot(e, fx::kS8AccumIntBits);
  }
  const fx::s8_recip r = fx::s8_make_recip(sum);
  const VI vscale = hn::Set(di, r.scale);
  const VI vexp = hn::Set(di, r.exponent > 32 ? 32 : r.exponent);
  const VI m128 = hn::Set(di, -128);
  for (i = 0; i + N <= n; i += N) {
    const VI diff = hn::Sub(hn::PromoteTo(di, hn::LoadU(d8, x + i)), vmx);
    const VI e = GlExpNeg(Srdhm(SatShl(diff, vls), vmul));
    const VI out = hn::Add(Rdbpot(Srdhm(vscale, e), vexp), m128);
    hn::StoreU(hn::DemoteTo(d8, hn::IfThenElse(hn::Not(hn::Lt(diff, vmin)), out, m128)), d8, y + i);
  }
  for (; i < n; ++i)
    y[i] = fx::s8_output(fx::s8_exp(x[i] - mx, multiplier, left_shift, diff_min), r);
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
