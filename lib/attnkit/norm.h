// SPDX-License-Identifier: Apache-2.0
// Layer normalisation and mean pooling over tokens.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// Per row of x (rows x d): y = gamma * (x - mean) / sqrt(var + eps) + beta,
/// var = population variance (as torch.nn.LayerNorm). gamma/beta may be null (1 and 0).
/// eps must be >= 0 and finite. y may alias x.
status layernorm_f32(const float* x, size_t rows, size_t d, const float* gamma, const float* beta,
                     float eps, float* y);

/// y[j] = mean over rows of x[r][j]: a whole-sequence representation (rows x d -> d).
status mean_pool_f32(const float* x, size_t rows, size_t d, float* y);

}  // namespace attnkit
