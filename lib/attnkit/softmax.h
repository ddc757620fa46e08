// SPDX-License-Identifier: Apache-2.0
// Numerically stable softmax over a vector and over the rows of a matrix.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// y = exp(x - max x) / sum exp(x - max x). y may alias x.
/// -inf entries are masked (probability exactly 0). A row whose entries are all -inf
/// gives all zeros (there is no distribution to normalise; attention then outputs zeros).
/// NaN in a row makes that row NaN; +inf entries share the mass equally.
/// Accuracy: max relative error <= 1e-6 per element against double, n up to 65,536.
status softmax_f32(const float* x, size_t n, float* y);

/// Row-wise softmax of a rows x cols row-major matrix; y may alias x.
status softmax_rows_f32(const float* x, size_t rows, size_t cols, float* y);

}  // namespace attnkit
