// SPDX-License-Identifier: Apache-2.0
// Fuzz-target support shared by the libFuzzer binaries and the corpus-replay test.
#include "fuzz/fuzz.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdlib.h>
#include <limits>
#include <stdexcept>

#include "support/variants.h"

namespace fuzz {

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

void fail(const char* file, int line, const std::string& what) {
  const std::string msg = std::string(file) + ":" + std::to_string(line) + ": " + what;
#if defined(ATTNKIT_LIBFUZZER)
  std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n", msg.c_str());
  std::abort();
#else
  throw std::runtime_error(msg);  // the replay test reports it with the corpus file
#endif
}

size_t input::size(size_t small_max) {
  // Sizes whose products overflow size_t in various combinations, and large valid ones.
  // 64-bit values truncate on 32-bit targets (armhf), where the SIZE_MAX ones stay extreme.
  static const size_t kExtreme[] = {size_t{1} << 16,
                                    size_t{1} << 31,
                                    static_cast<size_t>(uint64_t{1} << 32),
                                    static_cast<size_t>((uint64_t{1} << 32) + 1),
                                    static_cast<size_t>(uint64_t{1} << 62),
                                    static_cast<size_t>(uint64_t{1} << 63),
                                    SIZE_MAX / 4 + 1,
                                    SIZE_MAX / 3,
                                    SIZE_MAX / 16,
                                    SIZE_MAX - 1,
                                    SIZE_MAX,
                                    static_cast<size_t>((uint64_t{1} << 61) + 3)};
  const uint8_t sel = u8();
  if ((sel & 7) == 7) return kExtreme[(sel >> 3) % (sizeof kExtreme / sizeof kExtreme[0])];
  return range(0, small_max);
}

float input::value(float lim, bool specials) {
  const uint8_t sel = u8();
  if (specials && sel >= 240) {
    const float inf = std::numeric_limits<float>::infinity();
    const float kSpecial[] = {inf,
                              -inf,
                              std::nanf(""),
                              -std::nanf(""),
                              std::numeric_limits<float>::max(),
                              -std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::denorm_min(),
                              -0.0f,
                              std::numeric_limits<float>::min(),
                              1e30f,
                              -1e30f,
                              0.0f,
                              -inf,
                              -inf,
                              inf,
                              std::nanf("")};
    return kSpecial[sel - 240];
  }
  return finite(lim);
}

const std::vector<std::string>& variants() {
  static const std::vector<std::string> v = [] {
    testing_support::variant list[testing_support::kMaxVariants];
    const size_t n = testing_support::list_variants(list, testing_support::kMaxVariants);
    std::vector<std::string> out;
    for (size_t i = 0; i < n && i < testing_support::kMaxVariants; ++i) out.push_back(list[i].name);
    return out;
  }();
  return v;
}

std::vector<std::string> pick(input& in) {
  const uint8_t b = in.back_u8();
#if defined(ATTNKIT_LIBFUZZER)
  return {variants()[b % variants().size()]};
#else
  (void)b;
  return variants();
#endif
}

void select(const std::string& variant) {
  testing_support::variant list[testing_support::kMaxVariants];
  const size_t n = testing_support::list_variants(list, testing_support::kMaxVariants);
  for (size_t i = 0; i < n && i < testing_support::kMaxVariants; ++i) {
    if (variant != list[i].name) continue;
    if (!testing_support::select_variant(list[i]))
      fail(__FILE__, __LINE__, "cannot select " + variant);
    return;
  }
  fail(__FILE__, __LINE__, "unknown variant " + variant);
}

void* alloc_exact(size_t bytes, size_t misalign, void** block) {
  void* p = nullptr;
  // +1 keeps a zero-length buffer a distinct, dereference-checked pointer.
  if (::posix_memalign(&p, 64, (misalign & 63) + (bytes ? bytes : 1)) != 0) std::abort();
  *block = p;
  unsigned char* b = static_cast<unsigned char*>(p) + (misalign & 63);
  std::memset(b, 0xA5, bytes);
  return b;
}

static std::vector<registered>& registry() {
  static std::vector<registered> r;
  return r;
}

bool register_target(const char* name, target_fn fn) {
  registry().push_back({name, fn});
  return true;
}

const std::vector<registered>& targets() { return registry(); }

}  // namespace fuzz
