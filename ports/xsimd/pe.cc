// SPDX-License-Identifier: Apache-2.0
// xsimd sinusoidal encodings: angle formed and reduced mod pi/2 in double lanes, sin/cos by
// Taylor polynomials, vectorised over frequencies; the per-frequency exps are shared by all rows.
#include <cmath>

#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {
namespace {

constexpr size_t kFreqBlock = 128;  // frequencies whose w is kept on the stack

// sin and cos of a = pos * w, 0 <= a < 2^32.
void sincos(const vd& a, vd& s_out, vd& c_out) {
  // pi/2 = kC1 + kC2 + kC3 with 21-bit kC1, kC2: q * kC1 and q * kC2 are exact for q < 2^32,
  // so r = a - q pi/2 carries ~1e-16 absolute error (with or without fma).
  const vd kC1(1.570796012878418), kC2(3.139164164167596e-07), kC3(6.223372171896613e-14);
  const vd q = round_d(a * vd(0.6366197723675814));
  const vd r = ((a - q * kC1) - q * kC2) - q * kC3;
  // Taylor on |r| <= pi/4 (+ a few ulps): truncation below 1e-11 for both.
  const vd z = r * r;
  vd ps(-1.0 / 39916800.0);
  ps = ps * z + vd(1.0 / 362880.0);
  ps = ps * z + vd(-1.0 / 5040.0);
  ps = ps * z + vd(1.0 / 120.0);
  ps = ps * z + vd(-1.0 / 6.0);
  const vd s = (ps * z) * r + r;
  vd pc(1.0 / 479001600.0);
  pc = pc * z + vd(-1.0 / 3628800.0);
  pc = pc * z + vd(1.0 / 40320.0);
  pc = pc * z + vd(-1.0 / 720.0);
  pc = pc * z + vd(1.0 / 24.0);
  pc = pc * z + vd(-0.5);
  const vd c = pc * z + vd(1.0);
  // Quadrant q mod 4, exact: floor(q / 4) = round(q / 4 - 3/8) since q / 4 is a multiple of 1/4.
  const vd qm = q - vd(4.0) * round_d(q * vd(0.25) - vd(0.375));
  const auto q1 = qm == vd(1.0), q2 = qm == vd(2.0), q3 = qm == vd(3.0);
  const vd ss = select_d(q1 || q3, c, s);
  const vd cc = select_d(q1 || q3, s, c);
  s_out = select_d(q2 || q3, -ss, ss);
  c_out = select_d(q1 || q2, -cc, cc);
}

}  // namespace

void pe_rows_f32(uint32_t pos0, size_t count, size_t d, double log_base, float* out) {
  const size_t nfreq = (d + 1) / 2;  // odd d: the last frequency has only its sine column
  alignas(64) double w[kFreqBlock];
  alignas(64) double sb[kD], cb[kD];
  for (size_t f0 = 0; f0 < nfreq; f0 += kFreqBlock) {
    const size_t nf = nfreq - f0 < kFreqBlock ? nfreq - f0 : kFreqBlock;
    for (size_t f = 0; f < nf; ++f) {
      const size_t j = 2 * (f0 + f);  // same expression as the scalar port
      w[f] = std::exp(-static_cast<double>(j) / static_cast<double>(d) * log_base);
    }
    for (size_t f = nf; f < kFreqBlock && f % kD != 0; ++f) w[f] = 0.0;  // pad the last vector
    for (size_t k = 0; k < count; ++k) {
      const vd pos(static_cast<double>(pos0) + static_cast<double>(k));
      float* row = out + k * d;
      for (size_t f = 0; f < nf; f += kD) {
        vd s, c;
        sincos(pos * load_d(w + f), s, c);
        store_d(sb, s);
        store_d(cb, c);
        for (size_t i = 0; i < kD && f + i < nf; ++i) {
          const size_t col = 2 * (f0 + f + i);
          row[col] = static_cast<float>(sb[i]);
          if (col + 1 < d) row[col + 1] = static_cast<float>(cb[i]);
        }
      }
    }
  }
}

}  // namespace xsimd_port
}  // namespace attnkit
