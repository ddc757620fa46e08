// SPDX-License-Identifier: Apache-2.0
// Highway requantisation: lane-wise copies of the scalar rounding (fixed_point.h, fx-inl.h),
// so every target gives the scalar reference's bits.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/quant_fx.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "lib/internal/fixed_point.h"
#include "ports/highway/fx-inl.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using D32 = hn::ScalableTag<int32_t>;
using D8q = hn::Rebind<int8_t, D32>;  // int8 stores narrowed from D32

void requantize_cols_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* s, int32_t* y, size_t ldy) {
  const D32 d;
  const size_t N = hn::Lanes(d);
  // quant_scale is {multiplier, shift}: two consecutive int32 per column.
  const int32_t* ms = reinterpret_cast<const int32_t*>(s);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int32_t* yi = y + i * ldy;
    size_t j = 0;
    for (; j + N <= cols; j += N) {
      const auto v0 = hn::LoadU(d, ms + 2 * j), v1 = hn::LoadU(d, ms + 2 * j + N);
      const auto mult = hn::ConcatEven(d, v1, v0), shift = hn::ConcatOdd(d, v1, v0);
      hn::StoreU(Requantize(hn::LoadU(d, xi + j), mult, shift), d, yi + j);
    }
    for (; j < cols; ++j) yi[j] = fx::requantize(xi[j], s[j]);
  }
}

void requantize_rows_s8(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  const D32 d;
  const D8q d8;
  const size_t N = hn::Lanes(d);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int8_t* yi = y + i * ldy;
    const auto mult = hn::Set(d, s[i].multiplier), shift = hn::Set(d, s[i].shift);
    size_t j = 0;
    for (; j + N <= cols; j += N)  // DemoteTo saturates like fx::sat_s8
      hn::StoreU(hn::DemoteTo(d8, Requantize(hn::LoadU(d, xi + j), mult, shift)), d8, yi + j);
    for (; j < cols; ++j) yi[j] = fx::sat_s8(fx::requantize(xi[j], s[i]));
  }
}

// Scales the vector path of requantize_outer_s32 takes: multiplier normalised (>= 2^30) and a
// shift small enough that two of them and 2 add up in int32.
HWY_INLINE bool PlainScale(quant_scale s) {
  return s.multiplier >= (1 << 30) && s.shift >= -(1 << 29) && s.shift <= (1 << 29);
}

// Half of fx::mul_scales for normalised multipliers, on the 64-bit products p in [2^60, 2^62):
// the rounding shift is 31 when bit 61 is set, else 30, and a carry of the rounding into bit
// 31 halves the multiplier once more. *extra = rounding shift - 30 + carry.
HWY_INLINE hn::Vec<hn::Repartition<uint64_t, D32>> MulScalesHalf(
    hn::Vec<hn::Repartition<uint64_t, D32>> p, hn::Vec<hn::Repartition<uint64_t, D32>>* extra) {
  const hn::Repartition<uint64_t, D32> d;
  const auto top = hn::ShiftRight<61>(p);
  const auto m30 = hn::ShiftRight<30>(hn::Add(p, hn::Set(d, uint64_t{1} << 29)));
  const auto m31 = hn::ShiftRight<31>(hn::Add(p, hn::Set(d, uint64_t{1} << 30)));
  auto m = hn::Xor(m30, hn::And(hn::Xor(m30, m31), hn::Sub(hn::Zero(d), top)));
  const auto carry = hn::ShiftRight<31>(m);  // m == 2^31 exactly
  m = hn::Sub(m, hn::ShiftLeft<30>(carry));  // -> 2^30
  *extra = hn::Add(top, carry);
  return m;
}

void requantize_outer_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                          const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  const D32 d;
  const hn::Repartition<uint32_t, D32> du;
  const size_t N = hn::Lanes(d);
  const int32_t* ms = reinterpret_cast<const int32_t*>(cs);  // {multiplier, shift} pairs
  const auto lo = hn::Set(d, -fx::kMaxShift), hi = hn::Set(d, fx::kMaxShift);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int32_t* yi = y + i * ldy;
    size_t j = 0;
    if (PlainScale(rs[i])) {
      const auto am = hn::Set(du, static_cast<uint32_t>(rs[i].multiplier));
      const auto as = hn::Set(d, rs[i].shift - 1);
      // N columns: values xv, {multiplier, shift} pairs in v0, v1; lanes outside `valid` are
      // ignored. False if a scale is not plain.
      const auto step = [&](hn::Vec<D32> xv, hn::Vec<D32> v0, hn::Vec<D32> v1, hn::Mask<D32> valid,
                            hn::Vec<D32> * out) __attribute__((always_inline)) {
        const auto bm = hn::ConcatEven(d, v1, v0), bs = hn::ConcatOdd(d, v1, v0);
        const auto plain = hn::And(
            hn::Gt(bm, hn::Set(d, (1 << 30) - 1)),  // 1.0.3: no integer Ge
            hn::And(hn::Gt(bs, hn::Set(d, -(1 << 29) - 1)), hn::Lt(bs, hn::Set(d, (1 << 29) + 1))));
        if (!hn::AllTrue(d, hn::Or(plain, hn::Not(valid)))) return false;
        const auto bmu = hn::BitCast(du, bm);
        hn::Vec<hn::Repartition<uint64_t, D32>> xe, xo;
        const auto me = MulScalesHalf(hn::MulEven(am, bmu), &xe);
        const auto mo = MulScalesHalf(hn::MulEven(am, OddToEven(du, bmu)), &xo);
        const auto mult = Narrow(d, me, mo);
        // s = a.shift + b.shift + (rounding shift) - 31, clamped as fx::clamp_shift
        const auto shift = hn::Min(hn::Max(hn::Add(hn::Add(as, bs), Narrow(d, xe, xo)), lo), hi);
        // Probe scales are small (shift <= 0): skip the left-shift half when no lane needs it.
        *out = hn::AllTrue(d, hn::Or(hn::Lt(shift, hn::Set(d, 1)), hn::Not(valid)))
                   ? RequantizeNonPositive(xv, mult, shift)
                   : Requantize(xv, mult, shift);
        return true;
      };
      const auto all = hn::FirstN(d, N);
      for (; j + N <= cols; j += N) {
        hn::Vec<D32> r;
        if (!step(hn::LoadU(d, xi + j), hn::LoadU(d, ms + 2 * j), hn::LoadU(d, ms + 2 * j + N), all,
                  &r))
          break;  // the rest of the row goes the scalar way
        hn::StoreU(r, d, yi + j);
      }
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
      if (j < cols && cols - j < N) {  // tail: AVX-512 masked loads do not fault
        const size_t rem = cols - j;
        const auto valid = hn::FirstN(d, rem);
        const auto p0 = hn::FirstN(d, 2 * rem < N ? 2 * rem : N);
        const auto p1 = hn::FirstN(d, 2 * rem > N ? 2 * rem - N : 0);
        hn::Vec<D32> r;
        if (step(hn::MaskedLoad(valid, d, xi + j), hn::MaskedLoad(p0, d, ms + 2 * j),
                 hn::MaskedLoad(p1, d, ms + 2 * j + N), valid, &r)) {
          hn::BlendedStore(r, valid, d, yi + j);
          j = cols;
        }
      }
#endif
    }
    for (; j < cols; ++j) yi[j] = fx::requantize(xi[j], fx::mul_scales(rs[i], cs[j]));
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
