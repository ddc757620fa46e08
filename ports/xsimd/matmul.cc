// SPDX-License-Identifier: Apache-2.0
// xsimd matrix products: nt as vector dot products (4 columns share each load of a), nn as
// row updates c[i] += a[i][p] * b[p] that skip a[i][p] == 0 exactly as the scalar port does.
#include "ports/xsimd/kernels.h"
#include "ports/xsimd/simd.h"

namespace attnkit {
namespace xsimd_port {

void matmul_nt_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {
  for (size_t i = 0; i < m; ++i) {
    const float* ai = a + i * lda;
    float* ci = c + i * ldc;
    size_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const float* b0 = b + j * ldb;
      const float *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
      vf s0(0.0f), s1(0.0f), s2(0.0f), s3(0.0f);
      size_t p = 0;
      for (; p + kF <= k; p += kF) {
        const vf va = vf::load_unaligned(ai + p);
        s0 = ::xsimd::fma(va, vf::load_unaligned(b0 + p), s0);
        s1 = ::xsimd::fma(va, vf::load_unaligned(b1 + p), s1);
        s2 = ::xsimd::fma(va, vf::load_unaligned(b2 + p), s2);
        s3 = ::xsimd::fma(va, vf::load_unaligned(b3 + p), s3);
      }
      float acc[4] = {::xsimd::hadd(s0), ::xsimd::hadd(s1), ::xsimd::hadd(s2), ::xsimd::hadd(s3)};
      for (; p < k; ++p) {
        acc[0] += ai[p] * b0[p];
        acc[1] += ai[p] * b1[p];
        acc[2] += ai[p] * b2[p];
        acc[3] += ai[p] * b3[p];
      }
      for (size_t t = 0; t < 4; ++t) ci[j + t] = alpha * acc[t] + (bias ? bias[j + t] : 0.0f);
    }
    for (; j < n; ++j) {
      const float* bj = b + j * ldb;
      vf s(0.0f);
      size_t p = 0;
      for (; p + kF <= k; p += kF)
        s = ::xsimd::fma(vf::load_unaligned(ai + p), vf::load_unaligned(bj + p), s);
      float acc = ::xsimd::hadd(s);
      for (; p < k; ++p) acc += ai[p] * bj[p];
      ci[j] = alpha * acc + (bias ? bias[j] : 0.0f);
    }
  }
}

void matmul_nn_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, float* c, size_t ldc, bool accumulate) {
  for (size_t i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (!accumulate)
      for (size_t j = 0; j < n; ++j) ci[j] = 0.0f;
    for (size_t p = 0; p < k; ++p) {
      const float aip = a[i * lda + p];
      if (aip == 0.0f) continue;  // masked attention weights: skip the row of V
      const float* bp = b + p * ldb;
      const vf va(aip);
      size_t j = 0;
      // Multiply, then add (no fma), in p order: the same rounding as the scalar port.
      for (; j + kF <= n; j += kF)
        (vf::load_unaligned(ci + j) + va * vf::load_unaligned(bp + j)).store_unaligned(ci + j);
      for (; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

}  // namespace xsimd_port
}  // namespace attnkit
