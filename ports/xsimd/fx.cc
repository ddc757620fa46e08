// SPDX-License-Identifier: Apache-2.0
// xsimd port, per-element integer kernels (requantise, integer softmax, Q15 encodings): each
// forwards explicitly to the scalar reference, so the bytes are the scalar port's. Their steps
// need 32 x 32 -> 64-bit products, which xsimd 8.1 does not vectorise (matmul_fx.cc does the
// int8 products).
#include "ports/scalar/kernels.h"
#include "ports/xsimd/kernels.h"

namespace attnkit {
namespace xsimd_port {

void requantize_cols_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* s, int32_t* y, size_t ldy) {
  scalar::requantize_cols_s32(rows, cols, x, ldx, s, y, ldy);
}

void requantize_outer_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                          const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  scalar::requantize_outer_s32(rows, cols, x, ldx, rs, cs, y, ldy);
}

void requantize_rows_s8(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  scalar::requantize_rows_s8(rows, cols, x, ldx, s, y, ldy);
}

void softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y) {
  scalar::softmax_s32_q15(x, n, scale, y);
}

void softmax_s8(const int8_t* x, size_t n, int32_t multiplier, int32_t left_shift,
                int32_t diff_min, int8_t* y) {
  scalar::softmax_s8(x, n, multiplier, left_shift, diff_min, y);
}

void pe_rows_q15(uint32_t pos0, size_t count, size_t d, uint32_t base, int16_t* out) {
  scalar::pe_rows_q15(pos0, count, d, base, out);
}

}  // namespace xsimd_port
}  // namespace attnkit
