// SPDX-License-Identifier: Apache-2.0
// Int8 attention and multi-head attention, composed from the port's integer kernels; no float.
#include "attnkit/attention.h"
#include "lib/internal/fixed_point.h"
#include "checks.h"
#include "plan.h"
#include "lib/internal/softmax_fx.h"
#include "lib/internal/port_table.h"

namespace attnkit {
namespace {

// Query rows scored together: scratch holds kBlock x nk int32 scores and int16 weights.
constexpr size_t kBlock = 16;

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

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
__attribute__((noinline)) quant_scale key_ratio(quant_scale k_scale, const fx::scale_divisor& div) {
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
  return score_ctx{d,       q,   k, uniform ? nullptr : kr, per_tile, fx::make_divisor(kmax),
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
          if (pass == 1)
            sum[r] += e;
          else
            b.w[r * cols + j] = mx[r] == INT32_MIN ? int16_t{0} : fx::q15_output(e, recip[r]);
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
void dynamic_quant(size_t rows, size_t cols, const int32_t* t, size_t ldt, const quant_scale* unit,
                   bool per_tensor, quant_scale* rs, int8_t* y, size_t ldy, quant_scale* y_scale) {
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

// Every product of the dims fits (nq x nk, and kBlock x nk int32 scores); nk < 2^31.
bool attention_dims_ok(const attention_dims& d) {
  return detail::matrix_ok(d.nq, d.dk) && detail::matrix_ok(d.nk, d.dk) &&
         detail::matrix_ok(d.nk, d.dv) && detail::matrix_ok(d.nq, d.dv) &&
         detail::matrix_ok(d.nq, d.nk) && detail::matrix_ok(kBlock, d.nk) &&
         d.nk < (size_t{1} << 31);
}

// The blocked path's per-head buffers in l: nk key scale ratios, kBlock x nk scores and weights.
detail::s8_attend_offsets plan_attend(detail::layout& l, size_t nk) {
  detail::s8_attend_offsets o;
  o.kr = l.add<quant_scale>(nk);
  o.s = l.add<int32_t>(kBlock, nk);
  o.w = l.add<int16_t>(kBlock, nk);
  return o;
}

attend_buffers carve_attend(unsigned char* mem, const detail::s8_attend_offsets& o) {
  return {detail::carve<quant_scale>(mem, o.kr), detail::carve<int32_t>(mem, o.s),
          detail::carve<int16_t>(mem, o.w)};
}

// Sizes planned before the layouts were: the blocked path's buffers came with their own
// kScratchAlign of alignment slack, which nothing uses. Kept, so that attention_s8_scratch_size
// and mha_s8_scratch_size stay the bytes the firmware and docs quote.
constexpr size_t kAttendSlack = kScratchAlign;

// Dims checks shared by the int8 attention kernels and their plans: bad_size, size_overflow
// or ok.
status check_attention_dims(const attention_dims& d) {
  if (d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0 || d.dk > kMaxDotS8) return status::bad_size;
  if (!attention_dims_ok(d)) return status::size_overflow;
  return status::ok;
}

}  // namespace

namespace detail {

status plan_attention_s8(const attention_dims& d, attention_s8_plan* p) {
  const status st = check_attention_dims(d);
  if (st != status::ok) return st;
  layout l;
  p->att = plan_attend(l, d.nk);
  p->o = l.add<int32_t>(d.nq, d.dv);
  p->rs = l.add<quant_scale>(d.nq);
  l.add_bytes(kAttendSlack);
  p->total = l.total();
  return status::ok;
}

status plan_attention_s8_stream(const attention_dims& d, attention_s8_stream_plan* p) {
  const status st = check_attention_dims(d);
  if (st != status::ok) return st;
  layout l;
  p->kr = l.add<quant_scale>(kKeyTile);
  p->s = l.add<int32_t>(kBlock, kKeyTile);
  p->w = l.add<int16_t>(kBlock, kKeyTile);
  p->pv = l.add<int32_t>(kBlock, d.dv);
  p->o = l.add<int32_t>(kBlock, d.dv);
  p->rs = l.add<quant_scale>(kBlock);
  p->total = l.total();
  return status::ok;
}

}  // namespace detail

size_t attention_s8_stream_scratch_size(const attention_dims& d) {
  detail::attention_s8_stream_plan p;
  return detail::plan_attention_s8_stream(d, &p) == status::ok ? p.total : 0;
}

size_t attention_s8_scratch_size(const attention_dims& d) {
  detail::attention_s8_plan p;
  return detail::plan_attention_s8(d, &p) == status::ok ? p.total : 0;
}

namespace {

// Pointer checks shared by attention_s8 and attention_s8_stream.
bool pointers_ok(const void* q, const void* q_scale, const void* k, const void* k_scale,
                 const void* v, const void* out, const void* out_scale, scratch work) {
  return q != nullptr && k != nullptr && v != nullptr && out != nullptr && q_scale != nullptr &&
         k_scale != nullptr && out_scale != nullptr && work.data != nullptr;
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
  if (!pointers_ok(q, q_scale, k, k_scale, v, out, out_scale, work)) return status::null_pointer;
  detail::attention_s8_plan plan;
  const status st = detail::plan_attention_s8(d, &plan);
  if (st != status::ok) return st;
  if (!detail::scratch_holds(work, plan.total)) return status::scratch_too_small;
  unsigned char* mem = detail::scratch_base(work);
  const attend_buffers b = carve_attend(mem, plan.att);
  int32_t* o = detail::carve<int32_t>(mem, plan.o);
  quant_scale* rs = detail::carve<quant_scale>(mem, plan.rs);
  quant_scale base;
  const score_ctx sc = make_ctx(d, {q, d.dk}, {k, d.dk}, k_scale, b.kr, nullptr, opts, &base);
  attend(sc, q_scale, base, {v, d.dv}, opts.weights, b, o, d.dv);
  // The per-row unit array is out_scale itself before dynamic_quant overwrites it.
  const quant_scale unit = pv_unit(v_scale);
  for (size_t i = 0; i < d.nq; ++i) out_scale[i] = unit;
  dynamic_quant(d.nq, d.dv, o, d.dv, out_scale, false, rs, out, d.dv, out_scale);
  return status::ok;
}

status attention_s8_stream(const attention_dims& d, const int8_t* q, const quant_scale* q_scale,
                           const int8_t* k, const quant_scale* k_scale, const int8_t* v,
                           quant_scale v_scale, int8_t* out, quant_scale* out_scale,
                           const attention_s8_opts& opts, scratch work) {
  if (!pointers_ok(q, q_scale, k, k_scale, v, out, out_scale, work)) return status::null_pointer;
  detail::attention_s8_stream_plan plan;
  const status st = detail::plan_attention_s8_stream(d, &plan);
  if (st != status::ok) return st;
  if (opts.weights != nullptr) return status::bad_argument;
  if (!detail::scratch_holds(work, plan.total)) return status::scratch_too_small;
  unsigned char* mem = detail::scratch_base(work);
  stream_buffers b;
  b.kr = detail::carve<quant_scale>(mem, plan.kr);
  b.s = detail::carve<int32_t>(mem, plan.s);
  b.w = detail::carve<int16_t>(mem, plan.w);
  b.pv = detail::carve<int32_t>(mem, plan.pv);
  b.o = detail::carve<int32_t>(mem, plan.o);
  b.rs = detail::carve<quant_scale>(mem, plan.rs);
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

// Every product of the dims fits (as attention_dims_ok); nk < 2^31.
bool mha_dims_ok(const mha_dims& d) {
  size_t t;
  return detail::matrix_ok(d.nq, d.d_model) && detail::matrix_ok(d.nk, d.d_model) &&
         detail::matrix_ok(d.nk, d.d_kv) && detail::matrix_ok(d.d_model, d.d_model) &&
         detail::matrix_ok(d.d_model, d.d_kv) && detail::mul3_ok(d.heads, d.nq, d.nk, &t) &&
         detail::matrix_ok(kBlock, d.nk) && d.nk < (size_t{1} << 31);
}

struct mha_buffers {
  int32_t* t;  // max(nq, nk) x e accumulators
  int8_t *q, *k, *v, *cat;
  quant_scale *qs, *ks, *vs, *cs;  // row scales
  quant_scale* unit;               // max(nq, nk) row units
  quant_scale* rs;                 // max(nq, nk) requantisation scales
  quant_scale* col;                // e column scales
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

namespace detail {

status plan_mha_s8(const mha_dims& d, mha_s8_plan* p) {
  if (d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0)
    return status::bad_size;
  if (d.d_model % d.heads != 0 || d.d_model > kMaxDotS8 || d.d_kv > kMaxDotS8)
    return status::bad_size;
  if (!mha_dims_ok(d)) return status::size_overflow;
  const size_t e = d.d_model, n = d.nq > d.nk ? d.nq : d.nk;
  layout l;
  p->t = l.add<int32_t>(n, e);
  p->q = l.add<int8_t>(d.nq, e);
  p->k = l.add<int8_t>(d.nk, e);
  p->v = l.add<int8_t>(d.nk, e);
  p->cat = l.add<int8_t>(d.nq, e);
  p->qs = l.add<quant_scale>(d.nq);
  p->ks = l.add<quant_scale>(d.nk);
  p->vs = l.add<quant_scale>(d.nk);
  p->cs = l.add<quant_scale>(d.nq);
  p->unit = l.add<quant_scale>(n);
  p->rs = l.add<quant_scale>(n);
  p->col = l.add<quant_scale>(e);
  p->att = plan_attend(l, d.nk);
  l.add_bytes(kAttendSlack);
  p->total = l.total();
  return status::ok;
}

}  // namespace detail

size_t mha_s8_scratch_size(const mha_dims& d) {
  detail::mha_s8_plan p;
  return detail::plan_mha_s8(d, &p) == status::ok ? p.total : 0;
}

status mha_s8(const mha_dims& d, const int8_t* x, const quant_scale* x_scale, const int8_t* kv,
              const quant_scale* kv_scale, const mha_s8_weights& w, int8_t* y, quant_scale* y_scale,
              const attention_s8_opts& opts, scratch work) {
  if (x == nullptr || x_scale == nullptr || y == nullptr || y_scale == nullptr || w.wq == nullptr ||
      w.wk == nullptr || w.wv == nullptr || w.wo == nullptr || w.wq_scale == nullptr ||
      w.wk_scale == nullptr || w.wv_scale == nullptr || w.wo_scale == nullptr ||
      work.data == nullptr || (kv != nullptr && kv_scale == nullptr))
    return status::null_pointer;
  detail::mha_s8_plan plan;
  const status st = detail::plan_mha_s8(d, &plan);
  // The checks' order: the plan's bad_size, the self-attention shape, the plan's overflow.
  if (st == status::bad_size) return st;
  if (kv == nullptr && (d.nk != d.nq || d.d_kv != d.d_model)) return status::bad_size;
  if (st != status::ok) return st;
  if (!detail::scratch_holds(work, plan.total)) return status::scratch_too_small;
  if (kv == nullptr) {
    kv = x;
    kv_scale = x_scale;
  }
  const size_t e = d.d_model, dh = e / d.heads;
  unsigned char* mem = detail::scratch_base(work);
  mha_buffers b;
  b.t = detail::carve<int32_t>(mem, plan.t);
  b.q = detail::carve<int8_t>(mem, plan.q);
  b.k = detail::carve<int8_t>(mem, plan.k);
  b.v = detail::carve<int8_t>(mem, plan.v);
  b.cat = detail::carve<int8_t>(mem, plan.cat);
  b.qs = detail::carve<quant_scale>(mem, plan.qs);
  b.ks = detail::carve<quant_scale>(mem, plan.ks);
  b.vs = detail::carve<quant_scale>(mem, plan.vs);
  b.cs = detail::carve<quant_scale>(mem, plan.cs);
  b.unit = detail::carve<quant_scale>(mem, plan.unit);
  b.rs = detail::carve<quant_scale>(mem, plan.rs);
  b.col = detail::carve<quant_scale>(mem, plan.col);
  b.att = carve_attend(mem, plan.att);

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
