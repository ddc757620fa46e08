// SPDX-License-Identifier: Apache-2.0
// Shared helpers of the side-by-side benchmarks (make bench). Every benchmark is named
// OP/IMPL/SIZE; IMPL "attnkit" is the default port, "attnkit-<port>" another compiled port,
// anything else an anchor (xnnpack, eigen, openblas, naive). All of them run on the same
// inputs in the same process, single-threaded; bench/report.py turns results.json into ratios.
#pragma once
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "attnkit/attnkit.h"

namespace bench {

/// 64-byte aligned, value-initialised array (bench code may use the heap; the library does not).
template <class T>
class buffer {
 public:
  buffer() = default;
  explicit buffer(size_t n) : n_(n) {
    const size_t bytes = ((n * sizeof(T) + 63) / 64 + 1) * 64;
    p_.reset(static_cast<T*>(std::aligned_alloc(64, bytes)));
    for (size_t i = 0; i < n; ++i) p_[i] = T();
  }
  T* data() { return p_.get(); }
  const T* data() const { return p_.get(); }
  size_t size() const { return n_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }

 private:
  struct freer {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T[], freer> p_;
  size_t n_ = 0;
};

/// n samples of N(0, 1) * scale from a fixed seed: every implementation sees the same data.
buffer<float> randn(size_t n, uint32_t seed, float scale = 1.0f);

/// One compiled attnkit port as a benchmark IMPL: {"attnkit", "highway"} for the default,
/// {"attnkit-scalar", "scalar"} for the others.
struct port_impl {
  std::string impl;
  std::string port;
};
std::vector<port_impl> ports();

/// Selects the port for this benchmark; false (and the benchmark is skipped) if unknown.
bool use_port(benchmark::State& st, const std::string& port);

/// Skips the benchmark with the status text unless s is ok.
bool ok(benchmark::State& st, attnkit::status s);

/// Registers OP/IMPL/SIZE.
benchmark::internal::Benchmark* add(const std::string& op, const std::string& impl,
                                    const std::string& size,
                                    std::function<void(benchmark::State&)> fn);

/// Sets the FLOPS counter (floating-point operations per second; an FMA counts 2).
void set_flops(benchmark::State& st, double flops_per_iteration);

/// Sets bytes_per_second and items_per_second (elements) from per-iteration counts.
void set_traffic(benchmark::State& st, double bytes_per_iteration, double items_per_iteration);

/// max |a - b| / max |b| over n entries (how far an anchor's output is from attnkit's).
double rel_diff(const float* a, const float* b, size_t n);

// Families, one file each (bench/<family>_bench.cc); main() registers them in this order.
void register_softmax();
void register_pe();
void register_attention();
void register_mha();
void register_probe();
void register_int8();
void register_attention_s8();

// Machine limits measured at start-up (bench/peak.cc), recorded in the JSON context.
void measure_machine();

}  // namespace bench
