// SPDX-License-Identifier: Apache-2.0
// Fuzz target: softmax_f32 / softmax_rows_f32 with fuzzer-chosen shapes and values, including
// NaN and +-inf; every output is checked against the semantics documented in softmax.h.
#include <cmath>
#include <limits>

#include "attnkit/softmax.h"
#include "fuzz/fuzz.h"
#include "ref/reference.h"

using attnkit::status;

namespace {

// The documented result for one row: -inf masked, all -inf -> zeros, NaN -> all NaN,
// +inf entries share the mass, otherwise within 1e-6 relative of double (normal range).
void check_row(const float* x, const float* y, size_t n, const std::string& where) {
  bool nan = false, finite_or_pos = false;
  size_t pos_inf = 0;
  for (size_t i = 0; i < n; ++i) {
    nan = nan || std::isnan(x[i]);
    if (x[i] == std::numeric_limits<float>::infinity()) ++pos_inf;
    if (!(x[i] == -std::numeric_limits<float>::infinity())) finite_or_pos = true;
  }
  if (nan) {
    for (size_t i = 0; i < n; ++i)
      FUZZ_CHECK(std::isnan(y[i]), where + " NaN row, i " + std::to_string(i) + " x " +
                                       std::to_string(x[i]) + " y " + std::to_string(y[i]));
    return;
  }
  if (!finite_or_pos) {
    for (size_t i = 0; i < n; ++i) FUZZ_CHECK(y[i] == 0.0f, where + " all -inf row");
    return;
  }
  if (pos_inf > 0) {
    const float share = 1.0f / static_cast<float>(pos_inf);
    for (size_t i = 0; i < n; ++i) {
      const bool inf = x[i] == std::numeric_limits<float>::infinity();
      FUZZ_CHECK(inf ? std::fabs(y[i] - share) <= 1e-6f * share : y[i] == 0.0f,
                 where + " +inf row, i " + std::to_string(i) + " y " + std::to_string(y[i]));
    }
    return;
  }
  const std::vector<double> r = ref::softmax(x, n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) {
    FUZZ_CHECK(y[i] >= 0.0f && y[i] <= 1.0f, where + " out of [0, 1]: " + std::to_string(y[i]));
    if (x[i] == -std::numeric_limits<float>::infinity())
      FUZZ_CHECK(y[i] == 0.0f, where + " masked entry not 0");
    // Relative accuracy where the result is a normal float; subnormal results carry none.
    if (r[i] >= 1e-37)
      FUZZ_CHECK(std::fabs(y[i] - r[i]) <= 1e-6 * r[i], where + " i " + std::to_string(i) + ": " +
                                                            std::to_string(y[i]) + " vs " +
                                                            std::to_string(r[i]));
    else
      FUZZ_CHECK(y[i] <= 2e-37f, where + " tiny entry too large");
    sum += y[i];
  }
  FUZZ_CHECK(std::fabs(sum - 1.0) <= 1e-5, where + " sum " + std::to_string(sum));
}

}  // namespace

ATTNKIT_FUZZ_TARGET(softmax) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8();
  const size_t rows = in.size(6), cols = in.size(70);
  const bool nulls = (mode & 0xC0) == 0xC0;
  const bool alias = mode & 1;
  const bool zero = rows == 0 || cols == 0;
  size_t elems = 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(rows, cols, &elems) || elems > SIZE_MAX / sizeof(float));
  fuzz::expect want;
  want.add(nulls, status::null_pointer);
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  const bool ok_expected = want.ok();
  if (ok_expected && elems > 6 * 70) return 0;

  const size_t n = ok_expected ? elems : 1;
  std::vector<float> x(n);
  const float lim = (mode & 2) ? 100.0f : (mode & 4) ? 1e30f : 8.0f;
  for (float& v : x) v = (mode & 8) ? in.raw_f32() : in.value(lim, mode & 16);
  fuzz::buffer<float> y(n, in.u8() % 16);
  for (const std::string& v : variants) {
    fuzz::select(v);
    for (size_t i = 0; i < n; ++i) y[i] = alias ? x[i] : std::nanf("");
    const float* xp = nulls && (mode & 32) ? nullptr : alias ? y.data() : x.data();
    float* yp = nulls && !(mode & 32) ? nullptr : y.data();
    const status s = rows == 1 && (mode & 64) ? attnkit::softmax_f32(xp, cols, yp)
                                              : attnkit::softmax_rows_f32(xp, rows, cols, yp);
    want.check(s, v + " " + std::to_string(rows) + "x" + std::to_string(cols));
    if (!ok_expected) continue;
    for (size_t r = 0; r < rows; ++r)
      check_row(x.data() + r * cols, y.data() + r * cols, cols,
                v + " row " + std::to_string(r) + " of " + std::to_string(rows) + "x" +
                    std::to_string(cols));
  }
  return 0;
}
