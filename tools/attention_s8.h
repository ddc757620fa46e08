// SPDX-License-Identifier: Apache-2.0
// The CLI's int8 attention path: quantise float inputs and weights, run mha_s8, dequantise.
#pragma once
#include "attnkit/attention.h"

namespace cli {

/// y (nq x d_model floats) = mha_s8 on inputs quantised per row (x, kv) and weights quantised
/// per output row (mha_quantize_s8), dequantised with the output's row scales. kv == nullptr:
/// self-attention. mask: additive float mask whose entries must be 0 or -inf (the int8 kernel
/// hides keys, it does not add to scores). weights (optional, heads x nq x nk) receives the Q15
/// attention weights as floats. Throws data_error.
void mha_s8_from_f32(const attnkit::mha_dims& dims, const float* x, const float* kv,
                     const attnkit::mha_weights& w, bool causal, const float* mask, float* y,
                     float* weights);

}  // namespace cli
