// SPDX-License-Identifier: Apache-2.0
// Cortex-M integer matrix products on the DSP extension: SXTB16 widens two int8 lanes to int16,
// SMLAD multiplies two int16 pairs and accumulates; exact int32 sums, so bit-identical to scalar.
#include <cstring>

#include "ports/cortex-m/arch.h"
#include "ports/cortex-m/kernels.h"

namespace attnkit {
namespace cortex_m {

#if ATTNKIT_CM_DSP
namespace {

inline int32_t load32(const void* p) {  // LDR allows unaligned addresses on M4/M7/M33/M55
  int32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline int32_t ror8(int32_t v) {  // folds into SXTB16's rotate operand
  const uint32_t u = static_cast<uint32_t>(v);
  return static_cast<int32_t>((u >> 8) | (u << 24));
}

// sum_p a[p] * b[p] for p < k: four int8 products per two SMLADs.
inline int32_t dot_s8(const int8_t* a, const int8_t* b, size_t k) {
  int32_t acc = 0;
  size_t p = 0;
  for (; p + 4 <= k; p += 4) {
    const int32_t wa = load32(a + p), wb = load32(b + p);
    acc = __smlad(__sxtb16(wa), __sxtb16(wb), acc);              // bytes 0 and 2
    acc = __smlad(__sxtb16(ror8(wa)), __sxtb16(ror8(wb)), acc);  // bytes 1 and 3
  }
  for (; p < k; ++p) acc += static_cast<int32_t>(a[p]) * b[p];
  return acc;
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
    // Four columns at a time, two rows of b per SMLAD: the pair (b[p][j], b[p+1][j]) is built
    // from two SXTB16 results by half-word packing.
    for (; j + 4 <= n; j += 4) {
      int32_t c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      size_t p = 0;
      for (; p + 2 <= k; p += 2) {
        const int32_t ap = load32(ai + p);  // (a[p], a[p+1]) as int16 x 2
        if (ap == 0) continue;              // masked weights: skip these rows of b
        const int32_t w0 = load32(b + p * ldb + j), w1 = load32(b + (p + 1) * ldb + j);
        const uint32_t e0 = static_cast<uint32_t>(__sxtb16(w0));        // (b[p][j], b[p][j+2])
        const uint32_t e1 = static_cast<uint32_t>(__sxtb16(w1));        // (b[p+1][j], b[p+1][j+2])
        const uint32_t o0 = static_cast<uint32_t>(__sxtb16(ror8(w0)));  // columns j+1, j+3
        const uint32_t o1 = static_cast<uint32_t>(__sxtb16(ror8(w1)));
        c0 = __smlad(ap, static_cast<int32_t>((e0 & 0xFFFFu) | (e1 << 16)), c0);
        c2 = __smlad(ap, static_cast<int32_t>((e0 >> 16) | (e1 & 0xFFFF0000u)), c2);
        c1 = __smlad(ap, static_cast<int32_t>((o0 & 0xFFFFu) | (o1 << 16)), c1);
        c3 = __smlad(ap, static_cast<int32_t>((o0 >> 16) | (o1 & 0xFFFF0000u)), c3);
      }
      if (p < k && ai[p] != 0) {
        const int32_t ap = ai[p];
        const int8_t* bp = b + p * ldb + j;
        c0 += ap * bp[0];
        c1 += ap * bp[1];
        c2 += ap * bp[2];
        c3 += ap * bp[3];
      }
      ci[j] = c0;
      ci[j + 1] = c1;
      ci[j + 2] = c2;
      ci[j + 3] = c3;
    }
    for (; j < n; ++j) {
      int32_t acc = 0;
      for (size_t p = 0; p < k; ++p) acc += static_cast<int32_t>(ai[p]) * b[p * ldb + j];
      ci[j] = acc;
    }
  }
}

#endif

}  // namespace cortex_m
}  // namespace attnkit
