// SPDX-License-Identifier: Apache-2.0
// The Cortex-M port's kernel set: DSP (SMLAD) versions of the integer matrix products, and the
// scalar port's kernels for everything else, forwarded explicitly so the list stays visible.
// lib/src calls them directly (port_table.h, direct mode): a missing kernel fails to compile.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"

namespace attnkit {
// The scalar port's kernels, declared here too: port_table.h includes this header in direct
// mode, so it must not include port_table.h or ports/scalar/kernels.h.
namespace scalar {
#define ATTNKIT_PORT_FN(fn, params) void fn params;
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace scalar

namespace cortex_m {

// Float kernels: the scalar reference (double where it needs the accuracy; soft-float on
// single-precision FPUs, which costs time, not correctness).
using scalar::layernorm_f32;
using scalar::matmul_nn_f32;
using scalar::matmul_nt_f32;
using scalar::mean_pool_f32;
using scalar::pe_rows_f32;
using scalar::softmax_f32;
using scalar::softmax_online_f32;

// Integer kernels: the matrix products use SXTB16 + SMLAD (matmul_fx.cc); the per-element
// requantise / softmax / Q15 encoding pipelines are the scalar port's (no 16-bit inner loop).
void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc);
void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc);
using scalar::pe_rows_q15;
using scalar::requantize_cols_s32;
using scalar::requantize_outer_s32;
using scalar::requantize_rows_s8;
using scalar::softmax_s32_q15;
using scalar::softmax_s8;

}  // namespace cortex_m
}  // namespace attnkit
