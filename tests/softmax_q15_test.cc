// SPDX-License-Identifier: Apache-2.0
// softmax_s32_q15: within 2 LSB of round(p * 32768) at every row length up to 4096 and over a
// wide range of scales; masking; identical bytes on every port and target.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "attnkit/quant.h"
#include "attnkit/softmax.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random.h"

namespace {

using attnkit::quant_scale;
using attnkit::status;

quant_scale qs(double s) {
  quant_scale q;
  EXPECT_EQ(attnkit::quantize_multiplier(s, &q), status::ok);
  return q;
}

// round(p * 32768) clamped to 32767, p from the exact scale the kernel uses.
std::vector<int> reference(const std::vector<int32_t>& x, quant_scale s) {
  const double sc = attnkit::quant_scale_value(s);
  int32_t mx = INT32_MIN;
  for (int32_t v : x) mx = std::max(mx, v);
  std::vector<int> r(x.size(), 0);
  if (mx == INT32_MIN) return r;
  double sum = 0;
  std::vector<double> e(x.size(), 0.0);
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] != INT32_MIN) sum += e[i] = std::exp((static_cast<double>(x[i]) - mx) * sc);
  for (size_t i = 0; i < x.size(); ++i)
    r[i] = std::min(32767, static_cast<int>(std::round(e[i] / sum * 32768.0)));
  return r;
}

int max_lsb(const int16_t* y, const std::vector<int>& r) {
  return static_cast<int>(testing_support::max_abs_error(y, r.data(), r.size()));
}

std::vector<size_t> lengths() {
  std::vector<size_t> n;
  for (size_t i = 1; i <= 70; ++i) n.push_back(i);
  for (size_t i = 71; i < 4096; i = i * 9 / 8 + 3) n.push_back(i);
  for (size_t i :
       {127u, 128u, 129u, 255u, 256u, 511u, 512u, 513u, 1000u, 1024u, 2048u, 3000u, 4095u, 4096u})
    n.push_back(i);
  return n;
}

struct row_case {
  std::vector<int32_t> x;
  quant_scale s;
  std::vector<int> ref;
};

// Rows of N(0, sigma) real logits quantised at `scale`, plus flat and one-hot rows.
std::vector<row_case> make_cases() {
  std::vector<row_case> cases;
  testing_support::rng rng(2024);
  const double scales[] = {1.0 / 4096, 1.0 / 256, 1.0 / 32, 0.25, 1.0, 1e-6};
  const double sigmas[] = {0.05, 1.0, 4.0, 20.0};
  size_t k = 0;
  for (size_t n : lengths()) {
    for (double scale : scales) {
      const double sigma = sigmas[k++ % 4];
      row_case c;
      c.s = qs(scale);
      c.x.resize(n);
      for (int32_t& v : c.x) {
        const double q = std::round(rng.normal(0.0, sigma) / scale);
        v = static_cast<int32_t>(std::max(-2e9, std::min(2e9, q)));
      }
      c.ref = reference(c.x, c.s);
      cases.push_back(std::move(c));
    }
  }
  for (size_t n : {1u, 7u, 512u, 4096u}) {  // flat rows, and one spike over a flat row
    row_case c;
    c.s = qs(1.0 / 256);
    c.x.assign(n, 1000);
    c.ref = reference(c.x, c.s);
    cases.push_back(c);
    c.x[n / 2] = 3000;
    c.ref = reference(c.x, c.s);
    cases.push_back(c);
  }
  return cases;
}

TEST(SoftmaxQ15, WithinTwoLsbAtEveryLength) {
  const std::vector<row_case> cases = make_cases();
  std::vector<std::vector<int16_t>> first;
  testing_support::for_each_variant([&](const std::string& variant) {
    std::vector<std::vector<int16_t>> got;
    int worst = 0, worst_long = 0;
    size_t mis = 0;
    for (const row_case& c : cases) {
      testing_support::guarded<int16_t> y(c.x.size(), 2 * (mis++ % 8));
      ASSERT_EQ(attnkit::softmax_s32_q15(c.x.data(), c.x.size(), c.s, y.data()), status::ok);
      ASSERT_TRUE(y.canaries_ok());
      const int e = max_lsb(y.data(), c.ref);
      worst = std::max(worst, e);
      if (c.x.size() >= 1024) worst_long = std::max(worst_long, e);
      EXPECT_LE(e, 2) << "n=" << c.x.size() << " scale=" << attnkit::quant_scale_value(c.s);
      got.push_back(y.vec());
    }
    testing_support::note_error("softmax_s32_q15 (LSB)", variant, worst);
    testing_support::note_error("softmax_s32_q15 n>=1024", variant, worst_long);
    if (first.empty())
      first = got;
    else
      EXPECT_TRUE(got == first) << "bytes differ from the first variant";
  });
}

TEST(SoftmaxQ15, MaskedEntriesAndExtremes) {
  testing_support::for_each_variant([](const std::string&) {
    const quant_scale s = qs(1.0 / 64);
    for (size_t n : {1u, 5u, 17u, 40u, 600u}) {
      std::vector<int32_t> x(n, INT32_MIN);
      std::vector<int16_t> y(n, 7);
      ASSERT_EQ(attnkit::softmax_s32_q15(x.data(), n, s, y.data()), status::ok);
      for (int16_t v : y) EXPECT_EQ(v, 0);  // all masked: zeros
      x[n / 2] = -5;
      ASSERT_EQ(attnkit::softmax_s32_q15(x.data(), n, s, y.data()), status::ok);
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(y[i], i == n / 2 ? 32767 : 0);
      for (size_t i = 0; i < n; i += 2) x[i] = 100;  // half visible, equal: 1/ceil(n/2) each
      ASSERT_EQ(attnkit::softmax_s32_q15(x.data(), n, s, y.data()), status::ok);
      const size_t vis = (n + 1) / 2;
      for (size_t i = 0; i < n; ++i) {
        if (i % 2 == 0) {
          EXPECT_NEAR(y[i], 32768.0 / vis, vis == 1 ? 1 : 0.5);
        } else if (i != n / 2) {
          EXPECT_EQ(y[i], 0);
        }
      }
    }
    // Extreme logits and scales: no overflow anywhere.
    const int32_t ext[] = {INT32_MAX, INT32_MIN + 1, 0, INT32_MAX - 1, INT32_MIN};
    int16_t y[5];
    for (double sc : {1e-12, 1e-6, 1.0, 1e6, 1e9}) {
      ASSERT_EQ(attnkit::softmax_s32_q15(ext, 5, qs(sc), y), status::ok);
      const std::vector<int> r = reference(std::vector<int32_t>(ext, ext + 5), qs(sc));
      for (int i = 0; i < 5; ++i) EXPECT_NEAR(y[i], r[i], 2) << sc << " " << i;
    }
    ASSERT_EQ(attnkit::softmax_s32_q15(ext, 5, quant_scale{}, y), status::ok);  // scale 0
    for (int i = 0; i < 4; ++i) EXPECT_EQ(y[i], 8192);
    EXPECT_EQ(y[4], 0);
  });
}

TEST(SoftmaxQ15, RowsAndArguments) {
  std::vector<int32_t> x(6 * 9);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<int32_t>(i * 37 % 11) * 100;
  std::vector<int16_t> y(x.size()), one(9);
  ASSERT_EQ(attnkit::softmax_rows_s32_q15(x.data(), 6, 9, qs(0.01), y.data()), status::ok);
  for (size_t r = 0; r < 6; ++r) {
    ASSERT_EQ(attnkit::softmax_s32_q15(x.data() + r * 9, 9, qs(0.01), one.data()), status::ok);
    for (size_t c = 0; c < 9; ++c) EXPECT_EQ(y[r * 9 + c], one[c]);
  }
  EXPECT_EQ(attnkit::softmax_s32_q15(nullptr, 4, qs(1), y.data()), status::null_pointer);
  EXPECT_EQ(attnkit::softmax_s32_q15(x.data(), 0, qs(1), y.data()), status::bad_size);
  EXPECT_EQ(attnkit::softmax_s32_q15(x.data(), 4, quant_scale{-5, 0}, y.data()),
            status::bad_argument);
}

}  // namespace
