// SPDX-License-Identifier: Apache-2.0
// Argument checks for softmax; the arithmetic is in the ports.
#include "attnkit/softmax.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status softmax_rows_f32(const float* x, size_t rows, size_t cols, float* y) {
  if (x == nullptr || y == nullptr) return status::null_pointer;
  if (rows == 0 || cols == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, cols)) return status::size_overflow;
  const port_table& p = active_port();
  for (size_t r = 0; r < rows; ++r) p.softmax_f32(x + r * cols, cols, y + r * cols);
  return status::ok;
}

status softmax_f32(const float* x, size_t n, float* y) { return softmax_rows_f32(x, 1, n, y); }

}  // namespace attnkit
