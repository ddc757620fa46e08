// SPDX-License-Identifier: Apache-2.0
// Internal, transitional: integer kernels not yet in port_api.inc, called on the scalar port.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"

namespace attnkit {
namespace scalar {
// c[i][j] = sum_p a[i][p] * b[j][p] + (bias ? bias[j] : 0), int32 (bias add wraps).
void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc);
// c[i][j] = sum_p a[i][p] * b[p][j] (Q15 weights times int8 values); a: m x k, b: k x n.
void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc);
// y[i][j] = requantize(x[i][j], s[j]) (per-column scales); y may alias x.
void requantize_cols_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* s, int32_t* y, size_t ldy);
// y[i][j] = clamp_s8(requantize(x[i][j], s[i])) (per-row scales).
void requantize_rows_s8(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy);
// One integer softmax row: int32 logits of real scale `scale` -> Q15; INT32_MIN is masked.
void softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y);
// One int8 softmax row with TFLite's parameters; y may alias x.
void softmax_s8(const int8_t* x, size_t n, int32_t multiplier, int32_t left_shift,
                int32_t diff_min, int8_t* y);
// Q15 sinusoidal table: count rows from pos0, d columns, integer base >= 2.
void pe_rows_q15(uint32_t pos0, size_t count, size_t d, uint32_t base, int16_t* out);
}  // namespace scalar
}  // namespace attnkit
