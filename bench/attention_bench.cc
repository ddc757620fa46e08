// SPDX-License-Identifier: Apache-2.0
// attention_f32/IMPL/N<n>-d<d>[-causal]: self-attention shapes nq = nk = n, dk = dv = d, inputs
// N(0, 1); attnkit's streaming path (no weights requested). Anchors: naive loop, Eigen.
// FLOPS counts the useful work: 2 (dk + dv) per visible (query, key) pair.
// Counter rel_diff: max |anchor - attnkit| / max |attnkit| on the same inputs.
#include <map>
#include <tuple>

#include "bench/attention_anchors.h"
#include "bench/bench_common.h"

namespace bench {
namespace {

struct shape {
  size_t n, d;
  bool causal;
};
constexpr shape kShapes[] = {
    {64, 64, false},   {64, 64, true},   {256, 64, false},  {256, 64, true},
    {512, 64, false},  {512, 64, true},  {512, 128, false}, {512, 128, true},
    {1024, 64, false}, {1024, 64, true}, {2048, 64, false}, {2048, 64, true},
};

struct inputs {
  buffer<float> q, k, v;
};
const inputs& input(size_t n, size_t d) {
  static std::map<std::pair<size_t, size_t>, inputs> cache;
  auto it = cache.find({n, d});
  if (it == cache.end()) {
    const uint32_t s = static_cast<uint32_t>(n * 7 + d);
    it = cache
             .emplace(std::make_pair(n, d),
                      inputs{randn(n * d, s), randn(n * d, s + 1), randn(n * d, s + 2)})
             .first;
  }
  return it->second;
}

double flops(const shape& s) {
  const double pairs = s.causal ? 0.5 * s.n * (s.n + 1.0) : 1.0 * s.n * s.n;
  return 2.0 * pairs * (2.0 * s.d);
}

attnkit::status run_attnkit(const shape& s, const inputs& in, float* out,
                            buffer<unsigned char>& w) {
  const attnkit::attention_dims dims{s.n, s.n, s.d, s.d};
  attnkit::attention_opts opts;
  opts.causal = s.causal;
  return attnkit::attention_f32(dims, in.q.data(), in.k.data(), in.v.data(), out, opts,
                                attnkit::scratch{w.data(), w.size()});
}

// attnkit's output on the default port, to check an anchor against.
void check_against_attnkit(benchmark::State& st, const shape& s, const inputs& in,
                           const float* out) {
  buffer<float> ref(s.n * s.d);
  buffer<unsigned char> w(attnkit::attention_f32_scratch_size({s.n, s.n, s.d, s.d}));
  if (attnkit::select_port(ports()[0].port.c_str()) != attnkit::status::ok ||
      run_attnkit(s, in, ref.data(), w) != attnkit::status::ok)
    return;
  st.counters["rel_diff"] = rel_diff(out, ref.data(), s.n * s.d);
}

std::string name(const shape& s) {
  return "N" + std::to_string(s.n) + "-d" + std::to_string(s.d) + (s.causal ? "-causal" : "");
}

}  // namespace

void register_attention() {
  for (const shape& s : kShapes) {
    for (const port_impl& p : ports())
      add("attention_f32", p.impl, name(s), [s, p](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        const inputs& in = input(s.n, s.d);
        buffer<float> out(s.n * s.d);
        buffer<unsigned char> w(attnkit::attention_f32_scratch_size({s.n, s.n, s.d, s.d}));
        for (auto _ : st) {
          if (!ok(st, run_attnkit(s, in, out.data(), w))) return;
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        set_flops(st, flops(s));
      });

    add("attention_f32", "eigen", name(s), [s](benchmark::State& st) {
      const inputs& in = input(s.n, s.d);
      buffer<float> out(s.n * s.d);
      eigen_ws ws(s.n, s.n);
      const head h{in.q.data(), s.d, in.k.data(), s.d, in.v.data(), s.d, out.data(), s.d};
      for (auto _ : st) {
        eigen_attention(s.n, s.n, s.d, s.d, h, s.causal, ws);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, flops(s));
      check_against_attnkit(st, s, in, out.data());
    });

    add("attention_f32", "naive", name(s), [s](benchmark::State& st) {
      const inputs& in = input(s.n, s.d);
      buffer<float> out(s.n * s.d), sc(s.n);
      const head h{in.q.data(), s.d, in.k.data(), s.d, in.v.data(), s.d, out.data(), s.d};
      for (auto _ : st) {
        naive_attention(s.n, s.n, s.d, s.d, h, s.causal, sc.data());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
      set_flops(st, flops(s));
      check_against_attnkit(st, s, in, out.data());
    });
  }
}

}  // namespace bench
