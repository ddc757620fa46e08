// SPDX-License-Identifier: Apache-2.0
// Scaled dot-product and multi-head attention, composed from the port's matmul and softmax.
#include <cmath>
#include <limits>

#include "attnkit/attention.h"
#include "checks.h"
#include "port_table.h"

namespace attnkit {
namespace {

// Query rows scored at once: bounds the score scratch to kQueryBlock x nk floats.
constexpr size_t kQueryBlock = 16;

size_t score_rows(size_t nq) { return nq < kQueryBlock ? nq : kQueryBlock; }

// One head: Q/K/V/out are column windows of wider row-major matrices (leading dims ld*).
struct head_view {
  const float* q;
  size_t ldq;
  const float* k;
  size_t ldk;
  const float* v;
  size_t ldv;
  float* out;
  size_t ldo;
};

// scores: score_rows(nq) * nk floats, used when the caller does not want the weights.
void attend(const attention_dims& d, const head_view& h, const float* mask, bool causal,
            float* weights, float* scores) {
  const port_table& p = active_port();
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(d.dk)));
  const float neg_inf = -std::numeric_limits<float>::infinity();
  for (size_t i0 = 0; i0 < d.nq; i0 += kQueryBlock) {
    const size_t rows = d.nq - i0 < kQueryBlock ? d.nq - i0 : kQueryBlock;
    float* s = weights ? weights + i0 * d.nk : scores;
    p.matmul_nt_f32(rows, d.nk, d.dk, h.q + i0 * h.ldq, h.ldq, h.k, h.ldk, nullptr, scale, s,
                    d.nk);
    for (size_t r = 0; r < rows; ++r) {
      float* row = s + r * d.nk;
      const size_t i = i0 + r;
      if (mask)
        for (size_t j = 0; j < d.nk; ++j) row[j] += mask[i * d.nk + j];
      if (causal)
        for (size_t j = i + 1; j < d.nk; ++j) row[j] = neg_inf;
      p.softmax_f32(row, d.nk, row);
    }
    p.matmul_nn_f32(rows, d.dv, d.nk, s, d.nk, h.v, h.ldv, h.out + i0 * h.ldo, h.ldo);
  }
}

size_t score_bytes(size_t nq, size_t nk) {
  return detail::aligned_bytes(score_rows(nq) * nk, sizeof(float));
}

bool dims_ok(const attention_dims& d) {
  return detail::matrix_ok(d.nq, d.dk) && detail::matrix_ok(d.nk, d.dk) &&
         detail::matrix_ok(d.nk, d.dv) && detail::matrix_ok(d.nq, d.dv) &&
         detail::matrix_ok(d.nq, d.nk);
}

}  // namespace

size_t attention_f32_scratch_size(const attention_dims& d) {
  if (d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0 || !dims_ok(d)) return 0;
  return detail::scratch_total({score_bytes(d.nq, d.nk)});
}

status attention_f32(const attention_dims& d, const float* q, const float* k, const float* v,
                     float* out, const attention_opts& opts, scratch work) {
  if (q == nullptr || k == nullptr || v == nullptr || out == nullptr) return status::null_pointer;
  if (d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0) return status::bad_size;
  if (!dims_ok(d)) return status::size_overflow;
  float* scores = nullptr;
  if (opts.weights == nullptr) {
    if (work.data == nullptr) return status::null_pointer;
    detail::scratch_carver c(work);
    scores = c.take(score_rows(d.nq) * d.nk);
    if (scores == nullptr) return status::scratch_too_small;
  }
  const head_view h{q, d.dk, k, d.dk, v, d.dv, out, d.dv};
  attend(d, h, opts.mask, opts.causal, opts.weights, scores);
  return status::ok;
}

namespace {

bool mha_dims_ok(const mha_dims& d) {
  size_t t;
  return detail::matrix_ok(d.nq, d.d_model) && detail::matrix_ok(d.nk, d.d_model) &&
         detail::matrix_ok(d.nk, d.d_kv) && detail::matrix_ok(d.d_model, d.d_model) &&
         detail::matrix_ok(d.d_model, d.d_kv) && detail::mul3_ok(d.heads, d.nq, d.nk, &t) &&
         detail::matrix_ok(d.heads * d.nq, d.nk);
}

}  // namespace

size_t mha_f32_scratch_size(const mha_dims& d) {
  if (d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0 ||
      !mha_dims_ok(d))
    return 0;
  const size_t qc = detail::aligned_bytes(d.nq * d.d_model, sizeof(float));
  const size_t kv = detail::aligned_bytes(d.nk * d.d_model, sizeof(float));
  return detail::scratch_total({qc, kv, kv, qc, score_bytes(d.nq, d.nk)});
}

status mha_f32(const mha_dims& d, const float* x, const float* kv, const mha_weights& w, float* y,
               const attention_opts& opts, scratch work) {
  if (x == nullptr || y == nullptr || w.wq == nullptr || w.wk == nullptr || w.wv == nullptr ||
      w.wo == nullptr || work.data == nullptr)
    return status::null_pointer;
  if (d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0)
    return status::bad_size;
  if (d.d_model % d.heads != 0) return status::bad_size;
  if (kv == nullptr && (d.nk != d.nq || d.d_kv != d.d_model)) return status::bad_size;
  if (!mha_dims_ok(d)) return status::size_overflow;
  if (work.bytes < mha_f32_scratch_size(d)) return status::scratch_too_small;
  if (kv == nullptr) kv = x;

  const size_t e = d.d_model, dh = e / d.heads;
  detail::scratch_carver c(work);
  float* q = c.take(d.nq * e);
  float* k = c.take(d.nk * e);
  float* v = c.take(d.nk * e);
  float* cat = c.take(d.nq * e);
  float* scores = c.take(score_rows(d.nq) * d.nk);
  if (scores == nullptr) return status::scratch_too_small;

  const port_table& p = active_port();
  p.matmul_nt_f32(d.nq, e, e, x, e, w.wq, e, w.bq, 1.0f, q, e);
  p.matmul_nt_f32(d.nk, e, d.d_kv, kv, d.d_kv, w.wk, d.d_kv, w.bk, 1.0f, k, e);
  p.matmul_nt_f32(d.nk, e, d.d_kv, kv, d.d_kv, w.wv, d.d_kv, w.bv, 1.0f, v, e);
  const attention_dims hd{d.nq, d.nk, dh, dh};
  for (size_t h = 0; h < d.heads; ++h) {
    const size_t off = h * dh;
    const head_view view{q + off, e, k + off, e, v + off, e, cat + off, e};
    float* wts = opts.weights ? opts.weights + h * d.nq * d.nk : nullptr;
    attend(hd, view, opts.mask, opts.causal, wts, scores);
  }
  p.matmul_nt_f32(d.nq, e, e, cat, e, w.wo, e, w.bo, 1.0f, y, e);
  return status::ok;
}

}  // namespace attnkit
