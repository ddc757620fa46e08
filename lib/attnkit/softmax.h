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

/// TFLite's int8 softmax parameters (SoftmaxParams input_multiplier / input_left_shift /
/// diff_min): differences x - max are scaled to Q5.26 by multiplier * 2^left_shift / 2^31, and
/// entries with x - max < diff_min get probability 0.
struct softmax_s8_params {
  int32_t multiplier = 0;
  int32_t left_shift = 0;
  int32_t diff_min = 0;
};

/// Host helper (uses double): TFLite's PreprocessSoftmaxScaling(beta, input_scale, 5) and
/// diff_min = -CalculateInputRadius(5, left_shift). bad_argument unless beta * input_scale
/// is finite and >= 2^-26 (TFLite's own lower limit).
status softmax_s8_params_from_scale(double input_scale, double beta, softmax_s8_params* p);

/// int8 -> int8 softmax, output scale 1/256 and zero point -128 (y = round(256 p) - 128,
/// clamped), bit-exact with TFLite's reference_ops::Softmax (gemmlowp) wherever that is
/// defined: sum of exponentials < 512, i.e. the 2^-8 output shift stays within 31 bits. Beyond
/// it (long or flat rows; TFLite aborts, CMSIS-NN shifts out of range) the same arithmetic
/// continues with a 64-bit sum and gives -128 wherever TFLite's rounding of p would (p <
/// 1/512 to within the rounding of its fixed-point exponentials: 256 p can exceed 1/2 by
/// ~5e-10, whose correctly rounded value is -127). No undefined behaviour at any length.
/// bad_argument for multiplier < 0, left_shift outside [0, 31] or diff_min > 0 (TFLite's
/// diff_min is <= 0; a positive one would hide the maximum itself). y may alias x.
status softmax_s8(const int8_t* x, size_t n, const softmax_s8_params& p, int8_t* y);

/// Row-wise softmax_s8 of a rows x cols matrix; y may alias x.
status softmax_rows_s8(const int8_t* x, size_t rows, size_t cols, const softmax_s8_params& p,
                       int8_t* y);

}  // namespace attnkit
