// SPDX-License-Identifier: Apache-2.0
// softmax_s8: bit-exact with TFLite's int8 reference wherever that is defined, within 1 LSB of
// round(256 p) - 128 everywhere (rows up to 65535, flat rows of 512+), same bytes on every
// port and target; gemmlowp's exp and reciprocal reproduced exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "attnkit/softmax.h"
#include "lib/internal/softmax_fx.h"
#include "ref/tflite_softmax.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random.h"

namespace {

using attnkit::status;

TEST(SoftmaxS8, GemmlowpExpAndReciprocalExact) {
  testing_support::rng rng(17);
  std::vector<int32_t> a = {0, -1, INT32_MIN, INT32_MIN + 1, -(1 << 24), -(1 << 26), -(1 << 30)};
  for (int i = 0; i < 2000000; ++i) a.push_back(rng.range(INT32_MIN, 0));
  for (int32_t v : a)
    ASSERT_EQ(attnkit::fx::gl_exp_neg_q5_26(v),
              gemmlowp::exp_on_negative_values(gemmlowp::FixedPoint<int32_t, 5>::FromRaw(v)).raw())
        << v;
  for (int i = 0; i < 2000000; ++i) {
    const int32_t v = rng.any_i32() & INT32_MAX;  // x in [0, 1)
    ASSERT_EQ(
        attnkit::fx::gl_one_over_one_plus_x(v),
        gemmlowp::one_over_one_plus_x_for_x_in_0_1(gemmlowp::FixedPoint<int32_t, 0>::FromRaw(v))
            .raw())
        << v;
  }
}

TEST(SoftmaxS8, ParamsMatchTflitePreprocessing) {
  for (double s : {0.005, 0.01, 0.0625, 0.1, 0.3, 1.0, 3.0, 1e-7, 500.0}) {
    attnkit::softmax_s8_params p;
    ASSERT_EQ(attnkit::softmax_s8_params_from_scale(s, 1.0, &p), status::ok) << s;
    const ref::tflite_softmax_params r = ref::tflite_softmax_prepare(s);
    EXPECT_EQ(p.multiplier, r.multiplier) << s;
    EXPECT_EQ(p.left_shift, r.left_shift) << s;
    EXPECT_EQ(p.diff_min, r.diff_min) << s;
  }
  attnkit::softmax_s8_params p;
  EXPECT_EQ(attnkit::softmax_s8_params_from_scale(1e-9, 1.0, &p), status::bad_argument);
  EXPECT_EQ(attnkit::softmax_s8_params_from_scale(NAN, 1.0, &p), status::bad_argument);
}

// round(256 p) - 128, clamped, from the real inputs (x - max) * scale.
std::vector<int> exact_s8(const std::vector<int8_t>& x, double scale) {
  const int mx = *std::max_element(x.begin(), x.end());
  double sum = 0;
  for (int8_t v : x) sum += std::exp((v - mx) * scale);
  std::vector<int> r(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    r[i] = std::min(127,
                    static_cast<int>(std::round(std::exp((x[i] - mx) * scale) / sum * 256)) - 128);
  return r;
}

struct s8_case {
  std::vector<int8_t> x;
  double scale;
};

std::vector<s8_case> make_cases() {
  std::vector<s8_case> cases;
  testing_support::rng rng(99);
  const double scales[] = {0.005, 0.01, 0.03, 0.0625, 0.1, 0.25, 0.5, 1.0};
  std::vector<size_t> lens;
  for (size_t n = 1; n <= 40; ++n) lens.push_back(n);
  for (size_t n : {63u, 64u, 100u, 255u, 256u, 511u, 512u, 513u, 1000u, 2048u, 4096u, 5000u})
    lens.push_back(n);
  for (size_t n : lens) {
    for (double s : scales) {
      for (int kind = 0; kind < 3; ++kind) {
        s8_case c{std::vector<int8_t>(n), s};
        for (int8_t& v : c.x) {
          if (kind == 0) {
            v = rng.any_s8();
          } else if (kind == 1) {
            v = static_cast<int8_t>(
                std::max(-128.0, std::min(127.0, std::round(rng.normal(0, 20)))));
          } else {
            v = 0;
          }
        }
        if (kind == 2 && n > 1) c.x[rng.below(n)] = 127;  // one spike over a flat row
        cases.push_back(c);
      }
    }
  }
  for (size_t n : {511u, 512u, 513u, 1024u, 4095u, 4096u, 4097u, 65535u})  // flat rows
    for (double s : {0.01, 1.0}) cases.push_back({std::vector<int8_t>(n, 5), s});
  return cases;
}

TEST(SoftmaxS8, TfliteExactWhereDefinedAndOneLsbEverywhere) {
  const std::vector<s8_case> cases = make_cases();
  std::vector<std::vector<int8_t>> first;
  testing_support::for_each_variant([&](const std::string& variant) {
    std::vector<std::vector<int8_t>> got;
    size_t defined = 0, undefined = 0;
    int worst = 0;
    for (const s8_case& c : cases) {
      attnkit::softmax_s8_params p;
      ASSERT_EQ(attnkit::softmax_s8_params_from_scale(c.scale, 1.0, &p), status::ok);
      std::vector<int8_t> y(c.x.size(), 7), r(c.x.size());
      ASSERT_EQ(attnkit::softmax_s8(c.x.data(), c.x.size(), p, y.data()), status::ok);
      const ref::tflite_softmax_params rp{p.multiplier, p.left_shift, p.diff_min};
      if (ref::tflite_softmax_s8(c.x.data(), c.x.size(), rp, r.data())) {
        ++defined;
        ASSERT_EQ(y, r) << "n=" << c.x.size() << " scale=" << c.scale;
      } else {
        ++undefined;
      }
      const std::vector<int> e = exact_s8(c.x, c.scale);
      worst = std::max(
          worst, static_cast<int>(testing_support::max_abs_error(y.data(), e.data(), y.size())));
      got.push_back(y);
    }
    EXPECT_GT(defined, 1000u);
    EXPECT_GT(undefined, 30u);
    EXPECT_LE(worst, 1);
    testing_support::note_error("softmax_s8 vs round(256p)", variant, worst);
    if (first.empty()) {
      first = got;
    } else {
      EXPECT_TRUE(got == first) << "bytes differ from the first variant";
    }
  });
}

// 10^5 random rows (lengths 1..160, scales 0.005..1) against the TFLite oracle, on the
// default variant (the test above checks that every variant gives the same bytes).
TEST(SoftmaxS8, HundredThousandRandomRowsExact) {
  testing_support::rng rng(123);
  size_t defined = 0;
  for (int row = 0; row < 100000; ++row) {
    const size_t n = static_cast<size_t>(rng.range(1, 160));
    const double scale = std::exp(rng.uniform(std::log(0.005), 0.0));
    const int lo = rng.range(-128, 127), hi = std::max(lo, static_cast<int>(rng.range(-128, 127)));
    std::vector<int8_t> x(n), y(n), r(n);
    for (int8_t& e : x) e = static_cast<int8_t>(rng.range(lo, hi));
    attnkit::softmax_s8_params p;
    ASSERT_EQ(attnkit::softmax_s8_params_from_scale(scale, 1.0, &p), status::ok);
    ASSERT_EQ(attnkit::softmax_s8(x.data(), n, p, y.data()), status::ok);
    if (ref::tflite_softmax_s8(x.data(), n, {p.multiplier, p.left_shift, p.diff_min}, r.data())) {
      ++defined;
      ASSERT_EQ(y, r) << "row " << row << " n=" << n << " scale=" << scale;
    }
  }
  EXPECT_GT(defined, 90000u);
}

TEST(SoftmaxS8, FlatRowsBeyondTfliteAndInPlace) {
  testing_support::for_each_variant([](const std::string&) {
    attnkit::softmax_s8_params p;
    ASSERT_EQ(attnkit::softmax_s8_params_from_scale(0.1, 1.0, &p), status::ok);
    for (size_t n : {256u, 511u, 512u, 513u, 10000u, 65535u}) {
      std::vector<int8_t> x(n, -3);
      ASSERT_EQ(attnkit::softmax_s8(x.data(), n, p, x.data()), status::ok);  // in place
      const int want = static_cast<int>(std::round(256.0 / n)) - 128;
      for (int8_t v : x) ASSERT_NEAR(v, want, 1) << n;
      if (n >= 512) {
        for (int8_t v : x) ASSERT_EQ(v, -128) << n;  // CMSIS-NN gives +127 at 512
      }
    }
    std::vector<int8_t> rows(3 * 5, 0), out(15);
    rows[7] = 100;
    ASSERT_EQ(attnkit::softmax_rows_s8(rows.data(), 3, 5, p, out.data()), status::ok);
    EXPECT_EQ(out[7], 127);
    EXPECT_EQ(out[0], out[4]);
  });
  attnkit::softmax_s8_params p;
  int8_t x[4] = {}, y[4];
  EXPECT_EQ(attnkit::softmax_s8(nullptr, 4, p, y), status::null_pointer);
  EXPECT_EQ(attnkit::softmax_s8(x, 0, p, y), status::bad_size);
  p.left_shift = 40;
  EXPECT_EQ(attnkit::softmax_s8(x, 4, p, y), status::bad_argument);
}

}  // namespace
