// SPDX-License-Identifier: Apache-2.0
// The quantisation scheme of the integer kernels, and host-side helpers that quantise buffers.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

// Scheme (every *_s8 / *_s32 / *_q15 kernel):
// - int8 tensors are symmetric, zero point 0: real = q * scale with q in [-127, 127] (the
//   helpers never produce -128, so negation cannot overflow). Activations carry one float
//   scale per tensor (per vector where a kernel says so), weights one per output row.
// - Products accumulate exactly in int32. A dot product of length k cannot overflow while
//   k <= kMaxDotS8 (k * 128 * 128 < 2^31); kernels reject longer ones with bad_size.
// - A positive real factor r travels as quant_scale {multiplier, shift}:
//     r = multiplier * 2^(shift - 31),  multiplier in [2^30, 2^31)  (0 means r = 0),
//   exactly TFLite's QuantizeMultiplier. Requantising an int32 v by r is TFLite's
//   MultiplyByQuantizedMultiplier built from gemmlowp's SaturatingRoundingDoublingHighMul and
//   RoundingDivideByPOT (fixed_point.h): round to nearest, saturating.
// - Q15 is int16 with real = q / 2^15 (probabilities, encodings); Q31 likewise with 2^31.
// - Integer kernels use no floating point at run time. The helpers below use float/double:
//   call them on the host (or once at start-up) to prepare weights, scales and inputs.

/// A real factor as a Q31 multiplier and a power-of-two exponent (see above). An aggregate,
/// so exported headers can write `{1518500250, -6}`.
struct quant_scale {
  int32_t multiplier = 0;
  int32_t shift = 0;
};

/// Longest int8 x int8 dot product an int32 accumulator holds without overflow.
constexpr size_t kMaxDotS8 = (size_t{1} << 17) - 1;

/// real -> {multiplier, shift} as TFLite QuantizeMultiplier (round half away from zero;
/// values below 2^-63 become {0, 0}). Returns bad_argument unless 0 <= real < 2^31 and finite.
status quantize_multiplier(double real, quant_scale* out);

/// The real value multiplier * 2^(shift - 31) of a quant_scale.
double quant_scale_value(quant_scale s);

/// Symmetric int8 scale for data whose largest magnitude is absmax: absmax / 127
/// (1 when absmax is 0 or not finite, so quantising gives zeros rather than dividing by 0).
float scale_for_absmax_s8(float absmax);

/// q[i] = clamp(round(x[i] / scale), -127, 127), ties away from zero; NaN -> 0.
/// Returns bad_argument unless scale > 0 and finite.
status quantize_s8(const float* x, size_t n, float scale, int8_t* q);

/// x[i] = q[i] * scale.
status dequantize_s8(const int8_t* q, size_t n, float scale, float* x);

/// Quantises each row of a rows x cols matrix with its own scale max|row| / 127 (weights
/// per output row, or inputs per vector). scales (rows floats) and qscales (rows quant_scales,
/// for the integer kernels) are optional outputs. Non-finite values are left out of max|row|
/// (NaN -> 0, +-inf -> +-127). With qscales, a row scale of 2^31 or more (|x| >= 2.7e11)
/// returns bad_argument (quantize_multiplier's range); a scale below 2^-63 becomes {0, 0}.
status quantize_rows_s8(const float* x, size_t rows, size_t cols, int8_t* q, float* scales,
                        quant_scale* qscales = nullptr);

/// x[i] = q[i] / 32768 (Q15 to float).
status dequantize_q15(const int16_t* q, size_t n, float* x);

}  // namespace attnkit
