// SPDX-License-Identifier: Apache-2.0
// xsimd: the online-softmax step of streaming attention (vector max, split exp, float-float sum).
#include <cmath>

#include "lib/internal/softmax_policy.h"
#include "ports/scalar/kernels.h"
#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {

void softmax_online_f32(float* s, size_t rows, size_t n, size_t lds, float* m, float* l,
                        float* corr) {
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    vf vmax(-kInf);
    auto nan = vf(0.0f) != vf(0.0f);
    size_t i = 0;
    for (; i + kF <= n; i += kF) {
      const vf v = vf::load_unaligned(row + i);
      vmax = ::xsimd::max(vmax, v);
      nan = nan | (v != v);
    }
    float mx = hmax(vmax);
    bool has_nan = ::xsimd::any(nan);
    for (; i < n; ++i) {
      has_nan |= row[i] != row[i];
      mx = row[i] > mx ? row[i] : mx;
    }
    if (m[r] > mx) mx = m[r];
    // A NaN score: the vector max may have lost lanes to it, and the scores must stay NaN
    // through the exp; such rows are rare, the scalar reference does them.
    if (has_nan) {
      scalar::softmax_online_f32(row, 1, n, lds, m + r, l + r, corr + r);
      continue;
    }
    // Nothing visible yet, or +inf scores: softmax_policy.h.
    if (softmax_online_special_row_f32(row, n, mx, m + r, l + r, corr + r)) continue;
    const vf neg_m(-mx);
    ff_sum sum;
    for (i = 0; i + kF <= n; i += kF) {
      const vf e = shifted_exp(vf::load_unaligned(row + i), neg_m);
      e.store_unaligned(row + i);
      sum.add(e);
    }
    double total = sum.total();
    for (; i < n; ++i) {
      row[i] = static_cast<float>(std::exp(static_cast<double>(row[i]) - mx));
      total += row[i];
    }
    corr[r] = static_cast<float>(std::exp(static_cast<double>(m[r]) - mx));
    m[r] = mx;
    l[r] = static_cast<float>(l[r] * corr[r] + total);
  }
}

}  // namespace xsimd_port
}  // namespace attnkit
