// SPDX-License-Identifier: Apache-2.0
// The scalar port: the portable reference, one definition of every kernel of port_api.inc
// (declared in lib/internal/port_api.h), in the file of its area.
#pragma once
#include "lib/internal/port_api.h"
