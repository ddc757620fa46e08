// SPDX-License-Identifier: Apache-2.0
// Highway port: enumerating, naming and forcing the compiled SIMD targets.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/targets.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/targets.h"

HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {

const char* TargetNameImpl() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attnkit {
namespace highway {
HWY_EXPORT(TargetNameImpl);

namespace {

int64_t g_forced = 0;

// What the CPU supports, even while a target is forced (SupportedTargets() then reports only
// the forced one).
int64_t cpu_targets() {
  if (g_forced == 0) return hwy::SupportedTargets();
  hwy::SetSupportedTargetsForTest(0);
  const int64_t t = hwy::SupportedTargets();
  hwy::SetSupportedTargetsForTest(g_forced);
  return t;
}

}  // namespace

size_t supported_targets(int64_t* out, size_t cap) {
  // Same walk as hwy::SupportedAndGeneratedTargets(), without its std::vector; the lowest bit
  // is the best target.
  size_t count = 0;
  for (int64_t t = cpu_targets() & HWY_TARGETS; t != 0; t &= t - 1) {
    if (count < cap && out != nullptr) out[count] = t & ~(t - 1);
    ++count;
  }
  return count;
}

const char* target_name(int64_t target) { return hwy::TargetName(target); }

void force_target(int64_t target) {
  g_forced = target;
  hwy::SetSupportedTargetsForTest(target);
}

const char* current_target() { return HWY_DYNAMIC_DISPATCH(TargetNameImpl)(); }

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
