// SPDX-License-Identifier: Apache-2.0
// Scratch plans (lib/src/plan.h): for random shapes, every kernel with scratch runs with exactly
// its *_scratch_size() bytes at any alignment, refuses one byte less before touching memory,
// and the plan behind the size is a layout of aligned, disjoint buffers inside that size.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "attnkit/attention.h"
#include "lib/src/plan.h"
#include "support/buffers.h"
#include "support/ports.h"

namespace {

using attnkit::attention_dims;
using attnkit::kScratchAlign;
using attnkit::mha_dims;
using attnkit::quant_scale;
using attnkit::status;
using testing_support::guarded;
using testing_support::make_scratch;

constexpr int kShapes = 24;

size_t uniform(std::mt19937& rng, size_t lo, size_t hi) {
  return std::uniform_int_distribution<size_t>(lo, hi)(rng);
}

std::vector<float> randf(size_t n, std::mt19937& rng) {
  std::normal_distribution<float> g(0.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = g(rng);
  return v;
}

std::vector<int8_t> rand_s8(size_t n, std::mt19937& rng) {
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(static_cast<int>(uniform(rng, 0, 254)) - 127);
  return v;
}

// Normalised scales around 2^-6, as quantize_rows_s8 gives for unit-variance rows.
std::vector<quant_scale> rand_scales(size_t n, std::mt19937& rng) {
  std::vector<quant_scale> v(n);
  for (quant_scale& s : v)
    s = {static_cast<int32_t>(uniform(rng, size_t{1} << 30, (size_t{1} << 31) - 1)),
         static_cast<int32_t>(uniform(rng, 0, 3)) - 7};
  return v;
}

std::vector<uint8_t> rand_mask(size_t n, std::mt19937& rng) {
  std::vector<uint8_t> m(n);
  for (uint8_t& x : m) x = uniform(rng, 0, 4) == 0;
  return m;
}

std::string str(const attention_dims& d) {
  return "nq " + std::to_string(d.nq) + " nk " + std::to_string(d.nk) + " dk " +
         std::to_string(d.dk) + " dv " + std::to_string(d.dv);
}
std::string str(const mha_dims& d) {
  return "nq " + std::to_string(d.nq) + " nk " + std::to_string(d.nk) + " d_model " +
         std::to_string(d.d_model) + " d_kv " + std::to_string(d.d_kv) + " heads " +
         std::to_string(d.heads);
}

attention_dims rand_attention(std::mt19937& rng) {
  // Key counts across the 128-key tiles, query counts across the 16- and 64-row blocks.
  return {uniform(rng, 1, 70), uniform(rng, 1, 300), uniform(rng, 1, 40), uniform(rng, 1, 40)};
}

// self: cross-attention off (kv = x, nk = nq, d_kv = d_model).
mha_dims rand_mha(std::mt19937& rng, bool self) {
  const size_t heads = uniform(rng, 1, 4), dh = uniform(rng, 1, 8);
  mha_dims d{uniform(rng, 1, 40), uniform(rng, 1, 200), heads * dh, uniform(rng, 1, 24), heads};
  if (self) d.nk = d.nq, d.d_kv = d.d_model;
  return d;
}

// ---- The layouts: every buffer kScratchAlign-aligned, none overlapping, all inside
// total - kScratchAlign (the rest is the slack for aligning the caller's start).

struct part {
  size_t off, bytes;
};

void expect_layout(std::vector<part> parts, size_t total, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_GT(total, kScratchAlign);
  std::sort(parts.begin(), parts.end(), [](part a, part b) { return a.off < b.off; });
  size_t end = 0;
  for (const part& p : parts) {
    EXPECT_EQ(p.off % kScratchAlign, 0u) << "offset " << p.off;
    EXPECT_GE(p.off, end) << "overlaps the previous buffer";
    EXPECT_GT(p.bytes, 0u);
    end = p.off + p.bytes;
  }
  EXPECT_LE(end, total - kScratchAlign);
}

TEST(Plan, TotalsAreTheScratchSizesAndLayoutsFit) {
  std::mt19937 rng(11);
  namespace d_ = attnkit::detail;
  for (int i = 0; i < 200; ++i) {
    const attention_dims d = rand_attention(rng);
    const size_t rows = std::min<size_t>(d.nq, 64), tile = std::min<size_t>(d.nk, 128);

    d_::attention_f32_plan f;
    ASSERT_EQ(d_::plan_attention_f32(d, &f), status::ok) << str(d);
    EXPECT_EQ(f.total, attnkit::attention_f32_scratch_size(d)) << str(d);
    expect_layout({{f.stream.s, rows * tile * 4},
                   {f.stream.m, rows * 4},
                   {f.stream.l, rows * 4},
                   {f.stream.corr, rows * 4}},
                  f.total, "attention_f32 " + str(d));

    d_::attention_s8_plan s;
    ASSERT_EQ(d_::plan_attention_s8(d, &s), status::ok) << str(d);
    EXPECT_EQ(s.total, attnkit::attention_s8_scratch_size(d)) << str(d);
    expect_layout({{s.att.kr, d.nk * sizeof(quant_scale)},
                   {s.att.s, 16 * d.nk * 4},
                   {s.att.w, 16 * d.nk * 2},
                   {s.o, d.nq * d.dv * 4},
                   {s.rs, d.nq * sizeof(quant_scale)}},
                  s.total, "attention_s8 " + str(d));

    d_::attention_s8_stream_plan t;
    ASSERT_EQ(d_::plan_attention_s8_stream(d, &t), status::ok) << str(d);
    EXPECT_EQ(t.total, attnkit::attention_s8_stream_scratch_size(d)) << str(d);
    expect_layout({{t.kr, 128 * sizeof(quant_scale)},
                   {t.s, 16 * 128 * 4},
                   {t.w, 16 * 128 * 2},
                   {t.pv, 16 * d.dv * 4},
                   {t.o, 16 * d.dv * 4},
                   {t.rs, 16 * sizeof(quant_scale)}},
                  t.total, "attention_s8_stream " + str(d));

    const mha_dims m = rand_mha(rng, i % 3 == 0);
    const size_t e = m.d_model, n = std::max(m.nq, m.nk);
    const size_t mrows = std::min<size_t>(m.nq, 64), mtile = std::min<size_t>(m.nk, 128);
    d_::mha_f32_plan mf;
    ASSERT_EQ(d_::plan_mha_f32(m, &mf), status::ok) << str(m);
    EXPECT_EQ(mf.total, attnkit::mha_f32_scratch_size(m)) << str(m);
    expect_layout({{mf.q, m.nq * e * 4},
                   {mf.k, m.nk * e * 4},
                   {mf.v, m.nk * e * 4},
                   {mf.cat, m.nq * e * 4},
                   {mf.stream.s, mrows * mtile * 4},
                   {mf.stream.m, mrows * 4},
                   {mf.stream.l, mrows * 4},
                   {mf.stream.corr, mrows * 4}},
                  mf.total, "mha_f32 " + str(m));

    d_::mha_s8_plan ms;
    ASSERT_EQ(d_::plan_mha_s8(m, &ms), status::ok) << str(m);
    EXPECT_EQ(ms.total, attnkit::mha_s8_scratch_size(m)) << str(m);
    const size_t qs = sizeof(quant_scale);
    expect_layout({{ms.t, n * e * 4},
                   {ms.q, m.nq * e},
                   {ms.k, m.nk * e},
                   {ms.v, m.nk * e},
                   {ms.cat, m.nq * e},
                   {ms.qs, m.nq * qs},
                   {ms.ks, m.nk * qs},
                   {ms.vs, m.nk * qs},
                   {ms.cs, m.nq * qs},
                   {ms.unit, n * qs},
                   {ms.rs, n * qs},
                   {ms.col, e * qs},
                   {ms.att.kr, m.nk * qs},
                   {ms.att.s, 16 * m.nk * 4},
                   {ms.att.w, 16 * m.nk * 2}},
                  ms.total, "mha_s8 " + str(m));
  }
}

TEST(Plan, RejectedDimsHaveNoScratchSize) {
  // Whatever the plan refuses, *_scratch_size() returns 0 for, and the reverse.
  namespace d_ = attnkit::detail;
  const size_t big = SIZE_MAX / 2, root = size_t{1} << (sizeof(size_t) * 4 + 1);
  const attention_dims ad[] = {{0, 2, 4, 4},       {2, 0, 4, 4},
                               {2, 2, 0, 4},       {2, 2, 4, 0},
                               {big, 2, 4, 4},     {2, big, 4, 4},
                               {2, 2, big, 4},     {2, 2, 4, big},
                               {root, root, 1, 1}, {2, 2, attnkit::kMaxDotS8 + 1, 4}};
  for (const attention_dims& d : ad) {
    SCOPED_TRACE(str(d));
    d_::attention_f32_plan f;
    d_::attention_s8_plan s;
    d_::attention_s8_stream_plan t;
    const status sf = d_::plan_attention_f32(d, &f), ss = d_::plan_attention_s8(d, &s),
                 st = d_::plan_attention_s8_stream(d, &t);
    EXPECT_EQ(sf == status::ok ? f.total : 0, attnkit::attention_f32_scratch_size(d));
    EXPECT_EQ(ss == status::ok ? s.total : 0, attnkit::attention_s8_scratch_size(d));
    EXPECT_EQ(st == status::ok ? t.total : 0, attnkit::attention_s8_stream_scratch_size(d));
    EXPECT_NE(ss, status::ok);
    EXPECT_EQ(ss, st);  // the int8 kernels share their dims checks
  }
  const mha_dims md[] = {{0, 2, 4, 4, 1},
                         {2, 2, 4, 4, 0},
                         {2, 2, 6, 4, 4},
                         {big, 2, 4, 4, 1},
                         {2, 2, big, 4, 1},
                         {root, root, 1, 1, 1},
                         {1, size_t{1} << 31, 4, 4, 1}};
  for (const mha_dims& d : md) {
    SCOPED_TRACE(str(d));
    d_::mha_f32_plan f;
    d_::mha_s8_plan s;
    const status sf = d_::plan_mha_f32(d, &f), ss = d_::plan_mha_s8(d, &s);
    EXPECT_EQ(sf == status::ok ? f.total : 0, attnkit::mha_f32_scratch_size(d));
    EXPECT_EQ(ss == status::ok ? s.total : 0, attnkit::mha_s8_scratch_size(d));
    EXPECT_NE(ss, status::ok);
  }
  // A layout that does not fit size_t although every operand does: plan ok, total 0, no size.
  // (16 x dv int32 of the streamed kernel with dv just past SIZE_MAX / 64, one query row.)
  const attention_dims wide{1, 1, 1, SIZE_MAX / 64 + 1};
  d_::attention_s8_stream_plan t;
  EXPECT_EQ(d_::plan_attention_s8_stream(wide, &t), status::ok);
  EXPECT_EQ(t.total, 0u);
  EXPECT_EQ(attnkit::attention_s8_stream_scratch_size(wide), 0u);
}

// ---- Exactly the size runs; one byte less is refused before anything is touched.

// Calls run(scratch) with exactly `bytes` at misalignment `mis` (ok, scratch canaries intact),
// then with bytes - 1 (scratch_too_small; scratch still all 0xA5, outputs as before).
template <class Run, class Outputs>
void exact_and_one_less(size_t bytes, size_t mis, Run run, Outputs outputs_untouched) {
  ASSERT_GT(bytes, 0u);
  {
    testing_support::guarded_bytes work = make_scratch(bytes, mis);
    EXPECT_EQ(run(attnkit::scratch{work.data(), bytes}), status::ok) << "misalign " << mis;
    EXPECT_TRUE(work.canaries_ok()) << "misalign " << mis;
  }
  testing_support::guarded_bytes small = make_scratch(bytes - 1, mis);
  EXPECT_EQ(run(attnkit::scratch{small.data(), bytes - 1}), status::scratch_too_small)
      << "misalign " << mis << " bytes " << bytes;
  EXPECT_TRUE(small.canaries_ok());
  const std::vector<unsigned char> s = small.vec();
  EXPECT_TRUE(std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == 0xA5; }))
      << "scratch written before the size check";
  EXPECT_TRUE(outputs_untouched()) << "output written before the size check";
}

// Outputs start as 0xFF bytes before every call.
template <class T>
void fill_ff(guarded<T>& g) {
  std::memset(static_cast<void*>(g.data()), 0xFF, g.size() * sizeof(T));
}

template <class T>
bool all_bytes(const guarded<T>& g, unsigned char b) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(g.data());
  return g.canaries_ok() &&
         std::all_of(p, p + g.size() * sizeof(T), [b](unsigned char c) { return c == b; });
}

TEST(Plan, FloatKernelsRunWithExactlyTheirScratchSize) {
  testing_support::for_each_variant([](const std::string&) {
    std::mt19937 rng(21);
    for (int i = 0; i < kShapes; ++i) {
      const attention_dims d = rand_attention(rng);
      SCOPED_TRACE("attention_f32 " + str(d));
      const auto q = randf(d.nq * d.dk, rng), k = randf(d.nk * d.dk, rng);
      const auto v = randf(d.nk * d.dv, rng);
      attnkit::attention_opts o;
      o.causal = i % 2;
      guarded<float> out(d.nq * d.dv, 4);
      const size_t mis = uniform(rng, 0, 63);
      exact_and_one_less(
          attnkit::attention_f32_scratch_size(d), mis,
          [&](attnkit::scratch s) {
            fill_ff(out);
            return attnkit::attention_f32(d, q.data(), k.data(), v.data(), out.data(), o, s);
          },
          [&] { return all_bytes(out, 0xFF); });

      const mha_dims m = rand_mha(rng, i % 3 == 0);
      SCOPED_TRACE("mha_f32 " + str(m));
      const bool self = i % 3 == 0;
      const size_t e = m.d_model;
      const auto x = randf(m.nq * e, rng), kv = randf(m.nk * m.d_kv, rng);
      const auto wq = randf(e * e, rng), wk = randf(e * m.d_kv, rng);
      const auto wv = randf(e * m.d_kv, rng), wo = randf(e * e, rng), b = randf(e, rng);
      attnkit::mha_weights w;
      w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
      if (i % 2) w.bq = w.bk = w.bv = w.bo = b.data();
      guarded<float> y(m.nq * e, 4);
      guarded<float> wts(i % 4 == 1 ? m.heads * m.nq * m.nk : 0, 4);
      attnkit::attention_opts mo;
      mo.causal = i % 5 == 2;
      if (wts.size()) mo.weights = wts.data();
      exact_and_one_less(
          attnkit::mha_f32_scratch_size(m), uniform(rng, 0, 63),
          [&](attnkit::scratch s) {
            fill_ff(y);
            fill_ff(wts);
            return attnkit::mha_f32(m, x.data(), self ? nullptr : kv.data(), w, y.data(), mo, s);
          },
          [&] { return all_bytes(y, 0xFF) && all_bytes(wts, 0xFF); });
    }
  });
}

TEST(Plan, Int8KernelsRunWithExactlyTheirScratchSize) {
  testing_support::for_each_variant([](const std::string&) {
    std::mt19937 rng(31);
    for (int i = 0; i < kShapes; ++i) {
      const attention_dims d = rand_attention(rng);
      const auto q = rand_s8(d.nq * d.dk, rng), k = rand_s8(d.nk * d.dk, rng);
      const auto v = rand_s8(d.nk * d.dv, rng);
      const auto qs = rand_scales(d.nq, rng), ks = rand_scales(d.nk, rng);
      const quant_scale vs = rand_scales(1, rng)[0];
      const auto mask = rand_mask(d.nq * d.nk, rng);
      attnkit::attention_s8_opts o;
      o.causal = i % 2;
      if (i % 3 == 1) o.mask = mask.data();
      guarded<int8_t> out(d.nq * d.dv, 4);
      guarded<quant_scale> os(d.nq, 4);
      for (bool stream : {false, true}) {
        SCOPED_TRACE((stream ? "attention_s8_stream " : "attention_s8 ") + str(d));
        const auto fn = stream ? attnkit::attention_s8_stream : attnkit::attention_s8;
        guarded<int16_t> wts(!stream && i % 4 == 1 ? d.nq * d.nk : 0, 4);
        attnkit::attention_s8_opts so = o;
        if (wts.size()) so.weights = wts.data();
        const size_t bytes = stream ? attnkit::attention_s8_stream_scratch_size(d)
                                    : attnkit::attention_s8_scratch_size(d);
        exact_and_one_less(
            bytes, uniform(rng, 0, 63),
            [&](attnkit::scratch s) {
              fill_ff(out);
              fill_ff(os);
              fill_ff(wts);
              return fn(d, q.data(), qs.data(), k.data(), ks.data(), v.data(), vs, out.data(),
                        os.data(), so, s);
            },
            [&] { return all_bytes(out, 0xFF) && all_bytes(os, 0xFF) && all_bytes(wts, 0xFF); });
      }

      const bool self = i % 3 == 0;
      const mha_dims m = rand_mha(rng, self);
      SCOPED_TRACE("mha_s8 " + str(m));
      const size_t e = m.d_model;
      const auto x = rand_s8(m.nq * e, rng), kv = rand_s8(m.nk * m.d_kv, rng);
      const auto xs = rand_scales(m.nq, rng), kvs = rand_scales(m.nk, rng);
      const auto wq = rand_s8(e * e, rng), wk = rand_s8(e * m.d_kv, rng);
      const auto wv = rand_s8(e * m.d_kv, rng), wo = rand_s8(e * e, rng);
      const auto wqs = rand_scales(e, rng), wks = rand_scales(e, rng);
      const auto wvs = rand_scales(e, rng), wos = rand_scales(e, rng);
      std::vector<int32_t> bias(e);
      for (int32_t& b : bias) b = static_cast<int32_t>(uniform(rng, 0, 2000)) - 1000;
      attnkit::mha_s8_weights w;
      w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
      w.wq_scale = wqs.data(), w.wk_scale = wks.data(), w.wv_scale = wvs.data();
      w.wo_scale = wos.data();
      if (i % 2) w.bq = w.bk = w.bv = w.bo = bias.data();
      w.bias_unit = {1 << 30, -15};
      guarded<int8_t> y(m.nq * e, 4);
      guarded<quant_scale> ys(m.nq, 4);
      guarded<int16_t> wts(i % 4 == 1 ? m.heads * m.nq * m.nk : 0, 4);
      attnkit::attention_s8_opts mo;
      mo.causal = i % 5 == 2;
      if (wts.size()) mo.weights = wts.data();
      exact_and_one_less(
          attnkit::mha_s8_scratch_size(m), uniform(rng, 0, 63),
          [&](attnkit::scratch s) {
            fill_ff(y);
            fill_ff(ys);
            fill_ff(wts);
            return attnkit::mha_s8(m, x.data(), xs.data(), self ? nullptr : kv.data(),
                                   self ? nullptr : kvs.data(), w, y.data(), ys.data(), mo, s);
          },
          [&] { return all_bytes(y, 0xFF) && all_bytes(ys, 0xFF) && all_bytes(wts, 0xFF); });
    }
  });
}

}  // namespace
