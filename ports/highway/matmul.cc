// SPDX-License-Identifier: Apache-2.0
// Highway matrix products: register-blocked FMA micro-kernels over k-blocks, tails padded.
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/matmul.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET != HWY_SCALAR  // HWY_SCALAR: the scalar reference (dispatch.cc)
namespace hn = hwy::HWY_NAMESPACE;

using DF = hn::ScalableTag<float>;
using VF = hn::Vec<DF>;
constexpr size_t kMaxLanes = 64 / sizeof(float);  // widest x86 vector
constexpr size_t kKc = 256;                       // k-block: a packed B tile is kKc x N floats
constexpr size_t kPackFloats = 16 * 1024;         // 64 KB of packed B tiles on the stack

size_t MinSize(size_t a, size_t b) { return a < b ? a : b; }

// Rows per micro-kernel: as many accumulators as the register file holds (32 or 16 vectors).
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr size_t kMrNT = 6;  // x 4 accumulators
constexpr size_t kMcNT = 24;
constexpr size_t kMrNN = 6;  // x kNvNN accumulators
constexpr size_t kNvNN = 4;
#elif HWY_TARGET == HWY_AVX2
constexpr size_t kMrNT = 2;  // B stays in registers (16 of them): fewer loads than 3 rows
constexpr size_t kMcNT = 24;
constexpr size_t kMrNN = 4;
constexpr size_t kNvNN = 3;
#else
constexpr size_t kMrNT = 3;
constexpr size_t kMcNT = 24;
constexpr size_t kMrNN = 4;
constexpr size_t kNvNN = 3;
#endif

// ---------------------------------------------------------------- c = alpha a b^T + bias
//
// Both operands run along p. A B tile covers N columns j and is stored per group of 4 p as
// 4 vectors; vector x holds, in 128-bit block t, b[j0 + 4t + x][p..p+3]. Multiplying it by
// a[i][p..p+3] repeated in every block (LoadDup128) needs no transposition of B, and the four
// accumulators of a row reduce (Reduce4) to c[i][j0..j0+N) in order.

constexpr size_t kBlocks = HWY_LANES(float) / 4;  // 128-bit blocks per vector

// Gathers block g of rows r[0..kBlocks) into out[g] (block t of out[g] = block g of r[t]): a
// transpose of 128-bit blocks.
template <class D>  // a template, so that only the branch for this target is instantiated
HWY_INLINE void TransposeBlocks(D df, const VF* r, VF* out) {
  if constexpr (kBlocks == 1) {
    (void)df;
    out[0] = r[0];
  } else if constexpr (kBlocks == 2) {
    out[0] = hn::ConcatLowerLower(df, r[1], r[0]);
    out[1] = hn::ConcatUpperUpper(df, r[1], r[0]);
  } else {
    static_assert(kBlocks == 4 || sizeof(D) == 0, "x86 vectors hold 1, 2 or 4 blocks");
    const VF a0 = hn::OddEvenBlocks(hn::SwapAdjacentBlocks(r[1]), r[0]);  // r0b0 r1b0 r0b2 r1b2
    const VF a1 = hn::OddEvenBlocks(r[1], hn::SwapAdjacentBlocks(r[0]));  // r0b1 r1b1 r0b3 r1b3
    const VF a2 = hn::OddEvenBlocks(hn::SwapAdjacentBlocks(r[3]), r[2]);
    const VF a3 = hn::OddEvenBlocks(r[3], hn::SwapAdjacentBlocks(r[2]));
    out[0] = hn::ConcatLowerLower(df, a2, a0);
    out[1] = hn::ConcatLowerLower(df, a3, a1);
    out[2] = hn::ConcatUpperUpper(df, a2, a0);
    out[3] = hn::ConcatUpperUpper(df, a3, a1);
  }
}

// Packs rows j0..j0+N of B (zero rows past n), p in [p0, p0+kc) (zero-padded to a multiple of 4).
// Whole vectors of p go through TransposeBlocks; the rest in 4-float chunks.
void PackNT(DF df, const float* b, size_t ldb, size_t n, size_t j0, size_t p0, size_t kc,
            float* tile) {
  const size_t N = hn::Lanes(df);
  const size_t pv = kc / N * N;
  for (size_t x = 0; x < 4; ++x) {
    for (size_t p = 0; p < pv; p += N) {
      VF r[kBlocks], out[kBlocks];
#pragma GCC unroll 4
      for (size_t t = 0; t < kBlocks; ++t) {
        const size_t j = j0 + 4 * t + x;
        r[t] = j < n ? hn::LoadU(df, b + j * ldb + p0 + p) : hn::Zero(df);
      }
      TransposeBlocks(df, r, out);
#pragma GCC unroll 4
      for (size_t g = 0; g < kBlocks; ++g)
        hn::Store(out[g], df, tile + (p / 4 + g) * 4 * N + x * N);
    }
  }
  if (pv == kc) return;
  const size_t groups = (kc + 3) / 4, full = kc / 4, rest = kc % 4;
  for (size_t jj = 0; jj < N; ++jj) {
    float* dst = tile + (jj % 4) * N + 4 * (jj / 4);
    if (j0 + jj >= n) {
      for (size_t g = pv / 4; g < groups; ++g) std::memset(dst + g * 4 * N, 0, 4 * sizeof(float));
      continue;
    }
    const float* src = b + (j0 + jj) * ldb + p0;
    for (size_t g = pv / 4; g < full; ++g)
      std::memcpy(dst + g * 4 * N, src + 4 * g, 4 * sizeof(float));
    if (rest) {
      float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      std::memcpy(t, src + 4 * full, rest * sizeof(float));
      std::memcpy(dst + full * 4 * N, t, sizeof(t));
    }
  }
}

// Lane 4t + x of the result = sum of the four lanes of block t of vx.
HWY_INLINE VF Reduce4(DF df, VF v0, VF v1, VF v2, VF v3) {
  const hn::Repartition<double, DF> dd;  // 64-bit moves only, no double arithmetic
  const VF s01 = hn::Add(hn::InterleaveLower(df, v0, v1), hn::InterleaveUpper(df, v0, v1));
  const VF s23 = hn::Add(hn::InterleaveLower(df, v2, v3), hn::InterleaveUpper(df, v2, v3));
  const auto w01 = hn::BitCast(dd, s01), w23 = hn::BitCast(dd, s23);
  return hn::Add(hn::BitCast(df, hn::InterleaveLower(dd, w01, w23)),
                 hn::BitCast(df, hn::InterleaveUpper(dd, w01, w23)));
}

// out[r] = c[i + r][j0..j0+N) over this k-block, for R rows of A starting at a.
template <size_t R>
HWY_INLINE void KernelNT(DF df, const float* HWY_RESTRICT a, size_t lda,
                         const float* HWY_RESTRICT tile, size_t kc, VF* out) {
  const size_t N = hn::Lanes(df);
  VF acc[R][4];
#pragma GCC unroll 8
  for (size_t r = 0; r < R; ++r) acc[r][0] = acc[r][1] = acc[r][2] = acc[r][3] = hn::Zero(df);
  const size_t full = kc / 4;
  for (size_t g = 0; g < full; ++g) {
    const float* bt = tile + g * 4 * N;
    const VF b0 = hn::Load(df, bt), b1 = hn::Load(df, bt + N);
    const VF b2 = hn::Load(df, bt + 2 * N), b3 = hn::Load(df, bt + 3 * N);
#pragma GCC unroll 8
    for (size_t r = 0; r < R; ++r) {
      const VF va = hn::LoadDup128(df, a + r * lda + 4 * g);
      acc[r][0] = hn::MulAdd(va, b0, acc[r][0]);
      acc[r][1] = hn::MulAdd(va, b1, acc[r][1]);
      acc[r][2] = hn::MulAdd(va, b2, acc[r][2]);
      acc[r][3] = hn::MulAdd(va, b3, acc[r][3]);
    }
  }
  if (kc % 4) {  // last group: A through a zero-padded copy (B is padded already)
    const float* bt = tile + full * 4 * N;
    const VF b0 = hn::Load(df, bt), b1 = hn::Load(df, bt + N);
    const VF b2 = hn::Load(df, bt + 2 * N), b3 = hn::Load(df, bt + 3 * N);
    for (size_t r = 0; r < R; ++r) {
      float t[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      std::memcpy(t, a + r * lda + 4 * full, (kc % 4) * sizeof(float));
      const VF va = hn::LoadDup128(df, t);
      acc[r][0] = hn::MulAdd(va, b0, acc[r][0]);
      acc[r][1] = hn::MulAdd(va, b1, acc[r][1]);
      acc[r][2] = hn::MulAdd(va, b2, acc[r][2]);
      acc[r][3] = hn::MulAdd(va, b3, acc[r][3]);
    }
  }
#pragma GCC unroll 8
  for (size_t r = 0; r < R; ++r) out[r] = Reduce4(df, acc[r][0], acc[r][1], acc[r][2], acc[r][3]);
}

// Writes one row segment of C: partial sums are kept in C between k-blocks; the last block
// applies alpha and the bias. cols <= N valid columns.
struct NTStore {
  const float* bias;  // already offset to j0, or null
  float alpha;
  bool first, last;
};

HWY_INLINE void StoreNT(DF df, VF v, float* c, size_t cols, const NTStore& s) {
  const size_t N = hn::Lanes(df);
  if (cols == N) {
    if (!s.first) v = hn::Add(v, hn::LoadU(df, c));
    if (s.last) {
      v = hn::Mul(v, hn::Set(df, s.alpha));
      if (s.bias) v = hn::Add(v, hn::LoadU(df, s.bias));
    }
    hn::StoreU(v, df, c);
    return;
  }
  HWY_ALIGN float buf[kMaxLanes];
  hn::Store(v, df, buf);
  for (size_t j = 0; j < cols; ++j) {
    float x = buf[j];
    if (!s.first) x += c[j];
    if (s.last) x = s.alpha * x + (s.bias ? s.bias[j] : 0.0f);
    c[j] = x;
  }
}

// 1 <= rows <= R rows of one tile.
template <size_t R>
HWY_INLINE void RowsNT(DF df, size_t rows, const float* a, size_t lda, const float* tile, size_t kc,
                       float* c, size_t ldc, size_t cols, const NTStore& s) {
  if constexpr (R > 0) {
    if (rows == R) {
      VF out[R];
      KernelNT<R>(df, a, lda, tile, kc, out);
      for (size_t r = 0; r < R; ++r) StoreNT(df, out[r], c + r * ldc, cols, s);
    } else {
      RowsNT<R - 1>(df, rows, a, lda, tile, kc, c, ldc, cols, s);
    }
  }
}

// R rows of A against kDotCols rows of B (the first nj real): dot products along p, with
// R x kDotCols independent accumulators to cover the FMA latency.
constexpr size_t kDotCols = 8;
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr size_t kDotRows = 2;
#else
constexpr size_t kDotRows = 1;     // 16 registers
#endif

template <size_t R, size_t C = kDotCols>
HWY_INLINE void DotTileNT(DF df, const float* a, size_t lda, const float* const* bj, size_t nj,
                          size_t k, const float* bias, float alpha, float* c, size_t ldc) {
  const size_t N = hn::Lanes(df);
  VF acc[R][C];
#pragma GCC unroll 4
  for (size_t r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (size_t t = 0; t < C; ++t) acc[r][t] = hn::Zero(df);
  size_t p = 0;
  for (; p + N <= k; p += N) {
    VF va[R];
#pragma GCC unroll 4
    for (size_t r = 0; r < R; ++r) va[r] = hn::LoadU(df, a + r * lda + p);
#pragma GCC unroll 8
    for (size_t t = 0; t < C; ++t) {
      const VF vb = hn::LoadU(df, bj[t] + p);
#pragma GCC unroll 4
      for (size_t r = 0; r < R; ++r) acc[r][t] = hn::MulAdd(va[r], vb, acc[r][t]);
    }
  }
  for (size_t r = 0; r < R; ++r) {
    for (size_t t = 0; t < nj; ++t) {
      float sum = hn::GetLane(hn::SumOfLanes(df, acc[r][t]));
      for (size_t q = p; q < k; ++q) sum += a[r * lda + q] * bj[t][q];
      c[r * ldc + t] = alpha * sum + (bias ? bias[t] : 0.0f);
    }
  }
}

// Few rows or columns: dot products along p, no packing; B is read once per kDotRows rows.
void DotsNT(DF df, size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
            size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {
  for (size_t j0 = 0; j0 < n; j0 += kDotCols) {
    const size_t nj = MinSize(kDotCols, n - j0);
    const float* bj[kDotCols];
    for (size_t t = 0; t < kDotCols; ++t) bj[t] = b + (j0 + (t < nj ? t : 0)) * ldb;
    const float* bias_j = bias ? bias + j0 : nullptr;
    size_t i = 0;
    for (; i + kDotRows <= m; i += kDotRows)
      DotTileNT<kDotRows>(df, a + i * lda, lda, bj, nj, k, bias_j, alpha, c + i * ldc + j0, ldc);
    for (; i < m; ++i)
      DotTileNT<1>(df, a + i * lda, lda, bj, nj, k, bias_j, alpha, c + i * ldc + j0, ldc);
  }
}

// At most 4 columns for many rows (the last n % N columns of a wide product): 4-column dot
// tiles, so no lane of a packed tile is wasted on padding.
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
constexpr size_t kNarrowRows = 4;
#else
constexpr size_t kNarrowRows = 2;  // 16 registers
#endif

void NarrowNT(DF df, size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
              size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {
  const float* bj[4];
  for (size_t t = 0; t < 4; ++t) bj[t] = b + (t < n ? t : 0) * ldb;
  size_t i = 0;
  for (; i + kNarrowRows <= m; i += kNarrowRows)
    DotTileNT<kNarrowRows, 4>(df, a + i * lda, lda, bj, n, k, bias, alpha, c + i * ldc, ldc);
  for (; i < m; ++i) DotTileNT<1, 4>(df, a + i * lda, lda, bj, n, k, bias, alpha, c + i * ldc, ldc);
}

void matmul_nt_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {
  const DF df;
  const size_t N = hn::Lanes(df);
  if (n < N || m < 4) return DotsNT(df, m, n, k, a, lda, b, ldb, bias, alpha, c, ldc);
  // A tail of <= 4 columns would fill a quarter of a packed tile (n = 20 on AVX-512: 37% of
  // the work wasted); dot tiles do it exactly.
  const size_t tail = n % N;
  if (tail != 0 && tail <= 4 && N > 4 && k >= N) {
    const size_t main = n - tail;
    NarrowNT(df, m, tail, k, a, lda, b + main * ldb, ldb, bias ? bias + main : nullptr, alpha,
             c + main, ldc);
    n = main;
  }
  // A panel of B tiles is packed once per k-block and reused by every block of kMcNT rows of
  // A, whose k-block (kMcNT x kKc floats) stays in L1 while it meets each tile.
  HWY_ALIGN float pack[kPackFloats];
  for (size_t p0 = 0; p0 < k; p0 += kKc) {
    const size_t kc = MinSize(kKc, k - p0);
    const size_t tile_floats = (kc + 3) / 4 * 4 * N;
    const size_t panel = kPackFloats / tile_floats * N;  // columns per panel
    for (size_t j0 = 0; j0 < n; j0 += panel) {
      const size_t jn = MinSize(panel, n - j0);
      for (size_t jt = 0; jt < jn; jt += N)
        PackNT(df, b, ldb, n, j0 + jt, p0, kc, pack + jt / N * tile_floats);
      for (size_t i0 = 0; i0 < m; i0 += kMcNT) {
        const size_t i1 = MinSize(m, i0 + kMcNT);
        for (size_t jt = 0; jt < jn; jt += N) {
          const float* tile = pack + jt / N * tile_floats;
          const size_t j = j0 + jt, cols = MinSize(N, n - j);
          const NTStore s{bias ? bias + j : nullptr, alpha, p0 == 0, p0 + kc == k};
          size_t i = i0;
          for (; i + kMrNT <= i1; i += kMrNT) {
            VF out[kMrNT];
            KernelNT<kMrNT>(df, a + i * lda + p0, lda, tile, kc, out);
            for (size_t r = 0; r < kMrNT; ++r) StoreNT(df, out[r], c + (i + r) * ldc + j, cols, s);
          }
          if (i < i1)
            RowsNT<kMrNT - 1>(df, i1 - i, a + i * lda + p0, lda, tile, kc, c + i * ldc + j, ldc,
                              cols, s);
        }
      }
    }
  }
}

// ---------------------------------------------------------------- c = a b
//
// B runs along j already: broadcast a[i][p], FMA with rows of B, R x V accumulators.

// Rows i..i+R, columns j..j+V*N of C over p in [0, kc); b, a already offset to the block.
template <size_t R, size_t V>
HWY_INLINE void KernelNN(DF df, const float* HWY_RESTRICT a, size_t lda,
                         const float* HWY_RESTRICT b, size_t ldb, size_t kc, float* c, size_t ldc,
                         bool first) {
  const size_t N = hn::Lanes(df);
  VF acc[R][V];
#pragma GCC unroll 8
  for (size_t r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (size_t v = 0; v < V; ++v)
      acc[r][v] = first ? hn::Zero(df) : hn::LoadU(df, c + r * ldc + v * N);
  for (size_t p = 0; p < kc; ++p) {
    const float* bp = b + p * ldb;
    VF bv[V];
#pragma GCC unroll 4
    for (size_t v = 0; v < V; ++v) bv[v] = hn::LoadU(df, bp + v * N);
#pragma GCC unroll 8
    for (size_t r = 0; r < R; ++r) {
      const VF va = hn::Set(df, a[r * lda + p]);
#pragma GCC unroll 4
      for (size_t v = 0; v < V; ++v) acc[r][v] = hn::MulAdd(va, bv[v], acc[r][v]);
    }
  }
#pragma GCC unroll 8
  for (size_t r = 0; r < R; ++r)
#pragma GCC unroll 4
    for (size_t v = 0; v < V; ++v) hn::StoreU(acc[r][v], df, c + r * ldc + v * N);
}

// 1 <= rows <= R rows of one column strip of V vectors.
template <size_t R, size_t V>
HWY_INLINE void RowsNN(DF df, size_t rows, const float* a, size_t lda, const float* b, size_t ldb,
                       size_t kc, float* c, size_t ldc, bool first) {
  if constexpr (R > 0) {
    if (rows == R) {
      KernelNN<R, V>(df, a, lda, b, ldb, kc, c, ldc, first);
    } else {
      RowsNN<R - 1, V>(df, rows, a, lda, b, ldb, kc, c, ldc, first);
    }
  }
}

template <size_t V>
HWY_INLINE void StripNN(DF df, size_t m, const float* a, size_t lda, const float* b, size_t ldb,
                        size_t kc, float* c, size_t ldc, bool first) {
  size_t i = 0;
  for (; i + kMrNN <= m; i += kMrNN)
    KernelNN<kMrNN, V>(df, a + i * lda, lda, b, ldb, kc, c + i * ldc, ldc, first);
  if (i < m) RowsNN<kMrNN - 1, V>(df, m - i, a + i * lda, lda, b, ldb, kc, c + i * ldc, ldc, first);
}

// Whether some a[i][p] is exactly +-0 (a masked attention weight).
bool AnyZero(DF df, const float* a, size_t lda, size_t m, size_t k) {
  const size_t N = hn::Lanes(df);
  const VF zero = hn::Zero(df);
  for (size_t i = 0; i < m; ++i) {
    const float* ai = a + i * lda;
    VF z = zero;
    size_t p = 0;
    for (; p + N <= k; p += N)
      z = hn::Or(z, hn::VecFromMask(df, hn::Eq(hn::LoadU(df, ai + p), zero)));
    if (!hn::AllFalse(df, hn::MaskFromVec(z))) return true;
    for (; p < k; ++p)
      if (ai[p] == 0.0f) return true;
  }
  return false;
}

// Whether every b[p][j] is finite.
bool AllFinite(DF df, const float* b, size_t ldb, size_t k, size_t n) {
  const size_t N = hn::Lanes(df);
  VF z0 = hn::Zero(df), z1 = z0;  // x - x: 0 if finite, NaN otherwise
  for (size_t p = 0; p < k; ++p) {
    const float* bp = b + p * ldb;
    size_t j = 0;
    for (; j + 2 * N <= n; j += 2 * N) {
      const VF x = hn::LoadU(df, bp + j), y = hn::LoadU(df, bp + j + N);
      z0 = hn::Add(z0, hn::Sub(x, x));
      z1 = hn::Add(z1, hn::Sub(y, y));
    }
    for (; j < n; ++j)
      if (bp[j] - bp[j] != 0.0f) return false;
  }
  const VF z = hn::Add(z0, z1);
  return hn::AllTrue(df, hn::Eq(z, z));
}

// B holds inf or NaN: follow the scalar port exactly, skipping rows p where a[i][p] == 0.
void SkippingNN(DF df, size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                size_t ldb, float* c, size_t ldc, bool accumulate) {
  const size_t N = hn::Lanes(df);
  for (size_t i = 0; i < m; ++i) {
    float* ci = c + i * ldc;
    if (!accumulate)
      for (size_t j = 0; j < n; ++j) ci[j] = 0.0f;
    for (size_t p = 0; p < k; ++p) {
      const float aip = a[i * lda + p];
      if (aip == 0.0f) continue;
      const float* bp = b + p * ldb;
      const VF va = hn::Set(df, aip);
      size_t j = 0;
      for (; j + N <= n; j += N)
        hn::StoreU(hn::MulAdd(va, hn::LoadU(df, bp + j), hn::LoadU(df, ci + j)), df, ci + j);
      for (; j < n; ++j) ci[j] += aip * bp[j];
    }
  }
}

void matmul_nn_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b,
                   size_t ldb, float* c, size_t ldc, bool accumulate) {
  const DF df;
  const size_t N = hn::Lanes(df);
  // The scalar port skips row p of B where a[i][p] == 0. Multiplying instead gives the same
  // result unless such a row holds inf or NaN; only then take the skipping path.
  if (AnyZero(df, a, lda, m, k) && !AllFinite(df, b, ldb, k, n))
    return SkippingNN(df, m, n, k, a, lda, b, ldb, c, ldc, accumulate);
  const size_t strip = kNvNN * N;
  HWY_ALIGN float pad[kKc * kMaxLanes];  // the last n % N columns, zero-padded to N
  HWY_ALIGN float cpad[kMaxLanes * 8];   // and their C rows
  static_assert(kMrNN <= 8, "cpad rows");
  for (size_t p0 = 0; p0 < k; p0 += kKc) {
    const size_t kc = MinSize(kKc, k - p0);
    const bool first = p0 == 0 && !accumulate;  // otherwise KernelNN starts from C
    const float* ab = a + p0;
    const float* bb = b + p0 * ldb;
    size_t j = 0;
    for (; j + strip <= n; j += strip)
      StripNN<kNvNN>(df, m, ab, lda, bb + j, ldb, kc, c + j, ldc, first);
    for (; j + N <= n; j += N) StripNN<1>(df, m, ab, lda, bb + j, ldb, kc, c + j, ldc, first);
    if (j < n) {
      const size_t cols = n - j;
      for (size_t p = 0; p < kc; ++p) {
        std::memcpy(pad + p * N, bb + p * ldb + j, cols * sizeof(float));
        std::memset(pad + p * N + cols, 0, (N - cols) * sizeof(float));
      }
      for (size_t i = 0; i < m; i += kMrNN) {
        const size_t rows = MinSize(kMrNN, m - i);
        for (size_t r = 0; r < rows; ++r) {
          std::memset(cpad + r * N, 0, N * sizeof(float));
          if (!first) std::memcpy(cpad + r * N, c + (i + r) * ldc + j, cols * sizeof(float));
        }
        RowsNN<kMrNN, 1>(df, rows, ab + i * lda, lda, pad, N, kc, cpad, N, first);
        for (size_t r = 0; r < rows; ++r)
          std::memcpy(c + (i + r) * ldc + j, cpad + r * N, cols * sizeof(float));
      }
    }
  }
}

#endif  // HWY_TARGET != HWY_SCALAR
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE && HWY_ARCH_ARM_A64
// SVE: the register blocking above keeps arrays of vectors, which SVE's sizeless types cannot
// form, so this file is built without the SVE targets (mk/target/aarch64.mk HWY_NO_SVE_SRCS) while
// dispatch.cc's tables have them. Their entries are these forwarders to the NEON code (every
// SVE CPU has NEON), which is what SVE CPUs ran when each file dispatched on its own.
namespace attnkit {
namespace highway {
#define ATTNKIT_NEON_ON(target)                                                                \
  namespace target {                                                                           \
  void matmul_nt_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b, \
                     size_t ldb, const float* bias, float alpha, float* c, size_t ldc) {       \
    N_NEON::matmul_nt_f32(m, n, k, a, lda, b, ldb, bias, alpha, c, ldc);                       \
  }                                                                                            \
  void matmul_nn_f32(size_t m, size_t n, size_t k, const float* a, size_t lda, const float* b, \
                     size_t ldb, float* c, size_t ldc, bool accumulate) {                      \
    N_NEON::matmul_nn_f32(m, n, k, a, lda, b, ldb, c, ldc, accumulate);                        \
  }                                                                                            \
  }
#if !(HWY_TARGETS & HWY_SVE)
ATTNKIT_NEON_ON(N_SVE)
#endif
#if !(HWY_TARGETS & HWY_SVE2)
ATTNKIT_NEON_ON(N_SVE2)
#endif
#if !(HWY_TARGETS & HWY_SVE_256)
ATTNKIT_NEON_ON(N_SVE_256)
#endif
#if !(HWY_TARGETS & HWY_SVE2_128)
ATTNKIT_NEON_ON(N_SVE2_128)
#endif
#undef ATTNKIT_NEON_ON
}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE && HWY_ARCH_ARM_A64
