// SPDX-License-Identifier: Apache-2.0
// Host helper: quantise a float linear probe to probe_s8_model (uses double).
#include <cmath>

#include "attnkit/probe.h"
#include "checks.h"
#include "quant_unchecked.h"

namespace attnkit {

status probe_quantize_s8(const probe_f32_model& f, double logit_unit, const probe_s8_storage& out,
                         probe_s8_model* q) {
  if (f.w == nullptr || out.w == nullptr || out.w_scale == nullptr || q == nullptr)
    return status::null_pointer;
  if (f.b != nullptr && out.b == nullptr) return status::null_pointer;
  if (f.classes == 0 || f.dims == 0) return status::bad_size;
  if (f.dims > kMaxDotS8) return status::bad_size;
  if (!detail::matrix_ok(f.classes, f.dims)) return status::size_overflow;
  if (!(logit_unit >= 0.0) || !std::isfinite(logit_unit)) return status::bad_argument;
  const double unit = logit_unit > 0.0 ? logit_unit : std::ldexp(1.0, -16);
  for (size_t c = 0; c < f.classes; ++c) {
    const float* row = f.w + c * f.dims;
    float mx = 0.0f;
    for (size_t j = 0; j < f.dims; ++j) {
      if (!std::isfinite(row[j])) return status::bad_argument;
      mx = std::fmax(mx, std::fabs(row[j]));
    }
    const float s = scale_for_absmax_s8(mx);  // finite and > 0
    detail::quantize_s8_unchecked(row, f.dims, s, out.w + c * f.dims);
    const status st =
        detail::quantize_multiplier_value(static_cast<double>(s) / unit, &out.w_scale[c]);
    if (st != status::ok) return st;
    if (out.w_scale_f32) out.w_scale_f32[c] = s;
    if (f.b) {
      if (!std::isfinite(f.b[c])) return status::bad_argument;
      const double v = std::round(static_cast<double>(f.b[c]) / unit);
      const double lim = 1073741824.0;
      out.b[c] = static_cast<int32_t>(v > lim ? lim : v < -lim ? -lim : v);
    }
  }
  probe_s8_model m;
  m.classes = f.classes;
  m.dims = f.dims;
  m.w = out.w;
  m.w_scale = out.w_scale;
  m.b = f.b ? out.b : nullptr;
  m.label_map = f.label_map;
  const status st = detail::quantize_multiplier_value(unit, &m.logit_scale);
  if (st != status::ok) return st;
  *q = m;
  return status::ok;
}

}  // namespace attnkit
