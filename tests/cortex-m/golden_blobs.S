/* SPDX-License-Identifier: Apache-2.0 */
/* data/golden/*.bin linked into the test firmware (found through -Wa,-I<data/golden>). */
.macro blob name
  .section .rodata.golden_\name, "a"
  .balign 4
  .global golden_\name
  .global golden_\name\()_end
golden_\name:
  .incbin "\name\().bin"
golden_\name\()_end:
.endm

blob pe_q15_d64
blob pe_q15_d33_base100
blob softmax_s32_q15
blob softmax_s8
blob probe_s8
blob attention_s8
blob mha_s8
