// SPDX-License-Identifier: Apache-2.0
// Int8 attention and multi-head attention, composed from the port's integer kernels; no float.
#include "attnkit/attention.h"
#include "attnkit/fixed_point.h"
#include "checks.h"
#include "fx_softmax.h"
#include "port_table.h"

namespace attnkit {
namespace {

// Query rows scored together: scratch holds kBlock x nk int32 scores and int16 weights.
constexpr size_t kBlock = 16;

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// Byte-typed carving on top of the float carver (every piece stays 64-byte aligned).
template <class T>
T* take(detail::scratch_carver& c, size_t n) {
  size_t bytes;
  if (!detail::mul_ok(n, sizeof(T), &bytes)) return nullptr;
  return reinterpret_cast<T*>(c.take((bytes + sizeof(float) - 1) / sizeof(float)));
}

template <class T>
size_t bytes_of(size_t n) {
  size_t b;
  if (!detail::mul_ok(n, sizeof(T), &b)) return 0;
  return detail::aligned_bytes((b + sizeof(float) - 1) / sizeof(float), sizeof(float));
}

// An int8 matrix window (columns [c0, c0 + cols) of a wider row-major matrix).
struct s8_view {
  const int8_t* p;
  size_t ld;
};

struct attend_buffers {
  quant_scale* kr;  // nk: k_scale[j] / max k_scale
  int32_t* s;       // kBlock x nk scores
  int16_t* w;       // kBlock x nk Q15 weights
};

// Largest k scale; *uniform: every k scale is the same (no column requantisation).
quant_scale max_k_scale(const quant_scale* k_scale, size_t nk, bool* uniform) {
  quant_scale mx = k_scale[0];
  *uniform = true;
  for (size_t j = 1; j < nk; ++j) {
    if (k_scale[j].multiplier != k_scale[0].multiplier || k_scale[j].shift != k_scale[0].shift)
      *uniform = false;
    if (fx::scale_less(mx, k_scale[j])) mx = k_scale[j];
  }
  return mx;
}

// k_scale / max k_scale; one copy (the 64-bit multiply is long code on 32-bit cores).
__attribute__((noinline)) quant_scale key_ratio(quant_scale k_scale,
                                                const fx::scale_divisor& div) {
  return fx::div_scales(k_scale, div);
}

// max_k_scale, and unless uniform every k scale relative to it in kr (nk entries).
quant_scale prepare_k(const quant_scale* k_scale, size_t nk, quant_scale* kr, bool* uniform) {
  const quant_scale mx = max_k_scale(k_scale, nk, uniform);
  if (!*uniform) {
    const fx::scale_divisor div = fx::make_divisor(mx);
    for (size_t j = 0; j < nk; ++j) kr[j] = key_ratio(k_scale[j], div);
  }
  return mx;
}

// ---- Streaming path (no weights requested): keys in tiles, scratch independent of nk (the
// per-key scale ratios are remade for each tile). The softmax needs the row max and the row
// sum before any weight exists, so each query block scores every key tile three times.
// Every step is the scalar softmax_s32_q15's integer arithmetic and the integer sums are
// exact, so the bytes equal the blocked path's on every port.
constexpr size_t kKeyTile = 128;

struct stream_buffers {
  quant_scale* kr;  // kKeyTile: one tile's k_scale[j] / max k_scale
  int32_t* s;       // kBlock x kKeyTile scores
  int16_t* w;       // kBlock x kKeyTile Q15 weights
  int32_t* pv;      // kBlock x dv: one tile's P V
  int32_t* o;       // kBlock x dv: the block's P V
  quant_scale* rs;  // kBlock requantisation scales
};

// Key scale ratios k_scale[j] / max k_scale: none when the scales are uniform, else either
// all nk precomputed (kr, blocked path) or remade per tile into tile_kr (streaming path).
struct score_ctx {
  const attention_dims& d;
  s8_view q, k;
  const quant_scale* kr;
  const quant_scale* k_scale;  // non-null: ratios per tile through kdiv into tile_kr
  fx::scale_divisor kdiv;
  quant_scale* tile_kr;
  const attention_s8_opts& opts;
};

// Scores (unit: row max k scale) of query rows [i0, i0 + rows) against keys [j0, j0 + cols),
// masked with INT32_MIN: real scores are > INT32_MIN (|q.k| <= kMaxDotS8 * 2^14 < 2^31).
void score_tile(const score_ctx& c, size_t i0, size_t rows, size_t j0, size_t cols, int32_t* s) {
  const size_t nk = c.d.nk;
  active_port().matmul_nt_s8_s32(rows, cols, c.d.dk, c.q.p + i0 * c.q.ld, c.q.ld,
                                 c.k.p + j0 * c.k.ld, c.k.ld, nullptr, s, cols);
  const quant_scale* kr = c.kr ? c.kr + j0 : nullptr;
  if (c.k_scale) {
    for (size_t j = 0; j < cols; ++j) c.tile_kr[j] = key_ratio(c.k_scale[j0 + j], c.kdiv);
    kr = c.tile_kr;
  }
  if (kr) active_port().requantize_cols_s32(rows, cols, s, cols, kr, s, cols);
  for (size_t r = 0; r < rows; ++r) {
    const size_t i = i0 + r;
    int32_t* row = s + r * cols;
    if (c.opts.mask)
      for (size_t j = 0; j < cols; ++j)
        if (c.opts.mask[i * nk + j0 + j]) row[j] = INT32_MIN;
    if (c.opts.causal)
      for (size_t j = i + 1 > j0 ? i + 1 - j0 : 0; j < cols; ++j) row[j] = INT32_MIN;
  }
}

// One head, blocked: o (nq x dv int32, leading dim ldo) = P V with P the Q15 softmax of the
// scores, 16 query rows against every key at a time. o's unit is v_scale * 2^-15.
void attend(const score_ctx& c, const quant_scale* q_scale, quant_scale base, s8_view v,
            int16_t* weights, const attend_buffers& b, int32_t* o, size_t ldo) {
  const size_t nk = c.d.nk;
  for (size_t i0 = 0; i0 < c.d.nq; i0 += kBlock) {
    const size_t rows = min_size(c.d.nq - i0, kBlock);
    int16_t* w = weights ? weights + i0 * nk : b.w;
    score_tile(c, i0, rows, 0, nk, b.s);
    for (size_t r = 0; r < rows; ++r)
      active_port().softmax_s32_q15(b.s + r * nk, nk, fx::mul_scales(q_scale[i0 + r], base),
                                    w + r * nk);
    active_port().matmul_nn_q15_s8_s32(rows, c.d.dv, nk, w, nk, v.p, v.ld, o + i0 * ldo, ldo);
  }
}

// The key side both paths share: the scale ratios unless the scales are uniform (into kr,
// nk entries, when kr is given; else per tile into tile_kr, kKeyTile entries), and
// *base = max k_scale / sqrt(dk), the score unit before q_scale[i].
score_ctx make_ctx(const attention_dims& d, s8_view q, s8_view k, const quant_scale* k_scale,
                   quant_scale* kr, quant_scale* tile_kr, const attention_s8_opts& opts,
                   quant_scale* base) {
  bool uniform = true;
  const quant_scale kmax =
      kr ? prepare_k(k_scale, d.nk, kr, &uniform) : max_k_scale(k_scale, d.nk, &uniform);
  *base = fx::mul_scales(kmax, fx::inv_sqrt_scale(d.dk));
  const quant_scale* per_tile = uniform || kr ? nullptr : k_scale;
  return score_ctx{d, q, k, uniform ? nullptr : kr, per_tile, fx::make_divisor(kmax),
                   tile_kr, opts};
}

// One query block: o (rows x dv) = P V, as attend() computes it for these rows. Pass 0 finds
// each row's max, pass 1 sums its exponentials, pass 2 makes the Q15 weights and P V.
void attend_streamed(const score_ctx& c, size_t i0, size_t rows, const quant_scale* q_scale,
                     quant_scale base, s8_view v, const stream_buffers& b) {
  const size_t dv = c.d.dv;
  // Causal: no row of the block sees a key past its last row.
  const size_t nk = c.opts.causal ? min_size(c.d.nk, i0 + rows) : c.d.nk;
  int32_t mx[kBlock];
  uint64_t sum[kBlock];
  fx::q15_setup setup[kBlock];
  fx::q15_recip recip[kBlock];
  for (size_t r = 0; r < rows; ++r) mx[r] = INT32_MIN, sum[r] = 0;
  for (int pass = 0; pass < 3; ++pass) {
    for (size_t r = 0; r < rows; ++r) {
      if (pass == 1) setup[r] = fx::q15_make_setup(fx::mul_scales(q_scale[i0 + r], base));
      if (pass == 2 && mx[r] != INT32_MIN) recip[r] = fx::q15_make_recip(sum[r]);
    }
    for (size_t j0 = 0; j0 < nk; j0 += kKeyTile) {
      const size_t cols = min_size(nk - j0, kKeyTile);
      score_tile(c, i0, rows, j0, cols, b.s);
      for (size_t r = 0; r < rows; ++r) {
        for (size_t j = 0; j < cols; ++j) {
          const int32_t x = b.s[r * cols + j];
          if (pass == 0) {
            mx[r] = x > mx[r] ? x : mx[r];
            continue;
          }
          // An all-masked row (max INT32_MIN) has weight 0 everywhere, as softmax_s32_q15.
          const uint32_t e = mx[r] == INT32_MIN ? 0 : fx::q15_weight(x, mx[r], setup[r]);
          if (pass == 1) sum[r] += e;
          else b.w[r * cols + j] = mx[r] == INT32_MIN ? int16_t{0} : fx::q15_output(e, recip[r]);
        }
      }
      if (pass < 2) continue;
      int32_t* dst = j0 == 0 ? b.o : b.pv;
      active_port().matmul_nn_q15_s8_s32(rows, dv, cols, b.w, cols, v.p + j0 * v.ld, v.ld, dst, dv);
      if (j0 != 0)
        for (size_t x = 0; x < rows * dv; ++x) b.o[x] += b.pv[x];  // the blocked path's int32 sum
    }
  }
}

// int32 rows (unit[i] per row) -> int8 with a scale per row from each row's largest
// magnitude, or (per_tensor) one scale for all rows. rs: rows scratch scales.
void dynamic_quant(size_t rows, size_t cols, const int32_t* t, size_t ldt,
                   const quant_scale* unit, bool per_tensor, quant_scale* rs, int8_t* y,
                   size_t ldy, quant_scale* y_scale) {
  quant_scale tensor{};
  for (size_t i = 0; i < rows; ++i) {
    uint32_t a = 0;
    for (size_t j = 0; j < cols; ++j) {
      const int32_t v = t[i * ldt + j];
      const uint32_t m = v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v);
      a = m > a ? m : a;
    }
    // Row scale = unit * max|t| / 127; requantise by 127 / max|t| so |y| <= 127.
    y_scale[i] = a ? fx::mul_scales(unit[i], fx::ratio_scale(a, 127)) : quant_scale{};
    rs[i] = a ? fx::ratio_scale(127, a) : quant_scale{};
    if (per_tensor && fx::scale_less(tensor, y_scale[i])) tensor = y_scale[i];
  }
  if (per_tensor) {
    for (size_t i = 0; i < rows; ++i) {
      rs[i] = tensor.multiplier ? fx::div_scales(unit[i], tensor) : quant_scale{};
      y_scale[i] = tensor;
    }
  }
  active_port().requantize_rows_s8(rows, cols, t, ldt, rs, y, ldy);
}

bool attention_dims_ok(const attention_dims& d) {
  return d.nq && d.nk && d.dk && d.dv && d.dk <= kMaxDotS8 && detail::matrix_ok(d.nq, d.dk) &&
         detail::matrix_ok(d.nk, d.dk) && detail::matrix_ok(d.nk, d.dv) &&
         detail::matrix_ok(d.nq, d.dv) && detail::matrix_ok(d.nq, d.nk) &&
         detail::matrix_ok(kBlock, d.nk) && d.nk < (size_t{1} << 31);
}

size_t attend_bytes(size_t nk) {
  return detail::scratch_total(
      {bytes_of<quant_scale>(nk), bytes_of<int32_t>(kBlock * nk), bytes_of<int16_t>(kBlock * nk)});
}

bool carve_attend(detail::scratch_carver& c, size_t nk, attend_buffers* b) {
  b->kr = take<quant_scale>(c, nk);
  b->s = take<int32_t>(c, kBlock * nk);
  b->w = take<int16_t>(c, kBlock * nk);
  return b->kr && b->s && b->w;
}

}  // namespace

size_t attention_s8_stream_scratch_size(const attention_dims& d) {
  if (!attention_dims_ok(d)) return 0;
  return detail::scratch_total(
      {bytes_of<quant_scale>(kKeyTile), bytes_of<int32_t>(kBlock * kKeyTile),
       bytes_of<int16_t>(kBlock * kKeyTile), bytes_of<int32_t>(kBlock * d.dv),
       bytes_of<int32_t>(kBlock * d.dv), bytes_of<quant_scale>(kBlock)});
}

size_t attention_s8_scratch_size(const attention_dims& d) {
  if (!attention_dims_ok(d)) return 0;
  const size_t a = attend_bytes(d.nk);
  const size_t o = bytes_of<int32_t>(d.nq * d.dv), rs = bytes_of<quant_scale>(d.nq);
  return a && o && rs ? detail::scratch_total({a, o, rs}) : 0;
}

namespace {

// Checks shared by attention_s8 and attention_s8_stream.
status check_attention_s8(const attention_dims& d, const void* q, const void* q_scale,
                          const void* k, const void* k_scale, const void* v, const void* out,
                          const void* out_scale, scratch work) {
  if (q == nullptr || k == nullptr || v == nullptr || out == nullptr || q_scale == nullptr ||
      k_scale == nullptr || out_scale == nullptr || work.data == nullptr)
    return status::null_pointer;
  if (d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0 || d.dk > kMaxDotS8)
    return status::bad_size;
  if (!attention_dims_ok(d)) return status::size_overflow;
  return status::ok;
}

// o's unit: Q15 weights times int8 values.
quant_scale pv_unit(quant_scale v_scale) {
  quant_scale unit = fx::normalise(v_scale);
  unit.shift -= 15;
  return unit;
}

}  // namespace

status attention_s8(const attention_dims& d, const int8_t* q, const quant_scale* q_scale,
                    const int8_t* k, const quant_scale* k_scale, const int8_t* v,
                    quant_scale v_scale, int8_t* out, quant_scale* out_scale,
                    const attention_s8_opts& opts, scratch work) {
  const status st = check_attention_s8(d, q, q_scale, k, k_scale, v, out, out_scale, work);
  if (st != status::ok) return st;
  if (work.bytes < attention_s8_scratch_size(d)) return status::scratch_too_small;
  detail::scratch_carver c(work);
  attend_buffers b;
  if (!carve_attend(c, d.nk, &b)) return status::scratch_too_small;
  int32_t* o = take<int32_t>(c, d.nq * d.dv);
  quant_scale* rs = take<quant_scale>(c, d.nq);
  if (o == nullptr || rs == nullptr) return status::scratch_too_small;
  quant_scale base;
  const score_ctx sc = make_ctx(d, {q, d.dk}, {k, d.dk}, k_scale, b.kr, nullptr, opts, &base);
  attend(sc, q_scale, base, {v, d.dv}, opts.weights, b, o, d.dv);
  // The per-row unit array is out_scale itself before dynamic_quant overwrites it.
  const quant_scale unit = pv_unit(v_scale);
  for (size_t i = 0; i < d.nq; ++i) out_scale[i] = unit;
  dynamic_quant(d.nq, d.dv, o, d.dv, out_scale, false, rs, out, d.dv, out_scale);
  return status::ok;
}

status attention_s8_stream(const attention_dims& d, const int8_t* q,
                           const quant_scale* q_scale, const int8_t* k,
                           const quant_scale* k_scale, const int8_t* v, quant_scale v_scale,
                           int8_t* out, quant_scale* out_scale, const attention_s8_opts& opts,
                           scratch work) {
  const status st = check_attention_s8(d, q, q_scale, k, k_scale, v, out, out_scale, work);
  if (st != status::ok) return st;
  if (opts.weights != nullptr) return status::bad_argument;
  if (work.bytes < attention_s8_stream_scratch_size(d)) return status::scratch_too_small;
  detail::scratch_carver c(work);
  stream_buffers b;
  b.kr = take<quant_scale>(c, kKeyTile);
  b.s = take<int32_t>(c, kBlock * kKeyTile);
  b.w = take<int16_t>(c, kBlock * kKeyTile);
  b.pv = take<int32_t>(c, kBlock * d.dv);
  b.o = take<int32_t>(c, kBlock * d.dv);
  b.rs = take<quant_scale>(c, kBlock);
  if (!b.kr || !b.s || !b.w || !b.pv || !b.o || !b.rs) return status::scratch_too_small;
  quant_scale base;
  const score_ctx sc = make_ctx(d, {q, d.dk}, {k, d.dk}, k_scale, nullptr, b.kr, opts, &base);
  const quant_scale unit = pv_unit(v_scale);
  for (size_t i0 = 0; i0 < d.nq; i0 += kBlock) {
    const size_t rows = min_size(d.nq - i0, kBlock);
    attend_streamed(sc, i0, rows, q_scale, base, {v, d.dv}, b);
    for (size_t r = 0; r < rows; ++r) out_scale[i0 + r] = unit;
    dynamic_quant(rows, d.dv, b.o, d.dv, out_scale + i0, false, b.rs, out + i0 * d.dv, d.dv,
                  out_scale + i0);
  }
  return status::ok;
}

namespace {

bool mha_dims_ok(const mha_dims& d) {
  size_t t;
  return d.nq && d.nk && d.d_model && d.d_kv && d.heads && d.d_model % d.heads == 0 &&
         d.d_model <= kMaxDotS8 && d.d_kv <= kMaxDotS8 && detail::matrix_ok(d.nq, d.d_model) &&
         detail::matrix_ok(d.nk, d.d_model) && detail::matrix_ok(d.nk, d.d_kv) &&
         detail::matrix_ok(d.d_model, d.d_model) && detail::matrix_ok(d.d_model, d.d_kv) &&
         detail::mul3_ok(d.heads, d.nq, d.nk, &t) && detail::matrix_ok(kBlock, d.nk) &&
         d.nk < (size_t{1} << 31);
}

struct mha_buffers {
  int32_t* t;         // max(nq, nk) x e accumulators
  int8_t *q, *k, *v, *cat;
  quant_scale *qs, *ks, *vs, *cs;  // row scales
  quant_scale* unit;  // max(nq, nk) row units
  quant_scale* rs;    // max(nq, nk) requantisation scales
  quant_scale* col;   // e column scales
  attend_buffers att;
};

// t (rows x e) = in W^T + b in the row units unit[i] = in_scale[i] * max(w_scale).
void project(size_t rows, size_t e, size_t din, const int8_t* in, const quant_scale* in_scale,
             const int8_t* w, const quant_scale* w_scale, const int32_t* bias,
             quant_scale bias_unit, const mha_buffers& b) {
  active_port().matmul_nt_s8_s32(rows, e, din, in, din, w, din, nullptr, b.t, e);
  bool uniform = true;
  const quant_scale wmax = prepare_k(w_scale, e, b.col, &uniform);
  if (!uniform) active_port().requantize_cols_s32(rows, e, b.t, e, b.col, b.t, e);
  for (size_t i = 0; i < rows; ++i) {
    b.unit[i] = fx::mul_scales(in_scale[i], wmax);
    if (bias == nullptr || b.unit[i].multiplier == 0) continue;
    const quant_scale r = fx::div_scales(bias_unit, b.unit[i]);
    int32_t* row = b.t + i * e;
    for (size_t j = 0; j < e; ++j) row[j] = fx::sat_add(row[j], fx::requantize(bias[j], r));
  }
}

}  // namespace

size_t mha_s8_scratch_size(const mha_dims& d) {
  if (!mha_dims_ok(d)) return 0;
  const size_t e = d.d_model, n = d.nq > d.nk ? d.nq : d.nk;
  return detail::scratch_total(
      {bytes_of<int32_t>(n * e), bytes_of<int8_t>(d.nq * e), bytes_of<int8_t>(d.nk * e),
       bytes_of<int8_t>(d.nk * e), bytes_of<int8_t>(d.nq * e), bytes_of<quant_scale>(d.nq),
       bytes_of<quant_scale>(d.nk), bytes_of<quant_scale>(d.nk), bytes_of<quant_scale>(d.nq),
       bytes_of<quant_scale>(n), bytes_of<quant_scale>(n), bytes_of<quant_scale>(e),
       attend_bytes(d.nk)});
}

status mha_s8(const mha_dims& d, const int8_t* x, const quant_scale* x_scale, const int8_t* kv,
              const quant_scale* kv_scale, const mha_s8_weights& w, int8_t* y,
              quant_scale* y_scale, const attention_s8_opts& opts, scratch work) {
  if (x == nullptr || x_scale == nullptr || y == nullptr || y_scale == nullptr ||
      w.wq == nullptr || w.wk == nullptr || w.wv == nullptr || w.wo == nullptr ||
      w.wq_scale == nullptr || w.wk_scale == nullptr || w.wv_scale == nullptr ||
      w.wo_scale == nullptr || work.data == nullptr || (kv != nullptr && kv_scale == nullptr))
    return status::null_pointer;
  if (d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0)
    return status::bad_size;
  if (d.d_model % d.heads != 0 || d.d_model > kMaxDotS8 || d.d_kv > kMaxDotS8)
    return status::bad_size;
  if (kv == nullptr && (d.nk != d.nq || d.d_kv != d.d_model)) return status::bad_size;
  if (!mha_dims_ok(d)) return status::size_overflow;
  if (work.bytes < mha_s8_scratch_size(d)) return status::scratch_too_small;
  if (kv == nullptr) {
    kv = x;
    kv_scale = x_scale;
  }
  const size_t e = d.d_model, dh = e / d.heads, n = d.nq > d.nk ? d.nq : d.nk;
  detail::scratch_carver c(work);
  mha_buffers b;
  b.t = take<int32_t>(c, n * e);
  b.q = take<int8_t>(c, d.nq * e);
  b.k = take<int8_t>(c, d.nk * e);
  b.v = take<int8_t>(c, d.nk * e);
  b.cat = take<int8_t>(c, d.nq * e);
  b.qs = take<quant_scale>(c, d.nq);
  b.ks = take<quant_scale>(c, d.nk);
  b.vs = take<quant_scale>(c, d.nk);
  b.cs = take<quant_scale>(c, d.nq);
  b.unit = take<quant_scale>(c, n);
  b.rs = take<quant_scale>(c, n);
  b.col = take<quant_scale>(c, e);
  if (!carve_attend(c, d.nk, &b.att) || b.col == nullptr) return status::scratch_too_small;

  project(d.nq, e, e, x, x_scale, w.wq, w.wq_scale, w.bq, w.bias_unit, b);
  dynamic_quant(d.nq, e, b.t, e, b.unit, false, b.rs, b.q, e, b.qs);
  project(d.nk, e, d.d_kv, kv, kv_scale, w.wk, w.wk_scale, w.bk, w.bias_unit, b);
  dynamic_quant(d.nk, e, b.t, e, b.unit, false, b.rs, b.k, e, b.ks);
  project(d.nk, e, d.d_kv, kv, kv_scale, w.wv, w.wv_scale, w.bv, w.bias_unit, b);
  dynamic_quant(d.nk, e, b.t, e, b.unit, true, b.rs, b.v, e, b.vs);  // one scale for V

  // Heads write their int32 P V side by side into t: one unit (v scale * 2^-15) for all.
  const attention_dims hd{d.nq, d.nk, dh, dh};
  for (size_t h = 0; h < d.heads; ++h) {
    const size_t off = h * dh;
    int16_t* wts = opts.weights ? opts.weights + h * d.nq * d.nk : nullptr;
    quant_scale base;
    const score_ctx sc =
        make_ctx(hd, {b.q + off, e}, {b.k + off, e}, b.ks, b.att.kr, nullptr, opts, &base);
    attend(sc, b.qs, base, {b.v + off, e}, wts, b.att, b.t + off, e);
  }
  quant_scale unit = fx::normalise(b.vs[0]);
  unit.shift -= 15;
  for (size_t i = 0; i < d.nq; ++i) b.unit[i] = unit;
  dynamic_quant(d.nq, e, b.t, e, b.unit, false, b.rs, b.cat, e, b.cs);

  project(d.nq, e, e, b.cat, b.cs, w.wo, w.wo_scale, w.bo, w.bias_unit, b);
  dynamic_quant(d.nq, e, b.t, e, b.unit, false, b.rs, y, e, y_scale);
  return status::ok;
}

}  // namespace attnkit
