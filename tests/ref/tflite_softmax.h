// SPDX-License-Identifier: Apache-2.0
// Oracle: TFLite's int8 reference softmax (reference_ops::Softmax, int8 in and out) written
// with gemmlowp's own FixedPoint types, and its parameter preprocessing.
#pragma once
#include <gemmlowp/fixedpoint/fixedpoint.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>

namespace ref {

struct tflite_softmax_params {
  int32_t multiplier, left_shift, diff_min;
};

// PreprocessSoftmaxScaling(beta, input_scale, 5) + diff_min = -CalculateInputRadius(5, shift).
inline tflite_softmax_params tflite_softmax_prepare(double input_scale, double beta = 1.0) {
  const double real = std::min(beta * input_scale * (1 << (31 - 5)), (1LL << 31) - 1.0);
  int shift = 0;
  const double q = std::frexp(real, &shift);
  int64_t m = static_cast<int64_t>(std::round(q * (1LL << 31)));
  if (m == (1LL << 31)) {
    m /= 2;
    ++shift;
  }
  const double radius = 1.0 * ((1 << 5) - 1) * (1LL << (31 - 5)) / (1LL << shift);
  return {static_cast<int32_t>(m), shift, -static_cast<int32_t>(std::floor(radius))};
}

/// One row. Returns false (and leaves y unspecified) where TFLite is undefined: the int32 sum
/// of exponentials overflows or the output shift leaves [0, 31] (TFLITE_CHECK aborts there).
inline bool tflite_softmax_s8(const int8_t* x, size_t n, const tflite_softmax_params& p,
                              int8_t* y) {
  using FixedPointScaledDiff = gemmlowp::FixedPoint<int32_t, 5>;
  using FixedPointAccum = gemmlowp::FixedPoint<int32_t, 12>;
  using FixedPoint0 = gemmlowp::FixedPoint<int32_t, 0>;
  int8_t mx = std::numeric_limits<int8_t>::min();
  for (size_t c = 0; c < n; ++c) mx = std::max(mx, x[c]);
  int64_t wide_sum = 0;
  FixedPointAccum sum = FixedPointAccum::Zero();
  auto exp_of = [&](int32_t diff) {
    const int32_t rescaled =
        gemmlowp::SaturatingRoundingDoublingHighMul(diff * (1 << p.left_shift), p.multiplier);
    return gemmlowp::exp_on_negative_values(FixedPointScaledDiff::FromRaw(rescaled));
  };
  for (size_t c = 0; c < n; ++c) {
    const int32_t diff = static_cast<int32_t>(x[c]) - mx;
    if (diff >= p.diff_min) {
      const FixedPointAccum e = gemmlowp::Rescale<12>(exp_of(diff));
      wide_sum += e.raw();
      if (wide_sum > std::numeric_limits<int32_t>::max()) return false;
      sum = sum + e;
    }
  }
  const int32_t s = sum.raw();
  const int headroom_plus_one = __builtin_clz(static_cast<uint32_t>(s));
  const int num_bits_over_unit = 12 - headroom_plus_one;
  const int32_t shifted_sum_minus_one = static_cast<int32_t>(
      (static_cast<uint32_t>(s) << headroom_plus_one) - (static_cast<uint32_t>(1) << 31));
  const FixedPoint0 shifted_scale =
      gemmlowp::one_over_one_plus_x_for_x_in_0_1(FixedPoint0::FromRaw(shifted_sum_minus_one));
  const int exponent = num_bits_over_unit + 31 - 8;
  if (exponent < 0 || exponent > 31) return false;
  for (size_t c = 0; c < n; ++c) {
    const int32_t diff = static_cast<int32_t>(x[c]) - mx;
    if (diff >= p.diff_min) {
      const int32_t unsat =
          gemmlowp::RoundingDivideByPOT((shifted_scale * exp_of(diff)).raw(), exponent);
      y[c] = static_cast<int8_t>(std::max(std::min(unsat - 128, 127), -128));
    } else {
      y[c] = -128;
    }
  }
  return true;
}

}  // namespace ref
