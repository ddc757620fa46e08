// SPDX-License-Identifier: Apache-2.0
// Linear-probe inference: logits = W x + b over a batch of embeddings (float and int8).
#pragma once
#include "attnkit/quant.h"
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
/// Ties in argmax go to the lowest class index. A NaN logit compares false: class 0 wins if its
/// logit is NaN, a later NaN class never does; check the logits when x may hold NaN or inf.
status probe_f32(const probe_f32_model& m, const float* x, size_t batch, float* logits,
                 int32_t* labels = nullptr, float* probs = nullptr);

/// An int8 linear probe (scheme in quant.h). Logits are int32 in units of `logit_scale`:
///   logit[c] = requantize(sum_j w[c][j] * x[j], x_scale * w_scale[c]) + b[c]   (saturating)
/// where w_scale[c] = (real scale of row c) / (real logit unit), so every class shares the
/// logit unit and argmax/softmax compare like with like. All pointers may be static const
/// arrays (an exported header initialises the aggregate directly), e.g.
///   static const attnkit::probe_s8_model kProbe = {kClasses, kDims, kW, kWScale, kB,
///                                                  {1073741824, -15}, kLabels};
struct probe_s8_model {
  size_t classes = 0;
  size_t dims = 0;                       ///< <= kMaxDotS8
  const int8_t* w = nullptr;             ///< classes x dims, row-major, symmetric int8
  const quant_scale* w_scale = nullptr;  ///< classes entries: row scale / logit unit
  const int32_t* b = nullptr;            ///< classes entries in logit units; may be null
  quant_scale logit_scale{};             ///< real value of one logit unit (for the Q15 probs)
  const int32_t* label_map = nullptr;    ///< as in probe_f32_model; may be null
};

/// For each of `batch` int8 vectors x[i] (dims entries, row-major) whose real value is
/// x[i][j] * x_scale[i] (one scale per vector, e.g. from quantize_rows_s8's qscales):
///   logits[i] = int32 logits (batch x classes, required; real = value * logit_scale)
///   labels[i] = label_map[argmax] or the class index (optional; ties -> lowest index)
///   probs[i]  = softmax_s32_q15(logits[i], logit_scale) (optional; Q15)
/// Integer arithmetic only; identical bytes on every port.
status probe_s8(const probe_s8_model& m, const int8_t* x, const quant_scale* x_scale, size_t batch,
                int32_t* logits, int32_t* labels = nullptr, int16_t* probs = nullptr);

/// Caller-owned arrays that probe_quantize_s8 fills (classes x dims for w, classes for the
/// rest). b may be null: the quantised model then has no bias. w_scale_f32 (optional)
/// receives each row's real int8 scale, for reports.
struct probe_s8_storage {
  int8_t* w = nullptr;
  quant_scale* w_scale = nullptr;
  int32_t* b = nullptr;
  float* w_scale_f32 = nullptr;
};

/// Host helper (uses double): quantises a float probe. Row c of W gets the symmetric scale
/// max|W[c]| / 127; biases become round(b / logit_unit) (clamped to +-2^30). logit_unit is
/// the real value of one int32 logit; pass 0 for the default 2^-16 (resolution 1.5e-5,
/// range +-32768). The label map is shared with the float model. *q points into `out`.
/// Returns bad_argument if logit_unit < 0 or not finite, or W/b hold a non-finite value.
status probe_quantize_s8(const probe_f32_model& f, double logit_unit, const probe_s8_storage& out,
                         probe_s8_model* q);

}  // namespace attnkit
