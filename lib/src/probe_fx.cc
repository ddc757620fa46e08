// SPDX-License-Identifier: Apache-2.0
// Int8 linear probe: an int8 matmul through the port, per-class requantisation to a shared
// logit unit, argmax and the integer softmax. No floating point.
#include "lib/internal/fixed_point.h"
#include "attnkit/probe.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status probe_s8(const probe_s8_model& m, const int8_t* x, const quant_scale* x_scale, size_t batch,
                int32_t* logits, int32_t* labels, int16_t* probs) {
  if (m.w == nullptr || m.w_scale == nullptr || x == nullptr || x_scale == nullptr ||
      logits == nullptr)
    return status::null_pointer;
  if (m.classes == 0 || m.dims == 0 || batch == 0) return status::bad_size;
  if (m.dims > kMaxDotS8) return status::bad_size;
  if (!detail::matrix_ok(m.classes, m.dims) || !detail::matrix_ok(batch, m.dims) ||
      !detail::matrix_ok(batch, m.classes))
    return status::size_overflow;
  active_port().matmul_nt_s8_s32(batch, m.classes, m.dims, x, m.dims, m.w, m.dims, nullptr, logits,
                                 m.classes);
  active_port().requantize_outer_s32(batch, m.classes, logits, m.classes, x_scale, m.w_scale,
                                     logits, m.classes);
  for (size_t i = 0; i < batch; ++i) {
    int32_t* row = logits + i * m.classes;
    size_t best = 0;
    int32_t best_v = INT32_MIN;  // below every stored logit; kept in a register, not reloaded
    for (size_t c = 0; c < m.classes; ++c) {
      int32_t v = row[c];
      if (m.b) v = fx::sat_add(v, m.b[c]);
      v = v == INT32_MIN ? INT32_MIN + 1 : v;  // INT32_MIN would read as masked
      row[c] = v;
      if (v > best_v) best_v = v, best = c;
    }
    if (labels) labels[i] = m.label_map ? m.label_map[best] : static_cast<int32_t>(best);
    if (probs) active_port().softmax_s32_q15(row, m.classes, m.logit_scale, probs + i * m.classes);
  }
  return status::ok;
}

}  // namespace attnkit
