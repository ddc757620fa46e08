// SPDX-License-Identifier: Apache-2.0
// Argument checks for layer norm and mean pooling; the arithmetic is in the ports.
#include <cmath>

#include "attnkit/norm.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status layernorm_f32(const float* x, size_t rows, size_t d, const float* gamma, const float* beta,
                     float eps, float* y) {
  if (x == nullptr || y == nullptr) return status::null_pointer;
  if (rows == 0 || d == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, d)) return status::size_overflow;
  if (!(eps >= 0.0f) || !std::isfinite(eps)) return status::bad_argument;
  active_port().layernorm_f32(x, rows, d, gamma, beta, eps, y);
  return status::ok;
}

status mean_pool_f32(const float* x, size_t rows, size_t d, float* y) {
  if (x == nullptr || y == nullptr) return status::null_pointer;
  if (rows == 0 || d == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, d)) return status::size_overflow;
  active_port().mean_pool_f32(x, rows, d, y);
  return status::ok;
}

}  // namespace attnkit
