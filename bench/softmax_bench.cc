// SPDX-License-Identifier: Apache-2.0
// softmax_f32/IMPL/n: one row of n logits ~ N(0, 4^2). Anchors: XNNPACK's softmax_nc_f32
// operator (batch 1, no thread pool), Eigen array expressions, a naive std::exp loop.
// Counter max_rel_err: largest per-element relative error against a double softmax.
#include <xnnpack.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>

#include "bench/bench_common.h"

namespace bench {
namespace {

constexpr size_t kSizes[] = {64, 256, 1024, 4096, 16384, 65536};

const buffer<float>& input(size_t n) {
  static std::map<size_t, buffer<float>> cache;
  auto it = cache.find(n);
  if (it == cache.end())
    it = cache.emplace(n, randn(n, 1000 + static_cast<uint32_t>(n), 4.0f)).first;
  return it->second;
}

double max_rel_err(const float* x, const float* y, size_t n) {
  double mx = -INFINITY, sum = 0, err = 0;
  for (size_t i = 0; i < n; ++i) mx = std::fmax(mx, x[i]);
  for (size_t i = 0; i < n; ++i) sum += std::exp(static_cast<double>(x[i]) - mx);
  for (size_t i = 0; i < n; ++i) {
    const double r = std::exp(static_cast<double>(x[i]) - mx) / sum;
    err = std::fmax(err, std::fabs(y[i] - r) / r);
  }
  return err;
}

void finish(benchmark::State& st, const float* x, const float* y, size_t n) {
  set_traffic(st, 8.0 * n, static_cast<double>(n));
  st.counters["max_rel_err"] = max_rel_err(x, y, n);
}

void naive_softmax(const float* x, size_t n, float* y) {
  float mx = x[0];
  for (size_t i = 1; i < n; ++i) mx = std::max(mx, x[i]);
  float sum = 0;
  for (size_t i = 0; i < n; ++i) sum += y[i] = std::exp(x[i] - mx);
  const float inv = 1.0f / sum;
  for (size_t i = 0; i < n; ++i) y[i] *= inv;
}

bool xnn_ready() {
  static const bool ready = xnn_initialize(nullptr) == xnn_status_success;
  return ready;
}

}  // namespace

void register_softmax() {
  for (const size_t n : kSizes) {
    const std::string size = std::to_string(n);
    for (const port_impl& p : ports())
      add("softmax_f32", p.impl, size, [n, p](benchmark::State& st) {
        if (!use_port(st, p.port)) return;
        const buffer<float>& x = input(n);
        buffer<float> y(n);
        for (auto _ : st) {
          if (!ok(st, attnkit::softmax_f32(x.data(), n, y.data()))) return;
          benchmark::DoNotOptimize(y.data());
          benchmark::ClobberMemory();
        }
        finish(st, x.data(), y.data(), n);
      });

    add("softmax_f32", "xnnpack", size, [n](benchmark::State& st) {
      const buffer<float>& x = input(n);
      buffer<float> y(n);
      xnn_operator_t op = nullptr;
      if (!xnn_ready() || xnn_create_softmax_nc_f32(n, n, n, 0, &op) != xnn_status_success ||
          xnn_setup_softmax_nc_f32(op, 1, x.data(), y.data(), nullptr) != xnn_status_success) {
        st.SkipWithError("XNNPACK softmax setup failed");
        if (op) xnn_delete_operator(op);
        return;
      }
      for (auto _ : st) {
        xnn_run_operator(op, nullptr);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
      xnn_delete_operator(op);
      finish(st, x.data(), y.data(), n);
    });

    add("softmax_f32", "eigen", size, [n](benchmark::State& st) {
      const buffer<float>& x = input(n);
      buffer<float> y(n);
      const Eigen::Map<const Eigen::ArrayXf> xa(x.data(), static_cast<Eigen::Index>(n));
      Eigen::Map<Eigen::ArrayXf> ya(y.data(), static_cast<Eigen::Index>(n));
      for (auto _ : st) {
        ya = (xa - xa.maxCoeff()).exp();
        ya *= 1.0f / ya.sum();
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
      finish(st, x.data(), y.data(), n);
    });

    add("softmax_f32", "naive", size, [n](benchmark::State& st) {
      const buffer<float>& x = input(n);
      buffer<float> y(n);
      for (auto _ : st) {
        naive_softmax(x.data(), n, y.data());
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
      }
      finish(st, x.data(), y.data(), n);
    });
  }
}

}  // namespace bench
