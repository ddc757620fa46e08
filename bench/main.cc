// SPDX-License-Identifier: Apache-2.0
// attnkit_bench: measures the machine (FMA peak, bandwidth), then runs every OP/IMPL/SIZE.
// Run through `make bench`, which writes build/bench/results.json and the report.
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <string>

#include "bench/bench_common.h"

int main(int argc, char** argv) {
  // Everything runs single-threaded: attnkit has no threads, XNNPACK gets no thread pool,
  // Eigen is built without OpenMP and OpenBLAS is set to one thread (bench/probe_bench.cc).
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  std::string list;
  for (size_t i = 0; i < n; ++i) list += (i ? "," : "") + std::string(names[i]);
  benchmark::AddCustomContext("attnkit_ports", list);
  for (const char* var : {"ATTNKIT_BENCH_LIB_FLAGS", "ATTNKIT_BENCH_FLAGS", "ATTNKIT_BENCH_CXX"})
    if (const char* v = std::getenv(var)) benchmark::AddCustomContext(var, v);

  bench::measure_machine();
  bench::register_softmax();
  bench::register_pe();
  bench::register_attention();
  bench::register_mha();
  bench::register_probe();
  bench::register_int8();
  bench::register_attention_s8();

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
