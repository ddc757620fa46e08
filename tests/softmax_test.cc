// SPDX-License-Identifier: Apache-2.0
// softmax_f32 / softmax_rows_f32 against the double oracle on every port and target.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "attnkit/softmax.h"
#include "ref/reference.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::status;
constexpr float kInf = std::numeric_limits<float>::infinity();

// Relative per element where the result is a normal float (subnormal results carry no
// relative precision); a zero result must be exactly zero.
double rel_error(const std::vector<float>& y, const std::vector<double>& r) {
  return testing_support::max_rel_error_above(y.data(), r.data(), y.size(),
                                              testing_support::kTinyFloat);
}

TEST(Softmax, MatchesDoubleOnOddSizesAndWideSpreads) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(1);
    for (size_t n : {1u, 2u, 3u, 7u, 15u, 16u, 17u, 31u, 33u, 64u, 100u, 1000u, 4097u, 65536u}) {
      for (float spread : {0.1f, 3.0f, 30.0f, 300.0f}) {
        const std::vector<float> x = testing_support::randn(n, rng, spread, 5.0f);
        std::vector<float> y(n);
        ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
        EXPECT_LE(rel_error(y, ref::softmax(x.data(), n)), 1e-6)
            << "n=" << n << " spread=" << spread;
        double s = 0;
        for (float v : y) s += v;
        EXPECT_NEAR(s, 1.0, 1e-5);
      }
    }
  });
}

TEST(Softmax, MaskedEntriesAndFullyMaskedRows) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t n : {1u, 5u, 17u, 40u}) {
      std::vector<float> x(n, -kInf), y(n, 7.0f);
      ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
      for (float v : y) EXPECT_EQ(v, 0.0f);
      x[n / 2] = 3.0f;
      ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
      for (size_t i = 0; i < n; ++i) EXPECT_EQ(y[i], i == n / 2 ? 1.0f : 0.0f);
    }
  });
}

TEST(Softmax, RowsAndInPlace) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(2);
    const size_t rows = 9, cols = 19;
    const std::vector<float> x = testing_support::randn(rows * cols, rng);
    std::vector<float> y = x;
    ASSERT_EQ(attnkit::softmax_rows_f32(y.data(), rows, cols, y.data()), status::ok);
    for (size_t r = 0; r < rows; ++r) {
      const std::vector<double> ref = ref::softmax(x.data() + r * cols, cols);
      EXPECT_LE(testing_support::max_rel_error(y.data() + r * cols, ref.data(), cols), 1e-6)
          << "row " << r;
    }
  });
}

TEST(Softmax, RejectsBadArguments) {
  float x[4] = {}, y[4];
  EXPECT_EQ(attnkit::softmax_f32(nullptr, 4, y), status::null_pointer);
  EXPECT_EQ(attnkit::softmax_f32(x, 4, nullptr), status::null_pointer);
  EXPECT_EQ(attnkit::softmax_f32(x, 0, y), status::bad_size);
  EXPECT_EQ(attnkit::softmax_rows_f32(x, SIZE_MAX / 2, 4, y), status::size_overflow);
}

}  // namespace
