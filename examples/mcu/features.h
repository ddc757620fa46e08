// SPDX-License-Identifier: Apache-2.0
// The example's feature pipeline, shared by the firmware and the host data generator: a
// 12-step sensor signal s, minus its mean, scales Q15 positional encodings (token t =
// (s[t] - mean) PE(t)), int8 self-attention mixes the tokens, and the dequantised outputs are
// mean-pooled to 16 numbers.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "attnkit/attnkit.h"

namespace mcu {

constexpr size_t kSteps = 12, kDims = 16;

/// feat (kDims floats) from signal (kSteps floats); false if a kernel reports an error.
inline bool features(const float* signal, float* feat) {
  using namespace attnkit;
  static int16_t pe[kSteps * kDims];
  static float x[kSteps * kDims];
  static int8_t xq[kSteps * kDims], v8[kSteps * kDims], out[kSteps * kDims];
  static quant_scale xs[kSteps], os[kSteps];
  alignas(8) static unsigned char buf[4096];
  if (pe_table_q15(0, kSteps, kDims, pe) != status::ok) return false;
  float mean = 0.0f;  // the DC offset carries no shape: remove it so int8 keeps the shape
  for (size_t t = 0; t < kSteps; ++t) mean += signal[t] / kSteps;
  float absmax = 0.0f;
  for (size_t t = 0; t < kSteps; ++t)
    for (size_t j = 0; j < kDims; ++j) {
      const float s = signal[t] - mean;
      x[t * kDims + j] = s * static_cast<float>(pe[t * kDims + j]) * (1.0f / 32768.0f);
      absmax = std::fmax(absmax, std::fabs(x[t * kDims + j]));
    }
  // Q and K: one scale per token; V: one scale for the whole tensor (attention_s8's scheme).
  const float vscale = scale_for_absmax_s8(absmax);
  quant_scale vq;
  if (quantize_rows_s8(x, kSteps, kDims, xq, nullptr, xs) != status::ok ||
      quantize_s8(x, kSteps * kDims, vscale, v8) != status::ok ||
      quantize_multiplier(vscale, &vq) != status::ok)
    return false;
  const attention_dims d{kSteps, kSteps, kDims, kDims};
  if (attention_s8_scratch_size(d) > sizeof buf) return false;
  if (attention_s8(d, xq, xs, xq, xs, v8, vq, out, os, {}, {buf, sizeof buf}) != status::ok)
    return false;
  for (size_t t = 0; t < kSteps; ++t) {
    const float s = static_cast<float>(quant_scale_value(os[t]));
    for (size_t j = 0; j < kDims; ++j) x[t * kDims + j] = out[t * kDims + j] * s;
  }
  return mean_pool_f32(x, kSteps, kDims, feat) == status::ok;
}

/// The three signal shapes the probe tells apart.
enum shape { kRising = 0, kFalling = 1, kBump = 2 };

/// Shape `c` with amplitude amp, offset off and per-step noise noise[t].
inline void make_signal(int c, float amp, float off, const float* noise, float* s) {
  for (size_t t = 0; t < kSteps; ++t) {
    const float u = static_cast<float>(t) / (kSteps - 1);  // 0..1
    const float v = c == kRising ? u : c == kFalling ? 1.0f - u : 1.0f - std::fabs(2.0f * u - 1.0f);
    s[t] = off + amp * v + noise[t];
  }
}

}  // namespace mcu
