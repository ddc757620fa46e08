// SPDX-License-Identifier: Apache-2.0
// Bare-metal test harness: one line per case, "ok NAME" or "not ok NAME: why" (counted by
// tests/run_tests.sh); main returns the number of failed cases as qemu's exit status.
#pragma once
#include <cstddef>

namespace fw {

/// Prints the case's line; `variant` (the port) is appended to the name when non-null.
void report(const char* name, const char* variant, bool ok, const char* why = nullptr,
            long long a = 0, long long b = 0);
int failures();

// The case groups (golden.cc, float_checks.cc, dsp_checks.cc); each reports its own cases.
void golden_cases(const char* port);
void float_checks(const char* port);
void dsp_checks();

}  // namespace fw
