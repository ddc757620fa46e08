// SPDX-License-Identifier: Apache-2.0
// xsimd integer matrix products: int8 lanes widened by shifts inside wider lanes (xsimd 8.1 has
// no widening loads); exact int32 sums in any order, so the bytes equal the scalar port's.
#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {
namespace {

using vi8 = ::xsimd::batch<int8_t>;
using vi16 = ::xsimd::batch<int16_t>;
using vi32 = ::xsimd::batch<int32_t>;
constexpr size_t kB = vi8::size;   // int8 lanes per vector
constexpr size_t kW = vi32::size;  // int32 lanes per vector (kB / 4)

// Sign-extended even and odd bytes of v as int16 lanes.
inline void split16(const vi8& v, vi16& even, vi16& odd) {
  const vi16 w = ::xsimd::bitwise_cast<vi16>(v);
  even = (w << 8) >> 8;
  odd = w >> 8;
}

// Pairwise sum of the two int16 halves of each int32 lane, sign-extended: p's lanes are
// products of int8 values (|p| <= 2^14), so no int16 overflow happened before.
inline vi32 widen_add(const vi16& p) {
  const vi32 w = ::xsimd::bitwise_cast<vi32>(p);
  return ((w << 16) >> 16) + (w >> 16);
}

// sum_p a[p] * b[p]: int8 x int8 products in int16 lanes (exact), pairs widened to int32.
inline int32_t dot_s8(const int8_t* a, const int8_t* b, size_t k) {
  vi32 acc(0);
  size_t p = 0;
  for (; p + kB <= k; p += kB) {
    vi16 ae, ao, be, bo;
    split16(vi8::load_unaligned(a + p), ae, ao);
    split16(vi8::load_unaligned(b + p), be, bo);
    acc += widen_add(ae * be) + widen_add(ao * bo);
  }
  int32_t s = ::xsimd::hadd(acc);
  for (; p < k; ++p) s += static_cast<int32_t>(a[p]) * b[p];
  return s;
}

}  // namespace

void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < n; ++j) {
      const int32_t acc = dot_s8(a + i * lda, b + j * ldb, k);
      c[i * ldc + j] =
          bias ? static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(bias[j]))
               : acc;
    }
  }
}

void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    const int16_t* ai = a + i * lda;
    int32_t* ci = c + i * ldc;
    size_t j = 0;
    // kB columns at a time: byte t of int32 lane l is column 4l + t, so four shifted copies of
    // the row hold columns t, t + 4, ... in int32 lanes; accumulate over p, de-interleave once.
    for (; j + kB <= n; j += kB) {
      vi32 acc0(0), acc1(0), acc2(0), acc3(0);
      for (size_t p = 0; p < k; ++p) {
        if (ai[p] == 0) continue;  // masked attention weights: skip the row of V
        const vi32 w = ::xsimd::bitwise_cast<vi32>(vi8::load_unaligned(b + p * ldb + j));
        const vi32 ap(static_cast<int32_t>(ai[p]));
        acc0 += ap * ((w << 24) >> 24);
        acc1 += ap * ((w << 16) >> 24);
        acc2 += ap * ((w << 8) >> 24);
        acc3 += ap * (w >> 24);
      }
      alignas(64) int32_t t[4][kW];
      acc0.store_aligned(t[0]);
      acc1.store_aligned(t[1]);
      acc2.store_aligned(t[2]);
      acc3.store_aligned(t[3]);
      for (size_t l = 0; l < kW; ++l)
        for (size_t q = 0; q < 4; ++q) ci[j + 4 * l + q] = t[q][l];
    }
    for (; j < n; ++j) {
      int32_t acc = 0;
      for (size_t p = 0; p < k; ++p)
        if (ai[p] != 0) acc += static_cast<int32_t>(ai[p]) * b[p * ldb + j];
      ci[j] = acc;
    }
  }
}

}  // namespace xsimd_port
}  // namespace attnkit
