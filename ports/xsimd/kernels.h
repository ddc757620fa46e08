// SPDX-License-Identifier: Apache-2.0
// The xsimd port's kernels (declarations generated from port_api.inc); the SIMD architecture
// is fixed at compile time (xsimd::default_arch).
#pragma once
#include <cstddef>
#include <cstdint>

#include "port_table.h"

namespace attnkit {
// Not `xsimd`: inside namespace attnkit that name would hide the library's ::xsimd.
namespace xsimd_port {
#define ATTNKIT_PORT_FN ATTNKIT_PORT_DECLARE
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace xsimd_port
}  // namespace attnkit
