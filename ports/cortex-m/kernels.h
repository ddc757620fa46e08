// SPDX-License-Identifier: Apache-2.0
// The Cortex-M port's overrides: DSP (SXTB16 + SMLAD) integer matrix products; every other
// kernel is the scalar reference (float ones in soft-float where the FPU is single precision:
// time, not correctness). lib/src calls them directly (port_table.h, direct mode).
#pragma once
#include "lib/internal/port_api.h"
#include "ports/cortex-m/arch.h"

namespace attnkit {
namespace cortex_m {
using namespace scalar;  // kernels not overridden below (port_api.h)

#if ATTNKIT_CM_DSP
ATTNKIT_OVERRIDE(matmul_nt_s8_s32);
ATTNKIT_OVERRIDE(matmul_nn_q15_s8_s32);
#endif

}  // namespace cortex_m
}  // namespace attnkit
