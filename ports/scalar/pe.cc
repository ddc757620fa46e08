// SPDX-License-Identifier: Apache-2.0
// Scalar reference: sinusoidal encodings with the angle formed and reduced in double.
#include <cmath>

#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void pe_rows_f32(uint32_t pos0, size_t count, size_t d, double log_base, float* out) {
  for (size_t k = 0; k < count; ++k) {
    const double pos = static_cast<double>(pos0) + static_cast<double>(k);
    float* row = out + k * d;
    for (size_t j = 0; j < d; j += 2) {
      // w = base^(-2i/d) with j = 2i; pos * w keeps ~1e-16 relative error in double.
      const double w = std::exp(-static_cast<double>(j) / static_cast<double>(d) * log_base);
      const double a = pos * w;
      row[j] = static_cast<float>(std::sin(a));
      if (j + 1 < d) row[j + 1] = static_cast<float>(std::cos(a));
    }
  }
}

}  // namespace scalar
}  // namespace attnkit
