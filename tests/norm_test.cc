// SPDX-License-Identifier: Apache-2.0
// layernorm_f32 and mean_pool_f32 against double oracles, edge rows and argument checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "attnkit/norm.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::status;
using testing_support::guarded;
using testing_support::kFloatU;
using testing_support::max_abs_error;
using testing_support::max_scaled_error;
using testing_support::randn;

// Layer norm bound per element: kLnTol * ref::layernorm_scale, i.e.
// kLnTol * (|gamma| * (1 + 2 max|x| / sqrt(var + eps)) + |beta|). The factor is the row's
// condition number: an error in the mean of a few ulps of max|x| moves every output by that
// much over the standard deviation. 4e-6 is ~64 u; a one-pass E[x^2] - E[x]^2 variance fails
// it as soon as |mean| / std reaches ~1e3.
constexpr double kLnTol = 4e-6;

// Largest error of y in units of the bound above (<= 1 passes).
double layernorm_error(const float* y, const float* x, size_t rows, size_t d, const float* gamma,
                       const float* beta, float eps) {
  const std::vector<double> r = ref::layernorm(x, rows, d, gamma, beta, eps);
  std::vector<double> bound = ref::layernorm_scale(x, rows, d, gamma, beta, eps);
  for (double& b : bound) b *= kLnTol;
  return testing_support::max_scaled_error(y, r.data(), bound.data(), rows * d);
}

TEST(LayerNorm, MatchesDouble) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(41);
    size_t mis = 0;
    for (size_t rows : {1u, 3u, 17u}) {
      for (size_t d : {1u, 2u, 3u, 15u, 16u, 17u, 64u, 100u, 1280u}) {
        for (int affine = 0; affine < 4; ++affine) {
          for (float eps : {1e-5f, 1e-3f, 1.0f}) {
            const auto x = randn(rows * d, rng, 2.0f, 0.3f);
            const auto gamma = randn(d, rng, 0.5f, 1.0f), beta = randn(d, rng);
            const float* g = (affine & 1) ? gamma.data() : nullptr;
            const float* b = (affine & 2) ? beta.data() : nullptr;
            guarded<float> gx(x.size(), (mis % 3) * 4), y(x.size(), (mis % 4) * 4);
            gx.assign(x);
            ++mis;
            ASSERT_EQ(attnkit::layernorm_f32(gx.data(), rows, d, g, b, eps, y.data()), status::ok);
            ASSERT_TRUE(y.canaries_ok());
            const double e = layernorm_error(y.data(), x.data(), rows, d, g, b, eps);
            testing_support::note_error("layernorm (/bound)", variant, e);
            const std::vector<double> r = ref::layernorm(x.data(), rows, d, g, b, eps);
            testing_support::note_error("layernorm (max abs)", variant,
                                        max_abs_error(y.data(), r.data(), r.size()));
            ASSERT_LE(e, 1.0) << rows << "x" << d << " affine " << affine << " eps " << eps;
          }
        }
      }
    }
  });
}

// Rows far from zero, very wide or very narrow: the bound scales with the condition number.
TEST(LayerNorm, OffsetAndScaledRows) {
  struct row_kind {
    float mean, sd, eps;
  };
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(42);
    for (row_kind k :
         {row_kind{1e4f, 1.0f, 1e-5f}, row_kind{-3e3f, 1e-2f, 0.0f}, row_kind{1e3f, 1.0f, 1e-5f},
          row_kind{0.0f, 1e15f, 1e-5f}, row_kind{0.0f, 1e-12f, 0.0f}, row_kind{5.0f, 1e-3f, 0.0f},
          row_kind{0.0f, 1e-3f, 1.0f}}) {
      for (size_t d : {3u, 17u, 64u, 1280u}) {
        const size_t rows = 5;
        const auto x = randn(rows * d, rng, k.sd, k.mean);
        const auto gamma = randn(d, rng, 0.5f, 1.0f), beta = randn(d, rng);
        std::vector<float> y(x.size());
        ASSERT_EQ(
            attnkit::layernorm_f32(x.data(), rows, d, gamma.data(), beta.data(), k.eps, y.data()),
            status::ok);
        const double e =
            layernorm_error(y.data(), x.data(), rows, d, gamma.data(), beta.data(), k.eps);
        testing_support::note_error("layernorm (/bound)", variant, e);
        EXPECT_LE(e, 1.0) << "mean " << k.mean << " sd " << k.sd << " d " << d;
      }
    }
  });
}

// Values whose sums are exact in float: the mean is the value, so every output is beta.
TEST(LayerNorm, ConstantRowsGiveBeta) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(43);
    for (size_t d : {1u, 3u, 16u, 17u, 64u, 100u}) {
      for (float c : {0.5f, -3.0f, 1024.0f, 7.25f, 0.0f}) {
        const size_t rows = 3;
        std::vector<float> x(rows * d, c), y(rows * d);
        const auto gamma = randn(d, rng, 0.5f, 1.0f), beta = randn(d, rng);
        ASSERT_EQ(
            attnkit::layernorm_f32(x.data(), rows, d, gamma.data(), beta.data(), 1e-5f, y.data()),
            status::ok);
        for (size_t t = 0; t < y.size(); ++t)
          ASSERT_EQ(y[t], beta[t % d]) << "d " << d << " c " << c << " at " << t;
        ASSERT_EQ(attnkit::layernorm_f32(x.data(), rows, d, nullptr, nullptr, 1e-5f, y.data()),
                  status::ok);
        for (size_t t = 0; t < y.size(); ++t) ASSERT_EQ(y[t], 0.0f) << "d " << d << " c " << c;
      }
    }
  });
}

TEST(LayerNorm, InPlaceEqualsOutOfPlace) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(44);
    for (size_t d : {1u, 3u, 17u, 100u, 1280u}) {
      const size_t rows = 7;
      const auto x = randn(rows * d, rng, 3.0f, 1.0f);
      const auto gamma = randn(d, rng), beta = randn(d, rng);
      std::vector<float> y(x.size()), z = x;
      ASSERT_EQ(
          attnkit::layernorm_f32(x.data(), rows, d, gamma.data(), beta.data(), 1e-5f, y.data()),
          status::ok);
      ASSERT_EQ(
          attnkit::layernorm_f32(z.data(), rows, d, gamma.data(), beta.data(), 1e-5f, z.data()),
          status::ok);
      EXPECT_EQ(std::memcmp(y.data(), z.data(), y.size() * 4), 0) << d;
    }
  });
}

TEST(LayerNorm, RejectsBadArguments) {
  float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, y[8];
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(attnkit::layernorm_f32(nullptr, 2, 4, nullptr, nullptr, 1e-5f, y),
            status::null_pointer);
  EXPECT_EQ(attnkit::layernorm_f32(x, 2, 4, nullptr, nullptr, 1e-5f, nullptr),
            status::null_pointer);
  EXPECT_EQ(attnkit::layernorm_f32(x, 0, 4, nullptr, nullptr, 1e-5f, y), status::bad_size);
  EXPECT_EQ(attnkit::layernorm_f32(x, 2, 0, nullptr, nullptr, 1e-5f, y), status::bad_size);
  EXPECT_EQ(attnkit::layernorm_f32(x, SIZE_MAX / 2, 4, nullptr, nullptr, 1e-5f, y),
            status::size_overflow);
  for (float eps : {-1e-5f, nan, inf, -inf})
    EXPECT_EQ(attnkit::layernorm_f32(x, 2, 4, nullptr, nullptr, eps, y), status::bad_argument)
        << eps;
  EXPECT_EQ(attnkit::layernorm_f32(x, 2, 4, nullptr, nullptr, 0.0f, y), status::ok);
  EXPECT_EQ(attnkit::layernorm_f32(x, 2, 4, nullptr, nullptr, -0.0f, y), status::ok);
}

// Column means: within (rows + 1) u mean|x| of double for any summation order.
TEST(MeanPool, MatchesDouble) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(45);
    size_t mis = 0;
    for (size_t rows : {1u, 2u, 3u, 17u, 100u, 1000u}) {
      for (size_t d : {1u, 3u, 16u, 17u, 64u, 1280u}) {
        for (float mean : {0.0f, 1e4f}) {
          const auto x = randn(rows * d, rng, 1.0f, mean);
          guarded<float> gx(x.size(), (mis % 3) * 4), y(d, (mis % 4) * 4);
          gx.assign(x);
          ++mis;
          ASSERT_EQ(attnkit::mean_pool_f32(gx.data(), rows, d, y.data()), status::ok);
          ASSERT_TRUE(y.canaries_ok());
          const std::vector<double> r = ref::mean_pool(x.data(), rows, d);
          std::vector<double> bound = ref::mean_pool_scale(x.data(), rows, d);
          for (double& b : bound) b *= (rows + 1) * kFloatU;
          const double e = max_scaled_error(y.data(), r.data(), bound.data(), d);
          testing_support::note_error("mean_pool (/bound)", variant, e);
          ASSERT_LE(e, 1.0) << rows << "x" << d << " mean " << mean;
        }
      }
    }
  });
}

TEST(MeanPool, OneRowIsTheRow) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(46);
    for (size_t d : {1u, 3u, 17u, 1280u}) {
      const auto x = randn(d, rng);
      std::vector<float> y(d);
      ASSERT_EQ(attnkit::mean_pool_f32(x.data(), 1, d, y.data()), status::ok);
      EXPECT_EQ(x, y);
    }
  });
}

TEST(MeanPool, RejectsBadArguments) {
  float x[8] = {}, y[4];
  EXPECT_EQ(attnkit::mean_pool_f32(nullptr, 2, 4, y), status::null_pointer);
  EXPECT_EQ(attnkit::mean_pool_f32(x, 2, 4, nullptr), status::null_pointer);
  EXPECT_EQ(attnkit::mean_pool_f32(x, 0, 4, y), status::bad_size);
  EXPECT_EQ(attnkit::mean_pool_f32(x, 2, 0, y), status::bad_size);
  EXPECT_EQ(attnkit::mean_pool_f32(x, SIZE_MAX / 2, 4, y), status::size_overflow);
}

}  // namespace
