// SPDX-License-Identifier: Apache-2.0
// int8 attention against the float kernels, once they are in the library (mk/bench.mk defines
// ATTNKIT_BENCH_ATTENTION_S8 when lib/attnkit/attention.h declares attention_s8, mha_s8 and
// mha_quantize_s8 and lib/src defines them). Same inputs as the float benchmarks' shapes,
// quantised outside the timed loop (Q, K, x per row; V per tensor; weights per row).
//   attention_s8/IMPL/N<n>-d<d>[-causal]   IMPL attnkit[-port] = attention_s8,
//                                          attnkit-f32 = attention_f32 on the float inputs
//   mha_s8/IMPL/N<n>-E<E>-H<h>             likewise mha_s8 vs mha_f32
// Counter rel_l2: relative L2 error of the dequantised int8 output against the float kernel.
#include "bench/bench_common.h"

#if defined(ATTNKIT_BENCH_ATTENTION_S8)
#include <cmath>
#include <initializer_list>
#include <map>
#include <tuple>
#endif

namespace bench {

#if defined(ATTNKIT_BENCH_ATTENTION_S8)
namespace {

struct att_shape {
  size_t n, d;
  bool causal;
};
constexpr att_shape kAttShapes[] = {
    {256, 64, false}, {512, 64, false}, {512, 64, true}, {1024, 64, false}};

struct mha_shape {
  size_t n, e, heads;
  bool all_ports;  // time every port, not just the default (keeps make bench short)
};
constexpr mha_shape kMhaShapes[] = {{256, 256, 4, true}, {512, 512, 8, false}};

double rel_l2(const int8_t* q, const attnkit::quant_scale* row_scale, size_t rows, size_t cols,
              const float* ref) {
  double num = 0, den = 0;
  for (size_t i = 0; i < rows; ++i) {
    const double s = attnkit::quant_scale_value(row_scale[i]);
    for (size_t j = 0; j < cols; ++j) {
      const double r = ref[i * cols + j], e = q[i * cols + j] * s - r;
      num += e * e;
      den += r * r;
    }
  }
  return den > 0 ? std::sqrt(num / den) : std::sqrt(num);
}

// Float originals, their int8 versions, and the float kernel's output.
struct att_inputs {
  buffer<float> q, k, v, ref;
  buffer<int8_t> q8, k8, v8;
  buffer<attnkit::quant_scale> qs, ks;
  attnkit::quant_scale vs{};
  bool ok = false;
};

const att_inputs& att_input(const att_shape& s) {
  static std::map<std::tuple<size_t, size_t, bool>, att_inputs> cache;
  const auto key = std::make_tuple(s.n, s.d, s.causal);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  const size_t m = s.n * s.d;
  const uint32_t seed = static_cast<uint32_t>(s.n * 7 + s.d);  // as attention_bench.cc
  att_inputs in{randn(m, seed),
                randn(m, seed + 1),
                randn(m, seed + 2),
                buffer<float>(m),
                buffer<int8_t>(m),
                buffer<int8_t>(m),
                buffer<int8_t>(m),
                buffer<attnkit::quant_scale>(s.n),
                buffer<attnkit::quant_scale>(s.n)};
  float vmax = 0;
  for (size_t i = 0; i < m; ++i) vmax = std::fmax(vmax, std::fabs(in.v[i]));
  const float vscale = attnkit::scale_for_absmax_s8(vmax);
  attnkit::attention_opts fo;
  fo.causal = s.causal;
  buffer<unsigned char> w(attnkit::attention_f32_scratch_size({s.n, s.n, s.d, s.d}));
  in.ok = attnkit::quantize_rows_s8(in.q.data(), s.n, s.d, in.q8.data(), nullptr, in.qs.data()) ==
              attnkit::status::ok &&
          attnkit::quantize_rows_s8(in.k.data(), s.n, s.d, in.k8.data(), nullptr, in.ks.data()) ==
              attnkit::status::ok &&
          attnkit::quantize_s8(in.v.data(), m, vscale, in.v8.data()) == attnkit::status::ok &&
          attnkit::quantize_multiplier(vscale, &in.vs) == attnkit::status::ok &&
          attnkit::select_port(ports()[0].port.c_str()) == attnkit::status::ok &&
          attnkit::attention_f32({s.n, s.n, s.d, s.d}, in.q.data(), in.k.data(), in.v.data(),
                                 in.ref.data(), fo,
                                 attnkit::scratch{w.data(), w.size()}) == attnkit::status::ok;
  return cache.emplace(key, std::move(in)).first->second;
}

double att_flops(const att_shape& s) {
  const double pairs = s.causal ? 0.5 * s.n * (s.n + 1.0) : 1.0 * s.n * s.n;
  return 2.0 * pairs * (2.0 * s.d);
}

std::string att_name(const att_shape& s) {
  return "N" + std::to_string(s.n) + "-d" + std::to_string(s.d) + (s.causal ? "-causal" : "");
}

struct mha_inputs {
  buffer<float> x, wq, wk, wv, wo, bq, bk, bv, bo, ref;
  buffer<int8_t> x8, wq8, wk8, wv8, wo8;
  buffer<attnkit::quant_scale> xs, wqs, wks, wvs, wos;
  buffer<int32_t> bq32, bk32, bv32, bo32;
  attnkit::mha_s8_weights w8{};
  bool ok = false;
  attnkit::mha_weights wf() const {
    return {wq.data(), wk.data(), wv.data(), wo.data(), bq.data(), bk.data(), bv.data(), bo.data()};
  }
};

const mha_inputs& mha_input(const mha_shape& s) {
  static std::map<std::pair<size_t, size_t>, std::unique_ptr<mha_inputs>> cache;
  auto it = cache.find({s.n, s.e});
  if (it != cache.end()) return *it->second;
  const size_t n = s.n, e = s.e;
  const uint32_t seed = static_cast<uint32_t>(n * 13 + e);  // as mha_bench.cc
  const float ws = 1.0f / std::sqrt(static_cast<float>(e));
  auto in = std::make_unique<mha_inputs>();
  in->x = randn(n * e, seed);
  in->wq = randn(e * e, seed + 1, ws);
  in->wk = randn(e * e, seed + 2, ws);
  in->wv = randn(e * e, seed + 3, ws);
  in->wo = randn(e * e, seed + 4, ws);
  in->bq = randn(e, seed + 5, 0.1f);
  in->bk = randn(e, seed + 6, 0.1f);
  in->bv = randn(e, seed + 7, 0.1f);
  in->bo = randn(e, seed + 8, 0.1f);
  in->ref = buffer<float>(n * e);
  in->x8 = buffer<int8_t>(n * e);
  for (buffer<int8_t>* b : {&in->wq8, &in->wk8, &in->wv8, &in->wo8}) *b = buffer<int8_t>(e * e);
  in->xs = buffer<attnkit::quant_scale>(n);
  for (buffer<attnkit::quant_scale>* b : {&in->wqs, &in->wks, &in->wvs, &in->wos})
    *b = buffer<attnkit::quant_scale>(e);
  for (buffer<int32_t>* b : {&in->bq32, &in->bk32, &in->bv32, &in->bo32}) *b = buffer<int32_t>(e);
  const attnkit::mha_dims dims{n, n, e, e, s.heads};
  const attnkit::mha_s8_storage st{in->wq8.data(),  in->wk8.data(),  in->wv8.data(),
                                   in->wo8.data(),  in->wqs.data(),  in->wks.data(),
                                   in->wvs.data(),  in->wos.data(),  in->bq32.data(),
                                   in->bk32.data(), in->bv32.data(), in->bo32.data()};
  buffer<unsigned char> w(attnkit::mha_f32_scratch_size(dims));
  in->ok = attnkit::mha_quantize_s8(dims, in->wf(), st, &in->w8) == attnkit::status::ok &&
           attnkit::quantize_rows_s8(in->x.data(), n, e, in->x8.data(), nullptr, in->xs.data()) ==
               attnkit::status::ok &&
           attnkit::select_port(ports()[0].port.c_str()) == attnkit::status::ok &&
           attnkit::mha_f32(dims, in->x.data(), nullptr, in->wf(), in->ref.data(), {},
                            attnkit::scratch{w.data(), w.size()}) == attnkit::status::ok;
  return *cache.emplace(std::make_pair(n, e), std::move(in)).first->second;
}

std::string mha_name(const mha_shape& s) {
  return "N" + std::to_string(s.n) + "-E" + std::to_string(s.e) + "-H" + std::to_string(s.heads);
}

}  // namespace

void register_attention_s8() {
  for (const att_shape& s : kAttShapes) {
    for (const port_impl& p : ports())
      add("attention_s8", p.impl, att_name(s), [s, p](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        const att_inputs& in = att_input(s);
        if (!in.ok) return st.SkipWithError("quantisation or float reference failed");
        const attnkit::attention_dims dims{s.n, s.n, s.d, s.d};
        buffer<int8_t> out(s.n * s.d);
        buffer<attnkit::quant_scale> os(s.n);
        buffer<unsigned char> w(attnkit::attention_s8_scratch_size(dims));
        attnkit::attention_s8_opts opts;
        opts.causal = s.causal;
        for (auto _ : st) {
          if (!ok(st, attnkit::attention_s8(dims, in.q8.data(), in.qs.data(), in.k8.data(),
                                            in.ks.data(), in.v8.data(), in.vs, out.data(),
                                            os.data(), opts, attnkit::scratch{w.data(), w.size()})))
            return;
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        set_flops(st, att_flops(s));
        st.counters["rel_l2"] = rel_l2(out.data(), os.data(), s.n, s.d, in.ref.data());
      });
    add("attention_s8", "attnkit-f32", att_name(s), [s](benchmark::State& st) {
      if (!use_port(st, ports()[0].port)) return;
      const att_inputs& in = att_input(s);
      buffer<float> out(s.n * s.d);
      buffer<unsigned char> w(attnkit::attention_f32_scratch_size({s.n, s.n, s.d, s.d}));
      attnkit::attention_opts opts;
      opts.causal = s.causal;
      for (auto _ : st) {
        if (!ok(st,
                attnkit::attention_f32({s.n, s.n, s.d, s.d}, in.q.data(), in.k.data(), in.v.data(),
                                       out.data(), opts, attnkit::scratch{w.data(), w.size()})))
          return;
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, att_flops(s));
    });
  }

  for (const mha_shape& s : kMhaShapes) {
    const double flops = 8.0 * s.n * s.e * s.e + 4.0 * s.e * s.n * s.n;
    const attnkit::mha_dims dims{s.n, s.n, s.e, s.e, s.heads};
    for (const port_impl& p : ports()) {
      if (p.impl != "attnkit" && !s.all_ports) continue;
      add("mha_s8", p.impl, mha_name(s), [s, p, dims, flops](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        const mha_inputs& in = mha_input(s);
        if (!in.ok) return st.SkipWithError("quantisation or float reference failed");
        buffer<int8_t> y(s.n * s.e);
        buffer<attnkit::quant_scale> ys(s.n);
        buffer<unsigned char> w(attnkit::mha_s8_scratch_size(dims));
        for (auto _ : st) {
          if (!ok(st,
                  attnkit::mha_s8(dims, in.x8.data(), in.xs.data(), nullptr, nullptr, in.w8,
                                  y.data(), ys.data(), {}, attnkit::scratch{w.data(), w.size()})))
            return;
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        set_flops(st, flops);
        st.counters["rel_l2"] = rel_l2(y.data(), ys.data(), s.n, s.e, in.ref.data());
      });
    }
    add("mha_s8", "attnkit-f32", mha_name(s), [s, dims, flops](benchmark::State& st) {
      if (!use_port(st, ports()[0].port)) return;
      const mha_inputs& in = mha_input(s);
      buffer<float> y(s.n * s.e);
      buffer<unsigned char> w(attnkit::mha_f32_scratch_size(dims));
      for (auto _ : st) {
        if (!ok(st, attnkit::mha_f32(dims, in.x.data(), nullptr, in.wf(), y.data(), {},
                                     attnkit::scratch{w.data(), w.size()})))
          return;
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, flops);
    });
  }
}
#else
void register_attention_s8() {
  benchmark::AddCustomContext("attention_s8", "attention_s8/mha_s8 not in the library yet");
}
#endif

}  // namespace bench
