// SPDX-License-Identifier: Apache-2.0
// Highway port, x86 AVX512BW: matmul_nn_q15_s8_s32 (P V with Q15 weights) in raw intrinsics,
// vpmaddwd on pairs of rows of b interleaved in registers and masked loads for the column tail.
// matmul_fx.cc's AVX3 targets call it (AVX512BW: every AVX3 CPU; matmul_fx-avx512.h).
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

// As matmul_fx.cc's AVX3 target: AVX-512 F, VL, DQ, BW. No VNNI: the compiler must not fuse
// madd + add into vpdpwssd.
HWY_PUSH_ATTRIBUTES(HWY_TARGET_STR_AVX3)

namespace attnkit {
namespace highway {
namespace avx512bw {

// P V with Q15 weights: rows p and p+1 of b widened to int16 and interleaved, so vpmaddwd
// gives a[p] b[p][j] + a[p+1] b[p+1][j] per int32 lane; R rows of a share each interleaved pair.
// Lane order after the in-block unpack: block t of lo holds columns 8t..8t+3, of hi 8t+4..8t+7.
template <size_t R>
void NNQ15S8Rows(size_t n, size_t k, const int16_t* a, size_t lda, const int8_t* b, size_t ldb,
                 int32_t* c, size_t ldc) {
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
      const __m512i x1 =
          two ? _mm512_cvtepi8_epi16(_mm256_maskz_loadu_epi8(mb, b + (p + 1) * ldb + j0))
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

void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  size_t i = 0;
  for (; i + 4 <= m; i += 4) NNQ15S8Rows<4>(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
  for (; i < m; ++i) NNQ15S8Rows<1>(n, k, a + i * lda, lda, b, ldb, c + i * ldc, ldc);
}

}  // namespace avx512bw
}  // namespace highway
}  // namespace attnkit
HWY_POP_ATTRIBUTES
#endif  // HWY_TARGETS & (HWY_AVX3 | HWY_AVX3_DL)
