// SPDX-License-Identifier: Apache-2.0
// Scalar reference for the online-softmax step of streaming attention.
#include <cmath>

#include "lib/internal/softmax_policy.h"
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void softmax_online_f32(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                        float* corr) {
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    float mx = m[r];
    for (size_t j = 0; j < n; ++j)
      if (row[j] > mx) mx = row[j];
    // Nothing visible yet, or +inf scores: softmax_policy.h.
    if (softmax_online_special_row_f32(row, n, mx, m + r, l + r, corr + r)) continue;
    corr[r] = static_cast<float>(std::exp(static_cast<double>(m[r]) - mx));
    for (size_t j = 0; j < n; ++j)
      row[j] = static_cast<float>(std::exp(static_cast<double>(row[j]) - mx));
    double sum = 0.0;
    for (size_t j = 0; j < n; ++j) sum += row[j];
    m[r] = mx;
    l[r] = static_cast<float>(l[r] * corr[r] + sum);
  }
}

}  // namespace scalar
}  // namespace attnkit
