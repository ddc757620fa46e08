// SPDX-License-Identifier: Apache-2.0
// Stands in for libhwy.so on x86: the symbols Highway 1.0.3 dispatch needs (valgrind-safe).
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "hwy/targets.h"

namespace hwy {
namespace {

bool bit(unsigned reg, int i) { return ((reg >> i) & 1u) != 0; }

// Raw CPUID + XGETBV, with the feature sets Highway 1.0.3 requires per target.
int64_t Detect() {
  unsigned a, b, c1, d, b7 = 0, c7 = 0;
  if (!__get_cpuid(1, &a, &b, &c1, &d)) return HWY_SCALAR | HWY_EMU128;
  __get_cpuid_count(7, 0, &a, &b7, &c7, &d);
  unsigned xcr0 = 0;
  if (bit(c1, 27)) {  // OSXSAVE
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = lo;
  }
  const bool os_avx = (xcr0 & 0x6) == 0x6;
  const bool os_avx512 = os_avx && (xcr0 & 0xE0) == 0xE0;
  const bool ssse3 = bit(c1, 9);
  const bool sse4 = ssse3 && bit(c1, 19) && bit(c1, 20) && bit(c1, 1) && bit(c1, 25);
  const bool avx2 = sse4 && os_avx && bit(c1, 28) && bit(c1, 12) && bit(c1, 29) && bit(b7, 5) &&
                    bit(b7, 3) && bit(b7, 8);
  const bool avx3 = avx2 && os_avx512 && bit(b7, 16) && bit(b7, 17) && bit(b7, 30) && bit(b7, 31);
  const bool avx3_dl = avx3 && bit(c7, 1) && bit(c7, 6) && bit(c7, 8) && bit(c7, 9) &&
                       bit(c7, 10) && bit(c7, 11) && bit(c7, 12) && bit(c7, 14);
  int64_t t = HWY_SCALAR | HWY_EMU128;
  if (ssse3) t |= HWY_SSSE3;
  if (sse4) t |= HWY_SSE4;
  if (avx2) t |= HWY_AVX2;
  if (avx3) t |= HWY_AVX3;
  if (avx3_dl) t |= HWY_AVX3_DL;
  return t;
}

}  // namespace

#include "ports/highway/hwy_runtime_common.h"

}  // namespace hwy
#endif  // x86
