// SPDX-License-Identifier: Apache-2.0
// pe_table_f32/IMPL/P4096-d<d>: the sinusoidal table for positions 0..4095. Anchor: the
// textbook loop (PyTorch tutorial style): div_term = exp(2i * -ln(10000)/d) in float, angle =
// pos * div_term in float, std::sin/std::cos. Counter max_abs_err: largest |error| over the
// whole table against a double-precision reference (attnkit documents <= 3e-7).
#include <cmath>
#include <map>

#include "bench/bench_common.h"

namespace bench {
namespace {

constexpr size_t kPositions = 4096;
constexpr size_t kDims[] = {64, 128, 256, 512, 768, 1024, 1280};

// Double reference of row-major count x d (interleaved sin, cos as attnkit's pe.h).
const std::vector<double>& reference(size_t d) {
  static std::map<size_t, std::vector<double>> cache;
  auto it = cache.find(d);
  if (it != cache.end()) return it->second;
  std::vector<double> r(kPositions * d);
  for (size_t j = 0; j < d; j += 2) {
    const double w = std::pow(10000.0, -static_cast<double>(j) / static_cast<double>(d));
    for (size_t p = 0; p < kPositions; ++p) {
      const double a = static_cast<double>(p) * w;
      r[p * d + j] = std::sin(a);
      if (j + 1 < d) r[p * d + j + 1] = std::cos(a);
    }
  }
  return cache.emplace(d, std::move(r)).first->second;
}

double max_abs_err(const float* out, size_t d) {
  const std::vector<double>& r = reference(d);
  double e = 0;
  for (size_t i = 0; i < r.size(); ++i) e = std::fmax(e, std::fabs(out[i] - r[i]));
  return e;
}

void naive_pe(size_t count, size_t d, float* out, float* div_term) {
  const float k = -std::log(10000.0f) / static_cast<float>(d);
  for (size_t j = 0; j < d; j += 2) div_term[j / 2] = std::exp(static_cast<float>(j) * k);
  for (size_t p = 0; p < count; ++p) {
    const float pos = static_cast<float>(p);
    for (size_t j = 0; j < d; j += 2) {
      const float angle = pos * div_term[j / 2];
      out[p * d + j] = std::sin(angle);
      if (j + 1 < d) out[p * d + j + 1] = std::cos(angle);
    }
  }
}

void finish(benchmark::State& st, const float* out, size_t d) {
  set_traffic(st, 4.0 * kPositions * d, static_cast<double>(kPositions * d));
  st.counters["max_abs_err"] = max_abs_err(out, d);
}

}  // namespace

void register_pe() {
  for (const size_t d : kDims) {
    const std::string size = "P4096-d" + std::to_string(d);
    for (const port_impl& p : ports())
      add("pe_table_f32", p.impl, size, [d, p](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        buffer<float> out(kPositions * d);
        for (auto _ : st) {
          if (!ok(st, attnkit::pe_table_f32(0, kPositions, d, out.data()))) return;
          benchmark::DoNotOptimize(out.data());
          benchmark::ClobberMemory();
        }
        finish(st, out.data(), d);
      });
    add("pe_table_f32", "naive", size, [d](benchmark::State& st) {
      buffer<float> out(kPositions * d), div_term((d + 1) / 2);
      for (auto _ : st) {
        naive_pe(kPositions, d, out.data(), div_term.data());
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
      finish(st, out.data(), d);
    });
  }
}

}  // namespace bench
