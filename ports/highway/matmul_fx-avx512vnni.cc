// SPDX-License-Identifier: Apache-2.0
// Highway port, x86 AVX-512 VNNI: matmul_nt_s8_s32 with vpdpbusd (Cascade Lake, Ice Lake,
// Zen 4/5), in raw intrinsics: Highway 1.0.3 has no int8 dot op. matmul_fx.cc's AVX3 targets
// call it when avx512vnni::cpu_supports() (matmul_fx-avx512.h).
// vpdpbusd multiplies u8 by s8 in groups of four bytes: one operand is made unsigned by
// flipping its sign bit (x + 128) and 128 * sum(other) is subtracted. The GEMM flips its packed
// panel once, so a's broadcast quads are vpdpbusd's signed operand as loaded (no xor per use).
// int32 lanes wrap; harmless, as the exact result fits (k <= kMaxDotS8).
//
// GCC (12) takes the self-initialised _mm512_undefined_*() of its own intrinsic headers for an
// uninitialised read once inlined here. The foreach_target TUs never see this false positive:
// re-included by foreach_target.h, a system header, their code counts as system code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <cstring>

#include "hwy/highway.h"
#include "ports/highway/matmul_fx-avx512.h"

#if HWY_TARGETS & (HWY_AVX3 | HWY_AVX3_DL)  // else no target calls it
#include <immintrin.h>

// As matmul_fx.cc's AVX3 target (AVX-512 F, VL, DQ, BW), plus VNNI.
HWY_PUSH_ATTRIBUTES(HWY_TARGET_STR_AVX3 ",avx512vnni")

namespace attnkit {
namespace highway {
namespace avx512vnni {

constexpr size_t kVnniNr = 32;      // packed-panel columns: two vectors
constexpr size_t kVnniMr = 12;      // rows per micro-tile: 24 accumulators
constexpr size_t kVnniKc = 1024;    // k-block; the panel is kVnniNr x kVnniKc bytes (32 KiB stack)
constexpr size_t kVnniDotRows = 8;  // up to this many rows, packing B costs more than it saves

constexpr int32_t kFlipQuad = static_cast<int32_t>(0x80808080u);  // sign bits of 4 bytes

HWY_INLINE int32_t LoadQuad(const int8_t* p, size_t bytes) {
  int32_t v = 0;  // little endian: byte t of the lane is p[t], missing bytes are 0
  std::memcpy(&v, p, bytes);
  return v;
}

// Panel layout: quad q (k = p0+4q..p0+4q+3) is kVnniNr int32, lane j = the 4 bytes of row j,
// each byte with its sign bit flipped (b + 128, the unsigned operand). Bytes past kc are 128
// and meet a's zero padding; rows past nj are never stored.
void PackPanelS8(const int8_t* b, size_t ldb, size_t nj, size_t kc, int32_t* panel) {
  const size_t full = kc / 4, quads = (kc + 3) / 4;
  if (ldb <= (size_t{1} << 26)) {  // 31 * ldb fits the int32 gather offsets
    // Full quads: one masked gather per 16 rows (rows past nj read nothing and stay 0).
    const __m512i step =
        _mm512_mullo_epi32(_mm512_set_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
                           _mm512_set1_epi32(static_cast<int32_t>(ldb)));
    const __mmask16 g0 = static_cast<__mmask16>(nj >= 16 ? 0xFFFFu : (1u << nj) - 1);
    const __mmask16 g1 = static_cast<__mmask16>(nj >= 32   ? 0xFFFFu
                                                : nj <= 16 ? 0u
                                                           : (1u << (nj - 16)) - 1);
    const int8_t* b16 = b + 16 * ldb;
    const __m512i flip = _mm512_set1_epi8(static_cast<char>(0x80));
    for (size_t q = 0; q < full; ++q) {
      _mm512_store_si512(
          panel + q * kVnniNr,
          _mm512_xor_si512(
              _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), g0, step, b + 4 * q, 1), flip));
      _mm512_store_si512(panel + q * kVnniNr + 16,
                         _mm512_xor_si512(g1 ? _mm512_mask_i32gather_epi32(_mm512_setzero_si512(),
                                                                           g1, step, b16 + 4 * q, 1)
                                             : _mm512_setzero_si512(),
                                          flip));
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
void TileS8(const int8_t* a, size_t lda, const int32_t* panel, size_t kc, bool accumulate,
            const int32_t* bias, __mmask16 m0, __mmask16 m1, int32_t* c, size_t ldc) {
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
HWY_INLINE __m128i Reduce4S32(__m512i v0, __m512i v1, __m512i v2, __m512i v3) {
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
void DotTileS8(const int8_t* a, size_t lda, const int8_t* b, size_t ldb, size_t k,
               const int32_t* corr, const int32_t* bias, int32_t* c, const DotOut& out) {
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
    const __m128i s = Reduce4S32(acc[r][0], NR > 1 ? acc[r][1 % NR] : z,
                                 NR > 2 ? acc[r][2 % NR] : z, NR > 3 ? acc[r][3 % NR] : z);
    alignas(16) int32_t v[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(v), _mm_add_epi32(s, _mm_set1_epi32(corr[r])));
    for (size_t j = 0; j < NR; ++j) {  // the bias add wraps, as the scalar port
      const uint32_t bj = bias ? static_cast<uint32_t>(bias[out.bias_per_r ? r : j]) : 0u;
      c[r * out.r + j * out.j] = static_cast<int32_t>(static_cast<uint32_t>(v[j]) + bj);
    }
  }
}

template <size_t MR>
void DotRowsS8(const int8_t* a, size_t lda, size_t n, const int8_t* b, size_t ldb, size_t k,
               const int32_t* bias, int32_t* c, const DotOut& out) {
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
    case 3:
      DotTileS8<MR, 3>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out);
      break;
    case 2:
      DotTileS8<MR, 2>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out);
      break;
    case 1:
      DotTileS8<MR, 1>(a, lda, b + j * ldb, ldb, k, corr, bias_at(j), c + j * out.j, out);
      break;
    default:
      break;
  }
}

#define ATTNKIT_TILE_CASE(R)                                                                 \
  case R:                                                                                    \
    if (m1 != 0)                                                                             \
      TileS8<R, true>(ai, lda, panel, kc, p0 > 0, p0 == 0 ? bj : nullptr, m0, m1, ci, ldc);  \
    else                                                                                     \
      TileS8<R, false>(ai, lda, panel, kc, p0 > 0, p0 == 0 ? bj : nullptr, m0, m1, ci, ldc); \
    break;

// Every row of a against the n rows of b by dot products, no packing.
void DotAllRowsS8(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                  size_t ldb, const int32_t* bias, int32_t* c, const DotOut& out) {
  size_t i = 0;
  const auto bias_at = [&](size_t ii) { return bias && out.bias_per_r ? bias + ii : bias; };
  for (; i + 4 <= m; i += 4)
    DotRowsS8<4>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out);
  switch (m - i) {
    case 3:
      DotRowsS8<3>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out);
      break;
    case 2:
      DotRowsS8<2>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out);
      break;
    case 1:
      DotRowsS8<1>(a + i * lda, lda, n, b, ldb, k, bias_at(i), c + i * out.r, out);
      break;
    default:
      break;
  }
}

void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
  if (m <= kVnniDotRows)
    return DotAllRowsS8(m, n, k, a, lda, b, ldb, bias, c, DotOut{ldc, 1, false});
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
    const __mmask16 m1 = static_cast<__mmask16>(nj >= 32   ? 0xFFFFu
                                                : nj <= 16 ? 0u
                                                           : (1u << (nj - 16)) - 1);
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
          default:
            break;
        }
      }
    }
  }
}
#undef ATTNKIT_TILE_CASE

}  // namespace avx512vnni
}  // namespace highway
}  // namespace attnkit
HWY_POP_ATTRIBUTES
#endif  // HWY_TARGETS & (HWY_AVX3 | HWY_AVX3_DL)
