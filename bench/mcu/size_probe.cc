// SPDX-License-Identifier: Apache-2.0
// make bench-mcu: code-size probe. Built once per kernel with -DKEEP_<name>; keeps only that
// entry point, so with --gc-sections the link map shows the bytes (.text and .rodata) the kernel
// takes from libattnkit.a (bench/mcu/report.py sums them).
#include <cstdint>

#include "attnkit/attention.h"
#include "attnkit/pe.h"
#include "attnkit/probe.h"
#include "attnkit/softmax.h"

namespace {
volatile uintptr_t g_keep;
template <class F>
void keep(F* f) {
  g_keep = g_keep + reinterpret_cast<uintptr_t>(f);
}
}  // namespace

int main() {
  using namespace attnkit;
#if defined(KEEP_softmax_s8)
  keep(&softmax_rows_s8);
#elif defined(KEEP_softmax_s32_q15)
  keep(&softmax_rows_s32_q15);
#elif defined(KEEP_probe_s8)
  keep(&probe_s8);
#elif defined(KEEP_attention_s8)
  keep(&attention_s8);
  keep(&attention_s8_scratch_size);
#elif defined(KEEP_attention_s8_stream)
  keep(&attention_s8_stream);
  keep(&attention_s8_stream_scratch_size);
#elif defined(KEEP_mha_s8)
  keep(&mha_s8);
  keep(&mha_s8_scratch_size);
#elif defined(KEEP_pe_table_q15)
  keep(&pe_table_q15);
#else
#error "size_probe.cc: define one KEEP_<kernel>"
#endif
  return 0;
}
