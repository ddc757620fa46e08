// SPDX-License-Identifier: Apache-2.0
// probe_f32: logits against double, argmax labels (ties, label_map), probs, aliasing, arguments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "attnkit/probe.h"
#include "attnkit/softmax.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::probe_f32_model;
using attnkit::status;
using testing_support::guarded;
using testing_support::randn;

// Largest |logit - ref| in units of (dims + 2) u (sum_p |w x| + |b|): the float dot-product
// error bound for any summation order (<= 1 means within the bound).
double logit_error(const float* got, const probe_f32_model& m, const float* x, size_t batch) {
  const std::vector<double> want = ref::linear(x, batch, m.dims, m.w, m.classes, m.b);
  std::vector<double> bound(batch * m.classes);
  for (size_t i = 0; i < batch; ++i)
    for (size_t c = 0; c < m.classes; ++c) {
      double scale = m.b ? std::fabs(m.b[c]) : 0.0;
      for (size_t p = 0; p < m.dims; ++p)
        scale += std::fabs(double(m.w[c * m.dims + p]) * x[i * m.dims + p]);
      bound[i * m.classes + c] = (m.dims + 2) * testing_support::kFloatU * scale;
    }
  return testing_support::max_scaled_error(got, want.data(), bound.data(), batch * m.classes);
}

TEST(Probe, LogitsLabelsAndProbsMatchDouble) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(31);
    size_t mis = 0;
    for (size_t classes : {1u, 2u, 3u, 17u, 100u}) {
      for (size_t dims : {1u, 3u, 17u, 64u, 1280u}) {
        for (size_t batch : {1u, 3u, 17u}) {
          for (bool with_bias : {false, true}) {
            const auto w = randn(classes * dims, rng, 1.0f / std::sqrt(float(dims)));
            const auto b = randn(classes, rng);
            const auto x = randn(batch * dims, rng, 2.0f);
            std::vector<int32_t> map(classes);
            for (size_t c = 0; c < classes; ++c) map[c] = static_cast<int32_t>(1000 - 7 * c);
            probe_f32_model m;
            m.classes = classes, m.dims = dims, m.w = w.data(),
            m.b = with_bias ? b.data() : nullptr;
            m.label_map = (mis % 2) ? map.data() : nullptr;
            guarded<float> gx(x.size(), (mis % 3) * 4);
            gx.assign(x);
            guarded<float> logits(batch * classes, (mis % 4) * 4), probs(batch * classes, 4);
            guarded<int32_t> labels(batch, (mis % 2) * 4);
            ++mis;
            ASSERT_EQ(
                attnkit::probe_f32(m, gx.data(), batch, logits.data(), labels.data(), probs.data()),
                status::ok);
            ASSERT_TRUE(logits.canaries_ok() && probs.canaries_ok() && labels.canaries_ok());
            const double e = logit_error(logits.data(), m, x.data(), batch);
            testing_support::note_error("probe logits (/bound)", variant, e);
            ASSERT_LE(e, 1.0) << classes << "x" << dims << " batch " << batch;
            for (size_t i = 0; i < batch; ++i) {
              const float* row = logits.data() + i * classes;
              const size_t best = ref::argmax(row, classes);
              EXPECT_EQ(labels[i], m.label_map ? map[best] : static_cast<int32_t>(best));
              // probs is softmax_f32 of the logits, bit for bit, and within softmax's bound.
              std::vector<float> sm(classes);
              ASSERT_EQ(attnkit::softmax_f32(row, classes, sm.data()), status::ok);
              EXPECT_EQ(std::memcmp(sm.data(), probs.data() + i * classes, classes * 4), 0);
              const std::vector<double> rp = ref::softmax(row, classes);
              EXPECT_LE(testing_support::max_rel_error_above(probs.data() + i * classes, rp.data(),
                                                             classes, testing_support::kTinyFloat),
                        1e-6);
            }
          }
        }
      }
    }
  });
}

// Small integers make every logit exact, so ties are real ties on every variant.
TEST(Probe, ArgmaxTiesGoToTheLowestIndex) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t classes : {2u, 3u, 17u, 33u}) {
      const size_t dims = 19, batch = 5;
      std::vector<float> w(classes * dims), x(batch * dims), b(classes, 0.0f);
      for (size_t t = 0; t < w.size(); ++t) w[t] = static_cast<float>(int(t * 37 % 11) - 5);
      for (size_t t = 0; t < x.size(); ++t) x[t] = static_cast<float>(int(t * 13 % 7) - 3);
      // Class rows 1, classes/2 and classes-1 are equal: whichever wins, they tie.
      for (size_t c : {classes / 2, classes - 1})
        if (c != 1) std::copy_n(w.begin() + dims, dims, w.begin() + c * dims);
      std::vector<int32_t> map(classes);
      for (size_t c = 0; c < classes; ++c) map[c] = -static_cast<int32_t>(c) - 1;
      probe_f32_model m;
      m.classes = classes, m.dims = dims, m.w = w.data(), m.b = b.data();
      // Make the tied rows the maximum for even batch rows by boosting their bias equally.
      for (size_t c : {size_t{1}, classes / 2, classes - 1}) b[c] = 1000.0f;
      std::vector<float> logits(batch * classes);
      std::vector<int32_t> labels(batch), mapped(batch);
      ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, logits.data(), labels.data()), status::ok);
      m.label_map = map.data();
      ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, logits.data(), mapped.data()), status::ok);
      for (size_t i = 0; i < batch; ++i) {
        EXPECT_EQ(labels[i], 1) << "classes " << classes << " row " << i;
        EXPECT_EQ(mapped[i], -2) << "classes " << classes << " row " << i;
      }
      // All-equal logits (zero weights): class 0.
      std::fill(w.begin(), w.end(), 0.0f);
      std::fill(b.begin(), b.end(), 0.5f);
      m.label_map = nullptr;
      ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, logits.data(), labels.data()), status::ok);
      for (size_t i = 0; i < batch; ++i) EXPECT_EQ(labels[i], 0);
    }
  });
}

TEST(Probe, ProbsMayAliasLogits) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(32);
    for (size_t classes : {1u, 3u, 17u, 40u}) {
      const size_t dims = 33, batch = 7;
      const auto w = randn(classes * dims, rng), b = randn(classes, rng);
      const auto x = randn(batch * dims, rng);
      probe_f32_model m;
      m.classes = classes, m.dims = dims, m.w = w.data(), m.b = b.data();
      std::vector<float> logits(batch * classes), probs(batch * classes), inplace(batch * classes);
      std::vector<int32_t> l1(batch), l2(batch);
      ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, logits.data(), l1.data(), probs.data()),
                status::ok);
      ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, inplace.data(), l2.data(), inplace.data()),
                status::ok);
      EXPECT_EQ(std::memcmp(probs.data(), inplace.data(), probs.size() * 4), 0);
      EXPECT_EQ(l1, l2);
    }
  });
}

TEST(Probe, OptionalOutputsMayBeNull) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(33);
    const size_t classes = 5, dims = 9, batch = 4;
    const auto w = randn(classes * dims, rng), x = randn(batch * dims, rng);
    probe_f32_model m;
    m.classes = classes, m.dims = dims, m.w = w.data();
    std::vector<float> a(batch * classes), b(batch * classes);
    ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, a.data()), status::ok);
    std::vector<int32_t> labels(batch);
    ASSERT_EQ(attnkit::probe_f32(m, x.data(), batch, b.data(), labels.data(), nullptr), status::ok);
    EXPECT_EQ(a, b);
  });
}

TEST(Probe, RejectsBadArguments) {
  float w[12] = {}, x[8] = {}, logits[8];
  probe_f32_model m;
  m.classes = 3, m.dims = 4, m.w = w;
  EXPECT_EQ(attnkit::probe_f32(m, x, 2, logits), status::ok);
  EXPECT_EQ(attnkit::probe_f32(m, nullptr, 2, logits), status::null_pointer);
  EXPECT_EQ(attnkit::probe_f32(m, x, 2, nullptr), status::null_pointer);
  EXPECT_EQ(attnkit::probe_f32(m, x, 0, logits), status::bad_size);
  probe_f32_model bad = m;
  bad.w = nullptr;
  EXPECT_EQ(attnkit::probe_f32(bad, x, 2, logits), status::null_pointer);
  bad = m, bad.classes = 0;
  EXPECT_EQ(attnkit::probe_f32(bad, x, 2, logits), status::bad_size);
  bad = m, bad.dims = 0;
  EXPECT_EQ(attnkit::probe_f32(bad, x, 2, logits), status::bad_size);
  bad = m, bad.dims = SIZE_MAX / 2;
  EXPECT_EQ(attnkit::probe_f32(bad, x, 2, logits), status::size_overflow);
  bad = m, bad.classes = SIZE_MAX / 2;
  EXPECT_EQ(attnkit::probe_f32(bad, x, 2, logits), status::size_overflow);
  EXPECT_EQ(attnkit::probe_f32(m, x, SIZE_MAX / 2, logits), status::size_overflow);
}

}  // namespace
