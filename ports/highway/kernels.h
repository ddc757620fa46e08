// SPDX-License-Identifier: Apache-2.0
// The Highway port's overrides, listed once: ATTNKIT_HIGHWAY_KERNELS. Each is defined per SIMD
// target as highway::HWY_NAMESPACE::<kernel> in the file of its area and dispatched at run time
// by highway::<kernel> (dispatch.cc); every kernel not listed is the scalar reference.
#pragma once
#include "lib/internal/port_api.h"

// clang-format off
#define ATTNKIT_HIGHWAY_KERNELS(X) \
  X(pe_rows_f32) \
  X(softmax_f32) \
  X(matmul_nt_f32) \
  X(matmul_nn_f32) \
  X(layernorm_f32) \
  X(mean_pool_f32) \
  X(softmax_online_f32) \
  X(matmul_nt_s8_s32) \
  X(matmul_nn_q15_s8_s32) \
  X(requantize_cols_s32) \
  X(requantize_outer_s32) \
  X(requantize_rows_s8) \
  X(softmax_s32_q15) \
  X(softmax_s8) \
  X(pe_rows_q15)
// clang-format on

namespace attnkit {
namespace highway {
using namespace scalar;  // kernels not listed above (port_api.h)

// The dispatchers: pointers fixed at compile time, each calls the best target's version.
#define ATTNKIT_HIGHWAY_DISPATCHER(fn) extern kernel_sig::fn* const fn;
ATTNKIT_HIGHWAY_KERNELS(ATTNKIT_HIGHWAY_DISPATCHER)
#undef ATTNKIT_HIGHWAY_DISPATCHER

}  // namespace highway
}  // namespace attnkit
