// SPDX-License-Identifier: Apache-2.0
// Fixed-point primitives against gemmlowp's reference, saturation at the extremes, and the
// host quantisation helpers (quant.h).
#include <gemmlowp/fixedpoint/fixedpoint.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "lib/internal/fixed_point.h"
#include "attnkit/quant.h"
#include "support/random_vectors.h"

namespace {

using attnkit::quant_scale;
using attnkit::status;
namespace fx = attnkit::fx;

std::vector<int32_t> edge_values() {
  std::vector<int32_t> v = {INT32_MIN,
                            INT32_MIN + 1,
                            INT32_MAX,
                            INT32_MAX - 1,
                            0,
                            1,
                            -1,
                            2,
                            -2,
                            1 << 30,
                            -(1 << 30),
                            (1 << 30) - 1,
                            -(1 << 30) + 1,
                            12345,
                            -12345,
                            1 << 15,
                            -(1 << 15),
                            3,
                            -3};
  for (int b = 0; b < 31; ++b) {
    v.push_back(1 << b);
    v.push_back(-(1 << b));
    v.push_back((1 << b) + 1);
    v.push_back(-(1 << b) - 1);
  }
  testing_support::rng rng(7);
  for (int i = 0; i < 300; ++i) v.push_back(rng.any_i32());
  return v;
}

TEST(FixedPoint, SrdhmMatchesGemmlowp) {
  const std::vector<int32_t> v = edge_values();
  for (int32_t a : v)
    for (int32_t b : v)
      ASSERT_EQ(fx::srdhm(a, b), gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
          << a << " * " << b;
  EXPECT_EQ(fx::srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(fx::srdhm(INT32_MIN, INT32_MAX), -INT32_MAX);
  EXPECT_EQ(fx::srdhm(INT32_MAX, INT32_MAX), INT32_MAX - 1);
}

TEST(FixedPoint, RdbpotMatchesGemmlowp) {
  for (int32_t x : edge_values())
    for (int e = 0; e <= 31; ++e)
      ASSERT_EQ(fx::rdbpot(x, e), gemmlowp::RoundingDivideByPOT(x, e)) << x << " >> " << e;
  // Ties away from zero.
  EXPECT_EQ(fx::rdbpot(5, 1), 3);
  EXPECT_EQ(fx::rdbpot(-5, 1), -3);
  EXPECT_EQ(fx::rdbpot(INT32_MIN, 31), -1);
  EXPECT_EQ(fx::rdbpot(INT32_MAX, 31), 1);
  EXPECT_EQ(fx::rdbpot(INT32_MIN, 40), 0);  // beyond gemmlowp's range: defined as 0
}

TEST(FixedPoint, SaturatingShiftMatchesGemmlowpPot) {
  for (int32_t x : edge_values()) {
    EXPECT_EQ(fx::sat_shl(x, 1), gemmlowp::SaturatingRoundingMultiplyByPOT<1>(x));
    EXPECT_EQ(fx::sat_shl(x, 7), gemmlowp::SaturatingRoundingMultiplyByPOT<7>(x));
    EXPECT_EQ(fx::sat_shl(x, 30), gemmlowp::SaturatingRoundingMultiplyByPOT<30>(x));
  }
  EXPECT_EQ(fx::sat_shl(INT32_MIN, 31), INT32_MIN);
  EXPECT_EQ(fx::sat_shl(1, 31), INT32_MAX);
  EXPECT_EQ(fx::sat_add(INT32_MAX, 1), INT32_MAX);
  EXPECT_EQ(fx::sat_add(INT32_MIN, -1), INT32_MIN);
}

// TFLite's MultiplyByQuantizedMultiplier (double rounding), where its left shift is defined.
int32_t tflite_mbqm(int32_t x, int32_t m, int shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(x * (1 << left), m), right);
}

TEST(FixedPoint, RequantizeMatchesTflite) {
  testing_support::rng rng(3);
  for (int i = 0; i < 200000; ++i) {
    const int32_t m = rng.range(1 << 30, INT32_MAX), x = rng.range(-(1 << 20), 1 << 20);
    const int shift = rng.range(-31, 10);  // x << 10 fits
    ASSERT_EQ(fx::requantize(x, m, shift), tflite_mbqm(x, m, shift))
        << x << " " << m << " " << shift;
  }
  // Saturates where TFLite would overflow.
  EXPECT_EQ(fx::requantize(INT32_MAX, INT32_MAX, 5), INT32_MAX);
  EXPECT_EQ(fx::requantize(INT32_MIN, INT32_MAX, 5), INT32_MIN);
  EXPECT_EQ(fx::requantize(INT32_MIN, 1 << 30, 31), INT32_MIN);
  EXPECT_EQ(fx::requantize(3, 1 << 30, 40), INT32_MAX);
  EXPECT_EQ(fx::requantize(-3, 1 << 30, 40), INT32_MIN);
  EXPECT_EQ(fx::requantize(0, 1 << 30, 40), 0);
  EXPECT_EQ(fx::requantize(INT32_MIN, INT32_MIN, 0), INT32_MAX);
}

TEST(FixedPoint, QuantizeMultiplierRoundTrips) {
  for (double r : {1.0, 0.5, 0.75, 1e-3, 3.0, 1234.5, 1.0 / 3.0, 0.99999999999, 1e-15, 2e9}) {
    quant_scale q;
    ASSERT_EQ(attnkit::quantize_multiplier(r, &q), status::ok) << r;
    EXPECT_GE(q.multiplier, 1 << 30);
    EXPECT_NEAR(attnkit::quant_scale_value(q), r, r * 1e-9);
  }
  quant_scale q;
  EXPECT_EQ(attnkit::quantize_multiplier(0.0, &q), status::ok);
  EXPECT_EQ(q.multiplier, 0);
  EXPECT_EQ(attnkit::quantize_multiplier(-1.0, &q), status::bad_argument);
  EXPECT_EQ(attnkit::quantize_multiplier(NAN, &q), status::bad_argument);
  EXPECT_EQ(attnkit::quantize_multiplier(3e9, &q), status::bad_argument);
  // 1.0 exactly: multiplier 2^30, shift 1.
  ASSERT_EQ(attnkit::quantize_multiplier(1.0, &q), status::ok);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 1);
}

TEST(FixedPoint, MulScalesIsTheProduct) {
  testing_support::rng rng(5);
  for (int i = 0; i < 10000; ++i) {
    const double a = std::exp2(rng.uniform(-30, 10)), b = std::exp2(rng.uniform(-30, 10));
    quant_scale qa, qb;
    ASSERT_EQ(attnkit::quantize_multiplier(a, &qa), status::ok);
    ASSERT_EQ(attnkit::quantize_multiplier(b, &qb), status::ok);
    const quant_scale p = fx::mul_scales(qa, qb);
    EXPECT_GE(p.multiplier, 1 << 30);
    EXPECT_NEAR(attnkit::quant_scale_value(p), a * b, a * b * 3e-9);
  }
}

TEST(FixedPoint, DivisorGivesDivScalesBits) {
  // The streaming attention remakes k_scale[j] / max per tile through a scale_divisor: every
  // quotient must be div_scales' own, including the multipliers at both ends of [2^30, 2^31),
  // unnormalised ones (1, 37), zero and shifts at the clamp.
  testing_support::rng rng(5);
  std::vector<quant_scale> scales;
  const int32_t ms[] = {
      1, 2, 3, 37, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX, 1518500250, 0};
  const int32_t shifts[] = {0, -7, 5, -(1 << 24), 1 << 24, 31, -31};
  for (int32_t m : ms)
    for (int32_t s : shifts) scales.push_back(quant_scale{m, s});
  for (int i = 0; i < 300; ++i) {
    const int32_t m = rng.range(1, INT32_MAX);
    scales.push_back(quant_scale{m, rng.range(-40, 40)});
  }
  size_t checked = 0;
  for (const quant_scale& b : scales) {
    const fx::scale_divisor d = fx::make_divisor(b);
    for (const quant_scale& a : scales) {
      const quant_scale want = fx::div_scales(a, b), got = fx::div_scales(a, d);
      ASSERT_EQ(got.multiplier, want.multiplier) << a.multiplier << "/" << b.multiplier;
      ASSERT_EQ(got.shift, want.shift) << a.multiplier << "/" << b.multiplier;
      ++checked;
    }
  }
  EXPECT_GT(checked, size_t{100000});
  // The limb product (32-bit cores) against the compiler's 128-bit one.
#if defined(__SIZEOF_INT128__)
  __extension__ typedef unsigned __int128 u128;
  for (int i = 0; i < 100000; ++i) {
    const uint64_t x = i < 8 ? ~uint64_t{0} >> i : rng.next();
    const uint64_t y = i < 8 ? ~uint64_t{0} << i : rng.next();
    ASSERT_EQ(fx::mulhi64_limbs(x, y), static_cast<uint64_t>((static_cast<u128>(x) * y) >> 64));
  }
#endif
}

TEST(Quant, QuantizeDequantize) {
  const float x[] = {0.0f, 1.0f, -1.0f, 0.5f, -0.5f, 0.25f, 100.0f, -100.0f, NAN, INFINITY};
  int8_t q[10];
  ASSERT_EQ(attnkit::quantize_s8(x, 10, 0.5f, q), status::ok);
  const int8_t want[] = {0, 2, -2, 1, -1, 1, 127, -127, 0, 127};  // 0.5 ties away from zero
  for (int i = 0; i < 10; ++i) EXPECT_EQ(q[i], want[i]) << i;
  float y[10];
  ASSERT_EQ(attnkit::dequantize_s8(q, 10, 0.5f, y), status::ok);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(y[6], 63.5f);
  EXPECT_EQ(attnkit::quantize_s8(x, 10, 0.0f, q), status::bad_argument);
  EXPECT_EQ(attnkit::quantize_s8(nullptr, 10, 1.0f, q), status::null_pointer);

  testing_support::rng rng(1);
  std::vector<float> m = testing_support::randn(3 * 50, rng, 3.0f), s(3);
  std::vector<int8_t> qm(m.size());
  std::vector<quant_scale> qs(3);
  ASSERT_EQ(attnkit::quantize_rows_s8(m.data(), 3, 50, qm.data(), s.data(), qs.data()), status::ok);
  for (size_t r = 0; r < 3; ++r) {
    float mx = 0;
    for (size_t j = 0; j < 50; ++j) mx = std::fmax(mx, std::fabs(m[r * 50 + j]));
    EXPECT_FLOAT_EQ(s[r], mx / 127.0f);
    EXPECT_NEAR(attnkit::quant_scale_value(qs[r]), s[r], s[r] * 1e-9);
    for (size_t j = 0; j < 50; ++j) {
      EXPECT_NEAR(qm[r * 50 + j] * s[r], m[r * 50 + j], s[r] * 0.5f + 1e-6f);
      EXPECT_GE(qm[r * 50 + j], -127);
    }
  }
  // An all-zero row quantises to zeros with scale 1.
  std::vector<float> z(8, 0.0f);
  std::vector<int8_t> qz(8, 5);
  float sz = 0;
  ASSERT_EQ(attnkit::quantize_rows_s8(z.data(), 1, 8, qz.data(), &sz), status::ok);
  EXPECT_EQ(sz, 1.0f);
  for (int8_t v : qz) EXPECT_EQ(v, 0);
}

}  // namespace
