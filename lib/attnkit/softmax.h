// SPDX-License-Identifier: Apache-2.0
// Numerically stable softmax over a vector and over the rows of a matrix.
#pragma once
#include "attnkit/quant.h"
#include "attnkit/status.h"

namespace attnkit {

/// y = exp(x - max x) / sum exp(x - max x). y may alias x.
/// -inf entries are masked (probability exactly 0). A row whose entries are all -inf
/// gives all zeros (there is no distribution to normalise; attention then outputs zeros).
/// NaN in a row makes that row NaN; +inf entries share the mass equally.
/// Accuracy: max relative error <= 1e-6 per element against double, n up to 65,536.
status softmax_f32(const float* x, size_t n, float* y);

/// Row-wise softmax of a rows x cols row-major matrix; y may alias x.
status softmax_rows_f32(const float* x, size_t rows, size_t cols, float* y);

/// Integer softmax, no floating point: x holds int32 logits whose real value is
/// x * scale (scale as quant_scale, see quant.h); y[i] = round(p_i * 32768) in Q15,
/// clamped to 32767. Masked entries are INT32_MIN (probability exactly 0); an all-masked row
/// gives zeros. Exponentials below 2^-32 of the row maximum are flushed to 0.
/// Accuracy: |y - round(p * 32768)| <= 2 for every row length up to 4096 (tested), any scale.
/// y must not overlap x. Tables: 256 bytes.
status softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y);

/// Row-wise softmax_s32_q15 of a rows x cols matrix.
status softmax_rows_s32_q15(const int32_t* x, size_t rows, size_t cols, quant_scale scale,
                            int16_t* y);

}  // namespace attnkit
