// SPDX-License-Identifier: Apache-2.0
// Probe training: label maps, the seeded split, optimality of the logistic fit in scikit-learn's
// parametrisation, separable and noisy data, ridge, int8, determinism and the ISA kernels.
#include "train.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "support/random.h"
#include "train_kernels.h"

namespace {

// n samples in d dims from K Gaussian blobs; `spread` sets the overlap.
struct blobs {
  std::vector<float> x;
  std::vector<int64_t> y;
};
blobs make_blobs(size_t n, size_t d, size_t K, double spread, uint64_t seed,
                 const std::vector<int64_t>& labels = {}) {
  testing_support::rng g(seed);
  std::vector<double> centres(K * d);
  for (double& c : centres) c = 2.0 * g.normal();
  blobs b;
  for (size_t i = 0; i < n; ++i) {
    const size_t k = i % K;
    for (size_t j = 0; j < d; ++j) b.x.push_back(float(centres[k * d + j] + spread * g.normal()));
    b.y.push_back(labels.empty() ? int64_t(k) : labels[k]);
  }
  return b;
}

// Gradient of scikit-learn's objective at the fitted probe, in double: the fit is optimal for
// exactly that objective when this is ~0.
double max_grad(const akp::probe& p, const std::vector<float>& x, const std::vector<int32_t>& cls,
                double C) {
  const size_t n = cls.size(), d = p.dims, K = p.classes;
  std::vector<double> gw(K * d, 0.0), gb(K, 0.0), z(K);
  for (size_t i = 0; i < n; ++i) {
    double mx = -1e300;
    for (size_t c = 0; c < K; ++c) {
      z[c] = p.b[c];
      for (size_t j = 0; j < d; ++j) z[c] += double(p.w[c * d + j]) * x[i * d + j];
      mx = std::max(mx, z[c]);
    }
    double s = 0;
    for (double& v : z) s += (v = std::exp(v - mx));
    for (size_t c = 0; c < K; ++c) {
      const double r = z[c] / s - (size_t(cls[i]) == c ? 1.0 : 0.0);
      gb[c] += r / double(n);
      for (size_t j = 0; j < d; ++j) gw[c * d + j] += r * x[i * d + j] / double(n);
    }
  }
  double m = 0;
  for (size_t i = 0; i < K * d; ++i) m = std::max(m, std::abs(gw[i] + p.w[i] / (C * double(n))));
  for (double v : gb) m = std::max(m, std::abs(v));
  return m;
}

double fit_accuracy(const akp::probe& p, const blobs& b) {
  const size_t n = b.y.size();
  return train::accuracy(train::argmax_labels(p, train::scores_f32(p, b.x.data(), n)), b.y.data(),
                         n);
}

TEST(Train, LabelMapSortsAndIndexesAnyIntegers) {
  const int64_t y[] = {40, -3, 7, 40, 2147483647, -3};
  const train::label_map m = train::map_labels(y, 6);
  EXPECT_EQ(m.labels, (std::vector<int32_t>{-3, 7, 40, 2147483647}));
  EXPECT_EQ(m.index, (std::vector<int32_t>{2, 0, 1, 2, 3, 0}));
  const int64_t big[] = {1, int64_t{1} << 40};
  EXPECT_THROW(train::map_labels(big, 2), std::invalid_argument);
}

TEST(Train, SplitIsSeededDisjointAndComplete) {
  const train::split a = train::make_split(2500, 0.2, 7), b = train::make_split(2500, 0.2, 7);
  EXPECT_EQ(a.test, b.test);
  EXPECT_EQ(a.train, b.train);
  EXPECT_EQ(a.test.size(), 500u);
  EXPECT_EQ(a.train.size(), 2000u);
  std::set<size_t> all(a.test.begin(), a.test.end());
  all.insert(a.train.begin(), a.train.end());
  EXPECT_EQ(all.size(), 2500u);
  EXPECT_NE(train::make_split(2500, 0.2, 8).test, a.test);
  // Shuffled: the test set is not just the first or last rows.
  size_t low = 0;
  for (size_t i : a.test) low += i < 1250;
  EXPECT_GT(low, 200u);
  EXPECT_LT(low, 300u);
  EXPECT_EQ(train::make_split(10, 0.25, 1).test.size(), 3u);  // ceil, as scikit-learn
  EXPECT_EQ(train::make_split(10, 0.0, 1).test.size(), 0u);
  EXPECT_EQ(train::make_split(10, 0.0, 1).train.size(), 10u);
  EXPECT_EQ(train::make_split(3, 0.01, 1).test.size(), 1u);
  EXPECT_THROW(train::make_split(1, 0.5, 1), std::invalid_argument);
  EXPECT_THROW(train::make_split(10, 1.0, 1), std::invalid_argument);
}

TEST(Train, SeparableDataIsFitPerfectly) {
  const blobs b = make_blobs(300, 6, 3, 0.1, 1, {10, -4, 99});
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  train::fit_info info;
  const akp::probe p =
      train::fit_classifier(b.x.data(), b.y.size(), 6, m.index.data(), m.labels, {}, &info);
  EXPECT_EQ(p.labels, (std::vector<int32_t>{-4, 10, 99}));
  EXPECT_DOUBLE_EQ(fit_accuracy(p, b), 1.0);
  EXPECT_TRUE(info.converged) << info.stop;
  EXPECT_LE(max_grad(p, b.x, m.index, 1.0), 2e-4);
}

TEST(Train, NoisyDataReachesTheOptimumOfTheScikitLearnObjective) {
  const blobs b = make_blobs(600, 10, 4, 2.5, 2);
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  for (double C : {0.01, 1.0, 100.0}) {
    train::options o;
    o.C = C;
    o.max_iter = 500;
    o.tol = 1e-6;
    train::fit_info info;
    const akp::probe p =
        train::fit_classifier(b.x.data(), b.y.size(), 10, m.index.data(), m.labels, o, &info);
    SCOPED_TRACE(C);
    EXPECT_TRUE(info.converged) << info.stop;
    EXPECT_LE(max_grad(p, b.x, m.index, C), 1e-4);  // float products: ~1e-6 relative
    const double acc = fit_accuracy(p, b);
    EXPECT_GT(acc, 0.5);   // well above chance (0.25)
    EXPECT_LT(acc, 0.99);  // but the blobs overlap
  }
}

TEST(Train, StandardisationIsFoldedForScoring) {
  blobs b = make_blobs(200, 4, 2, 0.7, 3);
  for (size_t i = 0; i < b.y.size(); ++i) b.x[i * 4 + 1] = 1000.0f + 50.0f * b.x[i * 4 + 1];
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  train::options o;
  o.standardize = true;
  const akp::probe p =
      train::fit_classifier(b.x.data(), b.y.size(), 4, m.index.data(), m.labels, o);
  ASSERT_TRUE(p.standardized);
  EXPECT_NEAR(p.mean[1], 1000.0f, 300.0f);
  EXPECT_GT(fit_accuracy(p, b), 0.9);
}

TEST(Train, ResultsDoNotDependOnTheThreadCount) {
  const blobs b = make_blobs(257, 9, 5, 1.5, 4);
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  akp::probe ref;
  for (unsigned t : {1u, 2u, 3u, 8u}) {
    train::options o;
    o.threads = t;
    const akp::probe p =
        train::fit_classifier(b.x.data(), b.y.size(), 9, m.index.data(), m.labels, o);
    if (t == 1) ref = p;
    EXPECT_EQ(p.w, ref.w) << t;
    EXPECT_EQ(p.b, ref.b) << t;
  }
}

TEST(Train, EveryIsaKernelComputesTheSameLossAndGradient) {
  const size_t n = 150, d = 37, K = 7;
  testing_support::rng g(5);
  std::vector<float> x(n * d), w(K * d), b(K);
  std::vector<int32_t> y(n);
  for (float& v : x) v = float(g.normal());
  for (float& v : w) v = float(0.3 * g.normal());
  for (float& v : b) v = float(g.normal());
  for (int32_t& v : y) v = int32_t(g.below(K));
  // Double reference.
  double ref_loss = 0;
  std::vector<double> ref_g(K * d, 0.0);
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> z(K);
    double mx = -1e300;
    for (size_t c = 0; c < K; ++c) {
      z[c] = b[c];
      for (size_t j = 0; j < d; ++j) z[c] += double(w[c * d + j]) * x[i * d + j];
      mx = std::max(mx, z[c]);
    }
    double s = 0;
    for (double v : z) s += std::exp(v - mx);
    ref_loss += std::log(s) + mx - z[size_t(y[i])];
    for (size_t c = 0; c < K; ++c) {
      const double r = std::exp(z[c] - mx) / s - (size_t(y[i]) == c);
      for (size_t j = 0; j < d; ++j) ref_g[c * d + j] += r * x[i * d + j];
    }
  }
  size_t count = 0;
  const train_kernels::impl* const* all = train_kernels::all(&count);
  ASSERT_GE(count, 1u);
  for (size_t k = 0; k < count; ++k) {
    SCOPED_TRACE(all[k]->name);
    std::vector<float> G(K * d), work(train_kernels::work_floats(K));
    std::vector<double> gb(K);
    const double loss = all[k]->softmax_loss_grad(x.data(), n, d, y.data(), K, w.data(), b.data(),
                                                  G.data(), gb.data(), work.data());
    EXPECT_NEAR(loss, ref_loss, 1e-4 * ref_loss);
    for (size_t i = 0; i < K * d; ++i) EXPECT_NEAR(G[i], ref_g[i], 1e-3 * (1 + std::abs(ref_g[i])));
  }
}

TEST(Train, RidgeRecoversALinearFunction) {
  testing_support::rng g(6);
  for (size_t n : {40u, 400u}) {  // the dual (n < d) and the primal system
    const size_t d = 60;
    std::vector<float> x(n * d);
    std::vector<double> y(n), w(d);
    for (double& v : w) v = g.normal();
    for (float& v : x) v = float(g.normal());
    for (size_t i = 0; i < n; ++i) {
      y[i] = 3.5;
      for (size_t j = 0; j < d; ++j) y[i] += w[j] * x[i * d + j];
    }
    train::options o;
    o.C = 1e6;  // almost no penalty
    const akp::probe p = train::fit_regressor(x.data(), n, d, y.data(), o);
    EXPECT_EQ(p.kind, akp::task::regression);
    const std::vector<float> pred = train::scores_f32(p, x.data(), n);
    EXPECT_GT(train::r2_score(pred, y.data(), n), 0.999) << n;
    if (n > d) {
      EXPECT_NEAR(p.b[0], 3.5, 1e-2);
      for (size_t j = 0; j < d; ++j) EXPECT_NEAR(p.w[j], w[j], 1e-2);
    }
    EXPECT_LT(train::mean_abs_error(pred, y.data(), n), 0.05);
  }
}

TEST(Train, Int8FormAgreesWithFloat) {
  const blobs b = make_blobs(400, 32, 6, 1.2, 7);
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  train::options o;
  o.standardize = true;
  akp::probe p = train::fit_classifier(b.x.data(), b.y.size(), 32, m.index.data(), m.labels, o);
  train::quantize_s8(&p, b.x.data(), b.y.size());
  ASSERT_TRUE(p.has_s8);
  const size_t n = b.y.size();
  const std::vector<int32_t> f = train::argmax_labels(p, train::scores_f32(p, b.x.data(), n));
  const std::vector<int32_t> q = train::argmax_labels(p, train::scores_s8(p, b.x.data(), n));
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += f[i] == q[i];
  EXPECT_GE(double(same) / double(n), 0.99);
  EXPECT_NO_THROW(akp::decode(akp::encode(p), "q"));
}

TEST(Train, BadInputsAreRejected) {
  const blobs b = make_blobs(20, 3, 1, 1.0, 8);
  const train::label_map m = train::map_labels(b.y.data(), b.y.size());
  EXPECT_THROW(train::fit_classifier(b.x.data(), 20, 3, m.index.data(), m.labels, {}),
               std::invalid_argument);  // one class
  blobs c = make_blobs(20, 3, 2, 1.0, 8);
  c.x[5] = INFINITY;
  const train::label_map mc = train::map_labels(c.y.data(), c.y.size());
  EXPECT_THROW(train::fit_classifier(c.x.data(), 20, 3, mc.index.data(), mc.labels, {}),
               std::invalid_argument);
  train::options o;
  o.C = 0;
  c.x[5] = 0;
  EXPECT_THROW(train::fit_classifier(c.x.data(), 20, 3, mc.index.data(), mc.labels, o),
               std::invalid_argument);
}

}  // namespace
