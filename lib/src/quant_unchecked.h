// SPDX-License-Identifier: Apache-2.0
// The quantisation helpers of quant.h without their argument checks, for library code that has
// already validated the arguments (each argument is checked once per public call).
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/quant.h"

namespace attnkit {
namespace detail {

/// quantize_multiplier for a non-null out: bad_argument unless real is finite, >= 0 and < 2^31
/// (a value check: real is computed from the caller's data).
status quantize_multiplier_value(double real, quant_scale* out);

/// quantize_s8 for non-null x and q, n > 0, scale finite and > 0.
void quantize_s8_unchecked(const float* x, size_t n, float scale, int8_t* q);

/// quantize_rows_s8 for non-null x and q, rows and cols > 0, rows x cols floats fitting size_t;
/// bad_argument only from a row scale quantize_multiplier_value refuses.
status quantize_rows_s8_unchecked(const float* x, size_t rows, size_t cols, int8_t* q,
                                  float* scales, quant_scale* qscales);

}  // namespace detail
}  // namespace attnkit
