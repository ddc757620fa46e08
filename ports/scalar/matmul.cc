// SPDX-License-Identifier: Apache-2.0
// Scalar reference matrix products (float accumulation, in index order).
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void matmul_nt_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      float acc = 0.0f;
      for (size_t p = 0; p < k; ++p) acc += a[i * lda + p] * b[j * ldb + p];
      c[i * ldc + j] = alpha * acc + (bias ? bias[j] : 0.0f);
    }
  }
}

void matmul_nn_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, float* c, size_t ldc, bool accumulate) {
  for (size_t i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (!accumulate)
      for (size_t j = 0; j < n; ++j) ci[j] = 0.0f;
    for (size_t p = 0; p < k; ++p) {
      const float aip = a[i * lda + p];
      if (aip == 0.0f) continue;  // masked attention weights: skip the row of V
      const float* bp = b + p * ldb;
      for (size_t j = 0; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

}  // namespace scalar
}  // namespace attnkit
