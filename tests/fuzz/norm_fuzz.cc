// SPDX-License-Identifier: Apache-2.0
// Fuzz target: layernorm_f32 and mean_pool_f32 with fuzzer-chosen shapes, eps and values
// (any finite float included), against double oracles; finite inputs must give no NaN.
#include <cmath>
#include <limits>

#include "attnkit/norm.h"
#include "fuzz/fuzz.h"
#include "ref/reference.h"

using attnkit::status;

namespace {

bool all_finite(const std::vector<float>& v) {
  for (float x : v)
    if (!std::isfinite(x)) return false;
  return true;
}

}  // namespace

ATTNKIT_FUZZ_TARGET(norm) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8();
  const bool pool = mode & 1, affine = mode & 2, alias = mode & 4, raw = mode & 8;
  const bool nulls = (mode & 0xF0) == 0xF0;
  const size_t rows = in.size(8), d = in.size(72);
  float eps = 1e-5f;
  if (mode & 16)
    eps = in.raw_f32();
  else if (mode & 32)
    eps = 0.0f;
  const bool zero = rows == 0 || d == 0;
  size_t t = 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(rows, d, &t) || t > SIZE_MAX / sizeof(float));
  const bool bad_eps = !pool && (!(eps >= 0.0f) || !std::isfinite(eps));
  fuzz::expect expected;
  expected.add(nulls, status::null_pointer);
  expected.add(zero, status::bad_size);
  expected.add(overflow, status::size_overflow);
  expected.add(bad_eps, status::bad_argument);
  const bool ok_expected = expected.ok();
  if (ok_expected && (rows > 8 || d > 72)) return 0;
  const size_t r = ok_expected ? rows : 1, n = ok_expected ? d : 1;

  // raw: any bit pattern (finite values up to FLT_MAX, NaN, inf); else bounded with an offset
  // (a large common offset with a small spread is the ill-conditioned case).
  const float offset = (mode & 64) ? in.finite(1e4f) : 0.0f;
  std::vector<float> x(r * n), gamma(affine ? n : 0), beta(affine ? n : 0);
  for (float& v : x) v = raw ? in.raw_f32() : offset + in.value(3.0f, mode & 128);
  if ((mode & 0x60) == 0x60)  // constant rows
    for (size_t i = 0; i < r; ++i)
      for (size_t j = 1; j < n; ++j) x[i * n + j] = x[i * n];
  for (float& v : gamma) v = raw ? in.raw_f32() : in.finite(2.0f);
  for (float& v : beta) v = raw ? in.raw_f32() : in.finite(2.0f);
  const bool finite = all_finite(x) && all_finite(gamma) && all_finite(beta);

  std::vector<double> want;
  if (ok_expected && finite)
    want = pool ? ref::mean_pool(x.data(), r, n)
                : ref::layernorm(x.data(), r, n, affine ? gamma.data() : nullptr,
                                 affine ? beta.data() : nullptr, eps);
  const size_t out_n = pool ? n : r * n;
  fuzz::buffer<float> y(alias && !pool ? r * n : out_n, in.u8() % 16);
  for (const std::string& var : variants) {
    fuzz::select(var);
    float* yp = y.data();
    if (alias && !pool) std::memcpy(yp, x.data(), r * n * sizeof(float));
    const float* xp = alias && !pool ? yp : x.data();
    const status st =
        pool ? attnkit::mean_pool_f32(nulls ? nullptr : xp, rows, d, yp)
             : attnkit::layernorm_f32(xp, rows, d, affine ? gamma.data() : nullptr,
                                      affine ? beta.data() : nullptr, eps, nulls ? nullptr : yp);
    const std::string where = var + (pool ? " mean_pool " : " layernorm ") + std::to_string(rows) +
                              "x" + std::to_string(d) + " eps " + std::to_string(eps);
    expected.check(st, where);
    if (!ok_expected) continue;
    if (!finite) continue;
    for (size_t i = 0; i < out_n; ++i) {
      // Finite inputs never give NaN, except the documented 0/0 of a constant row with eps 0.
      const bool zero_var_ok = !pool && eps == 0.0f;
      if (!zero_var_ok) FUZZ_CHECK(!std::isnan(y[i]), where + " NaN at " + std::to_string(i));
      if (std::isnan(want[i])) continue;
      // Rounding in double before the one float rounding: what can cancel is the scale.
      const size_t j = i % n;
      double slack = 0;
      if (pool) {
        for (size_t k = 0; k < r; ++k) slack += std::fabs(x[k * n + j]);
        slack /= static_cast<double>(r);
      } else {
        slack = std::sqrt(static_cast<double>(n)) * (affine ? std::fabs(gamma[j]) : 1.0) +
                (affine ? std::fabs(beta[j]) : 0.0);
      }
      const double tol = 1e-6 * std::fabs(want[i]) + 1e-12 * slack;
      if (std::fabs(want[i]) > std::numeric_limits<float>::max()) {
        FUZZ_CHECK(std::isinf(y[i]) || std::fabs(y[i]) >= 3.4e38f, where + " overflow");
        continue;
      }
      FUZZ_CHECK(std::fabs(y[i] - want[i]) <= tol + 1.5e-45, where + " at " + std::to_string(i) +
                                                                 ": " + std::to_string(y[i]) +
                                                                 " vs " + std::to_string(want[i]));
    }
  }
  return 0;
}
