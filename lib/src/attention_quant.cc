// SPDX-License-Identifier: Apache-2.0
// Host helper: quantise float multi-head attention weights for mha_s8 (uses double).
#include <cmath>

#include "attnkit/attention.h"
#include "checks.h"
#include "quant_unchecked.h"

namespace attnkit {
namespace {

status quantize_bias(const float* b, size_t n, double unit, int32_t* out) {
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(b[i])) return status::bad_argument;
    const double v = std::round(static_cast<double>(b[i]) / unit);
    const double lim = 1073741824.0;
    out[i] = static_cast<int32_t>(v > lim ? lim : v < -lim ? -lim : v);
  }
  return status::ok;
}

}  // namespace

status mha_quantize_s8(const mha_dims& d, const mha_weights& f, const mha_s8_storage& out,
                       mha_s8_weights* q) {
  if (q == nullptr || f.wq == nullptr || f.wk == nullptr || f.wv == nullptr || f.wo == nullptr ||
      out.wq == nullptr || out.wk == nullptr || out.wv == nullptr || out.wo == nullptr ||
      out.wq_scale == nullptr || out.wk_scale == nullptr || out.wv_scale == nullptr ||
      out.wo_scale == nullptr)
    return status::null_pointer;
  if ((f.bq && !out.bq) || (f.bk && !out.bk) || (f.bv && !out.bv) || (f.bo && !out.bo))
    return status::null_pointer;
  if (d.d_model == 0 || d.d_kv == 0) return status::bad_size;
  if (!detail::matrix_ok(d.d_model, d.d_model) || !detail::matrix_ok(d.d_model, d.d_kv))
    return status::size_overflow;
  const size_t e = d.d_model;
  // The shapes and pointers are the ones checked above: the unchecked entry.
  const auto quantize_rows = detail::quantize_rows_s8_unchecked;
  status s = quantize_rows(f.wq, e, e, out.wq, nullptr, out.wq_scale);
  if (s == status::ok) s = quantize_rows(f.wk, e, d.d_kv, out.wk, nullptr, out.wk_scale);
  if (s == status::ok) s = quantize_rows(f.wv, e, d.d_kv, out.wv, nullptr, out.wv_scale);
  if (s == status::ok) s = quantize_rows(f.wo, e, e, out.wo, nullptr, out.wo_scale);
  if (s != status::ok) return s;
  const double unit = std::ldexp(1.0, -16);
  if (f.bq && (s = quantize_bias(f.bq, e, unit, out.bq)) != status::ok) return s;
  if (f.bk && (s = quantize_bias(f.bk, e, unit, out.bk)) != status::ok) return s;
  if (f.bv && (s = quantize_bias(f.bv, e, unit, out.bv)) != status::ok) return s;
  if (f.bo && (s = quantize_bias(f.bo, e, unit, out.bo)) != status::ok) return s;
  mha_s8_weights w;
  w.wq = out.wq;
  w.wk = out.wk;
  w.wv = out.wv;
  w.wo = out.wo;
  w.wq_scale = out.wq_scale;
  w.wk_scale = out.wk_scale;
  w.wv_scale = out.wv_scale;
  w.wo_scale = out.wo_scale;
  w.bq = f.bq ? out.bq : nullptr;
  w.bk = f.bk ? out.bk : nullptr;
  w.bv = f.bv ? out.bv : nullptr;
  w.bo = f.bo ? out.bo : nullptr;
  s = detail::quantize_multiplier_value(unit, &w.bias_unit);
  if (s != status::ok) return s;
  *q = w;
  return status::ok;
}

}  // namespace attnkit
