// SPDX-License-Identifier: Apache-2.0
// Cortex-M test firmware: golden vectors and float checks on every variant the build has
// (tests/support/variants.h), the DSP kernels against the scalar port; exit status = failed
// cases (semihosting).
#include "attnkit/port.h"
#include "ports/cortex-m/board/semihost.h"
#include "tests/cortex-m/check.h"
#include "tests/support/variants.h"

namespace fw {
namespace {
int g_failures = 0;
}

void report(const char* name, const char* variant, bool ok, const char* why, long long a,
            long long b) {
  sh::write(ok ? "ok " : "not ok ");
  sh::write(name);
  if (variant) {
    sh::write(" [");
    sh::write(variant);
    sh::write("]");
  }
  if (!ok) {
    ++g_failures;
    if (why) {
      sh::write(": ");
      sh::write(why);
      sh::write(" ");
      sh::write_int(a);
      sh::write(" ");
      sh::write_int(b);
    }
  }
  sh::write("\n");
}

int failures() { return g_failures; }

}  // namespace fw

int main() {
  static testing_support::variant variants[testing_support::kMaxVariants];
  const size_t n = testing_support::list_variants(variants, testing_support::kMaxVariants);
  for (size_t i = 0; i < n && i < testing_support::kMaxVariants; ++i) {
    const testing_support::variant& v = variants[i];
    if (!testing_support::select_variant(v)) {
      fw::report("select_port", v.name, false);
      continue;
    }
    fw::golden_cases(v.name);
    fw::float_checks(v.name);
  }
  testing_support::reset_variant();
  fw::dsp_checks();
  return fw::failures();
}
