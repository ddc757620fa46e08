// SPDX-License-Identifier: Apache-2.0
// Scalar reference requantisation of int32 matrices (per column or per row); no float.
#include "lib/internal/fixed_point.h"
#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void requantize_cols_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* s, int32_t* y, size_t ldy) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j) y[i * ldy + j] = fx::requantize(x[i * ldx + j], s[j]);
}

void requantize_outer_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                          const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j)
      y[i * ldy + j] = fx::requantize(x[i * ldx + j], fx::mul_scales(rs[i], cs[j]));
}

void requantize_rows_s8(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t j = 0; j < cols; ++j)
      y[i * ldy + j] = fx::sat_s8(fx::requantize(x[i * ldx + j], s[i]));
}

}  // namespace scalar
}  // namespace attnkit
