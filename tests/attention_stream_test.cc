// SPDX-License-Identifier: Apache-2.0
// Streaming (online-softmax) attention: scratch independent of nk, same results as the oracle.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "attnkit/attention.h"
#include "ref/reference.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::status;

using testing_support::randn;

// Max |out - ref| relative to max |ref|.
double rel_err(const std::vector<float>& y, const std::vector<double>& r) {
  return testing_support::rel_to_max_error(y.data(), r.data(), y.size());
}

TEST(AttentionStreaming, ScratchIsIndependentOfSequenceLength) {
  const size_t small = attnkit::attention_f32_scratch_size({4096, 300, 64, 64});
  const size_t big = attnkit::attention_f32_scratch_size({4096, 4096, 64, 64});
  // nq * nk * sizeof(float) must still fit a 32-bit size_t (armhf).
  const size_t huge = attnkit::attention_f32_scratch_size({1 << 14, 1 << 14, 128, 128});
  EXPECT_EQ(small, big);
  EXPECT_EQ(big, huge);  // P V accumulates into the output: no dv part either
  // min(nq, 64) x (min(nk, 128) + 3) floats plus 64-byte alignment of the 4 parts (attention.h).
  const size_t formula = 64 * (128 + 3) * sizeof(float);
  EXPECT_GE(big, formula);
  EXPECT_LE(big, formula + 5 * 64);
  EXPECT_LT(attnkit::attention_f32_scratch_size({4096, 4096, 128, 128}), 64u * 1024);
}

TEST(AttentionStreaming, Long4096MatchesOracleWithUnder64KiB) {
  testing_support::rng rng(7);
  const size_t n = 4096, d = 32, nq = 19;  // few queries keep the double oracle quick
  const auto q = randn(nq * d, rng), k = randn(n * d, rng), v = randn(n * d, rng);
  std::vector<double> ro, rw;
  ref::attention(q.data(), k.data(), v.data(), nq, n, d, d, nullptr, false, d, d, d, &ro, &rw);
  const attnkit::attention_dims dims{nq, n, d, d};
  const size_t bytes = attnkit::attention_f32_scratch_size(dims);
  ASSERT_LT(bytes, 64u * 1024);
  testing_support::for_each_variant([&](const std::string&) {
    std::vector<unsigned char> buf(bytes);
    std::vector<float> out(nq * d);
    ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), {},
                                     {buf.data(), buf.size()}),
              status::ok);
    EXPECT_LE(rel_err(out, ro), 1e-5);
  });
}

TEST(AttentionStreaming, AgreesWithWeightsPathOnTiledShapes) {
  testing_support::rng rng(8);
  for (size_t nk : {1u, 3u, 127u, 128u, 129u, 300u}) {
    for (size_t nq : {1u, 17u, 40u}) {
      for (bool causal : {false, true}) {
        const size_t dk = 17, dv = 5;
        const auto q = randn(nq * dk, rng), k = randn(nk * dk, rng), v = randn(nk * dv, rng);
        std::vector<float> mask = randn(nq * nk, rng);
        for (size_t i = 0; i < mask.size(); i += 7)
          mask[i] = -std::numeric_limits<float>::infinity();
        std::vector<double> ro, rw;
        ref::attention(q.data(), k.data(), v.data(), nq, nk, dk, dv, mask.data(), causal, dk, dk,
                       dv, &ro, &rw);
        const attnkit::attention_dims dims{nq, nk, dk, dv};
        testing_support::for_each_variant([&](const std::string&) {
          std::vector<unsigned char> buf(attnkit::attention_f32_scratch_size(dims));
          std::vector<float> out(nq * dv), out2(nq * dv), w(nq * nk);
          attnkit::attention_opts o;
          o.causal = causal;
          o.mask = mask.data();
          ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), o,
                                           {buf.data(), buf.size()}),
                    status::ok);
          o.weights = w.data();
          ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out2.data(), o, {}),
                    status::ok);
          EXPECT_LE(rel_err(out, ro), 1e-5) << nq << "x" << nk << " causal " << causal;
          EXPECT_LE(rel_err(out2, ro), 1e-5) << nq << "x" << nk << " causal " << causal;
        });
      }
    }
  }
}

TEST(AttentionStreaming, NonFiniteScoresMatchTheWeightsPath) {
  // A +inf score (overflowing q.k) takes all the mass; NaN poisons only its own row.
  const float inf = std::numeric_limits<float>::infinity();
  const size_t nq = 3, nk = 200, d = 2;
  std::vector<float> q(nq * d, 1.0f), k(nk * d, 0.5f), v(nk * d);
  for (size_t j = 0; j < nk; ++j) v[j * d] = static_cast<float>(j), v[j * d + 1] = 1.0f;
  k[150 * d] = inf;          // every query sees +inf at key 150
  q[2 * d] = std::nanf("");  // query 2 is NaN
  const attnkit::attention_dims dims{nq, nk, d, d};
  testing_support::for_each_variant([&](const std::string&) {
    std::vector<unsigned char> buf(attnkit::attention_f32_scratch_size(dims));
    std::vector<float> a(nq * d), b(nq * d), w(nq * nk);
    attnkit::attention_opts o;
    ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), a.data(), o,
                                     {buf.data(), buf.size()}),
              status::ok);
    o.weights = w.data();
    ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), b.data(), o, {}),
              status::ok);
    for (size_t r = 0; r < 2; ++r) {
      EXPECT_EQ(a[r * d], 150.0f);
      EXPECT_EQ(b[r * d], 150.0f);
    }
    EXPECT_TRUE(std::isnan(a[2 * d]));
    EXPECT_TRUE(std::isnan(b[2 * d]));
  });
}

}  // namespace
