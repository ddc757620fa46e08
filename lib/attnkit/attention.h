// SPDX-License-Identifier: Apache-2.0
// Scaled dot-product attention and multi-head attention (self and cross), float32 and int8.
#pragma once
#include "attnkit/quant.h"
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
/// weights: if non-null, receives the nq x nk softmax weights (per head: heads x nq x nk);
///   bad_argument if it overlaps the mask, an input or the output.
/// A query that sees no key (all masked) gets all-zero weights and an all-zero output.
/// Non-finite input follows softmax_f32, per query row: a NaN in a query, in a key that query
/// sees, or in its mask row makes that row's output (and weights) NaN and leaves other rows
/// alone; scores of +inf (e.g. a +inf mask entry) share the row's mass equally. Tested in
/// tests/robustness_test.cc.
struct attention_opts {
  bool causal = false;
  const float* mask = nullptr;
  float* weights = nullptr;
};

/// Bytes of scratch attention_f32 needs for these dims (0 if the dims overflow): independent of
/// the sequence length and of dv, min(nq, 64) x (min(nk, 128) + 3) floats plus alignment
/// (33.5 KiB at most).
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

// ---- int8 (scheme in quant.h; integer arithmetic only, identical bytes on every port) ----
// Activations are int8 with one scale per row (token), as quantize_rows_s8 produces; V uses
// one scale per tensor. Scores are int32, softmax_s32_q15 gives Q15 weights, P V accumulates
// in int32, and each output row is requantised to int8 with its own scale chosen from the
// row's largest magnitude (so no output calibration is needed). Measured accuracy on N(0,1)
// data, nq, nk <= 512, d <= 128: relative L2 error of the dequantised output vs the float
// kernel <= 2% (see docs/FIXED_POINT.md for the figures).

/// Optional parts of an int8 attention call; causal as attention_opts.
/// mask: nq x nk bytes, non-zero hides the key (shared by all heads).
/// weights: if non-null, receives the Q15 softmax weights (per head: heads x nq x nk).
struct attention_s8_opts {
  bool causal = false;
  const uint8_t* mask = nullptr;
  int16_t* weights = nullptr;
};

/// Bytes of scratch attention_s8 needs (0 if the dims overflow or dk > kMaxDotS8): it scores
/// 16 query rows against every key at once, O(nk + nq dv) bytes (attention_s8_stream below
/// needs less).
size_t attention_s8_scratch_size(const attention_dims& dims);

/// out = softmax(Q K^T / sqrt(dk)) V in int8. Real values: q[i][:] * q_scale[i],
/// k[j][:] * k_scale[j], v * v_scale, out[i][:] * out_scale[i] (out_scale: nq entries,
/// written; 0 for a query that sees no key). out must not alias the inputs.
status attention_s8(const attention_dims& dims, const int8_t* q, const quant_scale* q_scale,
                    const int8_t* k, const quant_scale* k_scale, const int8_t* v,
                    quant_scale v_scale, int8_t* out, quant_scale* out_scale,
                    const attention_s8_opts& opts, scratch work);

/// Bytes of scratch attention_s8_stream needs (0 if the dims overflow or dk > kMaxDotS8):
/// 128 * 8 + 16 (128 (4 + 2) + 8 dv + 8) bytes plus alignment: 21,696 bytes at dv = 64 for any
/// number of keys (the per-key scale ratios are remade for each 128-key tile).
size_t attention_s8_stream_scratch_size(const attention_dims& dims);

/// attention_s8 with keys streamed in tiles of 128. The integer softmax needs each row's max
/// and sum before any weight, so every block of 16 query rows scores each key tile three
/// times (max, sum, weights + P V) instead of keeping a 16 x nk score buffer. The output
/// bytes equal attention_s8's on every port (tested). It is slower, with 3x the Q K^T work,
/// the softmax steps run per element and, for per-key scales, their ratios remade per tile.
/// opts.weights must be null (bad_argument): use attention_s8 for the weights.
status attention_s8_stream(const attention_dims& dims, const int8_t* q, const quant_scale* q_scale,
                           const int8_t* k, const quant_scale* k_scale, const int8_t* v,
                           quant_scale v_scale, int8_t* out, quant_scale* out_scale,
                           const attention_s8_opts& opts, scratch work);

/// int8 weights of mha_s8, layout as mha_weights. Each weight row r has the real value
/// w[r][:] * w_scale[r]; biases (optional) are int32 in units of bias_unit.
struct mha_s8_weights {
  const int8_t* wq = nullptr;
  const int8_t* wk = nullptr;
  const int8_t* wv = nullptr;
  const int8_t* wo = nullptr;
  const quant_scale* wq_scale = nullptr;  ///< d_model entries
  const quant_scale* wk_scale = nullptr;
  const quant_scale* wv_scale = nullptr;
  const quant_scale* wo_scale = nullptr;
  const int32_t* bq = nullptr;
  const int32_t* bk = nullptr;
  const int32_t* bv = nullptr;
  const int32_t* bo = nullptr;
  quant_scale bias_unit{};
};

/// Bytes of scratch mha_s8 needs (0 if the dims overflow or a dot length > kMaxDotS8).
size_t mha_s8_scratch_size(const mha_dims& dims);

/// y (nq x d_model int8, row scales y_scale) = multi-head attention of x over kv, int8 path
/// of mha_f32 (kv == nullptr: self-attention, kv_scale ignored). Real inputs are
/// x[i][:] * x_scale[i] and kv[j][:] * kv_scale[j]. The projections are requantised per row
/// (q, k) or per tensor (v) from their int32 accumulators. y must not alias x or kv.
status mha_s8(const mha_dims& dims, const int8_t* x, const quant_scale* x_scale, const int8_t* kv,
              const quant_scale* kv_scale, const mha_s8_weights& w, int8_t* y, quant_scale* y_scale,
              const attention_s8_opts& opts, scratch work);

/// Caller-owned arrays mha_quantize_s8 fills: four d_model x (d_model or d_kv) weight
/// matrices, four d_model scale arrays, and (when the float model has them) four d_model biases.
struct mha_s8_storage {
  int8_t* wq = nullptr;
  int8_t* wk = nullptr;
  int8_t* wv = nullptr;
  int8_t* wo = nullptr;
  quant_scale* wq_scale = nullptr;
  quant_scale* wk_scale = nullptr;
  quant_scale* wv_scale = nullptr;
  quant_scale* wo_scale = nullptr;
  int32_t* bq = nullptr;
  int32_t* bk = nullptr;
  int32_t* bv = nullptr;
  int32_t* bo = nullptr;
};

/// Host helper (uses double): symmetric int8 weights per output row; biases as
/// round(b / bias_unit) with bias_unit = 2^-16 (clamped to +-2^30). *q points into `out`.
status mha_quantize_s8(const mha_dims& dims, const mha_weights& f, const mha_s8_storage& out,
                       mha_s8_weights* q);

}  // namespace attnkit
