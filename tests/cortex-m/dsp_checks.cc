// SPDX-License-Identifier: Apache-2.0
// The Cortex-M port's DSP matrix products against the scalar port, bit for bit, on odd shapes
// and unaligned rows (tails of every length, zero weights that skip rows).
#include <cstdint>

#include "ports/cortex-m/kernels.h"
#include "tests/cortex-m/check.h"
#include "tests/support/metrics.h"
#include "tests/support/random.h"

namespace fw {

void dsp_checks() {
  using testing_support::first_mismatch;
  static int8_t a8[1 + 13 * 71], b8[1 + 19 * 71];
  static int16_t a16[1 + 13 * 71];
  static int32_t bias[19], c1[13 * 71], c2[13 * 71];
  testing_support::rng r(12345);
  testing_support::fill_s8(a8, sizeof a8, r);
  testing_support::fill_s8(b8, sizeof b8, r);
  for (int16_t& v : a16) v = static_cast<int16_t>(r.one_in(3) ? 0 : r.range(0, 0x3FFF));
  testing_support::fill_range(bias, 19, r, -(1 << 29), 1 << 29);
  bool nt = true, nn = true;
  long long where = -1;
  for (size_t k = 1; k <= 71 && nt; k += 7) {
    for (size_t n = 1; n <= 19 && nt; n += 3) {
      const size_t m = 13, off = k % 2;  // odd offsets: unaligned rows
      attnkit::scalar::matmul_nt_s8_s32(m, n, k, a8 + off, k, b8 + off, k, bias, c1, n);
      attnkit::cortex_m::matmul_nt_s8_s32(m, n, k, a8 + off, k, b8 + off, k, bias, c2, n);
      if (first_mismatch(c1, c2, m * n) != m * n) nt = false, where = k * 100 + n;
    }
  }
  report("dsp matmul_nt_s8_s32 == scalar", nullptr, nt, "first bad k*100+n, 0", where, 0);
  where = -1;
  for (size_t k = 1; k <= 13 && nn; k += 2) {
    for (size_t n = 1; n <= 71 && nn; n += 5) {
      const size_t m = 5, off = n % 2;
      attnkit::scalar::matmul_nn_q15_s8_s32(m, n, k, a16 + off, k, b8 + off, n, c1, n);
      attnkit::cortex_m::matmul_nn_q15_s8_s32(m, n, k, a16 + off, k, b8 + off, n, c2, n);
      if (first_mismatch(c1, c2, m * n) != m * n) nn = false, where = k * 100 + n;
    }
  }
  report("dsp matmul_nn_q15_s8_s32 == scalar", nullptr, nn, "first bad k*100+n, 0", where, 0);
}

}  // namespace fw
