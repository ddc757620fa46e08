// SPDX-License-Identifier: Apache-2.0
// Highway integer products and requantisation: exact int32 sums (any order gives the same
// bits) and lane-wise copies of the scalar rounding.
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

void MatmulNTS8Impl(size_t m, size_t n, size_t k, const int8_t* a, size_t lda, const int8_t* b,
                    size_t ldb, const int32_t* bias, int32_t* c, size_t ldc) {
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

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
