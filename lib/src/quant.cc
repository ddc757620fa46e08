// SPDX-License-Identifier: Apache-2.0
// Host-side quantisation helpers (these may use float; the integer kernels do not).
#include <cmath>

#include "attnkit/quant.h"
#include "checks.h"
#include "quant_unchecked.h"

namespace attnkit {

namespace detail {

status quantize_multiplier_value(double real, quant_scale* out) {
  if (!(real >= 0.0) || !std::isfinite(real) || real >= 2147483648.0) return status::bad_argument;
  *out = quant_scale{};
  if (real == 0.0) return status::ok;
  int e = 0;
  const double q = std::frexp(real, &e);  // real = q * 2^e, q in [0.5, 1)
  int64_t m = static_cast<int64_t>(std::round(q * 2147483648.0));
  if (m == (int64_t{1} << 31)) {
    m /= 2;
    ++e;
  }
  if (e < -63) return status::ok;  // flushes to zero, as TFLite does below its range
  out->multiplier = static_cast<int32_t>(m);
  out->shift = e;
  return status::ok;
}

}  // namespace detail

status quantize_multiplier(double real, quant_scale* out) {
  if (out == nullptr) return status::null_pointer;
  return detail::quantize_multiplier_value(real, out);
}

double quant_scale_value(quant_scale s) {
  // In 64 bits: shift - 31 overflows int for shifts near INT32_MIN (found by fixed_fuzz);
  // beyond +-2^20 the double is 0 or inf either way.
  const int64_t e = static_cast<int64_t>(s.shift) - 31, lim = int64_t{1} << 20;
  const int64_t c = e < -lim ? -lim : e > lim ? lim : e;
  return std::ldexp(static_cast<double>(s.multiplier), static_cast<int>(c));
}

float scale_for_absmax_s8(float absmax) {
  if (!(absmax > 0.0f) || !std::isfinite(absmax)) return 1.0f;
  const float s = absmax / 127.0f;
  return s > 0.0f ? s : 1.0f;  // absmax below 127 * FLT_TRUE_MIN
}

namespace {

int8_t quantize_one(float x, double scale) {
  if (x != x) return 0;
  const double v = std::round(static_cast<double>(x) / scale);
  return static_cast<int8_t>(v > 127.0 ? 127 : v < -127.0 ? -127 : static_cast<int>(v));
}

}  // namespace

namespace detail {

void quantize_s8_unchecked(const float* x, size_t n, float scale, int8_t* q) {
  for (size_t i = 0; i < n; ++i) q[i] = quantize_one(x[i], scale);
}

status quantize_rows_s8_unchecked(const float* x, size_t rows, size_t cols, int8_t* q,
                                  float* scales, quant_scale* qscales) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * cols;
    float mx = 0.0f;
    for (size_t j = 0; j < cols; ++j) {
      const float a = std::fabs(xr[j]);
      if (a > mx && std::isfinite(a)) mx = a;
    }
    const float s = scale_for_absmax_s8(mx);  // finite and > 0
    quantize_s8_unchecked(xr, cols, s, q + r * cols);
    if (scales) scales[r] = s;
    if (qscales) {
      const status qs = quantize_multiplier_value(s, &qscales[r]);
      if (qs != status::ok) return qs;
    }
  }
  return status::ok;
}

}  // namespace detail

status quantize_s8(const float* x, size_t n, float scale, int8_t* q) {
  if (x == nullptr || q == nullptr) return status::null_pointer;
  if (n == 0) return status::bad_size;
  if (!(scale > 0.0f) || !std::isfinite(scale)) return status::bad_argument;
  detail::quantize_s8_unchecked(x, n, scale, q);
  return status::ok;
}

status dequantize_s8(const int8_t* q, size_t n, float scale, float* x) {
  if (x == nullptr || q == nullptr) return status::null_pointer;
  if (n == 0) return status::bad_size;
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(q[i]) * scale;
  return status::ok;
}

status quantize_rows_s8(const float* x, size_t rows, size_t cols, int8_t* q, float* scales,
                        quant_scale* qscales) {
  if (x == nullptr || q == nullptr) return status::null_pointer;
  if (rows == 0 || cols == 0) return status::bad_size;
  if (!detail::matrix_ok(rows, cols)) return status::size_overflow;
  return detail::quantize_rows_s8_unchecked(x, rows, cols, q, scales, qscales);
}

status dequantize_q15(const int16_t* q, size_t n, float* x) {
  if (x == nullptr || q == nullptr) return status::null_pointer;
  if (n == 0) return status::bad_size;
  for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(q[i]) * (1.0f / 32768.0f);
  return status::ok;
}

}  // namespace attnkit
