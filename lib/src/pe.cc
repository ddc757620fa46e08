// SPDX-License-Identifier: Apache-2.0
// Argument checks for the positional encodings; the arithmetic is in the ports.
#include <cmath>

#include "attnkit/pe.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status pe_table_f32(uint32_t pos0, size_t count, size_t d, float* out, float base) {
  if (out == nullptr) return status::null_pointer;
  if (count == 0 || d == 0) return status::bad_size;
  if (!detail::matrix_ok(count, d)) return status::size_overflow;
  if (count - 1 > UINT32_MAX - pos0) return status::size_overflow;
  if (!(base > 1.0f) || !std::isfinite(base)) return status::bad_argument;
  active_port().pe_rows_f32(pos0, count, d, std::log(static_cast<double>(base)), out);
  return status::ok;
}

status pe_f32(uint32_t pos, size_t d, float* out, float base) {
  return pe_table_f32(pos, 1, d, out, base);
}

}  // namespace attnkit
