// SPDX-License-Identifier: Apache-2.0
// Scalar reference Q15 sinusoidal encodings; integer arithmetic only.
#include "lib/internal/pe_fx.h"
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void pe_rows_q15(uint32_t pos0, size_t count, size_t d, uint32_t base, int16_t* out) {
  const uint64_t lb = fx::pe_log2_q48(base);
  // Frequencies in blocks, so each costs its 48 products once per call, not once per row.
  constexpr size_t kBlock = 32;
  uint64_t f[kBlock];
  for (size_t j0 = 0; j0 < d; j0 += 2 * kBlock) {
    const size_t j1 = d - j0 < 2 * kBlock ? d : j0 + 2 * kBlock;
    for (size_t j = j0; j < j1; j += 2) f[(j - j0) / 2] = fx::pe_freq(j, d, lb);
    for (size_t k = 0; k < count; ++k) {
      const uint32_t pos = pos0 + static_cast<uint32_t>(k);
      int16_t* row = out + k * d;
      for (size_t j = j0; j < j1; j += 2) {
        int16_t s, c;
        fx::pe_sincos_q15(fx::pe_phase(pos, f[(j - j0) / 2]), &s, &c);
        row[j] = s;
        if (j + 1 < d) row[j + 1] = c;
      }
    }
  }
}

}  // namespace scalar
}  // namespace attnkit
