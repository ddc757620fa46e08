// SPDX-License-Identifier: Apache-2.0
// Fuzz target: pe_table_f32 / pe_f32 with fuzzer-chosen positions, sizes and bases.
#include <cmath>
#include <limits>

#include "attnkit/pe.h"
#include "fuzz/fuzz.h"
#include "ref/reference.h"
#include "support/metrics.h"

using attnkit::status;

ATTNKIT_FUZZ_TARGET(pe) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8();
  uint32_t pos0 = in.u32();
  if (mode & 2) pos0 %= 4096;  // mostly positions the accuracy promise covers
  const size_t count = in.size(24), d = in.size(40);
  float base = 10000.0f;
  if (mode & 4)
    base = in.raw_f32();
  else if (mode & 8)
    base = 1.0f + in.finite(1e6f) * in.finite(1.0f);
  const bool null_out = (mode & 0xF0) == 0xF0;

  // The contract: which statuses these arguments allow (several when several apply).
  size_t bytes = 0;
  const bool zero = count == 0 || d == 0;
  const bool overflow = !zero && (__builtin_mul_overflow(count, d, &bytes) ||
                                  __builtin_mul_overflow(bytes, sizeof(float), &bytes) ||
                                  count - 1 > UINT32_MAX - pos0);
  const bool bad_base = !(base > 1.0f) || !std::isfinite(base);
  fuzz::expect want;
  want.add(null_out, status::null_pointer);
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(bad_base, status::bad_argument);
  const bool ok_expected = want.ok();
  if (ok_expected && count * d > 24 * 40) return 0;  // valid but too big to allocate here

  fuzz::buffer<float> out(ok_expected ? count * d : 1, in.u8() % 16);
  const bool single = (mode & 1) && count == 1;
  for (const std::string& v : variants) {
    fuzz::select(v);
    const status s =
        single ? attnkit::pe_f32(pos0, d, null_out ? nullptr : out.data(), base)
               : attnkit::pe_table_f32(pos0, count, d, null_out ? nullptr : out.data(), base);
    want.check(s, v + " pos0 " + std::to_string(pos0) + " count " + std::to_string(count) + " d " +
                      std::to_string(d));
    if (!ok_expected) continue;
    for (size_t r = 0; r < count; ++r) {
      const uint64_t pos = uint64_t{pos0} + r;
      const float* y = out.data() + r * d;
      for (size_t j = 0; j < d; ++j)
        FUZZ_CHECK(std::fabs(y[j]) <= 1.0f, v + " pos " + std::to_string(pos));
      // Promised accuracy: 3e-7 for every position below 2^20 (pow in the oracle versus
      // exp/log in the kernel differs by far less).
      if (pos >= (1u << 20)) continue;
      const std::vector<double> ref_pe = ref::pe(static_cast<double>(pos), d, base);
      size_t j = 0;
      FUZZ_CHECK(testing_support::max_abs_error(y, ref_pe.data(), d, &j) <= 3e-7,
                 v + " pos " + std::to_string(pos) + " j " + std::to_string(j) + " d " +
                     std::to_string(d) + " base " + std::to_string(base) + ": " +
                     std::to_string(y[j]) + " vs " + std::to_string(ref_pe[j]));
    }
  }
  return 0;
}
