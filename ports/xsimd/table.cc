// SPDX-License-Identifier: Apache-2.0
// The xsimd port's function table.
#include "ports/xsimd/kernels.h"

namespace attnkit {

const port_table kXsimdPort = {
    "xsimd",
#define ns_ xsimd_port
#define ATTNKIT_PORT_FN ATTNKIT_PORT_ENTRY
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
#undef ns_
};

}  // namespace attnkit
