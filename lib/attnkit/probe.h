// SPDX-License-Identifier: Apache-2.0
// Linear-probe inference: logits = W x + b over a batch of embeddings.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// A float linear probe. W is classes x dims row-major, b has `classes` entries (may be null).
/// Standardisation, if any, is folded into W and b by the host tool at export time.
/// label_map (optional, `classes` entries) turns a class index into the user's label.
struct probe_f32_model {
  size_t classes = 0;
  size_t dims = 0;
  const float* w = nullptr;
  const float* b = nullptr;
  const int32_t* label_map = nullptr;
};

/// For each of `batch` embeddings x[i] (dims floats, row-major):
///   logits[i] = W x[i] + b              (batch x classes, required)
///   labels[i] = label_map[argmax]       (or the class index without a map; optional)
///   probs[i]  = softmax(logits[i])      (optional; may alias logits)
/// Ties in argmax go to the lowest class index.
status probe_f32(const probe_f32_model& m, const float* x, size_t batch, float* logits,
                 int32_t* labels = nullptr, float* probs = nullptr);

}  // namespace attnkit
