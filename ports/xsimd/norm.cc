// SPDX-License-Identifier: Apache-2.0
// xsimd layer norm (two-pass, statistics and output arithmetic in double lanes) and mean
// pooling (double column sums in row order: bit-identical to the scalar port).
#include <cmath>

#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {

void layernorm_f32(const float* x, size_t rows, size_t d, const float* gamma, const float* beta,
                   float eps, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    float* yr = y + r * d;
    vd s0(0.0), s1(0.0);
    size_t j = 0;
    for (; j + 2 * kD <= d; j += 2 * kD) {
      s0 += load_d(xr + j);
      s1 += load_d(xr + j + kD);
    }
    for (; j + kD <= d; j += kD) s0 += load_d(xr + j);
    double mean = hsum_d(s0 + s1);
    for (; j < d; ++j) mean += xr[j];
    mean /= static_cast<double>(d);

    const vd vmean(mean);
    s0 = s1 = vd(0.0);
    for (j = 0; j + 2 * kD <= d; j += 2 * kD) {
      const vd u = load_d(xr + j) - vmean, v = load_d(xr + j + kD) - vmean;
      s0 += u * u;
      s1 += v * v;
    }
    for (; j + kD <= d; j += kD) {
      const vd u = load_d(xr + j) - vmean;
      s0 += u * u;
    }
    double var = hsum_d(s0 + s1);
    for (; j < d; ++j) var += (xr[j] - mean) * (xr[j] - mean);
    var /= static_cast<double>(d);
    const double inv = 1.0 / std::sqrt(var + eps);

    const vd vinv(inv);
    for (j = 0; j + kD <= d; j += kD) {  // y may alias x: each block is read before it is written
      vd v = (load_d(xr + j) - vmean) * vinv;
      if (gamma) v = v * load_d(gamma + j);
      if (beta) v = v + load_d(beta + j);
      store_d(yr + j, v);
    }
    for (; j < d; ++j) {
      const double g = gamma ? gamma[j] : 1.0, b = beta ? beta[j] : 0.0;
      yr[j] = static_cast<float>((xr[j] - mean) * inv * g + b);
    }
  }
}

void mean_pool_f32(const float* x, size_t rows, size_t d, float* y) {
  const vd vrows(static_cast<double>(rows));
  size_t j = 0;
  for (; j + 4 * kD <= d; j += 4 * kD) {
    vd s0(0.0), s1(0.0), s2(0.0), s3(0.0);
    for (size_t r = 0; r < rows; ++r) {
      const float* p = x + r * d + j;
      s0 += load_d(p);
      s1 += load_d(p + kD);
      s2 += load_d(p + 2 * kD);
      s3 += load_d(p + 3 * kD);
    }
    store_d(y + j, s0 / vrows);
    store_d(y + j + kD, s1 / vrows);
    store_d(y + j + 2 * kD, s2 / vrows);
    store_d(y + j + 3 * kD, s3 / vrows);
  }
  for (; j + kD <= d; j += kD) {
    vd s(0.0);
    for (size_t r = 0; r < rows; ++r) s += load_d(x + r * d + j);
    store_d(y + j, s / vrows);
  }
  for (; j < d; ++j) {
    double s = 0.0;
    for (size_t r = 0; r < rows; ++r) s += x[r * d + j];
    y[j] = static_cast<float>(s / static_cast<double>(rows));
  }
}

}  // namespace xsimd_port
}  // namespace attnkit
