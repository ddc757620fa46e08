// SPDX-License-Identifier: Apache-2.0
// Scalar reference for the online-softmax step of streaming attention.
#include <cmath>
#include <limits>

#include "kernels.h"

namespace attnkit {
namespace scalar {

void softmax_online_f32(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                        float* corr) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    float mx = m[r];
    for (size_t j = 0; j < n; ++j)
      if (row[j] > mx) mx = row[j];
    if (mx == -kInf) {  // nothing visible yet: keep the state, contribute nothing
      corr[r] = 1.0f;
      for (size_t j = 0; j < n; ++j) row[j] = row[j] != row[j] ? row[j] : 0.0f;
      continue;
    }
    if (mx == kInf) {  // +inf scores share the mass, as in softmax_f32
      corr[r] = m[r] == kInf ? 1.0f : 0.0f;
      for (size_t j = 0; j < n; ++j) row[j] = row[j] == kInf ? 1.0f : (row[j] != row[j] ? row[j] : 0.0f);
    } else {
      corr[r] = static_cast<float>(std::exp(static_cast<double>(m[r]) - mx));
      for (size_t j = 0; j < n; ++j)
        row[j] = static_cast<float>(std::exp(static_cast<double>(row[j]) - mx));
    }
    double sum = 0.0;
    for (size_t j = 0; j < n; ++j) sum += row[j];
    m[r] = mx;
    l[r] = static_cast<float>(l[r] * corr[r] + sum);
  }
}

}  // namespace scalar
}  // namespace attnkit
