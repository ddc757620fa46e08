// SPDX-License-Identifier: Apache-2.0
// Scaled dot-product and multi-head attention, composed from the port's matmul and softmax.
#include <cmath>
#include <limits>

#include "attnkit/attention.h"
#include "checks.h"
#include "plan.h"
#include "lib/internal/port_table.h"

namespace attnkit {
namespace {

// Query rows processed together, and keys per tile of the streaming path. Streaming scratch
// is min(nq, kQueryBlock) x (min(nk, kKeyTile) + 3) floats whatever nk and dv are (P V
// accumulates into the output): 64 rows make the products ~20% faster than 16.
constexpr size_t kQueryBlock = 64;
constexpr size_t kKeyTile = 128;

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

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

// Scores for rows [i0, i0+rows) against keys [j0, j0+n): scaled Q K^T, + mask, causal -inf.
void score_tile(const attention_dims& d, const head_view& h, const float* mask, bool causal,
                size_t i0, size_t rows, size_t j0, size_t n, float* s, size_t lds) {
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(d.dk)));
  active_port().matmul_nt_f32(rows, n, d.dk, h.q + i0 * h.ldq, h.ldq, h.k + j0 * h.ldk, h.ldk,
                              nullptr, scale, s, lds);
  for (size_t r = 0; r < rows; ++r) {
    float* row = s + r * lds;
    const size_t i = i0 + r;
    if (mask)
      for (size_t j = 0; j < n; ++j) row[j] += mask[i * d.nk + j0 + j];
    if (causal)
      for (size_t j = i + 1 > j0 ? i + 1 - j0 : 0; j < n; ++j)
        row[j] = -std::numeric_limits<float>::infinity();
  }
}

// Two passes per query block, through the caller's weights buffer (nq x nk).
void attend_with_weights(const attention_dims& d, const head_view& h, const float* mask,
                         bool causal, float* weights) {
  const port_table& p = active_port();
  for (size_t i0 = 0; i0 < d.nq; i0 += kQueryBlock) {
    const size_t rows = min_size(d.nq - i0, kQueryBlock);
    float* s = weights + i0 * d.nk;
    score_tile(d, h, mask, causal, i0, rows, 0, d.nk, s, d.nk);
    for (size_t r = 0; r < rows; ++r) p.softmax_f32(s + r * d.nk, d.nk, s + r * d.nk);
    p.matmul_nn_f32(rows, d.dv, d.nk, s, d.nk, h.v, h.ldv, h.out + i0 * h.ldo, h.ldo, false);
  }
}

// Streaming: keys in tiles with a running max and sum (online softmax), output accumulated in
// place and normalised at the end. Keys a causal block cannot see are never scored.
struct stream_buffers {
  float* s;     // kQueryBlock x kKeyTile scores
  float* m;     // running max per row
  float* l;     // running sum per row
  float* corr;  // rescale of the previous state per row
};

void attend_streaming(const attention_dims& d, const head_view& h, const float* mask, bool causal,
                      const stream_buffers& b) {
  const port_table& p = active_port();
  for (size_t i0 = 0; i0 < d.nq; i0 += kQueryBlock) {
    const size_t rows = min_size(d.nq - i0, kQueryBlock);
    float* o = h.out + i0 * h.ldo;
    for (size_t r = 0; r < rows; ++r) {
      b.m[r] = -std::numeric_limits<float>::infinity();
      b.l[r] = 0.0f;
    }
    const size_t kend = causal ? min_size(d.nk, i0 + rows) : d.nk;
    for (size_t j0 = 0; j0 < kend; j0 += kKeyTile) {
      const size_t n = min_size(kend - j0, kKeyTile);
      score_tile(d, h, mask, causal, i0, rows, j0, n, b.s, n);
      p.softmax_online_f32(b.s, rows, n, n, b.m, b.l, b.corr);
      // The first tile's P V is the state; later ones rescale it (unless the running max
      // did not move) and accumulate into it.
      if (j0 != 0)
        for (size_t r = 0; r < rows; ++r) {
          const float c = b.corr[r];
          if (c != 1.0f)
            for (size_t col = 0; col < d.dv; ++col) o[r * h.ldo + col] *= c;
        }
      p.matmul_nn_f32(rows, d.dv, n, b.s, n, h.v + j0 * h.ldv, h.ldv, o, h.ldo, j0 != 0);
    }
    for (size_t r = 0; r < rows; ++r) {  // a row that saw no key stays all zero
      const float inv = b.l[r] != 0.0f ? 1.0f / b.l[r] : 0.0f;
      for (size_t c = 0; c < d.dv; ++c) o[r * h.ldo + c] *= inv;
    }
  }
}

// The streaming buffers' offsets in l: rows x min(nk, kKeyTile) scores, then max, sum, rescale.
detail::f32_stream_offsets plan_stream(detail::layout& l, size_t nq, size_t nk) {
  const size_t rows = min_size(nq, kQueryBlock);
  detail::f32_stream_offsets o;
  o.s = l.add<float>(rows, min_size(nk, kKeyTile));
  o.m = l.add<float>(rows);
  o.l = l.add<float>(rows);
  o.corr = l.add<float>(rows);
  return o;
}

stream_buffers carve_stream(unsigned char* mem, const detail::f32_stream_offsets& o) {
  return {detail::carve<float>(mem, o.s), detail::carve<float>(mem, o.m),
          detail::carve<float>(mem, o.l), detail::carve<float>(mem, o.corr)};
}

void attend(const attention_dims& d, const head_view& h, const attention_opts& opts, float* weights,
            const stream_buffers& b) {
  if (weights)
    attend_with_weights(d, h, opts.mask, opts.causal, weights);
  else
    attend_streaming(d, h, opts.mask, opts.causal, b);
}

bool dims_ok(const attention_dims& d) {
  return detail::matrix_ok(d.nq, d.dk) && detail::matrix_ok(d.nk, d.dk) &&
         detail::matrix_ok(d.nk, d.dv) && detail::matrix_ok(d.nq, d.dv) &&
         detail::matrix_ok(d.nq, d.nk);
}

}  // namespace

namespace detail {

status plan_attention_f32(const attention_dims& d, attention_f32_plan* p) {
  if (d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0) return status::bad_size;
  if (!dims_ok(d)) return status::size_overflow;
  layout l;
  p->stream = plan_stream(l, d.nq, d.nk);
  p->total = l.total();
  return status::ok;
}

}  // namespace detail

size_t attention_f32_scratch_size(const attention_dims& d) {
  detail::attention_f32_plan p;
  return detail::plan_attention_f32(d, &p) == status::ok ? p.total : 0;
}

status attention_f32(const attention_dims& d, const float* q, const float* k, const float* v,
                     float* out, const attention_opts& opts, scratch work) {
  if (q == nullptr || k == nullptr || v == nullptr || out == nullptr) return status::null_pointer;
  detail::attention_f32_plan plan;
  const status st = detail::plan_attention_f32(d, &plan);
  if (st != status::ok) return st;
  // The weights are written while the mask and inputs are still read: no overlap.
  const size_t nw = d.nq * d.nk;
  if (detail::overlaps(opts.weights, nw, opts.mask, nw) ||
      detail::overlaps(opts.weights, nw, q, d.nq * d.dk) ||
      detail::overlaps(opts.weights, nw, k, d.nk * d.dk) ||
      detail::overlaps(opts.weights, nw, v, d.nk * d.dv) ||
      detail::overlaps(opts.weights, nw, out, d.nq * d.dv))
    return status::bad_argument;
  stream_buffers b{};
  if (opts.weights == nullptr) {  // the weights path needs no scratch
    if (work.data == nullptr) return status::null_pointer;
    if (!detail::scratch_holds(work, plan.total)) return status::scratch_too_small;
    b = carve_stream(detail::scratch_base(work), plan.stream);
  }
  const head_view h{q, d.dk, k, d.dk, v, d.dv, out, d.dv};
  attend(d, h, opts, opts.weights, b);
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

namespace detail {

status plan_mha_f32(const mha_dims& d, mha_f32_plan* p) {
  if (d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0)
    return status::bad_size;
  if (!mha_dims_ok(d)) return status::size_overflow;
  layout l;
  p->q = l.add<float>(d.nq, d.d_model);
  p->k = l.add<float>(d.nk, d.d_model);
  p->v = l.add<float>(d.nk, d.d_model);
  p->cat = l.add<float>(d.nq, d.d_model);
  p->stream = plan_stream(l, d.nq, d.nk);
  p->total = l.total();
  return status::ok;
}

}  // namespace detail

size_t mha_f32_scratch_size(const mha_dims& d) {
  detail::mha_f32_plan p;
  return detail::plan_mha_f32(d, &p) == status::ok ? p.total : 0;
}

status mha_f32(const mha_dims& d, const float* x, const float* kv, const mha_weights& w, float* y,
               const attention_opts& opts, scratch work) {
  if (x == nullptr || y == nullptr || w.wq == nullptr || w.wk == nullptr || w.wv == nullptr ||
      w.wo == nullptr || work.data == nullptr)
    return status::null_pointer;
  detail::mha_f32_plan plan;
  const status st = detail::plan_mha_f32(d, &plan);
  // The checks' order: the plan's bad_size (a zero dim, before the division), the heads and
  // the self-attention shape, the plan's overflow.
  if (st == status::bad_size) return st;
  if (d.d_model % d.heads != 0) return status::bad_size;
  if (kv == nullptr && (d.nk != d.nq || d.d_kv != d.d_model)) return status::bad_size;
  if (st != status::ok) return st;
  if (kv == nullptr) kv = x;
  if (!detail::scratch_holds(work, plan.total)) return status::scratch_too_small;
  const size_t nw = d.heads * d.nq * d.nk;
  if (detail::overlaps(opts.weights, nw, opts.mask, d.nq * d.nk) ||
      detail::overlaps(opts.weights, nw, x, d.nq * d.d_model) ||
      detail::overlaps(opts.weights, nw, kv, d.nk * d.d_kv) ||
      detail::overlaps(opts.weights, nw, y, d.nq * d.d_model))
    return status::bad_argument;

  const size_t e = d.d_model, dh = e / d.heads;
  unsigned char* mem = detail::scratch_base(work);
  float* q = detail::carve<float>(mem, plan.q);
  float* k = detail::carve<float>(mem, plan.k);
  float* v = detail::carve<float>(mem, plan.v);
  float* cat = detail::carve<float>(mem, plan.cat);
  const stream_buffers b = carve_stream(mem, plan.stream);

  const port_table& p = active_port();
  p.matmul_nt_f32(d.nq, e, e, x, e, w.wq, e, w.bq, 1.0f, q, e);
  p.matmul_nt_f32(d.nk, e, d.d_kv, kv, d.d_kv, w.wk, d.d_kv, w.bk, 1.0f, k, e);
  p.matmul_nt_f32(d.nk, e, d.d_kv, kv, d.d_kv, w.wv, d.d_kv, w.bv, 1.0f, v, e);
  const attention_dims hd{d.nq, d.nk, dh, dh};
  for (size_t h = 0; h < d.heads; ++h) {
    const size_t off = h * dh;
    const head_view view{q + off, e, k + off, e, v + off, e, cat + off, e};
    float* wts = opts.weights ? opts.weights + h * d.nq * d.nk : nullptr;
    attend(hd, view, opts, wts, b);
  }
  p.matmul_nt_f32(d.nq, e, e, cat, e, w.wo, e, w.bo, 1.0f, y, e);
  return status::ok;
}

}  // namespace attnkit
