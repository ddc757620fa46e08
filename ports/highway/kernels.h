// SPDX-License-Identifier: Apache-2.0
// The Highway port's kernels (declared from port_api.inc); each dispatches at run time.
#pragma once
#include <cstddef>
#include <cstdint>

#include "port_table.h"

namespace attnkit {
namespace highway {
#define ATTNKIT_PORT_FN ATTNKIT_PORT_DECLARE
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
}  // namespace highway
}  // namespace attnkit
