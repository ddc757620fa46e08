// SPDX-License-Identifier: Apache-2.0
// Scaled dot-product attention and multi-head attention (self and cross), float32.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// Shapes: Q is nq x dk, K is nk x dk, V is nk x dv, out is nq x dv (all row-major).
struct attention_dims {
  size_t nq = 0, nk = 0, dk = 0, dv = 0;
};

/// Optional parts of an attention call.
/// causal: query i sees keys j <= i (top-left aligned, as PyTorch's is_causal); when nq > nk
///   the extra rows see every key.
/// mask: additive, nq x nk, added to the scaled scores (use -inf to hide a key).
/// weights: if non-null, receives the nq x nk softmax weights (per head: heads x nq x nk).
/// A query that sees no key (all masked) gets all-zero weights and an all-zero output.
struct attention_opts {
  bool causal = false;
  const float* mask = nullptr;
  float* weights = nullptr;
};

/// Bytes of scratch attention_f32 needs for these dims (0 if the dims overflow).
size_t attention_f32_scratch_size(const attention_dims& dims);

/// out = softmax(Q K^T / sqrt(dk) + mask) V.  out must not alias the inputs.
status attention_f32(const attention_dims& dims, const float* q, const float* k, const float* v,
                     float* out, const attention_opts& opts, scratch work);

/// Multi-head attention shapes: x is nq x d_model (queries), kv is nk x d_kv (keys/values
/// source; self-attention: kv = x, nk = nq, d_kv = d_model). heads must divide d_model.
struct mha_dims {
  size_t nq = 0, nk = 0, d_model = 0, d_kv = 0, heads = 0;
};

/// Weights in PyTorch nn.MultiheadAttention's convention (q_i = W_q x_i + b_q):
/// W_q is d_model x d_model, W_k and W_v are d_model x d_kv, W_o is d_model x d_model;
/// rows [h*dh, (h+1)*dh) of W_q/W_k/W_v belong to head h (dh = d_model / heads);
/// y_i = W_o concat(head_1..head_H) + b_o. Biases may be null (zero).
struct mha_weights {
  const float* wq = nullptr;
  const float* wk = nullptr;
  const float* wv = nullptr;
  const float* wo = nullptr;
  const float* bq = nullptr;
  const float* bk = nullptr;
  const float* bv = nullptr;
  const float* bo = nullptr;
};

/// Bytes of scratch mha_f32 needs for these dims (0 if the dims overflow).
size_t mha_f32_scratch_size(const mha_dims& dims);

/// y (nq x d_model) = multi-head attention of x over kv (kv == nullptr: self-attention).
/// opts.weights, if set, receives heads x nq x nk per-head weights; opts.mask is nq x nk and
/// shared by all heads. y must not alias x or kv.
status mha_f32(const mha_dims& dims, const float* x, const float* kv, const mha_weights& w,
               float* y, const attention_opts& opts, scratch work);

}  // namespace attnkit
