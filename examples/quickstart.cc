// SPDX-License-Identifier: Apache-2.0
// The README's API example: encodings, one attention call, a probe, all in caller buffers.
#include <cstdio>

#include "attnkit/attnkit.h"

int main() {
  constexpr size_t kN = 8, kD = 16, kClasses = 3;
  static float pe[kN * kD], out[kN * kD], weights[kN * kN];
  if (attnkit::pe_table_f32(/*pos0=*/0, kN, kD, pe) != attnkit::status::ok) return 1;

  const attnkit::attention_dims dims{kN, kN, kD, kD};  // self-attention over the encodings
  alignas(64) static unsigned char buf[4096];
  attnkit::scratch work{buf, sizeof buf};
  if (attnkit::attention_f32_scratch_size(dims) > work.bytes) return 1;
  attnkit::attention_opts opts;
  opts.causal = true;
  opts.weights = weights;
  if (attnkit::attention_f32(dims, pe, pe, pe, out, opts, work) != attnkit::status::ok) return 1;

  static float w[kClasses * kD] = {1.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f};
  const attnkit::probe_f32_model probe{kClasses, kD, w, nullptr, nullptr};
  float logits[kN * kClasses];
  int32_t labels[kN];
  if (attnkit::probe_f32(probe, out, kN, logits, labels) != attnkit::status::ok) return 1;
  for (size_t i = 0; i < kN; ++i)
    std::printf("token %zu: weight on itself %.3f, class %d\n", i, weights[i * kN + i], labels[i]);
  std::printf("port: %s\n", attnkit::current_port());
  return 0;
}
