// SPDX-License-Identifier: Apache-2.0
// Status codes and caller-owned scratch memory shared by every attnkit area.
#pragma once
#include <cstddef>
#include <cstdint>

namespace attnkit {

/// Every public function returns one of these; the library never throws or aborts.
enum class [[nodiscard]] status : int{
    ok = 0,
    null_pointer,       ///< a required pointer was null
    bad_size,           ///< a size is zero or inconsistent with another
    size_overflow,      ///< a size product does not fit in size_t
    scratch_too_small,  ///< scratch.bytes < the matching *_scratch_size()
    bad_argument,       ///< a value is out of its documented range (e.g. base <= 1)
    unsupported,        ///< the requested port or feature is not in this build
};

/// Short English description of a status ("ok", "null pointer", ...); never null.
const char* status_str(status s);

/// Caller-owned working memory. Kernels that need it document a *_scratch_size() and need
/// `bytes` >= that size. Any alignment works (the size includes slack to align to
/// kScratchAlign); the contents need not be initialised and are clobbered.
struct scratch {
  void* data = nullptr;
  size_t bytes = 0;
};

constexpr size_t kScratchAlign = 64;

}  // namespace attnkit
