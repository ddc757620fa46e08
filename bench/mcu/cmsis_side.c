/* SPDX-License-Identifier: Apache-2.0 */
/* make bench-mcu: CMSIS-NN calls, timed (see cmsis_side.h). CMSIS-NN is only ever linked into
 * this benchmark firmware, never into libattnkit. */
#include "bench/mcu/cmsis_side.h"

#include <string.h>

#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"

const char* cm_compiler(void) {
#if defined(__clang__)
  return "clang " __clang_version__;
#else
  return "gcc " __VERSION__;
#endif
}

const char* cm_isa(void) {
#if defined(ARM_MATH_MVEI) && defined(ARM_GCC_12_2_ICE)
  return "MVE (arm_softmax_s8 on its C path: ARM_GCC_12_2_ICE)";
#elif defined(ARM_MATH_MVEI)
  return "MVE";
#elif defined(ARM_MATH_DSP)
  return "DSP";
#else
  return "C";
#endif
}

void cm_softmax_s8(const int8_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                   int32_t diff_min, int8_t* y, bench_meas* m) {
  BENCH_CALL(m, arm_softmax_s8(x, rows, cols, mult, shift, diff_min, y));
}

void cm_softmax_s8_s16(const int8_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                       int32_t diff_min, int16_t* y, bench_meas* m) {
  BENCH_CALL(m, arm_softmax_s8_s16(x, rows, cols, mult, shift, diff_min, y));
}

int cm_softmax_s16(const int16_t* x, int32_t rows, int32_t cols, int32_t mult, int32_t shift,
                   const int16_t* exp_lut, const int16_t* recip_lut, int16_t* y, bench_meas* m) {
  const cmsis_nn_softmax_lut_s16 lut = {exp_lut, recip_lut};
  arm_cmsis_nn_status st = ARM_CMSIS_NN_SUCCESS;
  BENCH_CALL(m, st = arm_softmax_s16(x, rows, cols, mult, shift, &lut, y));
  return (int)st;
}

int32_t cm_fc_buffer_size(int32_t cols, int32_t rows) {
  const cmsis_nn_dims filter = {cols, 1, 1, rows};
  return arm_fully_connected_s8_get_buffer_size(&filter);
}

void cm_fc_prepare(int32_t* buf, const int8_t* w, int32_t cols, int32_t rows) {
  if (cm_fc_buffer_size(cols, rows) > 0) arm_vector_sum_s8(buf, cols, rows, w, 0, 0, NULL);
}

static const cmsis_nn_fc_params kFc = {0, 0, 0, {-128, 127}};

static arm_cmsis_nn_status fc(const int8_t* x, int32_t batch, const int8_t* w, int32_t cols,
                              int32_t rows, cm_quant q, int32_t* buf, int8_t* y) {
  const cmsis_nn_context ctx = {buf, cm_fc_buffer_size(cols, rows)};
  const cmsis_nn_per_tensor_quant_params qp = {q.mult, q.shift};
  const cmsis_nn_dims in = {batch, 1, 1, cols}, filter = {cols, 1, 1, rows}, bias = {1, 1, 1, rows},
                      out = {batch, 1, 1, rows};
  return arm_fully_connected_s8(&ctx, &kFc, &qp, &in, x, &filter, w, &bias, NULL, &out, y);
}

int cm_fc(const int8_t* x, int32_t batch, const int8_t* w, int32_t cols, int32_t rows, int32_t mult,
          int32_t shift, int32_t* buf, int8_t* y, bench_meas* m) {
  /* Arguments made outside the timed region: it holds the library call alone. */
  const cmsis_nn_context ctx = {buf, cm_fc_buffer_size(cols, rows)};
  const cmsis_nn_per_tensor_quant_params qp = {mult, shift};
  const cmsis_nn_dims in = {batch, 1, 1, cols}, filter = {cols, 1, 1, rows}, bias = {1, 1, 1, rows},
                      out = {batch, 1, 1, rows};
  arm_cmsis_nn_status st = ARM_CMSIS_NN_SUCCESS;
  BENCH_CALL(
      m, st = arm_fully_connected_s8(&ctx, &kFc, &qp, &in, x, &filter, w, &bias, NULL, &out, y));
  return (int)st;
}

/* heads x n x d (lhs) times heads x r x d (rhs, rows = output columns): heads x n x r. */
static arm_cmsis_nn_status bmm(const int8_t* lhs, const int8_t* rhs, int32_t heads, int32_t n,
                               int32_t d, int32_t r, int32_t lhs_offset, cm_quant q, int32_t* buf,
                               int8_t* out) {
  const cmsis_nn_context ctx = {buf, cm_fc_buffer_size(d, r)};
  const cmsis_nn_bmm_params p = {false, false, {lhs_offset, 0, 0, {-128, 127}}};
  const cmsis_nn_per_tensor_quant_params qp = {q.mult, q.shift};
  const cmsis_nn_dims ld = {1, heads, n, d}, rd = {1, heads, r, d}, od = {1, heads, n, r};
  return arm_batch_matmul_s8(&ctx, &p, &qp, &ld, lhs, &rd, rhs, &od, out);
}

/* Softmax of heads*n rows of n scores; causal: row i over its first i + 1 entries. */
static void softmax_rows(const int8_t* s, int32_t rows, int32_t n, int32_t causal, int32_t mult,
                         int32_t shift, int32_t diff_min, int8_t* p) {
  if (!causal) {
    arm_softmax_s8(s, rows, n, mult, shift, diff_min, p);
    return;
  }
  for (int32_t r = 0; r < rows; ++r) {
    const int32_t i = r % n, vis = i + 1;
    arm_softmax_s8(s + r * n, 1, vis, mult, shift, diff_min, p + r * n);
    memset(p + r * n + vis, -128, (size_t)(n - vis));
  }
}

static arm_cmsis_nn_status attention(const cm_attention_args* a) {
  arm_cmsis_nn_status st = bmm(a->q, a->k, 1, a->n, a->d, a->n, 0, a->qk, a->buf, a->scores);
  softmax_rows(a->scores, a->n, a->n, a->causal, a->sm_mult, a->sm_shift, a->sm_diff_min, a->probs);
  if (st == ARM_CMSIS_NN_SUCCESS)
    st = bmm(a->probs, a->vt, 1, a->n, a->n, a->d, 128, a->pv, a->buf, a->out);
  return st;
}

int cm_attention(const cm_attention_args* a, bench_meas* m) {
  arm_cmsis_nn_status st = ARM_CMSIS_NN_SUCCESS;
  BENCH_CALL(m, st = attention(a));
  return (int)st;
}

/* 3-D transpose of a d0 x d1 x d2 tensor with permutation perm. */
static arm_cmsis_nn_status transpose3(const int8_t* in, int32_t d0, int32_t d1, int32_t d2,
                                      const uint32_t* perm, int8_t* out) {
  const int32_t dims[3] = {d0, d1, d2};
  const cmsis_nn_dims id = {d0, d1, d2, 1};
  const cmsis_nn_dims od = {dims[perm[0]], dims[perm[1]], dims[perm[2]], 1};
  const cmsis_nn_transpose_params tp = {3, perm};
  return arm_transpose_s8(in, out, &id, &od, &tp);
}

static const uint32_t kSwap01[3] = {1, 0, 2}; /* n, h, dh -> h, n, dh (and back) */
static const uint32_t kToVt[3] = {1, 2, 0};   /* n, h, dh -> h, dh, n */

static int mha(const cm_mha_args* a) {
  const int32_t n = a->n, e = a->e, h = a->heads, dh = e / h;
  int st = 0;
  st |= fc(a->x, n, a->wq, e, e, a->fq, a->sq, a->q);
  st |= fc(a->x, n, a->wk, e, e, a->fk, a->sk, a->k);
  st |= fc(a->x, n, a->wv, e, e, a->fv, a->sv, a->v);
  st |= transpose3(a->q, n, h, dh, kSwap01, a->qh);
  st |= transpose3(a->k, n, h, dh, kSwap01, a->kh);
  st |= transpose3(a->v, n, h, dh, kToVt, a->vth);
  st |= bmm(a->qh, a->kh, h, n, dh, n, 0, a->qk, a->buf, a->scores);
  softmax_rows(a->scores, h * n, n, 0, a->sm_mult, a->sm_shift, a->sm_diff_min, a->probs);
  st |= bmm(a->probs, a->vth, h, n, n, dh, 128, a->pv, a->buf, a->oh);
  st |= transpose3(a->oh, h, n, dh, kSwap01, a->o);
  st |= fc(a->o, n, a->wo, e, e, a->fo, a->so, a->y);
  return st;
}

int cm_mha(const cm_mha_args* a, bench_meas* m) {
  int st = 0;
  BENCH_CALL(m, st = mha(a));
  return st;
}
