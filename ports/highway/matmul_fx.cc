// SPDX-License-Identifier: Apache-2.0
// Highway integer products: exact int32 sums (any order gives the same bits). The AVX3 targets
// call the raw-intrinsic AVX-512 kernels of matmul_fx-avx512*.cc instead.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/matmul_fx.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"
#include "ports/highway/matmul_fx-avx512.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using D32 = hn::ScalableTag<int32_t>;
using D16 = hn::Repartition<int16_t, D32>;  // twice the lanes
using D8h = hn::Rebind<int8_t, D16>;        // int8 loads that widen to D16
using D8q = hn::Rebind<int8_t, D32>;        // int8 loads that widen to D32

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

void matmul_nt_s8_s32(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                      size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  if (avx512vnni::cpu_supports())  // matmul_fx-avx512vnni.cc
    return avx512vnni::matmul_nt_s8_s32(m, n, k, a, lda, b, ldb, bias, c, ldc);
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

void matmul_nn_q15_s8_s32(size_t m, size_t n, size_t k, const int16_t* a, size_t lda,
                          const int8_t* b, size_t ldb, int32_t* c, size_t ldc) {
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  return avx512bw::matmul_nn_q15_s8_s32(m, n, k, a, lda, b, ldb, c, ldc);  // matmul_fx-avx512bw.cc
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
        c0 = hn::Add(
            c0, hn::Mul(hn::Set(d32, ai[p]), hn::PromoteTo(d32, hn::LoadU(d8, b + p * ldb + j))));
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

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();
