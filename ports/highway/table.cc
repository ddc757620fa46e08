// SPDX-License-Identifier: Apache-2.0
// The Highway port's function table.
#include "ports/highway/kernels.h"

namespace attnkit {

const port_table kHighwayPort = {
    "highway",
#define ns_ highway
#define ATTNKIT_PORT_FN ATTNKIT_PORT_ENTRY
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
#undef ns_
};

}  // namespace attnkit
