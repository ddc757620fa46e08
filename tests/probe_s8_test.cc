// SPDX-License-Identifier: Apache-2.0
// probe_s8 / probe_quantize_s8: agreement with the float probe on every port and target.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "attnkit/probe.h"
#include "attnkit/quant.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::quant_scale;
using attnkit::status;

struct quantised_probe {
  std::vector<int8_t> w;
  std::vector<quant_scale> ws;
  std::vector<int32_t> b;
  attnkit::probe_s8_model m;
};

void quantise(const attnkit::probe_f32_model& f, quantised_probe* q) {
  q->w.resize(f.classes * f.dims);
  q->ws.resize(f.classes);
  q->b.resize(f.classes);
  attnkit::probe_s8_storage st;
  st.w = q->w.data();
  st.w_scale = q->ws.data();
  st.b = q->b.data();
  ASSERT_EQ(attnkit::probe_quantize_s8(f, 0.0, st, &q->m), status::ok);
}

TEST(ProbeS8, AgreesWithFloatProbe) {
  testing_support::rng rng(11);
  const size_t classes = 7, dims = 96, batch = 400;
  const std::vector<float> w = testing_support::randn(classes * dims, rng, 0.2f),
                           b = testing_support::randn(classes, rng),
                           x = testing_support::randn(batch * dims, rng);
  const int32_t labels_map[] = {10, 11, 12, 13, 14, 15, 16};
  attnkit::probe_f32_model f;
  f.classes = classes;
  f.dims = dims;
  f.w = w.data();
  f.b = b.data();
  f.label_map = labels_map;
  quantised_probe q;
  quantise(f, &q);
  std::vector<float> logits(batch * classes), probs(batch * classes);
  std::vector<int32_t> labels(batch);
  ASSERT_EQ(attnkit::probe_f32(f, x.data(), batch, logits.data(), labels.data(), probs.data()),
            status::ok);
  std::vector<int8_t> xq(batch * dims);
  std::vector<quant_scale> xs(batch);
  ASSERT_EQ(attnkit::quantize_rows_s8(x.data(), batch, dims, xq.data(), nullptr, xs.data()),
            status::ok);
  std::vector<int32_t> first_logits;
  std::vector<int16_t> first_probs;
  testing_support::for_each_variant([&](const std::string&) {
    std::vector<int32_t> ql(batch * classes), qlab(batch);
    std::vector<int16_t> qp(batch * classes);
    ASSERT_EQ(
        attnkit::probe_s8(q.m, xq.data(), xs.data(), batch, ql.data(), qlab.data(), qp.data()),
        status::ok);
    size_t agree = 0;
    for (size_t i = 0; i < batch; ++i) agree += qlab[i] == labels[i];
    std::vector<double> real_logits(batch * classes), real_probs(batch * classes);
    for (size_t t = 0; t < batch * classes; ++t) {
      real_logits[t] = ql[t] * std::ldexp(1.0, -16);
      real_probs[t] = qp[t] / 32768.0;
    }
    EXPECT_GE(agree, batch * 98 / 100);
    EXPECT_LT(testing_support::max_abs_error(real_logits.data(), logits.data(), batch * classes),
              0.15);
    EXPECT_LT(testing_support::max_abs_error(real_probs.data(), probs.data(), batch * classes),
              0.05);
    if (first_logits.empty()) {
      first_logits = ql;
      first_probs = qp;
    } else {
      EXPECT_EQ(ql, first_logits);  // bit-identical across ports
      EXPECT_EQ(qp, first_probs);
    }
  });
}

TEST(ProbeS8, StaticModelAndArguments) {
  // A model as an exported header would write it.
  static const int8_t kW[] = {127, 0, 0, 127, -127, -127};
  static const quant_scale kWScale[] = {{1073741824, 17}, {1073741824, 17}, {1073741824, 17}};
  static const int32_t kB[] = {0, 0, 1 << 16};
  static const int32_t kLabels[] = {5, 6, 7};
  static const attnkit::probe_s8_model kProbe = {3, 2, kW, kWScale, kB, {1073741824, -15}, kLabels};
  const int8_t x[] = {100, 0, 0, 100, -1, -1};
  const quant_scale xs[] = {{1073741824, 1}, {1073741824, 1}, {1073741824, 1}};
  int32_t logits[9], labels[3];
  int16_t probs[9];
  testing_support::for_each_variant([&](const std::string&) {
    ASSERT_EQ(attnkit::probe_s8(kProbe, x, xs, 3, logits, labels, probs), status::ok);
    EXPECT_EQ(labels[0], 5);
    EXPECT_EQ(labels[1], 6);
    EXPECT_EQ(labels[2], 7);
    for (int i = 0; i < 3; ++i) {
      int s = 0;
      for (int c = 0; c < 3; ++c) s += probs[i * 3 + c];
      EXPECT_NEAR(s, 32768, 3);
    }
  });
  EXPECT_EQ(attnkit::probe_s8(kProbe, nullptr, xs, 3, logits), status::null_pointer);
  EXPECT_EQ(attnkit::probe_s8(kProbe, x, xs, 0, logits), status::bad_size);
  attnkit::probe_s8_model big = kProbe;
  big.dims = attnkit::kMaxDotS8 + 1;
  EXPECT_EQ(attnkit::probe_s8(big, x, xs, 1, logits), status::bad_size);
}

}  // namespace
