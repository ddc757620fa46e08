// SPDX-License-Identifier: Apache-2.0
// Replaces the libhwy.so symbols Highway 1.0.3 dynamic dispatch needs on ARM Linux (the cross
// builds have no arm64/armhf libhwy.so); CPU features from getauxval, SVE length from prctl.
#if (defined(__aarch64__) || defined(__arm__)) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#include <sys/prctl.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include "hwy/targets.h"

namespace hwy {
namespace {

int64_t Detect() {
  int64_t t = HWY_SCALAR | HWY_EMU128;
#if defined(__aarch64__)
  // Every AArch64 core has Advanced SIMD. Highway's own check also wants AES (HWCAP_AES), which
  // attnkit's kernels never use; requiring it would drop boards like the Raspberry Pi 4 to SCALAR.
  t |= HWY_NEON;
  const unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
  const bool sve = (hw & HWCAP_SVE) != 0;
  const bool sve2 = sve && (hw2 & HWCAP2_SVE2) && (hw2 & HWCAP2_SVEAES);
  const long vl = sve ? prctl(PR_SVE_GET_VL, 0, 0, 0, 0) : -1;
  const long bytes = vl < 0 ? 0 : (vl & PR_SVE_VL_LEN_MASK);  // vector length in bytes
  if (sve) t |= HWY_SVE;
  if (sve2) t |= HWY_SVE2;
  if (sve && bytes == 32) t |= HWY_SVE_256;
  if (sve2 && bytes == 16) t |= HWY_SVE2_128;
#else
  const unsigned long hw = getauxval(AT_HWCAP);
  if ((hw & HWCAP_NEON) && (hw & HWCAP_VFPv4)) t |= HWY_NEON;
#endif
  return t;
}

}  // namespace

#include "ports/highway/hwy_runtime_common.h"

}  // namespace hwy
#endif  // ARM Linux
