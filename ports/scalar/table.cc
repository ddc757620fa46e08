// SPDX-License-Identifier: Apache-2.0
// The scalar port's function table.
#include "kernels.h"

namespace attnkit {

const port_table kScalarPort = {
    "scalar",
#define ns_ scalar
#define ATTNKIT_PORT_FN ATTNKIT_PORT_ENTRY
#include "attnkit/port_api.inc"
#undef ATTNKIT_PORT_FN
#undef ns_
};

}  // namespace attnkit
