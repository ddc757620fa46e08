// SPDX-License-Identifier: Apache-2.0
// Highway integer products and requantisation: exact int32 sums (any order gives the same
// bits) and lane-wise copies of the scalar rounding.
#include <cstring>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/matmul_fx.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "attnkit/fixed_point.h"
#include "ports/highway/fx-inl.h"
#include "ports/highway/kernels.h"
#include "ports/scalar/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET == HWY_SCALAR

// One lane: the scalar reference is already this target's code.
void MatmulNTS8Impl(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                    size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
  scalar::matmul_nt_s8_s32(m, n, k, a, lda, b, ldb, bias, c, ldc);
}

void MatmulNNQ15S8Impl(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                       const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  scalar::matmul_nn_q15_s8_s32(m, n, k, a, lda, b, ldb, c, ldc);
}

void RequantizeColsImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int32_t* y, size_t ldy) {
  scalar::requantize_cols_s32(rows, cols, x, ldx, s, y, ldy);
}

void RequantizeRowsImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  scalar::requantize_rows_s8(rows, cols, x, ldx, s, y, ldy);
}

void RequantizeOuterImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  scalar::requantize_outer_s32(rows, cols, x, ldx, rs, cs, y, ldy);
}

#else

using D32 = hn::ScalableTag<int32_t>;
using D16 = hn::Repartition<int16_t, D32>;  // twice the lanes
using D8h = hn::Rebind<int8_t, D16>;       // int8 loads that widen to D16
using D8q = hn::Rebind<int8_t, D32>;       // int8 loads that widen to D32
using D16h = hn::Rebind<int16_t, D32>;     // int16 loads that widen to D32

// Four dot products of row a with rows b0..b3 (length k), exactly.
HWY_INLINE void Dot4(const int8_t* a, const int8_t* b0, const int8_t* b1, const int8_t* b2,
                     const int8_t* b3, size_t k, int32_t* out) {
  const D32 d32;
  const D16 d16;
  const D8h d8;
  const size_t N = hn::Lanes(d16);
  auto s0 = hn::Zero(d32), s1 = s0, s2 = s0, s3 = s0, t0 = s0, t1 = s0, t2 = s0, t3 = s0;
  size_t p = 0;
  for (; p + N <= k; p += N) {
    const auto va = hn::PromoteTo(d16, hn::LoadU(d8, a + p));
    s0 = hn::ReorderWidenMulAccumulate(d32, va, hn::PromoteTo(d16, hn::LoadU(d8, b0 + p)), s0, t0);
    s1 = hn::ReorderWidenMulAccumulate(d32, va, hn::PromoteTo(d16, hn::LoadU(d8, b1 + p)), s1, t1);
    s2 = hn::ReorderWidenMulAccumulate(d32, va, hn::PromoteTo(d16, hn::LoadU(d8, b2 + p)), s2, t2);
    s3 = hn::ReorderWidenMulAccumulate(d32, va, hn::PromoteTo(d16, hn::LoadU(d8, b3 + p)), s3, t3);
  }
  int32_t r[4] = {hn::GetLane(hn::SumOfLanes(d32, hn::Add(s0, t0))),
                  hn::GetLane(hn::SumOfLanes(d32, hn::Add(s1, t1))),
                  hn::GetLane(hn::SumOfLanes(d32, hn::Add(s2, t2))),
                  hn::GetLane(hn::SumOfLanes(d32, hn::Add(s3, t3)))};
  for (; p < k; ++p) {
    const int32_t av = a[p];
    r[0] += av * b0[p];
    r[1] += av * b1[p];
    r[2] += av * b2[p];
    r[3] += av * b3[p];
  }
  for (int j = 0; j < 4; ++j) out[j] = r[j];
}


#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
// ---------------------------------------------------------------- AVX-512 VNNI int8 GEMM
// Highway 1.0.3 has no int8 dot op, so this target uses vpdpbusd directly when the CPU has
// AVX512_VNNI (Cascade Lake, Ice Lake, Zen 4/5). vpdpbusd multiplies u8 by s8 in groups of four
// bytes: one operand is made unsigned by flipping its sign bit (x + 128) and 128 * sum(other)
// is subtracted. The GEMM flips its packed panel once, so a's broadcast quads are vpdpbusd's
// signed operand as loaded (no xor per use). int32 lanes wrap; harmless, as the exact result
// fits (k <= kMaxDotS8).
#define ATTNKIT_VNNI __attribute__((target(HWY_TARGET_STR ",avx512vnni")))

bool CpuHasVnni() {
  static const bool has = [] {
    unsigned eax, ebx, ecx, edx;
    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 && ((ecx >> 11) & 1u) != 0;
  }();
  return has;
}

constexpr size_t kVnniNr = 32;      // packed-panel columns: two vectors
constexpr size_t kVnniMr = 12;      // rows per micro-tile: 24 accumulators
constexpr size_t kVnniKc = 1024;    // k-block; the panel is kVnniNr x kVnniKc bytes (32 KiB stack)
constexpr size_t kVnniDotRows = 8;  // up to this many rows, packing B costs more than it saves

constexpr int32_t kFlipQuad = static_cast<int32_t>(0x80808080u);  // sign bits of 4 bytes

ATTNKIT_VNNI HWY_INLINE int32_t LoadQuad(const int8_t* p, size_t bytes) {
  int32_t v = 0;  // little endian: byte t of the lane is p[t], missing bytes are 0
  std::memcpy(&v, p, bytes);
  return v;
}

// Panel layout: quad q (k = p0+4q..p0+4q+3) is kVnniNr int32, lane j = the 4 bytes of row j,
// each byte with its sign bit flipped (b + 128, the unsigned operand). Bytes past kc are 128
// and meet a's zero padding; rows past nj are never stored.
ATTNKIT_VNNI void PackPanelS8(const int8_t* b, size_t ldb, size_t nj, size_t kc, int32_t* panel) {
  const size_t full = kc / 4, quads = (kc + 3) / 4;
  if (ldb <= (size_t{1} << 26)) {  // 31 * ldb fits the int32 gather offsets
    // Full quads: one masked gather per 16 rows (rows past nj read nothing and stay 0).
    const __m512i step = _mm512_mullo_epi32(
        _mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
        _mm512_set1_epi32(static_cast<int32_t>(ldb)));
    const __mmask16 g0 = static_cast<__mmask16>(nj >= 16 ? 0xFFFFu : (1u << nj) - 1);
    const __mmask16 g1 = static_cast<__mmask16>(nj >= 32 ? 0xFFFFu : nj <= 16 ? 0u : (1u << (nj - 16)) - 1);
    const int8_t* b16 = b + 16 * ldb;
    const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
    for (size_t q = 0; q < full; ++q) {
      _mm512_store_si512(panel + q * kVnniNr,
                         _mm512_xor_si512(_mm512_mask_i32gather_epi32(_mm512_setzero_si512(), g0, step, b + 4 * q, 1), flip));
      _mm512_store_si512(panel + q * kVnniNr + 16,
                         _mm512_xor_si512(g1 ? _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), g1, step, b16 + 4 * q, 1)
                                             : _mm512_setzero_si512(), flip));
    }
    if (quads > full)
      for (size_t j = 0; j < kVnniNr; ++j)
        panel[full * kVnniNr + j] =
            (j < nj ? LoadQuad(b + j * ldb + 4 * full, kc - 4 * full) : 0) ^ kFlipQuad;
    return;
  }
  for (size_t j = 0; j < kVnniNr; ++j) {
    const int8_t* row = b + j * ldb;
    if (j >= nj) {
      for (size_t q = 0; q < quads; ++q) panel[q * kVnniNr + j] = kFlipQuad;
      continue;
    }
    for (size_t q = 0; q < full; ++q) panel[q * kVnniNr + j] = LoadQuad(row + 4 * q, 4) ^ kFlipQuad;
    if (quads > full)
      panel[full * kVnniNr + j] = LoadQuad(row + 4 * full, kc - 4 * full) ^ kFlipQuad;
  }
}

// c[0..MR) x [0..32) (+)= a (MR rows, kc bytes) times the flipped panel; init = -128 * the
// row sums of a. kTwo = false: only the first 16 columns are real (the second vector is skipped).
template <size_t MR, bool kTwo>
ATTNKIT_VNNI void TileS8(const int8_t* a, size_t lda, const int32_t* panel, size_t kc,
                         bool accumulate, const int32_t* bias, __mmask16 m0, __mmask16 m1,
                         int32_t* c, size_t ldc) {
  __m512i acc0[MR], acc1[MR];
  const __m512i ones = _mm512_set1_epi8(1);
#pragma GCC unroll 16
  for (size_t r = 0; r < MR; ++r) {
    __m512i s = _mm512_setzero_si512();
    for (size_t p = 0; p < kc; p += 64) {
      const __mmask64 mk = kc - p >= 64 ? ~__mmask64{0} : (__mmask64{1} << (kc - p)) - 1;
      s = _mm512_dpbusd_epi32(s, ones, _mm512_maskz_loadu_epi8(mk, a + r * lda + p));
    }
    // -128 * sum(a row), wrapping like the sums (exact in the end)
    acc0[r] = _mm512_set1_epi32(
        static_cast<int32_t>(0u - (static_cast<uint32_t>(_mm512_reduce_add_epi32(s)) << 7)));
    acc1[r] = acc0[r];
  }
  const size_t full = kc / 4;
  for (size_t q = 0; q < full; ++q) {
    const __m512i b0 = _mm512_load_si512(panel + q * kVnniNr);
    const __m512i b1 = kTwo ? _mm512_load_si512(panel + q * kVnniNr + 16) : b0;
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
      const __m512i av = _mm512_set1_epi32(LoadQuad(a + r * lda + 4 * q, 4));
      acc0[r] = _mm512_dpbusd_epi32(acc0[r], b0, av);
      if (kTwo) acc1[r] = _mm512_dpbusd_epi32(acc1[r], b1, av);
    }
  }
  if (kc > 4 * full) {  // last partial quad: a's padding is 0, the panel's 128
    const __m512i b0 = _mm512_load_si512(panel + full * kVnniNr);
    const __m512i b1 = kTwo ? _mm512_load_si512(panel + full * kVnniNr + 16) : b0;
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
      const __m512i av = _mm512_set1_epi32(LoadQuad(a + r * lda + 4 * full, kc - 4 * full));
      acc0[r] = _mm512_dpbusd_epi32(acc0[r], b0, av);
      if (kTwo) acc1[r] = _mm512_dpbusd_epi32(acc1[r], b1, av);
    }
  }
  const __m512i bias0 = bias ? _mm512_maskz_loadu_epi32(m0, bias) : _mm512_setzero_si512();
  const __m512i bias1 =
      kTwo && bias ? _mm512_maskz_loadu_epi32(m1, bias + 16) : _mm512_setzero_si512();
#pragma GCC unroll 16
  for (size_t r = 0; r < MR; ++r) {
    int32_t* cr = c + r * ldc;
    __m512i v0 = _mm512_add_epi32(acc0[r], bias0);
    if (accumulate) v0 = _mm512_add_epi32(v0, _mm512_maskz_loadu_epi32(m0, cr));
    _mm512_mask_storeu_epi32(cr, m0, v0);
    if (kTwo) {
      __m512i v1 = _mm512_add_epi32(acc1[r], bias1);
      if (accumulate) v1 = _mm512_add_epi32(v1, _mm512_maskz_loadu_epi32(m1, cr + 16));
      _mm512_mask_storeu_epi32(cr + 16, m1, v1);
    }
  }
}

// Sums of the 4 vectors' lanes: lane t of the result = sum of v[t].
ATTNKIT_VNNI HWY_INLINE __m128i Reduce4S32(__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
  const __m512i t0 = _mm512_add_epi32(_mm512_unpacklo_epi32(v0, v1), _mm512_unpackhi_epi32(v0, v1));
  const __m512i t1 = _mm512_add_epi32(_mm512_unpacklo_epi32(v2, v3), _mm512_unpackhi_epi32(v2, v3));
  const __m512i u = _mm512_add_epi32(_mm512_unpacklo_epi64(t0, t1), _mm512_unpackhi_epi64(t0, t1));
  // Each 128-bit block of u now holds [v0 v1 v2 v3] partial sums; add the four blocks.
  const __m256i h = _mm256_add_epi32(_mm512_castsi512_si256(u), _mm512_extracti64x4_epi64(u, 1));
  return _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
}

// Few rows (GEMV-like): dot products along k with no packing. b is the unsigned operand here,
// so the correction is -128 * sum(a row), computed once per row. Result (r, j) goes to
// c[r * out.r + j * out.j] (the transposed use swaps the operands), plus bias[j] or bias[r].
struct DotOut {
  size_t r, j;
  bool bias_per_r;
};

template <size_t MR, size_t NR>
ATTNKIT_VNNI void DotTileS8(const int8_t* a, size_t lda, const int8_t* b, size_t ldb, size_t k,
                            const int32_t* corr, const int32_t* bias, int32_t* c,
                            const DotOut& out) {
  __m512i acc[MR][NR];
#pragma GCC unroll 16
  for (size_t r = 0; r < MR; ++r)
#pragma GCC unroll 4
    for (size_t j = 0; j < NR; ++j) acc[r][j] = _mm512_setzero_si512();
  const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
  size_t p = 0;
  for (; p + 64 <= k; p += 64) {
    __m512i bv[NR];
#pragma GCC unroll 4
    for (size_t j = 0; j < NR; ++j)
      bv[j] = _mm512_xor_si512(_mm512_loadu_si512(b + j * ldb + p), flip);
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
      const __m512i av = _mm512_loadu_si512(a + r * lda + p);
#pragma GCC unroll 4
      for (size_t j = 0; j < NR; ++j) acc[r][j] = _mm512_dpbusd_epi32(acc[r][j], bv[j], av);
    }
  }
  if (p < k) {
    const __mmask64 mk = (__mmask64{1} << (k - p)) - 1;
    __m512i bv[NR];
#pragma GCC unroll 4
    for (size_t j = 0; j < NR; ++j)  // padded b bytes become 128, times a's zero padding
      bv[j] = _mm512_xor_si512(_mm512_maskz_loadu_epi8(mk, b + j * ldb + p), flip);
#pragma GCC unroll 16
    for (size_t r = 0; r < MR; ++r) {
      const __m512i av = _mm512_maskz_loadu_epi8(mk, a + r * lda + p);
#pragma GCC unroll 4
      for (size_t j = 0; j < NR; ++j) acc[r][j] = _mm512_dpbusd_epi32(acc[r][j], bv[j], av);
    }
  }
#pragma GCC unroll 16
  for (size_t r = 0; r < MR; ++r) {
    const __m512i z = _mm512_setzero_si512();
    const __m128i s = Reduce4S32(acc[r][0], NR > 1 ? acc[r][1 % NR] : z, NR > 2 ? acc[r][2 % NR] : z,
                                 NR > 3 ? acc[r][3 % NR] : z);
    alignas(16) int32_t v[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(v), _mm_add_epi32(s, _mm_set1_epi32(corr[r])));
    for (size_t j = 0; j < NR; ++j) {  // the bias add wraps, as the scalar port
      const uint32_t bj = bias ? static_cast<uint32_t>(bias[out.bias_per_r ? r : j]) : 0u;
      c[r * out.r + j * out.j] = static_cast<int32_t>(static_cast<uint32_t>(v[j]) + bj);
    }
  }
}

template <size_t MR>
ATTNKIT_VNNI void DotRowsS8(const int8_t* a, size_t lda, size_t n, const int8_t* b, size_t ldb,
                            size_t k, const int32_t* bias, int32_t* c, const DotOut& out) {
  // corr[r] = -128 * sum_p a[r][p] (wraps like the sums; exact in the end)
  int32_t corr[MR];
  const __m512i ones = _mm512_set1_epi8(1);
  for (size_t r = 0; r < MR; ++r) {
    __m512i s = _mm512_setzero_si512();
    for (size_t p = 0; p < k; p += 64) {
      const __mmask64 mk = k - p >= 64 ? ~__mmask64{0} : (__mmask64{1} << (k - p)) - 1;
      s = _mm512_dpbusd_epi32(s, ones, _mm512_maskz_loadu_epi8(mk, a + r * lda + p));
    }
    corr[r] = static_cast<int32_t>(0u - (static_cast<uint32_t>(_mm512_reduce_add_epi32(s)) << 7));
  }
  size_t j = 0;
  const auto bias_at = [&](size_t jj) { return bias && !out.bias_per_r ? bias + jj : bias; };
  for (; j + 4 <= n; j += 4)
    DotTileS8<MR, 4>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out);
  switch (n - j) {
    case 3: DotTileS8<MR, 3>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out); break;
    case 2: DotTileS8<MR, 2>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out); break;
    case 1: DotTileS8<MR, 1>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out); break;
    default: break;
  }
}

#define ATTNKIT_TILE_CASE(R)                                                                 \
  case R:                                                                                    \
    if (m1 != 0)                                                                             \
      TileS8<R, true>(ai, lda, panel, kc, p0 > 0, p0 == 0 ? bj : nullptr, m0, m1, ci, ldc); \
    else                                                                                     \
      TileS8<R, false>(ai, lda, panel, kc, p0 > 0, p0 == 0 ? bj : nullptr, m0, m1, ci, ldc); \
    break;

// Every row of a against the n rows of b by dot products, no packing.
ATTNKIT_VNNI void DotAllRowsS8(size_t m, size_t n, size_t k, const int8_t* a, size_t lda,
                               const int8_t* b, size_t ldb, const int32_t* bias, int32_t* c,
                               const DotOut& out) {
  size_t i = 0;
  const auto bias_at = [&](size_t ii) { return bias && out.bias_per_r ? bias + ii : bias; };
  for (; i + 4 <= m; i += 4)
    DotRowsS8<4>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out);
  switch (m - i) {
    case 3: DotRowsS8<3>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out); break;
    case 2: DotRowsS8<2>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out); break;
    case 1: DotRowsS8<1>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out); break;
    default: break;
  }
}

ATTNKIT_VNNI void MatmulNTS8Vnni(size_t m, size_t n, size_t k, const int8_t* a, size_t lda,
                                 const int8_t* b, size_t ldb, const int32_t* bias, int32_t* c,
                                 size_t ldc) {
  if (m <= kVnniDotRows) return DotAllRowsS8(m, n, k, a, lda, b, ldb, bias, c, DotOut{ldc, 1, false});
  // <= 4 columns past a multiple of 16 would be mostly panel padding (n = 20: 37% of the
  // work): dot tiles do them, with the operands swapped so that the row-sum correction is
  // computed for those few rows of b only (c^T = b a^T).
  const size_t tail = n >= 16 && n % 16 <= 4 ? n % 16 : 0;
  if (tail != 0) {
    n -= tail;
    DotAllRowsS8(tail, m, k, b + n * ldb, ldb, a, lda, bias ? bias + n : nullptr, c + n,
                 DotOut{1, ldc, true});
  }
  alignas(64) int32_t panel[kVnniKc / 4 * kVnniNr];
  const size_t blocks = (k + kVnniKc - 1) / kVnniKc;
  const size_t kc_even = ((k + blocks - 1) / blocks + 3) & ~size_t{3};  // balanced, multiple of 4
  for (size_t j0 = 0; j0 < n; j0 += kVnniNr) {
    const size_t nj = n - j0 < kVnniNr ? n - j0 : kVnniNr;
    const __mmask16 m0 = static_cast<__mmask16>(nj >= 16 ? 0xFFFFu : (1u << nj) - 1);
    const __mmask16 m1 = static_cast<__mmask16>(nj >= 32 ? 0xFFFFu : nj <= 16 ? 0u : (1u << (nj - 16)) - 1);
    const int32_t* bj = bias ? bias + j0 : nullptr;
    for (size_t p0 = 0; p0 < k; p0 += kc_even) {
      const size_t kc = k - p0 < kc_even ? k - p0 : kc_even;
      PackPanelS8(b + j0 * ldb + p0, ldb, nj, kc, panel);
      for (size_t i0 = 0; i0 < m; i0 += kVnniMr) {
        const int8_t* ai = a + i0 * lda + p0;
        int32_t* ci = c + i0 * ldc + j0;
        switch (m - i0 < kVnniMr ? m - i0 : kVnniMr) {
          ATTNKIT_TILE_CASE(1)
          ATTNKIT_TILE_CASE(2)
          ATTNKIT_TILE_CASE(3)
          ATTNKIT_TILE_CASE(4)
          ATTNKIT_TILE_CASE(5)
          ATTNKIT_TILE_CASE(6)
          ATTNKIT_TILE_CASE(7)
          ATTNKIT_TILE_CASE(8)
          ATTNKIT_TILE_CASE(9)
          ATTNKIT_TILE_CASE(10)
          ATTNKIT_TILE_CASE(11)
          ATTNKIT_TILE_CASE(12)
          default: break;
        }
      }
    }
  }
}
#undef ATTNKIT_TILE_CASE

// P V with Q15 weights: rows p and p+1 of b widened to int16 and interleaved, so vpmaddwd
// gives a[p] b[p][j] + a[p+1] b[p+1][j] per int32 lane; R rows of a share each interleaved pair.
// Lane order after the in-block unpack: block t of lo holds columns 8t..8t+3, of hi 8t+4..8t+7.
// AVX512BW only (no VNNI attribute: the compiler must not fuse madd + add into vpdpwssd).
template <size_t R>
void NNQ15S8Rows(size_t n, size_t k, const int16_t* a, size_t lda, const int8_t* b,
                              size_t ldb, int32_t* c, size_t ldc) {
  const __m512i idx0 = _mm512_set_epi64(11, 10, 3, 2, 9, 8, 1, 0);
  const __m512i idx1 = _mm512_set_epi64(15, 14, 7, 6, 13, 12, 5, 4);
  for (size_t j0 = 0; j0 < n; j0 += 32) {
    const size_t nj = n - j0 < 32 ? n - j0 : 32;
    const __mmask32 mb = nj == 32 ? ~__mmask32{0} : (__mmask32{1} << nj) - 1;
    __m512i lo[R], hi[R];
#pragma GCC unroll 8
    for (size_t r = 0; r < R; ++r) lo[r] = hi[r] = _mm512_setzero_si512();
    for (size_t p = 0; p < k; p += 2) {
      const bool two = p + 1 < k;
      int32_t pair[R];
      int32_t any = 0;
#pragma GCC unroll 8
      for (size_t r = 0; r < R; ++r) {
        if (two)
          std::memcpy(&pair[r], a + r * lda + p, 4);  // a[p] in the low half (little endian)
        else
          pair[r] = static_cast<int32_t>(static_cast<uint16_t>(a[r * lda + p]));
        any |= pair[r];
      }
      if (any == 0) continue;  // masked keys (causal, padding): nothing to add
      const __m512i x0 = _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(mb, b + p * ldb + j0));
      const __m512i x1 = two ? _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(mb, b + (p + 1) * ldb + j0))
                             : _mm512_setzero_si512();
      const __m512i il = _mm512_unpacklo_epi16(x0, x1), ih = _mm512_unpackhi_epi16(x0, x1);
#pragma GCC unroll 8
      for (size_t r = 0; r < R; ++r) {
        const __m512i w = _mm512_set1_epi32(pair[r]);
        lo[r] = _mm512_add_epi32(lo[r], _mm512_madd_epi16(il, w));
        hi[r] = _mm512_add_epi32(hi[r], _mm512_madd_epi16(ih, w));
      }
    }
    const __mmask16 m0 = static_cast<__mmask16>(mb), m1 = static_cast<__mmask16>(mb >> 16);
#pragma GCC unroll 8
    for (size_t r = 0; r < R; ++r) {
      _mm512_mask_storeu_epi32(c + r * ldc + j0, m0, _mm512_permutex2var_epi64(lo[r], idx0, hi[r]));
      _mm512_mask_storeu_epi32(c + r * ldc + j0 + 16, m1,
                               _mm512_permutex2var_epi64(lo[r], idx1, hi[r]));
    }
  }
}

void MatmulNNQ15S8Avx512(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                                      const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  size_t i = 0;
  for (; i + 4 <= m; i += 4) NNQ15S8Rows<4>(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
  for (; i < m; ++i) NNQ15S8Rows<1>(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
}
#endif  // AVX3

void MatmulNTS8Impl(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                    size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  if (CpuHasVnni()) return MatmulNTS8Vnni(m, n, k, a, lda, b, ldb, bias, c, ldc);
#endif
  for (size_t i = 0; i < m; ++i) {
    const int8_t* ai = a + i * lda;
    int32_t* ci = c + i * ldc;
    size_t j = 0;
    for (; j + 4 <= n; j += 4)
      Dot4(ai, b + j * ldb, b + (j + 1) * ldb, b + (j + 2) * ldb, b + (j + 3) * ldb, k, ci + j);
    for (; j < n; ++j) {
      int32_t r[4];
      Dot4(ai, b + j * ldb, b + j * ldb, b + j * ldb, b + j * ldb, k, r);
      ci[j] = r[0];
    }
    if (bias)  // wraps, as the scalar port
      for (j = 0; j < n; ++j)
        ci[j] = static_cast<int32_t>(static_cast<uint32_t>(ci[j]) + static_cast<uint32_t>(bias[j]));
  }
}

void MatmulNNQ15S8Impl(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                       const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return MatmulNNQ15S8Avx512(m, n, k, a, lda, b, ldb, c, ldc);  // AVX512BW: every AVX3 CPU
#endif
  const D32 d32;
  const D8q d8;
  const size_t N = hn::Lanes(d32);
  for (size_t i = 0; i < m; ++i) {
    const int16_t* ai = a + i * lda;
    int32_t* ci = c + i * ldc;
    size_t j = 0;
    for (; j + 2 * N <= n; j += 2 * N) {
      auto c0 = hn::Zero(d32), c1 = c0;
      for (size_t p = 0; p < k; ++p) {
        if (ai[p] == 0) continue;  // masked or negligible weight: skip the row of V
        const auto w = hn::Set(d32, ai[p]);
        const int8_t* bp = b + p * ldb + j;
        c0 = hn::Add(c0, hn::Mul(w, hn::PromoteTo(d32, hn::LoadU(d8, bp))));
        c1 = hn::Add(c1, hn::Mul(w, hn::PromoteTo(d32, hn::LoadU(d8, bp + N))));
      }
      hn::StoreU(c0, d32, ci + j);
      hn::StoreU(c1, d32, ci + j + N);
    }
    for (; j + N <= n; j += N) {
      auto c0 = hn::Zero(d32);
      for (size_t p = 0; p < k; ++p) {
        if (ai[p] == 0) continue;
        c0 = hn::Add(c0, hn::Mul(hn::Set(d32, ai[p]), hn::PromoteTo(d32, hn::LoadU(d8, b + p * ldb + j))));
      }
      hn::StoreU(c0, d32, ci + j);
    }
    for (; j < n; ++j) {
      int32_t acc = 0;
      for (size_t p = 0; p < k; ++p) acc += static_cast<int32_t>(ai[p]) * b[p * ldb + j];
      ci[j] = acc;
    }
  }
}

void RequantizeColsImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int32_t* y, size_t ldy) {
  const D32 d;
  const size_t N = hn::Lanes(d);
  // quant_scale is {multiplier, shift}: two consecutive int32 per column.
  const int32_t* ms = reinterpret_cast<const int32_t*>(s);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int32_t* yi = y + i * ldy;
    size_t j = 0;
    for (; j + N <= cols; j += N) {
      const auto v0 = hn::LoadU(d, ms + 2 * j), v1 = hn::LoadU(d, ms + 2 * j + N);
      const auto mult = hn::ConcatEven(d, v1, v0), shift = hn::ConcatOdd(d, v1, v0);
      hn::StoreU(Requantize(hn::LoadU(d, xi + j), mult, shift), d, yi + j);
    }
    for (; j < cols; ++j) yi[j] = fx::requantize(xi[j], s[j]);
  }
}

void RequantizeRowsImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  const D32 d;
  const D8q d8;
  const size_t N = hn::Lanes(d);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int8_t* yi = y + i * ldy;
    const auto mult = hn::Set(d, s[i].multiplier), shift = hn::Set(d, s[i].shift);
    size_t j = 0;
    for (; j + N <= cols; j += N)  // DemoteTo saturates like fx::sat_s8
      hn::StoreU(hn::DemoteTo(d8, Requantize(hn::LoadU(d, xi + j), mult, shift)), d8, yi + j);
    for (; j < cols; ++j) yi[j] = fx::sat_s8(fx::requantize(xi[j], s[i]));
  }
}


// Scales the vector path of RequantizeOuterImpl takes: multiplier normalised (>= 2^30) and a
// shift small enough that two of them and 2 add up in int32.
HWY_INLINE bool PlainScale(quant_scale s) {
  return s.multiplier >= (1 << 30) && s.shift >= -(1 << 29) && s.shift <= (1 << 29);
}

// Half of fx::mul_scales for normalised multipliers, on the 64-bit products p in [2^60, 2^62):
// the rounding shift is 31 when bit 61 is set, else 30, and a carry of the rounding into bit
// 31 halves the multiplier once more. *extra = rounding shift - 30 + carry.
HWY_INLINE hn::Vec<hn::Repartition<uint64_t, D32>> MulScalesHalf(
    hn::Vec<hn::Repartition<uint64_t, D32>> p, hn::Vec<hn::Repartition<uint64_t, D32>>* extra) {
  const hn::Repartition<uint64_t, D32> d;
  const auto top = hn::ShiftRight<61>(p);
  const auto m30 = hn::ShiftRight<30>(hn::Add(p, hn::Set(d, uint64_t{1} << 29)));
  const auto m31 = hn::ShiftRight<31>(hn::Add(p, hn::Set(d, uint64_t{1} << 30)));
  auto m = hn::Xor(m30, hn::And(hn::Xor(m30, m31), hn::Sub(hn::Zero(d), top)));
  const auto carry = hn::ShiftRight<31>(m);  // m == 2^31 exactly
  m = hn::Sub(m, hn::ShiftLeft<30>(carry));   // -> 2^30
  *extra = hn::Add(top, carry);
  return m;
}

void RequantizeOuterImpl(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  const D32 d;
  const hn::Repartition<uint32_t, D32> du;
  const size_t N = hn::Lanes(d);
  const int32_t* ms = reinterpret_cast<const int32_t*>(cs);  // {multiplier, shift} pairs
  const auto lo = hn::Set(d, -fx::kMaxShift), hi = hn::Set(d, fx::kMaxShift);
  for (size_t i = 0; i < rows; ++i) {
    const int32_t* xi = x + i * ldx;
    int32_t* yi = y + i * ldy;
    size_t j = 0;
    if (PlainScale(rs[i])) {
      const auto am = hn::Set(du, static_cast<uint32_t>(rs[i].multiplier));
      const auto as = hn::Set(d, rs[i].shift - 1);
      // N columns: values xv, {multiplier, shift} pairs in v0, v1; lanes outside `valid` are
      // ignored. False if a scale is not plain.
      const auto step = [&](hn::Vec<D32> xv, hn::Vec<D32> v0, hn::Vec<D32> v1, hn::Mask<D32> valid,
                            hn::Vec<D32>* out) __attribute__((always_inline)) {
        const auto bm = hn::ConcatEven(d, v1, v0), bs = hn::ConcatOdd(d, v1, v0);
        const auto plain = hn::And(hn::Gt(bm, hn::Set(d, (1 << 30) - 1)),  // 1.0.3: no integer Ge
                                   hn::And(hn::Gt(bs, hn::Set(d, -(1 << 29) - 1)),
                                           hn::Lt(bs, hn::Set(d, (1 << 29) + 1))));
        if (!hn::AllTrue(d, hn::Or(plain, hn::Not(valid)))) return false;
        const auto bmu = hn::BitCast(du, bm);
        hn::Vec<hn::Repartition<uint64_t, D32>> xe, xo;
        const auto me = MulScalesHalf(hn::MulEven(am, bmu), &xe);
        const auto mo = MulScalesHalf(hn::MulEven(am, OddToEven(du, bmu)), &xo);
        const auto mult = Narrow(d, me, mo);
        // s = a.shift + b.shift + (rounding shift) - 31, clamped as fx::clamp_shift
        const auto shift = hn::Min(hn::Max(hn::Add(hn::Add(as, bs), Narrow(d, xe, xo)), lo), hi);
        // Probe scales are small (shift <= 0): skip the left-shift half when no lane needs it.
        *out = hn::AllTrue(d, hn::Or(hn::Lt(shift, hn::Set(d, 1)), hn::Not(valid)))
                   ? RequantizeNonPositive(xv, mult, shift)
                   : Requantize(xv, mult, shift);
        return true;
      };
      const auto all = hn::FirstN(d, N);
      for (; j + N <= cols; j += N) {
        hn::Vec<D32> r;
        if (!step(hn::LoadU(d, xi + j), hn::LoadU(d, ms + 2 * j), hn::LoadU(d, ms + 2 * j + N), all,
                  &r))
          break;  // the rest of the row goes the scalar way
        hn::StoreU(r, d, yi + j);
      }
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
      if (j < cols && cols - j < N) {  // tail: AVX-512 masked loads do not fault
        const size_t rem = cols - j;
        const auto valid = hn::FirstN(d, rem);
        const auto p0 = hn::FirstN(d, 2 * rem < N ? 2 * rem : N);
        const auto p1 = hn::FirstN(d, 2 * rem > N ? 2 * rem - N : 0);
        hn::Vec<D32> r;
        if (step(hn::MaskedLoad(valid, d, xi + j), hn::MaskedLoad(p0, d, ms + 2 * j),
                 hn::MaskedLoad(p1, d, ms + 2 * j + N), valid, &r)) {
          hn::BlendedStore(r, valid, d, yi + j);
          j = cols;
        }
      }
#endif
    }
    for (; j < cols; ++j) yi[j] = fx::requantize(xi[j], fx::mul_scales(rs[i], cs[j]));
  }
}
#endif  // HWY_TARGET == HWY_SCALAR

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attnkit {
namespace highway {
HWY_EXPORT(MatmulNTS8Impl);
HWY_EXPORT(MatmulNNQ15S8Impl);
HWY_EXPORT(RequantizeColsImpl);
HWY_EXPORT(RequantizeRowsImpl);
HWY_EXPORT(RequantizeOuterImpl);

void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
  HWY_DYNAMIC_DISPATCH(MatmulNTS8Impl)(m, n, k, a, lda, b, ldb, bias, c, ldc);
}

void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  HWY_DYNAMIC_DISPATCH(MatmulNNQ15S8Impl)(m, n, k, a, lda, b, ldb, c, ldc);
}

void requantize_cols_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                         const quant_scale* s, int32_t* y, size_t ldy) {
  HWY_DYNAMIC_DISPATCH(RequantizeColsImpl)(rows, cols, x, ldx, s, y, ldy);
}

void requantize_rows_s8(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                        const quant_scale* s, int8_t* y, size_t ldy) {
  HWY_DYNAMIC_DISPATCH(RequantizeRowsImpl)(rows, cols, x, ldx, s, y, ldy);
}

void requantize_outer_s32(size_t rows, size_t cols, const int32_t* x, size_t ldx,
                          const quant_scale* rs, const quant_scale* cs, int32_t* y, size_t ldy) {
  HWY_DYNAMIC_DISPATCH(RequantizeOuterImpl)(rows, cols, x, ldx, rs, cs, y, ldy);
}

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
