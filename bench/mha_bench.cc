// SPDX-License-Identifier: Apache-2.0
// mha_f32/IMPL/N<n>-E<d_model>-H<heads>[-causal]: multi-head self-attention with PyTorch-layout
// weights (W ~ N(0, 1/E), biases N(0, 0.1^2)), x ~ N(0, 1). Anchors: Eigen (4 projections as
// GEMMs + per-head products and row softmax), naive loops (small shapes only, to keep
// `make bench` under ten minutes). FLOPS = 8 n E^2 (projections) + 4 E x visible pairs.
// Counter rel_diff: max |anchor - attnkit| / max |attnkit|.
#include <map>
#include <tuple>

#include "bench/attention_anchors.h"
#include "bench/bench_common.h"

namespace bench {
namespace {

struct shape {
  size_t n, e, heads;
  bool causal;
  bool slow_impls;  // also time the naive loop and the non-default ports
};
constexpr shape kShapes[] = {
    {64, 64, 1, false, true},      {256, 256, 4, false, true}, {256, 256, 4, true, true},
    {512, 512, 8, false, true},    {512, 512, 8, true, true},  {1024, 768, 12, true, false},
    {2048, 1024, 16, true, false},
};

struct inputs {
  buffer<float> x, wq, wk, wv, wo, bq, bk, bv, bo;
  attnkit::mha_weights weights() const {
    return {wq.data(), wk.data(), wv.data(), wo.data(), bq.data(), bk.data(), bv.data(), bo.data()};
  }
};
const inputs& input(size_t n, size_t e) {
  static std::map<std::pair<size_t, size_t>, inputs> cache;
  auto it = cache.find({n, e});
  if (it == cache.end()) {
    const uint32_t s = static_cast<uint32_t>(n * 13 + e);
    const float ws = 1.0f / std::sqrt(static_cast<float>(e));
    it =
        cache
            .emplace(std::make_pair(n, e),
                     inputs{randn(n * e, s), randn(e * e, s + 1, ws), randn(e * e, s + 2, ws),
                            randn(e * e, s + 3, ws), randn(e * e, s + 4, ws), randn(e, s + 5, 0.1f),
                            randn(e, s + 6, 0.1f), randn(e, s + 7, 0.1f), randn(e, s + 8, 0.1f)})
            .first;
  }
  return it->second;
}

double flops(const shape& s) {
  const double pairs = s.causal ? 0.5 * s.n * (s.n + 1.0) : 1.0 * s.n * s.n;
  return 8.0 * s.n * s.e * s.e + 4.0 * s.e * pairs;
}

attnkit::mha_dims dims(const shape& s) { return {s.n, s.n, s.e, s.e, s.heads}; }

attnkit::status run_attnkit(const shape& s, const inputs& in, float* y, buffer<unsigned char>& w) {
  attnkit::attention_opts opts;
  opts.causal = s.causal;
  return attnkit::mha_f32(dims(s), in.x.data(), nullptr, in.weights(), y, opts,
                          attnkit::scratch{w.data(), w.size()});
}

void check_against_attnkit(benchmark::State& st, const shape& s, const inputs& in, const float* y) {
  buffer<float> ref(s.n * s.e);
  buffer<unsigned char> w(attnkit::mha_f32_scratch_size(dims(s)));
  if (attnkit::select_port(ports()[0].port.c_str()) != attnkit::status::ok ||
      run_attnkit(s, in, ref.data(), w) != attnkit::status::ok)
    return;
  st.counters["rel_diff"] = rel_diff(y, ref.data(), s.n * s.e);
}

// Buffers of the anchors: projected Q, K, V and the concatenated heads, n x E each.
struct anchor_ws {
  buffer<float> q, k, v, cat, y;
  explicit anchor_ws(const shape& s)
      : q(s.n * s.e), k(s.n * s.e), v(s.n * s.e), cat(s.n * s.e), y(s.n * s.e) {}
};

void eigen_linear(size_t rows, size_t e, const float* x, const float* w, const float* b, float* y) {
  View out = view(y, rows, e, e);
  out.noalias() = cview(x, rows, e, e) * cview(w, e, e, e).transpose();
  out.rowwise() += Eigen::Map<const Eigen::RowVectorXf>(b, static_cast<Eigen::Index>(e));
}

void eigen_mha(const shape& s, const inputs& in, anchor_ws& a, eigen_ws& ws) {
  const size_t n = s.n, e = s.e, dh = e / s.heads;
  eigen_linear(n, e, in.x.data(), in.wq.data(), in.bq.data(), a.q.data());
  eigen_linear(n, e, in.x.data(), in.wk.data(), in.bk.data(), a.k.data());
  eigen_linear(n, e, in.x.data(), in.wv.data(), in.bv.data(), a.v.data());
  for (size_t h = 0; h < s.heads; ++h) {
    const size_t o = h * dh;
    eigen_attention(
        n, n, dh, dh,
        head{a.q.data() + o, e, a.k.data() + o, e, a.v.data() + o, e, a.cat.data() + o, e},
        s.causal, ws);
  }
  eigen_linear(n, e, a.cat.data(), in.wo.data(), in.bo.data(), a.y.data());
}

void naive_mha(const shape& s, const inputs& in, anchor_ws& a, float* sc) {
  const size_t n = s.n, e = s.e, dh = e / s.heads;
  naive_linear(n, e, e, in.x.data(), e, in.wq.data(), in.bq.data(), a.q.data(), e);
  naive_linear(n, e, e, in.x.data(), e, in.wk.data(), in.bk.data(), a.k.data(), e);
  naive_linear(n, e, e, in.x.data(), e, in.wv.data(), in.bv.data(), a.v.data(), e);
  for (size_t h = 0; h < s.heads; ++h) {
    const size_t o = h * dh;
    naive_attention(
        n, n, dh, dh,
        head{a.q.data() + o, e, a.k.data() + o, e, a.v.data() + o, e, a.cat.data() + o, e},
        s.causal, sc);
  }
  naive_linear(n, e, e, a.cat.data(), e, in.wo.data(), in.bo.data(), a.y.data(), e);
}

std::string name(const shape& s) {
  return "N" + std::to_string(s.n) + "-E" + std::to_string(s.e) + "-H" + std::to_string(s.heads) +
         (s.causal ? "-causal" : "");
}

}  // namespace

void register_mha() {
  for (const shape& s : kShapes) {
    for (const port_impl& p : ports()) {
      if (p.impl != "attnkit" && !s.slow_impls) continue;
      add("mha_f32", p.impl, name(s), [s, p](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        const inputs& in = input(s.n, s.e);
        buffer<float> y(s.n * s.e);
        buffer<unsigned char> w(attnkit::mha_f32_scratch_size(dims(s)));
        for (auto _ : st) {
          if (!ok(st, run_attnkit(s, in, y.data(), w))) return;
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        set_flops(st, flops(s));
      });
    }

    add("mha_f32", "eigen", name(s), [s](benchmark::State& st) {
      const inputs& in = input(s.n, s.e);
      anchor_ws a(s);
      eigen_ws ws(s.n, s.n);
      for (auto _ : st) {
        eigen_mha(s, in, a, ws);
        benchmark::DoNotOptimize(a.y.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, flops(s));
      check_against_attnkit(st, s, in, a.y.data());
    });

    if (!s.slow_impls) continue;
    add("mha_f32", "naive", name(s), [s](benchmark::State& st) {
      const inputs& in = input(s.n, s.e);
      anchor_ws a(s);
      buffer<float> sc(s.n);
      for (auto _ : st) {
        naive_mha(s, in, a, sc.data());
        benchmark::DoNotOptimize(a.y.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, flops(s));
      check_against_attnkit(st, s, in, a.y.data());
    });
  }
}

}  // namespace bench
