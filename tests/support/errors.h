// SPDX-License-Identifier: Apache-2.0
// Test support: collects the largest measured error per kernel and variant for a summary.
#pragma once
#include <string>

namespace testing_support {

/// Records `err` (in the metric the kernel's test bounds) for `kernel` on `variant`; the
/// largest per pair is printed after the run when ATTNKIT_ERROR_REPORT is set.
void note_error(const std::string& kernel, const std::string& variant, double err);

}  // namespace testing_support
