// SPDX-License-Identifier: Apache-2.0
// Scalar reference integer matrix products (exact int32 accumulation); no floating point.
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      int32_t acc = 0;
      for (size_t p = 0; p < k; ++p)
        acc += static_cast<int32_t>(a[i * lda + p]) * static_cast<int32_t>(b[j * ldb + p]);
      c[i * ldc + j] =
          bias ? static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(bias[j]))
               : acc;
    }
  }
}

void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    int32_t* ci = c + i * ldc;
    for (size_t j = 0; j < n; ++j) ci[j] = 0;
    for (size_t p = 0; p < k; ++p) {
      const int32_t aip = a[i * lda + p];
      if (aip == 0) continue;  // masked or negligible attention weights: skip the row of V
      const int8_t* bp = b + p * ldb;
      for (size_t j = 0; j < n; ++j) ci[j] += aip * static_cast<int32_t>(bp[j]);
    }
  }
}

}  // namespace scalar
}  // namespace attnkit
