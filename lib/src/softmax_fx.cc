// SPDX-License-Identifier: Apache-2.0
// Argument checks for the integer softmax; the arithmetic is in the ports.
#include "attnkit/softmax.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status softmax_rows_s32_q15(const int32_t* x, size_t rows, size_t cols, quant_scale scale,
                            int16_t* y) {
  if (x == nullptr || y == nullptr) return status::null_pointer;
  if (rows == 0 || cols == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, cols)) return status::size_overflow;
  if (scale.multiplier < 0) return status::bad_argument;
  for (size_t r = 0; r < rows; ++r)
    active_port().softmax_s32_q15(x + r * cols, cols, scale, y + r * cols);
  return status::ok;
}

status softmax_s32_q15(const int32_t* x, size_t n, quant_scale scale, int16_t* y) {
  return softmax_rows_s32_q15(x, 1, n, scale, y);
}

status softmax_rows_s8(const int8_t* x, size_t rows, size_t cols, const softmax_s8_params& p,
                       int8_t* y) {
  if (x == nullptr || y == nullptr) return status::null_pointer;
  if (rows == 0 || cols == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, cols)) return status::size_overflow;
  if (p.multiplier < 0 || p.left_shift < 0 || p.left_shift > 31 || p.diff_min > 0)
    return status::bad_argument;
  for (size_t r = 0; r < rows; ++r)
    active_port().softmax_s8(x + r * cols, cols, p.multiplier, p.left_shift, p.diff_min,
                             y + r * cols);
  return status::ok;
}

status softmax_s8(const int8_t* x, size_t n, const softmax_s8_params& p, int8_t* y) {
  return softmax_rows_s8(x, 1, n, p, y);
}

}  // namespace attnkit
