// SPDX-License-Identifier: Apache-2.0
// Highway sinusoidal encodings: angle formed and reduced mod pi/2 in double, sin/cos by
// polynomial, vectorised over frequencies; the per-frequency exps are shared by all rows.
#include <cmath>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/pe.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using DD = hn::ScalableTag<double>;
using VD = hn::Vec<DD>;
using DF = hn::Rebind<float, DD>;  // as many float lanes as double lanes
constexpr size_t kMaxLanes = 64 / sizeof(double);
constexpr size_t kFreqBlock = 64;  // frequencies per block: w and the l * w table on the stack
constexpr size_t kGroup = 16;      // rows sharing one evaluation of sin/cos(base * w)

// sin and cos of a = pos * w, a >= 0 and below 2^33 (pos < 2^32, w <= 1).
HWY_INLINE void SinCos(DD dd, VD a, VD& s_out, VD& c_out) {
  // pi/2 = kC1 + kC2 + kC3 with 21-bit kC1, kC2: q * kC1 and q * kC2 are exact for q < 2^32, so
  // r = a - q pi/2 carries only ~1e-16 absolute error after the last step (no FMA needed).
  const VD kC1 = hn::Set(dd, 1.570796012878418);
  const VD kC2 = hn::Set(dd, 3.139164164167596e-07);
  const VD kC3 = hn::Set(dd, 6.223372171896613e-14);
  const VD q = hn::Round(hn::Mul(a, hn::Set(dd, 0.6366197723675814)));
  VD r = hn::NegMulAdd(q, kC1, a);
  r = hn::NegMulAdd(q, kC2, r);
  r = hn::NegMulAdd(q, kC3, r);
  // Taylor on |r| <= pi/4 (+ a few ulps): truncation below 2e-11 for both.
  const VD z = hn::Mul(r, r);
  VD ps = hn::Set(dd, -1.0 / 39916800.0);
  ps = hn::MulAdd(ps, z, hn::Set(dd, 1.0 / 362880.0));
  ps = hn::MulAdd(ps, z, hn::Set(dd, -1.0 / 5040.0));
  ps = hn::MulAdd(ps, z, hn::Set(dd, 1.0 / 120.0));
  ps = hn::MulAdd(ps, z, hn::Set(dd, -1.0 / 6.0));
  const VD s = hn::MulAdd(hn::Mul(ps, z), r, r);
  VD pc = hn::Set(dd, 1.0 / 479001600.0);
  pc = hn::MulAdd(pc, z, hn::Set(dd, -1.0 / 3628800.0));
  pc = hn::MulAdd(pc, z, hn::Set(dd, 1.0 / 40320.0));
  pc = hn::MulAdd(pc, z, hn::Set(dd, -1.0 / 720.0));
  pc = hn::MulAdd(pc, z, hn::Set(dd, 1.0 / 24.0));
  pc = hn::MulAdd(pc, z, hn::Set(dd, -0.5));
  const VD c = hn::MulAdd(pc, z, hn::Set(dd, 1.0));
  // Quadrant q mod 4 (exact: q is an integer below 2^33).
  const VD qm = hn::NegMulAdd(hn::Floor(hn::Mul(q, hn::Set(dd, 0.25))), hn::Set(dd, 4.0), q);
  const auto q1 = hn::Eq(qm, hn::Set(dd, 1.0));
  const auto q2 = hn::Eq(qm, hn::Set(dd, 2.0));
  const auto q3 = hn::Eq(qm, hn::Set(dd, 3.0));
  const auto odd = hn::Or(q1, q3);
  const VD ss = hn::IfThenElse(odd, c, s);
  const VD cc = hn::IfThenElse(odd, s, c);
  s_out = hn::IfThenElse(hn::Or(q2, q3), hn::Neg(ss), ss);
  c_out = hn::IfThenElse(hn::Or(q1, q2), hn::Neg(cc), cc);
}

// Writes sin/cos of up to N frequencies as interleaved columns: ncols <= 2N floats at p.
HWY_INLINE void StorePairs(DF df, VD s, VD c, float* p, size_t ncols) {
  const size_t N = hn::Lanes(df);
  if (ncols == 2 * N) {
    hn::StoreInterleaved2(hn::DemoteTo(df, s), hn::DemoteTo(df, c), df, p);
    return;
  }
  HWY_ALIGN float buf[2 * kMaxLanes];
  hn::StoreInterleaved2(hn::DemoteTo(df, s), hn::DemoteTo(df, c), df, buf);
  std::memcpy(p, buf, ncols * sizeof(float));
}

void pe_rows_f32(uint32_t pos0, size_t count, size_t d, double log_base, float* out) {
  const DD dd;
  const DF df;
  const size_t N = hn::Lanes(dd);
  const size_t nfreq = (d + 1) / 2;  // odd d: the last frequency has only its sine column
  // Which offsets l = pos % kGroup the rows use (all once count >= kGroup).
  uint32_t used = 0;
  for (size_t k = 0; k < count && k < kGroup; ++k) used |= 1u << ((pos0 + k) % kGroup);
  HWY_ALIGN double w[kFreqBlock];
  HWY_ALIGN double sin_lw[kGroup][kFreqBlock], cos_lw[kGroup][kFreqBlock];
  for (size_t f0 = 0; f0 < nfreq; f0 += kFreqBlock) {
    const size_t nf = nfreq - f0 < kFreqBlock ? nfreq - f0 : kFreqBlock;
    for (size_t f = 0; f < kFreqBlock; ++f) {
      const size_t j = 2 * (f0 + f);
      w[f] = f < nf ? std::exp(-static_cast<double>(j) / static_cast<double>(d) * log_base) : 0.0;
    }
    for (size_t l = 0; l < kGroup; ++l) {
      if (!(used >> l & 1)) continue;
      for (size_t f = 0; f < nf; f += N) {
        VD s, c;
        SinCos(dd, hn::Mul(hn::Set(dd, static_cast<double>(l)), hn::Load(dd, w + f)), s, c);
        hn::Store(s, dd, sin_lw[l] + f);
        hn::Store(c, dd, cos_lw[l] + f);
      }
    }
    const size_t col0 = 2 * f0;
    const size_t cols = d - col0 < 2 * kFreqBlock ? d - col0 : 2 * kFreqBlock;
    // pos = base + l with base = pos - pos % kGroup: sin/cos of base * w once per group of
    // rows, then the angle-sum formulas with the table for l * w. Each value depends only on
    // pos (never on pos0 or count), so a table row equals the single-row result bit for bit.
    for (size_t k = 0; k < count;) {
      const uint64_t pos = static_cast<uint64_t>(pos0) + k;
      const uint64_t base = pos - pos % kGroup;
      const size_t l0 = static_cast<size_t>(pos - base);
      const size_t rows = count - k < kGroup - l0 ? count - k : kGroup - l0;
      const VD vbase = hn::Set(dd, static_cast<double>(base));
      for (size_t f = 0; 2 * f < cols; f += N) {
        const size_t ncols = cols - 2 * f < 2 * N ? cols - 2 * f : 2 * N;
        VD sb, cb;
        SinCos(dd, hn::Mul(vbase, hn::Load(dd, w + f)), sb, cb);
        float* p = out + k * d + col0 + 2 * f;
        for (size_t l = l0; l < l0 + rows; ++l, p += d) {
          const VD sl = hn::Load(dd, sin_lw[l] + f), cl = hn::Load(dd, cos_lw[l] + f);
          const VD s = hn::MulAdd(sb, cl, hn::Mul(cb, sl));
          const VD c = hn::NegMulAdd(sb, sl, hn::Mul(cb, cl));
          StorePairs(df, s, c, p, ncols);
        }
      }
      k += rows;
    }
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
