// SPDX-License-Identifier: Apache-2.0
// xsimd softmax: exp of an exactly split shifted argument, float-float sum, one reciprocal;
// every element within ~3 float ulps of the exact value for any spread and row length.
#include <cstring>

#include "lib/internal/softmax_policy.h"
#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {

void softmax_f32(const float* x, size_t n, float* y) {
  // Pass 1: max and NaN.
  vf m0(-kInf), m1(-kInf);
  auto nan = vf(0.0f) != vf(0.0f);
  size_t i = 0;
  for (; i + 2 * kF <= n; i += 2 * kF) {
    const vf a = vf::load_unaligned(x + i), b = vf::load_unaligned(x + i + kF);
    m0 = ::xsimd::max(m0, a);
    m1 = ::xsimd::max(m1, b);
    nan = nan | (a != a) | (b != b);
  }
  for (; i + kF <= n; i += kF) {
    const vf a = vf::load_unaligned(x + i);
    m0 = ::xsimd::max(m0, a);
    nan = nan | (a != a);
  }
  float mx = hmax(::xsimd::max(m0, m1));
  bool has_nan = ::xsimd::any(nan);
  for (; i < n; ++i) {
    if (x[i] != x[i]) has_nan = true;
    if (x[i] > mx) mx = x[i];
  }
  if (softmax_special_row_f32(x, n, mx, has_nan, y)) return;  // NaN, all -inf, +inf entries

  // Pass 2: y = exp(x - max), summed in float-float.
  const vf neg_m(-mx);
  ff_sum s0, s1;
  for (i = 0; i + 2 * kF <= n; i += 2 * kF) {
    const vf e0 = shifted_exp(vf::load_unaligned(x + i), neg_m);
    const vf e1 = shifted_exp(vf::load_unaligned(x + i + kF), neg_m);
    e0.store_unaligned(y + i);
    e1.store_unaligned(y + i + kF);
    s0.add(e0);
    s1.add(e1);
  }
  for (; i + kF <= n; i += kF) {
    const vf e = shifted_exp(vf::load_unaligned(x + i), neg_m);
    e.store_unaligned(y + i);
    s0.add(e);
  }
  if (i < n) {  // tail through a -inf padded vector (padding gives 0)
    alignas(64) float buf[kF];
    for (size_t j = 0; j < kF; ++j) buf[j] = i + j < n ? x[i + j] : -kInf;
    const vf e = shifted_exp(vf::load_aligned(buf), neg_m);
    e.store_aligned(buf);
    std::memcpy(y + i, buf, (n - i) * sizeof(float));
    s0.add(e);
  }
  const double sum = s0.total() + s1.total();

  // Pass 3: normalise (sum >= 1: the max contributes exp(0)).
  const float inv = static_cast<float>(1.0 / sum);
  const vf vinv(inv);
  for (i = 0; i + kF <= n; i += kF) (vf::load_unaligned(y + i) * vinv).store_unaligned(y + i);
  for (; i < n; ++i) y[i] *= inv;
}

}  // namespace xsimd_port
}  // namespace attnkit
