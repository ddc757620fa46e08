// SPDX-License-Identifier: Apache-2.0
// Float linear probe: one matmul through the port, then argmax and optional softmax.
#include "attnkit/probe.h"
#include "checks.h"
#include "lib/internal/port_table.h"

namespace attnkit {

status probe_f32(const probe_f32_model& m, const float* x, size_t batch, float* logits,
                 int32_t* labels, float* probs) {
  if (m.w == nullptr || x == nullptr || logits == nullptr) return status::null_pointer;
  if (m.classes == 0 || m.dims == 0 || batch == 0) return status::bad_size;
  if (!detail::matrix_ok(m.classes, m.dims) || !detail::matrix_ok(batch, m.dims) ||
      !detail::matrix_ok(batch, m.classes))
    return status::size_overflow;
  const port_table& p = active_port();
  p.matmul_nt_f32(batch, m.classes, m.dims, x, m.dims, m.w, m.dims, m.b, 1.0f, logits, m.classes);
  for (size_t i = 0; i < batch; ++i) {
    const float* row = logits + i * m.classes;
    if (labels) {
      size_t best = 0;
      for (size_t c = 1; c < m.classes; ++c)
        if (row[c] > row[best]) best = c;
      labels[i] = m.label_map ? m.label_map[best] : static_cast<int32_t>(best);
    }
    if (probs) p.softmax_f32(row, m.classes, probs + i * m.classes);
  }
  return status::ok;
}

}  // namespace attnkit
