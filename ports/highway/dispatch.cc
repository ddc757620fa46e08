// SPDX-License-Identifier: Apache-2.0
// Highway port: one run-time dispatcher per kernel of ATTNKIT_HIGHWAY_KERNELS (kernels.h),
// generated, so no signature is restated here.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "ports/highway/dispatch.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "ports/highway/kernels.h"

// Per target: declares the versions the area files define. HWY_SCALAR (one lane, CPUs without
// SSE4) takes the scalar reference instead: the same loops, no second copy.
HWY_BEFORE_NAMESPACE();
namespace attnkit {
namespace highway {
namespace HWY_NAMESPACE {
#if HWY_TARGET == HWY_SCALAR
using namespace ::attnkit::scalar;
#else
#define ATTNKIT_HIGHWAY_DECLARE(fn) ATTNKIT_OVERRIDE(fn);
ATTNKIT_HIGHWAY_KERNELS(ATTNKIT_HIGHWAY_DECLARE)
#undef ATTNKIT_HIGHWAY_DECLARE
#endif
}  // namespace HWY_NAMESPACE
}  // namespace highway
}  // namespace attnkit
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace attnkit {
namespace highway {
namespace {

// Calls the entry of `table` for the chosen target, as HWY_DYNAMIC_DISPATCH does.
template <class Sig>
struct dispatcher;
template <class... Args>
struct dispatcher<void(Args...)> {
  template <void (*const* table)(Args...)>
  static void call(Args... args) {
#if (HWY_TARGETS & (HWY_TARGETS - 1)) == 0  // one target: HWY_EXPORT makes a 1-entry table
    (*table[0])(args...);
#else
    (*table[hwy::GetChosenTarget().GetIndex()])(args...);
#endif
  }
};

}  // namespace

#define ATTNKIT_HIGHWAY_EXPORT(fn) \
  HWY_EXPORT(fn);                  \
  kernel_sig::fn* const fn = &dispatcher<kernel_sig::fn>::call<HWY_DISPATCH_TABLE(fn)>;
ATTNKIT_HIGHWAY_KERNELS(ATTNKIT_HIGHWAY_EXPORT)
#undef ATTNKIT_HIGHWAY_EXPORT

}  // namespace highway
}  // namespace attnkit
#endif  // HWY_ONCE
