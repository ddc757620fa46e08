// SPDX-License-Identifier: Apache-2.0
// Code-size probe: a firmware that keeps only one kernel group's entry points (SIZE_GROUP_*),
// so the link map shows exactly what that group costs with --gc-sections (make size).
#include <cstdint>

#include "attnkit/attention.h"
#include "attnkit/norm.h"
#include "attnkit/pe.h"
#include "attnkit/probe.h"
#include "attnkit/quant.h"
#include "attnkit/softmax.h"

namespace {
volatile uintptr_t g_keep;
template <class F>
void keep(F* f) {  // the address escapes: f and everything it calls stay in the image
  g_keep = g_keep + reinterpret_cast<uintptr_t>(f);
}
}  // namespace

int main() {
  using namespace attnkit;
#if defined(SIZE_GROUP_pe_f32) || defined(SIZE_GROUP_all)
  keep(&pe_table_f32);
  keep(&pe_f32);
#endif
#if defined(SIZE_GROUP_pe_q15) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&pe_table_q15);
  keep(&pe_q15);
#endif
#if defined(SIZE_GROUP_softmax_f32) || defined(SIZE_GROUP_all)
  keep(&softmax_rows_f32);
#endif
#if defined(SIZE_GROUP_softmax_s8) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&softmax_rows_s8);
#endif
#if defined(SIZE_GROUP_softmax_q15) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&softmax_rows_s32_q15);
#endif
#if defined(SIZE_GROUP_attention_f32) || defined(SIZE_GROUP_all)
  keep(&attention_f32);
  keep(&mha_f32);
#endif
#if defined(SIZE_GROUP_attention_s8) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&attention_s8);
  keep(&attention_s8_scratch_size);
#endif
#if defined(SIZE_GROUP_attention_s8_stream) || defined(SIZE_GROUP_all)
  keep(&attention_s8_stream);
  keep(&attention_s8_stream_scratch_size);
#endif
#if defined(SIZE_GROUP_mha_s8) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&mha_s8);
  keep(&mha_s8_scratch_size);
#endif
#if defined(SIZE_GROUP_probe_f32) || defined(SIZE_GROUP_all)
  keep(&probe_f32);
#endif
#if defined(SIZE_GROUP_probe_s8) || defined(SIZE_GROUP_fixed) || defined(SIZE_GROUP_all)
  keep(&probe_s8);
#endif
#if defined(SIZE_GROUP_norm_f32) || defined(SIZE_GROUP_all)
  keep(&layernorm_f32);
  keep(&mean_pool_f32);
#endif
  return 0;
}
