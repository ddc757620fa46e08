// SPDX-License-Identifier: Apache-2.0
// Cortex-M test firmware: golden vectors and float checks on every port the build has, the
// DSP kernels against the scalar port; exit status = failed cases (semihosting).
#include "attnkit/port.h"
#include "ports/cortex-m/board/semihost.h"
#include "tests/cortex-m/check.h"

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
  size_t n = 0;
  const char* const* names = attnkit::port_names(&n);
  for (size_t i = 0; i < n; ++i) {
    if (attnkit::select_port(names[i]) != attnkit::status::ok) {
      fw::report("select_port", names[i], false);
      continue;
    }
    fw::golden_cases(names[i]);
    fw::float_checks(names[i]);
  }
  fw::dsp_checks();
  return fw::failures();
}
