// SPDX-License-Identifier: Apache-2.0
// The xsimd port's overrides (the SIMD architecture is fixed at compile time,
// xsimd::default_arch); every other kernel is the scalar reference. The per-element integer
// kernels stay scalar: their 32 x 32 -> 64-bit steps are not vectorised by xsimd 8.1.
#pragma once
#include "lib/internal/port_api.h"

namespace attnkit {
// Not `xsimd`: inside namespace attnkit that name would hide the library's ::xsimd.
namespace xsimd_port {
using namespace scalar;  // kernels not overridden below (port_api.h)

ATTNKIT_OVERRIDE(pe_rows_f32);
ATTNKIT_OVERRIDE(softmax_f32);
ATTNKIT_OVERRIDE(matmul_nt_f32);
ATTNKIT_OVERRIDE(matmul_nn_f32);
ATTNKIT_OVERRIDE(layernorm_f32);
ATTNKIT_OVERRIDE(mean_pool_f32);
ATTNKIT_OVERRIDE(softmax_online_f32);
ATTNKIT_OVERRIDE(matmul_nt_s8_s32);
ATTNKIT_OVERRIDE(matmul_nn_q15_s8_s32);

}  // namespace xsimd_port
}  // namespace attnkit
