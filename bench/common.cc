// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the benchmarks: inputs, port selection, registration, counters.
#include <cmath>
#include <random>

#include "bench/bench_common.h"

namespace bench {

buffer<float> randn(size_t n, uint32_t seed, float scale) {
  buffer<float> b(n);
  std::mt19937 rng(seed);
  std::normal_distribution<float> dist(0.0f, scale);
  for (size_t i = 0; i < n; ++i) b[i] = dist(rng);
  return b;
}

std::vector<port_impl> ports() {
  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  std::vector<port_impl> r;
  for (size_t i = 0; i < n; ++i)
    r.push_back({i == 0 ? std::string("attnkit") : "attnkit-" + std::string(names[i]), names[i]});
  return r;
}

bool use_port(benchmark::State& st, const std::string& port) {
  if (attnkit::select_port(port.c_str()) == attnkit::status::ok) return true;
  st.SkipWithError(("port not in this build: " + port).c_str());
  return false;
}

bool ok(benchmark::State& st, attnkit::status s) {
  if (s == attnkit::status::ok) return true;
  st.SkipWithError(attnkit::status_str(s));
  return false;
}

benchmark::internal::Benchmark* add(const std::string& op, const std::string& impl,
                                    const std::string& size,
                                    std::function<void(benchmark::State&)> fn) {
  const std::string name = op + "/" + impl + "/" + size;
  return benchmark::RegisterBenchmark(name.c_str(), std::move(fn))->Unit(benchmark::kMicrosecond);
}

void set_flops(benchmark::State& st, double flops_per_iteration) {
  st.counters["FLOPS"] =
      benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate);
}

void set_traffic(benchmark::State& st, double bytes_per_iteration, double items_per_iteration) {
  st.SetBytesProcessed(static_cast<int64_t>(bytes_per_iteration * st.iterations()));
  st.SetItemsProcessed(static_cast<int64_t>(items_per_iteration * st.iterations()));
}

double rel_diff(const float* a, const float* b, size_t n) {
  double d = 0, m = 0;
  for (size_t i = 0; i < n; ++i) {
    d = std::fmax(d, std::fabs(static_cast<double>(a[i]) - b[i]));
    m = std::fmax(m, std::fabs(static_cast<double>(b[i])));
  }
  return m > 0 ? d / m : d;
}

}  // namespace bench
