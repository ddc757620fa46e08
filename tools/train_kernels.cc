// SPDX-License-Identifier: Apache-2.0
// Run-time choice among the per-ISA builds of the training kernels.
#include "train_kernels.h"

namespace train_kernels {

namespace base {
extern const impl kImpl;
}
#if defined(__x86_64__) && defined(ATTNKIT_TRAIN_ISA)
namespace avx2 {
extern const impl kImpl;
}
namespace avx512 {
extern const impl kImpl;
}
#endif

const impl* const* all(size_t* count) {
  static const impl* list[3];
  static const size_t n = [] {
    size_t k = 0;
#if defined(__x86_64__) && defined(ATTNKIT_TRAIN_ISA)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
      list[k++] = &avx512::kImpl;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) list[k++] = &avx2::kImpl;
#endif
    list[k++] = &base::kImpl;
    return k;
  }();
  *count = n;
  return list;
}

const impl& best() {
  size_t n;
  return *all(&n)[0];
}

}  // namespace train_kernels
