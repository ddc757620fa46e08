// SPDX-License-Identifier: Apache-2.0
// Scalar reference layer norm (two-pass, double statistics) and mean pooling.
#include <cmath>

#include "ports/scalar/kernels.h"

namespace attnkit {
namespace scalar {

void layernorm_f32(const float* x, size_t rows, size_t d, const float* gamma, const float* beta,
                   float eps, float* y) {
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    float* yr = y + r * d;
    double mean = 0.0;
    for (size_t j = 0; j < d; ++j) mean += xr[j];
    mean /= static_cast<double>(d);
    double var = 0.0;
    for (size_t j = 0; j < d; ++j) var += (xr[j] - mean) * (xr[j] - mean);
    var /= static_cast<double>(d);
    const double inv = 1.0 / std::sqrt(var + eps);
    for (size_t j = 0; j < d; ++j) {
      const double g = gamma ? gamma[j] : 1.0, b = beta ? beta[j] : 0.0;
      yr[j] = static_cast<float>((xr[j] - mean) * inv * g + b);
    }
  }
}

void mean_pool_f32(const float* x, size_t rows, size_t d, float* y) {
  for (size_t j = 0; j < d; ++j) {
    double s = 0.0;
    for (size_t r = 0; r < rows; ++r) s += x[r * d + j];
    y[j] = static_cast<float>(s / static_cast<double>(rows));
  }
}

}  // namespace scalar
}  // namespace attnkit
