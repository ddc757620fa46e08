// SPDX-License-Identifier: Apache-2.0
// The machine's limits, measured at start-up and stored in the JSON context:
//   fma_peak_gflops   single-core f32 FMA peak of the widest ISA (12 independent accumulators,
//                     enough to cover 2 FMA pipes x 4-5 cycles of latency), FMA = 2 FLOP
//   clock_ghz_est     from a chain of dependent integer adds (1 cycle each)
//   read/write GB/s   streaming bandwidth (L2-resident and out of cache)
//   s8_vnni_peak_gops int8 dot-product peak (AVX-512 VNNI), a MAC = 2 ops
// The loops carry target attributes, so they measure AVX-512 even in a build without -march.
#include <immintrin.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "bench/bench_common.h"

namespace bench {
namespace {

// Thread CPU time, not wall time: the machine is shared, and time spent descheduled would
// otherwise read as a slower core (Google Benchmark's cpu_time, which the report uses, agrees).
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

template <class F>
double best_seconds(int reps, F&& f) {
  double best = 1e30;
  for (int r = 0; r < reps; ++r) {
    const double t0 = cpu_seconds();
    f();
    best = std::min(best, cpu_seconds() - t0);
  }
  return best;
}

volatile float g_sink_f;
volatile uint64_t g_sink_u;

#define ATTNKIT_FMA12(FMA) \
  c0 = FMA(c0, a, b);      \
  c1 = FMA(c1, a, b);      \
  c2 = FMA(c2, a, b);      \
  c3 = FMA(c3, a, b);      \
  c4 = FMA(c4, a, b);      \
  c5 = FMA(c5, a, b);      \
  c6 = FMA(c6, a, b);      \
  c7 = FMA(c7, a, b);      \
  c8 = FMA(c8, a, b);      \
  c9 = FMA(c9, a, b);      \
  c10 = FMA(c10, a, b);    \
  c11 = FMA(c11, a, b);

__attribute__((target("avx512f"))) float fma_loop_avx512(long iters) {
  const __m512 a = _mm512_set1_ps(0.999f), b = _mm512_set1_ps(0.001f);
  __m512 c0 = _mm512_set1_ps(1.0f), c1 = _mm512_set1_ps(1.1f), c2 = _mm512_set1_ps(1.2f),
         c3 = _mm512_set1_ps(1.3f), c4 = _mm512_set1_ps(1.4f), c5 = _mm512_set1_ps(1.5f),
         c6 = _mm512_set1_ps(1.6f), c7 = _mm512_set1_ps(1.7f), c8 = _mm512_set1_ps(1.8f),
         c9 = _mm512_set1_ps(1.9f), c10 = _mm512_set1_ps(2.0f), c11 = _mm512_set1_ps(2.1f);
  for (long i = 0; i < iters; ++i) {
    ATTNKIT_FMA12(_mm512_fmadd_ps)
  }
  const __m512 s =
      _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c0, c1), _mm512_add_ps(c2, c3)),
                    _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c4, c5), _mm512_add_ps(c6, c7)),
                                  _mm512_add_ps(_mm512_add_ps(c8, c9), _mm512_add_ps(c10, c11))));
  alignas(64) float t[16];
  _mm512_store_ps(t, s);
  float r = 0;
  for (float v : t) r += v;
  return r;
}

__attribute__((target("avx2,fma"))) float fma_loop_avx2(long iters) {
  const __m256 a = _mm256_set1_ps(0.999f), b = _mm256_set1_ps(0.001f);
  __m256 c0 = _mm256_set1_ps(1.0f), c1 = _mm256_set1_ps(1.1f), c2 = _mm256_set1_ps(1.2f),
         c3 = _mm256_set1_ps(1.3f), c4 = _mm256_set1_ps(1.4f), c5 = _mm256_set1_ps(1.5f),
         c6 = _mm256_set1_ps(1.6f), c7 = _mm256_set1_ps(1.7f), c8 = _mm256_set1_ps(1.8f),
         c9 = _mm256_set1_ps(1.9f), c10 = _mm256_set1_ps(2.0f), c11 = _mm256_set1_ps(2.1f);
  for (long i = 0; i < iters; ++i) {
    ATTNKIT_FMA12(_mm256_fmadd_ps)
  }
  const __m256 s =
      _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)),
                    _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7)),
                                  _mm256_add_ps(_mm256_add_ps(c8, c9), _mm256_add_ps(c10, c11))));
  alignas(32) float t[8];
  _mm256_store_ps(t, s);
  return t[0] + t[1] + t[2] + t[3] + t[4] + t[5] + t[6] + t[7];
}

// GFLOP/s of one FMA loop; lanes = floats per vector.
template <class F>
double fma_gflops(F loop, int lanes) {
  const long iters = 20000000;  // 24 x lanes x iters FLOP: ~30 ms per AVX-512 pass here
  g_sink_f = loop(iters / 4);   // warm up (clock ramp, AVX-512 licence)
  const double s = best_seconds(9, [&] { g_sink_f = loop(iters); });
  return 2.0 * 12.0 * lanes * static_cast<double>(iters) / s * 1e-9;
}

double clock_ghz() {
  const long iters = 20000000;
  const double s = best_seconds(9, [&] {
    uint64_t x = 0;
    for (long i = 0; i < iters; ++i)
      asm volatile(
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
          : "+r"(x));
    g_sink_u = x;
  });
  return 10.0 * static_cast<double>(iters) / s * 1e-9;
}

// Read bandwidth in GB/s: XOR of every byte, `rounds` passes. AVX-512 loads with 4
// independent accumulators where the CPU has them (GCC's auto-vectoriser prefers 256-bit
// vectors, which would cap an L2-resident pass below what the core can load).
__attribute__((target("avx512f"))) uint64_t xor_pass_avx512(const uint64_t* p, size_t n) {
  __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 = _mm512_xor_si512(a0, _mm512_load_si512(p + i));
    a1 = _mm512_xor_si512(a1, _mm512_load_si512(p + i + 8));
    a2 = _mm512_xor_si512(a2, _mm512_load_si512(p + i + 16));
    a3 = _mm512_xor_si512(a3, _mm512_load_si512(p + i + 24));
  }
  alignas(64) uint64_t t[8];
  _mm512_store_si512(t, _mm512_xor_si512(_mm512_xor_si512(a0, a1), _mm512_xor_si512(a2, a3)));
  uint64_t r = 0;
  for (uint64_t v : t) r ^= v;
  for (; i < n; ++i) r ^= p[i];
  return r;
}

uint64_t xor_pass(const uint64_t* p, size_t n) {
  uint64_t r = 0;
  for (size_t i = 0; i < n; ++i) r ^= p[i];
  return r;
}

double read_gbs(size_t bytes, int rounds) {
  buffer<uint64_t> b(bytes / 8);
  for (size_t i = 0; i < b.size(); ++i) b[i] = i * 0x9E3779B97F4A7C15ull;
  const bool wide = __builtin_cpu_supports("avx512f");
  const double s = best_seconds(9, [&] {
    uint64_t acc = 0;
    for (int r = 0; r < rounds; ++r) {
      acc ^= wide ? xor_pass_avx512(b.data(), b.size()) : xor_pass(b.data(), b.size());
      asm volatile("" : "+r"(acc));
    }
    g_sink_u = acc;
  });
  return static_cast<double>(bytes) * rounds / s * 1e-9;
}

// int8 dot-product peak in Gop/s (a MAC = 2 ops): AVX-512 VNNI vpdpbusd, 64 u8 x s8 MACs per
// instruction, 12 independent accumulators. 0 when the CPU has no AVX-512 VNNI.
__attribute__((target("avx512f,avx512vnni"))) int32_t vnni_loop(long iters) {
  __m512i a = _mm512_set1_epi8(1), b = _mm512_set1_epi8(1);
  // Distinct starting values and opaque operands, or the compiler merges the 12 chains.
  __m512i c0 = _mm512_set1_epi32(0), c1 = _mm512_set1_epi32(1), c2 = _mm512_set1_epi32(2),
          c3 = _mm512_set1_epi32(3), c4 = _mm512_set1_epi32(4), c5 = _mm512_set1_epi32(5),
          c6 = _mm512_set1_epi32(6), c7 = _mm512_set1_epi32(7), c8 = _mm512_set1_epi32(8),
          c9 = _mm512_set1_epi32(9), c10 = _mm512_set1_epi32(10), c11 = _mm512_set1_epi32(11);
  asm volatile("" : "+v"(a), "+v"(b));
  for (long i = 0; i < iters; ++i) {
    ATTNKIT_FMA12(_mm512_dpbusd_epi32)
  }
  const __m512i s = _mm512_add_epi32(
      _mm512_add_epi32(_mm512_add_epi32(c0, c1), _mm512_add_epi32(c2, c3)),
      _mm512_add_epi32(_mm512_add_epi32(_mm512_add_epi32(c4, c5), _mm512_add_epi32(c6, c7)),
                       _mm512_add_epi32(_mm512_add_epi32(c8, c9), _mm512_add_epi32(c10, c11))));
  alignas(64) int32_t t[16];
  _mm512_store_si512(t, s);
  int32_t r = 0;
  for (int32_t v : t) r += v;
  return r;
}

double vnni_gops() {
  if (!__builtin_cpu_supports("avx512vnni")) return 0;
  const long iters = 20000000;
  g_sink_u = static_cast<uint64_t>(vnni_loop(iters / 4));  // warm up
  const double s = best_seconds(9, [&] { g_sink_u = static_cast<uint64_t>(vnni_loop(iters)); });
  return 2.0 * 12.0 * 64.0 * static_cast<double>(iters) / s * 1e-9;
}

// Write bandwidth in GB/s (memset over a buffer already touched once).
double write_gbs(size_t bytes) {
  buffer<unsigned char> b(bytes);
  const double s = best_seconds(9, [&] {
    std::memset(b.data(), 1, bytes);
    asm volatile("" : : "r"(b.data()) : "memory");
  });
  return static_cast<double>(bytes) / s * 1e-9;
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace

void measure_machine() {
  __builtin_cpu_init();
  double peak = 0;
  std::string isa = "scalar";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    const double g = fma_gflops(fma_loop_avx2, 8);
    benchmark::AddCustomContext("fma_avx2_gflops", fmt(g));
    peak = g;
    isa = "AVX2+FMA (8 x f32)";
  }
  if (__builtin_cpu_supports("avx512f")) {
    const double g = fma_gflops(fma_loop_avx512, 16);
    benchmark::AddCustomContext("fma_avx512_gflops", fmt(g));
    if (g > peak) {
      peak = g;
      isa = "AVX-512F (16 x f32)";
    }
  }
  const double ghz = clock_ghz();
  benchmark::AddCustomContext("fma_peak_gflops", fmt(peak));
  benchmark::AddCustomContext("fma_peak_isa", isa);
  benchmark::AddCustomContext("clock_ghz_est", fmt(ghz));
  benchmark::AddCustomContext("fma_peak_flop_per_cycle", fmt(ghz > 0 ? peak / ghz : 0));
  benchmark::AddCustomContext("s8_vnni_peak_gops", fmt(vnni_gops()));
  benchmark::AddCustomContext("read_l2_gbs", fmt(read_gbs(size_t{512} << 10, 200)));
  benchmark::AddCustomContext("read_mem_gbs", fmt(read_gbs(size_t{128} << 20, 1)));
  benchmark::AddCustomContext("write_mem_gbs", fmt(write_gbs(size_t{128} << 20)));
  std::fprintf(stderr, "machine: %s FMA peak %.1f GFLOP/s at ~%.2f GHz (%.1f FLOP/cycle)\n",
               isa.c_str(), peak, ghz, ghz > 0 ? peak / ghz : 0.0);
}

}  // namespace bench
