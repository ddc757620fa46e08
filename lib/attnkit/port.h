// SPDX-License-Identifier: Apache-2.0
// Choosing the kernel implementation (port) at run time; the only global state in attnkit.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// Names of the ports compiled into this build, e.g. {"scalar", "highway"}; `count` receives
/// how many. The first entry is the default.
const char* const* port_names(size_t* count);

/// Selects the port used by every later call ("scalar", "highway", "xsimd", ...).
/// Returns status::unsupported if it is not in this build. Not thread-safe against
/// concurrent kernel calls: choose once at start-up.
status select_port(const char* name);

/// Name of the port in use.
const char* current_port();

}  // namespace attnkit
