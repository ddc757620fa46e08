// SPDX-License-Identifier: Apache-2.0
// Kernel robustness on every port and Highway target: NaN and +-inf in softmax and attention,
// fully masked rows, int8/int16 saturation, and size products that overflow size_t.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "attnkit/attnkit.h"
#include "lib/internal/fixed_point.h"
#include "attnkit/tokens.h"
#include "support/ports.h"

namespace {

using attnkit::status;
constexpr float kInf = std::numeric_limits<float>::infinity();
const float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr size_t kHuge = SIZE_MAX / 2 + 1;  // times anything >= 2 overflows
// 2^(bits/2): its square overflows size_t (2^32 on 64-bit hosts, 2^16 on ARMv7).
constexpr size_t kHalfWidth = size_t{1} << (sizeof(size_t) * 4);
constexpr bool k64 = sizeof(size_t) == 8;

// Row lengths that cover scalar tails, one vector, unrolled vector bodies and odd remainders.
const size_t kLengths[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 61, 64, 100, 129};

// --------------------------------------------------------------------------------------------
// softmax_f32: the documented semantics of non-finite input, at every position of the row.

TEST(Robustness, SoftmaxNaNAnywhereMakesTheWholeRowNaN) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t n : kLengths) {
      for (size_t p = 0; p < n; ++p) {
        std::vector<float> x(n), y(n, 0.0f);
        for (size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i % 5);
        x[p] = kNaN;
        ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
        for (size_t i = 0; i < n; ++i)
          ASSERT_TRUE(std::isnan(y[i])) << "n " << n << " NaN at " << p;
      }
    }
  });
}

TEST(Robustness, SoftmaxAllMinusInfGivesZerosAndMinusInfIsMasked) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t n : kLengths) {
      std::vector<float> x(n, -kInf), y(n, kNaN);
      ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
      for (float v : y) ASSERT_EQ(v, 0.0f) << "n " << n;
      // One visible entry at each position takes all the mass.
      for (size_t p = 0; p < n; ++p) {
        x.assign(n, -kInf);
        x[p] = -3.0e38f;  // finite, however small
        ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(y[i], i == p ? 1.0f : 0.0f) << "n " << n;
      }
    }
  });
}

TEST(Robustness, SoftmaxPlusInfEntriesShareTheMass) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t n : kLengths) {
      std::vector<float> x(n), y(n);
      size_t infs = 0;
      for (size_t i = 0; i < n; ++i) {
        x[i] = i % 3 == 0 ? kInf : i % 3 == 1 ? -kInf : 1e30f;
        infs += i % 3 == 0;
      }
      ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
      for (size_t i = 0; i < n; ++i)
        ASSERT_FLOAT_EQ(y[i], i % 3 == 0 ? 1.0f / static_cast<float>(infs) : 0.0f) << "n " << n;
    }
  });
}

TEST(Robustness, SoftmaxExtremeFiniteValuesStayFinite) {
  testing_support::for_each_variant([](const std::string&) {
    const float big = std::numeric_limits<float>::max();
    for (size_t n : kLengths) {
      std::vector<float> x(n), y(n);
      for (size_t i = 0; i < n; ++i) x[i] = i % 2 ? big : -big;  // differences overflow to inf
      ASSERT_EQ(attnkit::softmax_f32(x.data(), n, y.data()), status::ok);
      double sum = 0;
      for (float v : y) {
        ASSERT_TRUE(std::isfinite(v));
        sum += v;
      }
      EXPECT_NEAR(sum, 1.0, 1e-6) << "n " << n;
    }
  });
}

TEST(Robustness, SoftmaxRowsAreIndependent) {
  testing_support::for_each_variant([](const std::string&) {
    const size_t cols = 33;
    std::vector<float> x(3 * cols, 0.5f), y(3 * cols);
    x[cols + 20] = kNaN;                                        // row 1: NaN
    for (size_t j = 0; j < cols; ++j) x[2 * cols + j] = -kInf;  // row 2: fully masked
    ASSERT_EQ(attnkit::softmax_rows_f32(x.data(), 3, cols, y.data()), status::ok);
    for (size_t j = 0; j < cols; ++j) {
      EXPECT_FLOAT_EQ(y[j], 1.0f / cols);
      EXPECT_TRUE(std::isnan(y[cols + j]));
      EXPECT_EQ(y[2 * cols + j], 0.0f);
    }
  });
}

// --------------------------------------------------------------------------------------------
// attention_f32 follows its softmax, on the streaming path (scratch) and the weights path.

struct attention_run {
  std::vector<float> out, weights;
};

// Runs both paths; returns {streaming out, weights-path out + weights}.
std::pair<attention_run, attention_run> run_attention(const attnkit::attention_dims& d,
                                                      const std::vector<float>& q,
                                                      const std::vector<float>& k,
                                                      const std::vector<float>& v,
                                                      const float* mask, bool causal) {
  attention_run s, w;
  s.out.assign(d.nq * d.dv, kNaN);
  w.out.assign(d.nq * d.dv, kNaN);
  w.weights.assign(d.nq * d.nk, kNaN);
  std::vector<unsigned char> buf(attnkit::attention_f32_scratch_size(d));
  attnkit::attention_opts o;
  o.causal = causal;
  o.mask = mask;
  EXPECT_EQ(attnkit::attention_f32(d, q.data(), k.data(), v.data(), s.out.data(), o,
                                   {buf.data(), buf.size()}),
            status::ok);
  o.weights = w.weights.data();
  EXPECT_EQ(attnkit::attention_f32(d, q.data(), k.data(), v.data(), w.out.data(), o,
                                   {buf.data(), buf.size()}),
            status::ok);
  return {s, w};
}

TEST(Robustness, AttentionNaNQueryPoisonsOnlyItsRow) {
  const size_t nq = 5, d = 4;
  for (size_t nk : {3u, 128u, 129u, 300u}) {  // one key tile, exactly one, just over, several
    std::vector<float> q(nq * d, 0.25f), k(nk * d, 0.5f), v(nk * d, 1.0f);
    q[2 * d + 1] = kNaN;
    const attnkit::attention_dims dims{nq, nk, d, d};
    testing_support::for_each_variant([&](const std::string&) {
      const auto r = run_attention(dims, q, k, v, nullptr, false);
      for (const std::vector<float>* out : {&r.first.out, &r.second.out})
        for (size_t i = 0; i < nq; ++i)
          for (size_t c = 0; c < d; ++c) {
            if (i == 2) {
              ASSERT_TRUE(std::isnan((*out)[i * d + c])) << "nk " << nk;
            } else {
              ASSERT_NEAR((*out)[i * d + c], 1.0f, 1e-5f) << "nk " << nk << " row " << i;
            }
          }
      for (size_t j = 0; j < nk; ++j) ASSERT_TRUE(std::isnan(r.second.weights[2 * nk + j]));
    });
  }
}

TEST(Robustness, AttentionNaNKeyPoisonsOnlyTheRowsThatSeeIt) {
  const size_t n = 40, d = 3, bad = 25;
  std::vector<float> q(n * d, 0.1f), k(n * d, 0.2f), v(n * d, 2.0f);
  k[bad * d] = kNaN;
  const attnkit::attention_dims dims{n, n, d, d};
  testing_support::for_each_variant([&](const std::string&) {
    const auto r = run_attention(dims, q, k, v, nullptr, /*causal=*/true);
    for (const std::vector<float>* out : {&r.first.out, &r.second.out})
      for (size_t i = 0; i < n; ++i) {
        if (i >= bad) {
          ASSERT_TRUE(std::isnan((*out)[i * d])) << "row " << i;
        } else {
          ASSERT_NEAR((*out)[i * d], 2.0f, 2e-5f) << "row " << i;
        }
      }
  });
}

TEST(Robustness, AttentionPlusInfScoresShareTheMass) {
  // Scores +inf at keys 1 and 6 (a +inf mask), -inf at key 0: the output is the mean of v[1]
  // and v[6]; weights are exactly 1/2 there and 0 elsewhere.
  const size_t nq = 3, nk = 9, d = 2;
  std::vector<float> q(nq * d, 1.0f), k(nk * d, 1.0f), v(nk * d), mask(nq * nk, 0.0f);
  for (size_t j = 0; j < nk; ++j) v[j * d] = static_cast<float>(j), v[j * d + 1] = -1.0f;
  for (size_t i = 0; i < nq; ++i) {
    mask[i * nk + 1] = kInf;
    mask[i * nk + 6] = kInf;
    mask[i * nk + 0] = -kInf;
  }
  const attnkit::attention_dims dims{nq, nk, d, d};
  testing_support::for_each_variant([&](const std::string&) {
    const auto r = run_attention(dims, q, k, v, mask.data(), false);
    for (const std::vector<float>* out : {&r.first.out, &r.second.out})
      for (size_t i = 0; i < nq; ++i) {
        EXPECT_FLOAT_EQ((*out)[i * d], 3.5f);
        EXPECT_FLOAT_EQ((*out)[i * d + 1], -1.0f);
      }
    for (size_t i = 0; i < nq; ++i)
      for (size_t j = 0; j < nk; ++j)
        EXPECT_EQ(r.second.weights[i * nk + j], j == 1 || j == 6 ? 0.5f : 0.0f);
  });
}

TEST(Robustness, AttentionFullyMaskedRowsAreZeroOnBothPaths) {
  // Rows 0, 3 and the last see no key (mask -inf everywhere); the others see some.
  for (size_t nk : {1u, 5u, 128u, 257u}) {
    const size_t nq = 20, d = 3;
    std::vector<float> q(nq * d), k(nk * d), v(nk * d), mask(nq * nk, 0.0f);
    for (size_t i = 0; i < q.size(); ++i) q[i] = std::sin(static_cast<float>(i));
    for (size_t i = 0; i < k.size(); ++i) k[i] = std::cos(static_cast<float>(i));
    for (size_t i = 0; i < v.size(); ++i) v[i] = 1.0f + static_cast<float>(i % 7);
    for (size_t i : {size_t{0}, size_t{3}, nq - 1})
      for (size_t j = 0; j < nk; ++j) mask[i * nk + j] = -kInf;
    const attnkit::attention_dims dims{nq, nk, d, d};
    testing_support::for_each_variant([&](const std::string&) {
      for (bool causal : {false, true}) {
        const auto r = run_attention(dims, q, k, v, mask.data(), causal);
        for (size_t i = 0; i < nq; ++i) {
          const bool hidden = i == 0 || i == 3 || i == nq - 1;
          for (size_t c = 0; c < d; ++c) {
            if (hidden) {
              ASSERT_EQ(r.first.out[i * d + c], 0.0f) << "nk " << nk << " row " << i;
              ASSERT_EQ(r.second.out[i * d + c], 0.0f) << "nk " << nk << " row " << i;
            } else {
              ASSERT_TRUE(std::isfinite(r.first.out[i * d + c]) && r.first.out[i * d + c] > 0.0f);
            }
          }
          if (hidden) {
            for (size_t j = 0; j < nk; ++j) ASSERT_EQ(r.second.weights[i * nk + j], 0.0f);
          }
        }
      }
    });
  }
}

TEST(Robustness, MhaFullyMaskedQueryGivesTheOutputBias) {
  // concat(heads) = 0 for a query that sees nothing, so y = W_o 0 + b_o = b_o.
  const size_t n = 6, e = 4, heads = 2;
  std::vector<float> x(n * e), w(e * e), bo(e), mask(n * n, 0.0f);
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.7f * static_cast<float>(i));
  for (size_t i = 0; i < w.size(); ++i) w[i] = std::cos(0.3f * static_cast<float>(i));
  for (size_t i = 0; i < e; ++i) bo[i] = static_cast<float>(i) - 1.5f;
  for (size_t j = 0; j < n; ++j) mask[4 * n + j] = -kInf;
  attnkit::mha_weights mw;
  mw.wq = mw.wk = mw.wv = mw.wo = w.data();
  mw.bo = bo.data();
  const attnkit::mha_dims dims{n, n, e, e, heads};
  testing_support::for_each_variant([&](const std::string&) {
    std::vector<unsigned char> buf(attnkit::mha_f32_scratch_size(dims));
    std::vector<float> y(n * e, kNaN);
    attnkit::attention_opts o;
    o.mask = mask.data();
    ASSERT_EQ(attnkit::mha_f32(dims, x.data(), nullptr, mw, y.data(), o, {buf.data(), buf.size()}),
              status::ok);
    for (size_t c = 0; c < e; ++c) EXPECT_EQ(y[4 * e + c], bo[c]);
    for (float v : y) EXPECT_TRUE(std::isfinite(v));
  });
}

// --------------------------------------------------------------------------------------------
// Size products that overflow size_t: status::size_overflow, and nothing is touched. The
// buffers are tiny, so a kernel that went ahead anyway would write far out of bounds
// (AddressSanitizer in make test-sanitize; a crash here otherwise).

TEST(Robustness, OverflowingSizesAreRejectedByEveryEntryPoint) {
  float f[4] = {};
  int8_t s8[4] = {};
  int16_t s16[4] = {};
  int32_t s32[4] = {};
  unsigned char buf[4096];
  const attnkit::scratch work{buf, sizeof buf};
  const attnkit::quant_scale qs[4] = {{1 << 30, 0}, {1 << 30, 0}, {1 << 30, 0}, {1 << 30, 0}};
  testing_support::for_each_variant([&](const std::string&) {
    // (rows, cols) pairs whose product, or product times the element size, overflows.
    const std::pair<size_t, size_t> pairs[] = {
        {kHuge, 2},
        {2, kHuge},
        {SIZE_MAX, SIZE_MAX},
        {kHalfWidth, kHalfWidth},
        {SIZE_MAX / 4 + 1, 1}};  // the last: elements fit, bytes do not
    for (const auto& [a, b] : pairs) {
      SCOPED_TRACE(std::to_string(a) + " x " + std::to_string(b));
      EXPECT_EQ(attnkit::pe_table_f32(0, a, b, f), status::size_overflow);
      EXPECT_EQ(attnkit::softmax_rows_f32(f, a, b, f), status::size_overflow);
      EXPECT_EQ(attnkit::layernorm_f32(f, a, b, nullptr, nullptr, 1e-5f, f), status::size_overflow);
      EXPECT_EQ(attnkit::mean_pool_f32(f, a, b, f), status::size_overflow);
      EXPECT_EQ(attnkit::quantize_rows_s8(f, a, b, s8, f), status::size_overflow);
      EXPECT_EQ(attnkit::softmax_rows_s32_q15(s32, a, b, qs[0], s16), status::size_overflow);

      const attnkit::probe_f32_model pm{a, b, f, nullptr, nullptr};
      EXPECT_EQ(attnkit::probe_f32(pm, f, 1, f), status::size_overflow);
      // batch x dims overflows although classes x dims does not.
      const attnkit::probe_f32_model pm2{2, b, f, nullptr, nullptr};
      EXPECT_EQ(attnkit::probe_f32(pm2, f, a, f), status::size_overflow);

      // Every product attention takes: nq*dk, nk*dk, nk*dv, nq*dv, nq*nk.
      for (const attnkit::attention_dims& d :
           {attnkit::attention_dims{a, 1, b, 1}, attnkit::attention_dims{1, a, b, 1},
            attnkit::attention_dims{1, a, 1, b}, attnkit::attention_dims{a, 1, 1, b},
            attnkit::attention_dims{a, b, 1, 1}}) {
        EXPECT_EQ(attnkit::attention_f32_scratch_size(d), 0u);
        EXPECT_EQ(attnkit::attention_f32(d, f, f, f, f, {}, work), status::size_overflow);
        attnkit::attention_opts o;
        o.weights = f;
        EXPECT_EQ(attnkit::attention_f32(d, f, f, f, f, o, work), status::size_overflow);
      }
      attnkit::mha_weights mw;
      mw.wq = mw.wk = mw.wv = mw.wo = f;
      const size_t m = a > b ? a : b;
      for (const attnkit::mha_dims& d :
           {attnkit::mha_dims{a, 1, b, 1, 1}, attnkit::mha_dims{1, a, 1, b, 1},
            attnkit::mha_dims{a, b, 1, 1, 1}, attnkit::mha_dims{1, 1, a, b, 1},
            attnkit::mha_dims{m, m, 1, 1, 1}}) {
        EXPECT_EQ(attnkit::mha_f32_scratch_size(d), 0u);
        EXPECT_EQ(attnkit::mha_f32(d, f, f, mw, f, {}, work), status::size_overflow);
      }
    }
    // Heads times the weights: heads * nq * nk overflows although nq * nk does not.
    attnkit::mha_weights mw;
    mw.wq = mw.wk = mw.wv = mw.wo = f;
    const attnkit::mha_dims hd{size_t{1} << 31, size_t{1} << 31, 4, 4, 4};
    EXPECT_EQ(attnkit::mha_f32_scratch_size(hd), 0u);
    EXPECT_EQ(attnkit::mha_f32(hd, f, f, mw, f, {}, work), status::size_overflow);
    // pe: positions past 2^32 - 1.
    EXPECT_EQ(attnkit::pe_table_f32(UINT32_MAX, 2, 4, f), status::size_overflow);
    if (k64) {
      EXPECT_EQ(attnkit::pe_table_f32(1, static_cast<size_t>(uint64_t{1} << 32), 1, f),
                status::size_overflow);
    }
  });
}

TEST(Robustness, ValidButHugeSizesFailOnScratchNotMemory) {
  // Dims whose products fit but whose data could not exist: with a small scratch the call
  // must stop at the scratch check, before reading q, k or v.
  float f[4] = {};
  unsigned char buf[256];
  const size_t n = k64 ? size_t{1} << 20 : 1 << 12, dd = k64 ? 1 << 10 : 1 << 8;
  testing_support::for_each_variant([&](const std::string&) {
    const attnkit::attention_dims d{n, n, dd, dd};
    EXPECT_GT(attnkit::attention_f32_scratch_size(d), sizeof buf);
    EXPECT_EQ(attnkit::attention_f32(d, f, f, f, f, {}, {buf, sizeof buf}),
              status::scratch_too_small);
    attnkit::mha_weights mw;
    mw.wq = mw.wk = mw.wv = mw.wo = f;
    const attnkit::mha_dims md{n, n, dd, dd, 4};
    EXPECT_GT(attnkit::mha_f32_scratch_size(md), sizeof buf);
    EXPECT_EQ(attnkit::mha_f32(md, f, f, mw, f, {}, {buf, sizeof buf}), status::scratch_too_small);
  });
}

// --------------------------------------------------------------------------------------------
// int8 / int16 saturation.

TEST(Robustness, QuantizeSaturatesAndMapsNaNToZero) {
  const float big = std::numeric_limits<float>::max();
  const float x[] = {kInf, -kInf, kNaN, big, -big, 126.5f, -126.5f, 127.49f, -1000.0f, 0.0f};
  const int8_t want[] = {127, -127, 0, 127, -127, 127, -127, 127, -127, 0};
  int8_t q[10];
  ASSERT_EQ(attnkit::quantize_s8(x, 10, 1.0f, q), status::ok);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(q[i], want[i]) << i;
  // The tiniest positive scale: everything non-zero saturates, nothing overflows.
  ASSERT_EQ(attnkit::quantize_s8(x, 10, std::numeric_limits<float>::denorm_min(), q), status::ok);
  EXPECT_EQ(q[0], 127);
  EXPECT_EQ(q[4], -127);
  // Rows whose only values are non-finite get scale 1 and zeros, never NaN scales.
  const float rows[] = {kNaN, kInf, -kInf, kNaN};
  float scales[2];
  attnkit::quant_scale qsc[2];
  ASSERT_EQ(attnkit::quantize_rows_s8(rows, 2, 2, q, scales, qsc), status::ok);
  for (float s : scales) EXPECT_TRUE(std::isfinite(s) && s > 0.0f);
  for (int i = 0; i < 4; ++i) EXPECT_GE(q[i], -127);
  for (float bad : {0.0f, -1.0f, kNaN, kInf})
    EXPECT_EQ(attnkit::quantize_s8(x, 10, bad, q), status::bad_argument);
  const int16_t q15[] = {-32768, 32767, 0};
  float back[3];
  ASSERT_EQ(attnkit::dequantize_q15(q15, 3, back), status::ok);
  EXPECT_EQ(back[0], -1.0f);
  EXPECT_LT(back[1], 1.0f);
}

TEST(Robustness, FixedPointPrimitivesAtTheExtremes) {
  using namespace attnkit::fx;
  EXPECT_EQ(srdhm(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(srdhm(INT32_MAX, INT32_MAX), INT32_MAX - 1);
  EXPECT_EQ(srdhm(INT32_MIN, INT32_MAX), -INT32_MAX);
  EXPECT_EQ(rdbpot(INT32_MIN, 31), -1);
  EXPECT_EQ(rdbpot(INT32_MAX, 31), 1);
  EXPECT_EQ(rdbpot(INT32_MIN, 40), 0);
  EXPECT_EQ(sat_shl(INT32_MAX, 1), INT32_MAX);
  EXPECT_EQ(sat_shl(INT32_MIN, 31), INT32_MIN);
  EXPECT_EQ(sat_shl(-1, 40), INT32_MIN);
  EXPECT_EQ(sat_add(INT32_MAX, 1), INT32_MAX);
  EXPECT_EQ(sat_add(INT32_MIN, -1), INT32_MIN);
  // Requantising the largest accumulators by the largest factors saturates, never wraps.
  EXPECT_GE(requantize(INT32_MAX, INT32_MAX, 31), INT32_MAX - 1);
  EXPECT_LE(requantize(INT32_MIN, INT32_MAX, 31), INT32_MIN + 1);
  EXPECT_EQ(requantize(INT32_MIN, 1 << 30, 31), INT32_MIN);
  EXPECT_EQ(requantize(INT32_MIN, INT32_MAX, -100), 0);
  EXPECT_EQ(sat_s8(1000), 127);
  EXPECT_EQ(sat_s8(-1000), -128);
  EXPECT_EQ(sat_s16(INT32_MAX), 32767);
  EXPECT_EQ(sat_s16(INT32_MIN), -32768);
}

TEST(Robustness, ScaleArithmeticWithAbsurdShiftsIsDefined) {
  // Shift sums of caller scales used to overflow int32 (fixed_fuzz); now they clamp, and the
  // factors still saturate or vanish as their true values would.
  using namespace attnkit::fx;
  const attnkit::quant_scale huge{1 << 30, INT32_MAX}, tiny{1 << 30, INT32_MIN};
  EXPECT_EQ(mul_scales(huge, huge).shift, kMaxShift);
  EXPECT_EQ(mul_scales(tiny, tiny).shift, -kMaxShift);
  EXPECT_EQ(normalise({1, INT32_MIN}).shift, -kMaxShift);
  EXPECT_EQ(div_scales(huge, tiny).shift, kMaxShift);
  EXPECT_EQ(div_scales(tiny, huge).shift, -kMaxShift);
  EXPECT_EQ(requantize(7, mul_scales(huge, huge)), INT32_MAX);
  EXPECT_EQ(requantize(-7, mul_scales(huge, huge)), INT32_MIN);
  EXPECT_EQ(requantize(INT32_MAX, mul_scales(tiny, tiny)), 0);
  EXPECT_EQ(requantize(INT32_MIN, tiny), 0);
  EXPECT_TRUE(scale_less(tiny, huge));
}

TEST(Robustness, ProbeS8LongestDotProductOfExtremesDoesNotOverflow) {
  // kMaxDotS8 products of 127 x -127 and -127 x -127: the int32 accumulator holds them
  // exactly, and biases at both ends of int32 saturate instead of wrapping.
  const size_t dims = attnkit::kMaxDotS8, classes = 2;
  std::vector<int8_t> w(classes * dims), x(dims, -127);
  for (size_t j = 0; j < dims; ++j) w[j] = 127, w[dims + j] = -127;
  const attnkit::quant_scale half[2] = {{1 << 30, 0}, {1 << 30, 0}};  // 0.5 each
  attnkit::probe_s8_model m;
  m.classes = classes;
  m.dims = dims;
  m.w = w.data();
  m.w_scale = half;
  m.logit_scale = {1 << 30, -20};
  // |sum| * 0.5 * 0.5, rounded to nearest like the kernel (the sum is odd: .75 rounds up).
  const int32_t acc =
      static_cast<int32_t>((int64_t{127 * 127} * static_cast<int64_t>(dims) + 2) / 4);
  testing_support::for_each_variant([&](const std::string&) {
    int32_t logits[2], label = -1;
    int16_t probs[2];
    m.b = nullptr;
    ASSERT_EQ(attnkit::probe_s8(m, x.data(), half, 1, logits, &label, probs), status::ok);
    EXPECT_EQ(logits[0], -acc);
    EXPECT_EQ(logits[1], acc);
    EXPECT_EQ(label, 1);
    const int32_t bias[2] = {INT32_MIN + 1, INT32_MAX};
    m.b = bias;
    ASSERT_EQ(attnkit::probe_s8(m, x.data(), half, 1, logits, &label, probs), status::ok);
    EXPECT_EQ(logits[0], INT32_MIN + 1);  // saturated low (INT32_MIN is reserved for masks)
    EXPECT_EQ(logits[1], INT32_MAX);      // saturated high
    EXPECT_EQ(probs[0], 0);
    EXPECT_EQ(probs[1], 32767);
  });
  // One element longer is rejected rather than risking overflow.
  std::vector<int8_t> w2(dims + 1, 127), x2(dims + 1, 127);
  m.classes = 1;
  m.dims = dims + 1;
  m.w = w2.data();
  int32_t l;
  EXPECT_EQ(attnkit::probe_s8(m, x2.data(), half, 1, &l), status::bad_size);
}

TEST(Robustness, SoftmaxQ15AtTheInt32Extremes) {
  // Logits at both ends of int32 with the largest and smallest scales: probabilities in
  // [0, 32767], masked entries 0, the largest logit gets the most, no UB (see test-sanitize).
  const int32_t x[] = {INT32_MAX, INT32_MIN + 1, INT32_MIN, 0, INT32_MAX, -1};
  const attnkit::quant_scale scales[] = {{INT32_MAX, 31}, {1 << 30, -100}, {1 << 30, 40},
                                         {0, 0},          {1 << 30, 0},    {INT32_MAX, -31}};
  for (const attnkit::quant_scale& s : scales) {
    int16_t y[6];
    ASSERT_EQ(attnkit::softmax_s32_q15(x, 6, s, y), status::ok);
    int32_t sum = 0;
    for (int16_t v : y) {
      EXPECT_GE(v, 0);
      sum += v;
    }
    EXPECT_EQ(y[2], 0);  // INT32_MIN is masked
    EXPECT_GE(y[0], y[3]);
    EXPECT_NEAR(sum, 32768, 15) << s.multiplier << " " << s.shift;  // 5 x (2 + 1/2) LSB
  }
  const int32_t masked[] = {INT32_MIN, INT32_MIN, INT32_MIN};
  int16_t y[3] = {1, 1, 1};
  ASSERT_EQ(attnkit::softmax_s32_q15(masked, 3, {1 << 30, 0}, y), status::ok);
  for (int16_t v : y) EXPECT_EQ(v, 0);
}

// --------------------------------------------------------------------------------------------
// The weights output is written while the mask and the inputs are still read: a weights
// buffer that overlaps any of them is refused, and nothing is written (issue 17, item 13).
TEST(Robustness, AttentionWeightsMayNotOverlapTheMaskOrInputs) {
  const size_t n = 4, d = 3;
  std::vector<float> q(n * d, 0.5f), k(n * d, 0.25f), v(n * d, 1.0f), out(n * d, 7.0f);
  std::vector<float> mask(n * n + 2, 0.0f), scratch(4096);
  attnkit::attention_opts opts;
  opts.mask = mask.data();
  const attnkit::attention_dims dims{n, n, d, d};
  const attnkit::scratch work{scratch.data(), scratch.size() * sizeof(float)};
  for (float* w : {mask.data(), mask.data() + 2, q.data(), out.data() + d}) {
    const std::vector<float> before(mask);
    opts.weights = w;
    EXPECT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), opts, work),
              status::bad_argument);
    EXPECT_EQ(mask, before);
    EXPECT_EQ(out[0], 7.0f);
  }
  std::vector<float> weights(n * n);
  opts.weights = weights.data();
  EXPECT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), opts, work),
            status::ok);

  // mha_f32: weights are heads x nq x nk; the mask is nq x nk.
  const size_t heads = 2, e = 4;
  std::vector<float> x(n * e, 0.1f), y(n * e), wm(e * e, 0.01f);
  const attnkit::mha_dims md{n, n, e, e, heads};
  const attnkit::mha_weights mw{wm.data(), wm.data(), wm.data(), wm.data()};
  std::vector<float> mscratch(attnkit::mha_f32_scratch_size(md) / sizeof(float) + 16);
  const attnkit::scratch mwork{mscratch.data(), mscratch.size() * sizeof(float)};
  opts.weights = mask.data() + 1;
  EXPECT_EQ(attnkit::mha_f32(md, x.data(), nullptr, mw, y.data(), opts, mwork),
            status::bad_argument);
  std::vector<float> mweights(heads * n * n);
  opts.weights = mweights.data();
  EXPECT_EQ(attnkit::mha_f32(md, x.data(), nullptr, mw, y.data(), opts, mwork), status::ok);
}

}  // namespace
