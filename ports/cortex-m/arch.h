// SPDX-License-Identifier: Apache-2.0
// Cortex-M capabilities, derived from the ACLE macros in this one place (never from -D flags).
#pragma once

// SIMD32 (SXTB16, SMLAD and friends): Cortex-M4, M7, M33 with DSP, M55.
#if defined(__ARM_FEATURE_SIMD32) && defined(__ARM_FEATURE_DSP)
#define ATTNKIT_CM_DSP 1
#include <arm_acle.h>
#else
#define ATTNKIT_CM_DSP 0
#endif
