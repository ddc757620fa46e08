// SPDX-License-Identifier: Apache-2.0
// Argument checks for the Q15 positional encodings; the arithmetic is in the ports.
#include "attnkit/pe.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status pe_table_q15(uint32_t pos0, size_t count, size_t d, int16_t* out, uint32_t base) {
  if (out == nullptr) return status::null_pointer;
  if (count == 0 || d == 0) return status::bad_size;
  if (d > (size_t{1} << 31)) return status::bad_size;
  if (!detail::matrix_ok(count, d)) return status::size_overflow;
  if (count - 1 > UINT32_MAX - pos0) return status::size_overflow;
  if (base < 2) return status::bad_argument;
  active_port().pe_rows_q15(pos0, count, d, base, out);
  return status::ok;
}

status pe_q15(uint32_t pos, size_t d, int16_t* out, uint32_t base) {
  return pe_table_q15(pos, 1, d, out, base);
}

}  // namespace attnkit
