// SPDX-License-Identifier: Apache-2.0
// The libhwy.so symbols Highway 1.0.3's dispatch needs, shared by hwy_runtime_x86.cc and
// hwy_runtime_arm.cc: each includes this inside namespace hwy after defining Detect() (the
// CPU's targets, SCALAR and EMU128 included). The includer brings <atomic>, <cstdarg>,
// <cstdio> and <cstdlib>. No include guard: one includer per build.

namespace {
std::atomic<int64_t> g_for_test{0};
std::atomic<int64_t> g_disabled{0};
}  // namespace

int64_t SupportedTargets() {
  const int64_t forced = g_for_test.load();
  const int64_t base = forced ? forced : Detect();
  return base & ~g_disabled.load();
}

void DisableTargets(int64_t disabled) {
  g_disabled = disabled & ~(HWY_SCALAR | HWY_EMU128);
  GetChosenTarget().Update(SupportedTargets());
}

void SetSupportedTargetsForTest(int64_t targets) {
  g_for_test = targets;
  GetChosenTarget().Update(SupportedTargets());
}

ChosenTarget& GetChosenTarget() {
  static ChosenTarget chosen;
  return chosen;
}

HWY_NORETURN void HWY_FORMAT(3, 4) Abort(const char* file, int line, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::fprintf(stderr, "Abort at %s:%d: ", file, line);
  std::vfprintf(stderr, format, args);
  va_end(args);
  std::fputc('\n', stderr);
  std::abort();
}
