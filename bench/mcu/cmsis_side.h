/* SPDX-License-Identifier: Apache-2.0 */
/* make bench-mcu: the CMSIS-NN side (cmsis_side.c), compiled with the compiler that gives
 * CMSIS-NN its best on the core (gcc for DSP, clang for Helium). Each cm_* call runs the
 * CMSIS-NN function(s) inside BENCH_CALL, so the timed region holds the library calls only;
 * preparation TFLM does once (kernel sums, LUTs) happens outside it. */
#ifndef ATTNKIT_BENCH_MCU_CMSIS_SIDE_H
#define ATTNKIT_BENCH_MCU_CMSIS_SIDE_H
#include <stdint.h>

#include "bench/mcu/harness.h"

#ifdef __cplusplus
extern "C" {
#endif

const char* cm_compiler(void); /* compiler that built this file (and CMSIS-NN) */
const char* cm_isa(void);      /* "MVE", "DSP" or "C": the CMSIS-NN code path compiled */

void cm_softmax_s8(const int8_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                   int32_t diff_min, int8_t* y, bench_meas* m);
void cm_softmax_s8_s16(const int8_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                       int32_t diff_min, int16_t* y, bench_meas* m);
/* LUTs: 513 entries each, as TFLM's softmax Prepare makes them. Returns the status. */
int cm_softmax_s16(const int16_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                   const int16_t* exp_lut, const int16_t* recip_lut, int16_t* y, bench_meas* m);

/* arm_fully_connected_s8_get_buffer_size for a cols -> rows layer (bytes). */
int32_t cm_fc_buffer_size(int32_t cols, int32_t rows);
/* TFLM's Prepare for the fully connected layer: kernel sums into buf when it is needed. */
void cm_fc_prepare(int32_t* buf, const int8_t* w, int32_t cols, int32_t rows);
/* y (batch x rows int8) = requantised x (batch x cols) W^T, offsets 0, no bias. */
int cm_fc(const int8_t* x, int32_t batch, const int8_t* w, int32_t cols, int32_t rows, int32_t mult,
          int32_t shift, int32_t* buf, int8_t* y, bench_meas* m);

typedef struct cm_quant {
  int32_t mult, shift;
} cm_quant;

/* Single-head attention as a TFLM graph runs it: arm_batch_matmul_s8 (Q K^T), arm_softmax_s8,
 * arm_batch_matmul_s8 (P V with V given transposed). Causal: each row's softmax over its
 * visible prefix, masked entries set to -128 (probability 0 at zero point -128). */
typedef struct cm_attention_args {
  int32_t n, d, causal;
  const int8_t *q, *k, *vt; /* n x d, n x d, d x n */
  int8_t *scores, *probs;   /* n x n each */
  int8_t* out;              /* n x d */
  int32_t* buf;             /* cm_fc_buffer_size(d, max(n, d)) bytes */
  cm_quant qk, pv;
  int32_t sm_mult, sm_shift, sm_diff_min;
} cm_attention_args;
int cm_attention(const cm_attention_args* a, bench_meas* m);

/* Multi-head self-attention: four arm_fully_connected_s8 projections, arm_transpose_s8 to and
 * from head-major layout, then the attention above with the heads as the batch. */
typedef struct cm_mha_args {
  int32_t n, e, heads;
  const int8_t* x;                 /* n x e */
  const int8_t *wq, *wk, *wv, *wo; /* e x e, row = output */
  int32_t *sq, *sk, *sv, *so;      /* kernel sums (Helium), e entries each; prepared */
  int8_t *q, *k, *v;               /* n x e projections */
  int8_t *qh, *kh, *vth;           /* heads x n x dh, heads x n x dh, heads x dh x n */
  int8_t *scores, *probs;          /* heads x n x n */
  int8_t *oh, *o;                  /* heads x n x dh, n x e */
  int8_t* y;                       /* n x e */
  int32_t* buf;                    /* batch matmul buffer: cm_fc_buffer_size(dh, max(n, dh)) */
  cm_quant fq, fk, fv, fo, qk, pv;
  int32_t sm_mult, sm_shift, sm_diff_min;
} cm_mha_args;
int cm_mha(const cm_mha_args* a, bench_meas* m);

#ifdef __cplusplus
}
#endif
#endif
