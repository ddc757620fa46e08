// SPDX-License-Identifier: Apache-2.0
// The scalar port's kernels (declarations generated from port_api.inc).
#pragma once
#include <cstddef>
#include <cstdint>

#include "port_table.h"

namespace attnkit {
namespace scalar {
#define ATTNKIT_PORT_FN ATTNKIT_PORT_DECLARE
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace scalar
}  // namespace attnkit
