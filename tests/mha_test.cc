// SPDX-License-Identifier: Apache-2.0
// mha_f32 against a double nn.MultiheadAttention, its relation to attention_f32, and its contract.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "attnkit/attention.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::mha_dims;
using attnkit::status;
using testing_support::guarded;
using testing_support::randn;
constexpr float kInf = std::numeric_limits<float>::infinity();

// max |y - ref| / max |ref| over the whole output (the output's magnitude).
constexpr double kOutTol = 1e-5;
// Per-head weights, relative per weight (as for attention_f32).
constexpr double kWeightTol = 1e-5;

std::vector<float> identity(size_t n) {
  std::vector<float> m(n * n, 0.0f);
  for (size_t i = 0; i < n; ++i) m[i * n + i] = 1.0f;
  return m;
}

// One module's parameters, PyTorch layout; entries scaled so projections have unit variance.
struct module {
  std::vector<float> wq, wk, wv, wo, bq, bk, bv, bo;
  bool biases = true;
  module(size_t e, size_t dkv, bool with_biases,
         testing_support::rng& rng) :wq(randn(e* e, rng, 1.0f / std::sqrt(float(e)))),
      wk(randn(e* dkv, rng, 1.0f / std::sqrt(float(dkv)))),
      wv(randn(e* dkv, rng, 1.0f / std::sqrt(float(dkv)))),
      wo(randn(e* e, rng, 1.0f / std::sqrt(float(e)))), bq(randn(e, rng, 0.5f)),
      bk(randn(e, rng, 0.5f)), bv(randn(e, rng, 0.5f)), bo(randn(e, rng, 0.5f)),
      biases(with_biases) {}
  attnkit::mha_weights weights() const {
    attnkit::mha_weights w;
    w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
    if (biases) w.bq = bq.data(), w.bk = bk.data(), w.bv = bv.data(), w.bo = bo.data();
    return w;
  }
  ref::mha_params params() const {
    const attnkit::mha_weights w = weights();
    return {w.wq, w.wk, w.wv, w.wo, w.bq, w.bk, w.bv, w.bo};
  }
};

struct mha_case {
  size_t nq, nk, e, dkv, heads;
  bool cross;  // kv is its own input (else kv = x: self-attention, nk = nq, dkv = e)
};

const mha_case kCases[] = {
    {1, 1, 1, 1, 1, false},       {5, 5, 6, 6, 1, false},       {5, 5, 6, 6, 3, false},
    {3, 3, 6, 6, 2, false},       {17, 17, 16, 16, 4, false},   {17, 17, 64, 64, 8, false},
    {33, 33, 48, 48, 3, false},   {20, 20, 100, 100, 5, false}, {16, 16, 17, 17, 17, false},
    {130, 130, 32, 32, 2, false}, {7, 19, 12, 5, 3, true},      {17, 3, 32, 17, 2, true},
    {1, 40, 8, 33, 8, true},      {40, 1, 6, 100, 2, true},     {3, 150, 16, 3, 4, true},
    {15, 15, 24, 24, 6, true},
};

// max |y - ref| / max |ref| (the output's magnitude).
double rel_to_max(const float* y, const std::vector<double>& r) {
  return testing_support::rel_to_max_error(y, r.data(), r.size());
}

// Relative per weight; masked and causal weights (0 in double) must be exactly 0.
double weight_error(const float* got, const std::vector<double>& want) {
  return testing_support::max_rel_error(got, want.data(), want.size(), 1e-30);
}

TEST(Mha, MatchesDoubleMultiheadAttention) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(21);
    size_t mis = 0;
    for (const mha_case& c : kCases) {
      for (int opt = 0; opt < 16; ++opt) {
        const bool biases = opt & 1, causal = opt & 2, masked = opt & 4, want_w = opt & 8;
        const module m(c.e, c.dkv, biases, rng);
        const auto x = randn(c.nq * c.e, rng);
        const auto kv = c.cross ? randn(c.nk * c.dkv, rng) : std::vector<float>();
        std::vector<float> mask = randn(c.nq * c.nk, rng);
        for (size_t t = 0; t < mask.size(); t += 3) mask[t] = -kInf;
        for (size_t j = 0; j < c.nk; ++j) mask[(c.nq / 2) * c.nk + j] = -kInf;  // one dead row
        std::vector<double> ry, rw;
        ref::mha(x.data(), c.cross ? kv.data() : x.data(), c.nq, c.nk, c.e, c.dkv, c.heads,
                 m.params(), masked ? mask.data() : nullptr, causal, &ry, &rw);

        const mha_dims d{c.nq, c.nk, c.e, c.dkv, c.heads};
        guarded<float> gx(x.size(), (mis % 3) * 4), gkv(kv.size() + 1, (mis % 2) * 4);
        gx.assign(x);
        std::copy(kv.begin(), kv.end(), gkv.data());
        guarded<float> y(c.nq * c.e, (mis % 4) * 4), w(c.heads * c.nq * c.nk, (mis % 3) * 4);
        const size_t bytes = attnkit::mha_f32_scratch_size(d);
        guarded<unsigned char> work = testing_support::make_scratch(bytes, (mis * 7) % 64);
        attnkit::attention_opts o;
        o.causal = causal;
        o.mask = masked ? mask.data() : nullptr;
        o.weights = want_w ? w.data() : nullptr;
        ASSERT_EQ(attnkit::mha_f32(d, gx.data(), c.cross ? gkv.data() : nullptr, m.weights(),
                                   y.data(), o, {work.data(), bytes}),
                  status::ok);
        ++mis;
        EXPECT_TRUE(y.canaries_ok() && w.canaries_ok() && work.canaries_ok());
        const double ey = rel_to_max(y.data(), ry);
        testing_support::note_error("mha out (rel to max)", variant, ey);
        ASSERT_LE(ey, kOutTol) << c.nq << "x" << c.nk << " e=" << c.e << " dkv=" << c.dkv
                               << " H=" << c.heads << " opt=" << opt;
        if (want_w) {
          const double ew = weight_error(w.data(), rw);
          testing_support::note_error("mha weights (rel)", variant, ew);
          ASSERT_LE(ew, kWeightTol) << c.nq << "x" << c.nk << " H=" << c.heads << " opt=" << opt;
        }
      }
    }
  });
}

// With identity projections and no biases, one head is exactly attention_f32 of the inputs.
TEST(Mha, OneHeadWithIdentityProjectionsIsAttentionBitForBit) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(22);
    for (auto [nq, nk, e] : std::vector<std::array<size_t, 3>>{
             {1, 1, 1}, {5, 5, 6}, {17, 3, 16}, {3, 140, 17}, {33, 33, 8}}) {
      const std::vector<float> id = identity(e);
      attnkit::mha_weights w;
      w.wq = w.wk = w.wv = w.wo = id.data();
      const auto x = randn(nq * e, rng), kv = randn(nk * e, rng);
      std::vector<float> mask = randn(nq * nk, rng);
      for (size_t t = 1; t < mask.size(); t += 4) mask[t] = -kInf;
      for (int opt = 0; opt < 8; ++opt) {
        attnkit::attention_opts o;
        o.causal = opt & 1;
        o.mask = (opt & 2) ? mask.data() : nullptr;
        std::vector<float> wm(nq * nk), wa(nq * nk), ym(nq * e), ya(nq * e);
        const mha_dims md{nq, nk, e, e, 1};
        const attnkit::attention_dims ad{nq, nk, e, e};
        std::vector<unsigned char> sm(attnkit::mha_f32_scratch_size(md));
        std::vector<unsigned char> sa(attnkit::attention_f32_scratch_size(ad));
        if (opt & 4) o.weights = wm.data();
        ASSERT_EQ(
            attnkit::mha_f32(md, x.data(), kv.data(), w, ym.data(), o, {sm.data(), sm.size()}),
            status::ok);
        if (opt & 4) o.weights = wa.data();
        ASSERT_EQ(attnkit::attention_f32(ad, x.data(), kv.data(), kv.data(), ya.data(), o,
                                         {sa.data(), sa.size()}),
                  status::ok);
        for (size_t t = 0; t < ym.size(); ++t)
          ASSERT_EQ(ym[t], ya[t]) << t << " nq=" << nq << " nk=" << nk << " e=" << e
                                  << " opt=" << opt;
        for (size_t t = 0; (opt & 4) && t < wm.size(); ++t) ASSERT_EQ(wm[t], wa[t]) << t;
      }
    }
  });
}

// H = 1 with general weights: attention_f32 on the projected inputs, then the output projection.
TEST(Mha, OneHeadEqualsAttentionOnProjectedInputs) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(23);
    for (auto [nq, nk, e, dkv] :
         std::vector<std::array<size_t, 4>>{{5, 5, 6, 6}, {17, 9, 16, 5}, {3, 130, 33, 17}}) {
      const module m(e, dkv, true, rng);
      const auto x = randn(nq * e, rng), kv = randn(nk * dkv, rng);
      auto to_float = [](const std::vector<double>& v) {
        return std::vector<float>(v.begin(), v.end());
      };
      const auto q = to_float(ref::linear(x.data(), nq, e, m.wq.data(), e, m.bq.data()));
      const auto k = to_float(ref::linear(kv.data(), nk, dkv, m.wk.data(), e, m.bk.data()));
      const auto v = to_float(ref::linear(kv.data(), nk, dkv, m.wv.data(), e, m.bv.data()));
      for (bool causal : {false, true}) {
        attnkit::attention_opts o;
        o.causal = causal;
        const attnkit::attention_dims ad{nq, nk, e, e};
        std::vector<unsigned char> sa(attnkit::attention_f32_scratch_size(ad));
        std::vector<float> att(nq * e), y(nq * e);
        ASSERT_EQ(attnkit::attention_f32(ad, q.data(), k.data(), v.data(), att.data(), o,
                                         {sa.data(), sa.size()}),
                  status::ok);
        const std::vector<double> want =
            ref::linear(att.data(), nq, e, m.wo.data(), e, m.bo.data());
        const mha_dims md{nq, nk, e, dkv, 1};
        std::vector<unsigned char> sm(attnkit::mha_f32_scratch_size(md));
        ASSERT_EQ(attnkit::mha_f32(md, x.data(), kv.data(), m.weights(), y.data(), o,
                                   {sm.data(), sm.size()}),
                  status::ok);
        EXPECT_LE(rel_to_max(y.data(), want), kOutTol) << nq << "x" << nk << " causal " << causal;
      }
    }
  });
}

// Head h sees only columns [h*dh, (h+1)*dh) of q, k, v: H attention_f32 calls on the slices,
// concatenated, give the H-head output when every projection is the identity.
TEST(Mha, HeadsAreAttentionOverColumnSlices) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(24);
    for (auto [n, e, heads] :
         std::vector<std::array<size_t, 3>>{{5, 6, 3}, {17, 32, 4}, {9, 6, 6}}) {
      const std::vector<float> id = identity(e);
      attnkit::mha_weights w;
      w.wq = w.wk = w.wv = w.wo = id.data();
      const auto x = randn(n * e, rng);
      const mha_dims md{n, n, e, e, heads};
      std::vector<unsigned char> sm(attnkit::mha_f32_scratch_size(md));
      std::vector<float> y(n * e), wts(heads * n * n);
      attnkit::attention_opts o;
      o.weights = wts.data();
      ASSERT_EQ(attnkit::mha_f32(md, x.data(), nullptr, w, y.data(), o, {sm.data(), sm.size()}),
                status::ok);
      const size_t dh = e / heads;
      for (size_t h = 0; h < heads; ++h) {
        std::vector<float> s(n * dh), out(n * dh), wh(n * n);
        for (size_t i = 0; i < n; ++i)
          std::copy_n(x.begin() + i * e + h * dh, dh, s.begin() + i * dh);
        attnkit::attention_opts oh;
        oh.weights = wh.data();
        const attnkit::attention_dims ad{n, n, dh, dh};
        std::vector<unsigned char> sa(attnkit::attention_f32_scratch_size(ad));
        ASSERT_EQ(attnkit::attention_f32(ad, s.data(), s.data(), s.data(), out.data(), oh,
                                         {sa.data(), sa.size()}),
                  status::ok);
        for (size_t i = 0; i < n; ++i)
          for (size_t c = 0; c < dh; ++c)
            EXPECT_NEAR(y[i * e + h * dh + c], out[i * dh + c], 1e-6) << "head " << h;
        for (size_t t = 0; t < n * n; ++t)
          EXPECT_NEAR(wts[h * n * n + t], wh[t], 1e-6) << "head " << h;
      }
    }
  });
}

TEST(Mha, SelfAttentionWithKvNullEqualsKvIsX) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(25);
    const size_t n = 19, e = 12, heads = 3;
    const module m(e, e, true, rng);
    const auto x = randn(n * e, rng);
    const mha_dims d{n, n, e, e, heads};
    std::vector<unsigned char> s(attnkit::mha_f32_scratch_size(d));
    std::vector<float> a(n * e), b(n * e);
    ASSERT_EQ(
        attnkit::mha_f32(d, x.data(), nullptr, m.weights(), a.data(), {}, {s.data(), s.size()}),
        status::ok);
    ASSERT_EQ(
        attnkit::mha_f32(d, x.data(), x.data(), m.weights(), b.data(), {}, {s.data(), s.size()}),
        status::ok);
    for (size_t t = 0; t < a.size(); ++t) ASSERT_EQ(a[t], b[t]) << t;
  });
}

TEST(Mha, ScratchOfExactlyTheQueriedSizeWorksAndOneByteLessIsRejected) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(26);
    for (mha_case c : {mha_case{1, 1, 1, 1, 1, false}, mha_case{5, 5, 6, 6, 3, false},
                       mha_case{17, 140, 16, 5, 4, true}}) {
      const module m(c.e, c.dkv, true, rng);
      const auto x = randn(c.nq * c.e, rng), kv = randn(c.nk * c.dkv, rng);
      const mha_dims d{c.nq, c.nk, c.e, c.dkv, c.heads};
      const size_t bytes = attnkit::mha_f32_scratch_size(d);
      ASSERT_GT(bytes, 0u);
      for (size_t mis : {0u, 1u, 3u, 17u, 63u}) {
        for (bool want_w : {false, true}) {
          guarded<float> y(c.nq * c.e, 4), w(c.heads * c.nq * c.nk, 8);
          attnkit::attention_opts o;
          o.weights = want_w ? w.data() : nullptr;
          guarded<unsigned char> ok = testing_support::make_scratch(bytes, mis);
          EXPECT_EQ(attnkit::mha_f32(d, x.data(), c.cross ? kv.data() : nullptr, m.weights(),
                                     y.data(), o, {ok.data(), bytes}),
                    status::ok);
          EXPECT_TRUE(ok.canaries_ok() && y.canaries_ok() && w.canaries_ok()) << mis;
          guarded<unsigned char> small = testing_support::make_scratch(bytes - 1, mis);
          EXPECT_EQ(attnkit::mha_f32(d, x.data(), c.cross ? kv.data() : nullptr, m.weights(),
                                     y.data(), o, {small.data(), bytes - 1}),
                    status::scratch_too_small)
              << mis;
          EXPECT_TRUE(small.canaries_ok());
        }
      }
    }
  });
}

TEST(Mha, RejectsBadArguments) {
  float buf[256] = {};
  unsigned char work[1 << 14];
  const attnkit::scratch s{work, sizeof work};
  attnkit::mha_weights w;
  w.wq = w.wk = w.wv = w.wo = buf;
  const mha_dims d{2, 2, 4, 4, 2};
  float y[8];
  ASSERT_EQ(attnkit::mha_f32(d, buf, nullptr, w, y, {}, s), status::ok);
  EXPECT_EQ(attnkit::mha_f32(d, nullptr, nullptr, w, y, {}, s), status::null_pointer);
  EXPECT_EQ(attnkit::mha_f32(d, buf, nullptr, w, nullptr, {}, s), status::null_pointer);
  EXPECT_EQ(attnkit::mha_f32(d, buf, nullptr, w, y, {}, {nullptr, sizeof work}),
            status::null_pointer);
  for (int i = 0; i < 4; ++i) {
    attnkit::mha_weights bad = w;
    (i == 0 ? bad.wq : i == 1 ? bad.wk : i == 2 ? bad.wv : bad.wo) = nullptr;
    EXPECT_EQ(attnkit::mha_f32(d, buf, nullptr, bad, y, {}, s), status::null_pointer) << i;
  }
  // Heads must divide d_model.
  for (size_t heads : {0u, 3u, 5u, 8u}) {
    EXPECT_EQ(attnkit::mha_f32({2, 2, 4, 4, heads}, buf, nullptr, w, y, {}, s), status::bad_size)
        << heads;
  }
  EXPECT_EQ(attnkit::mha_f32({2, 2, 6, 6, 4}, buf, nullptr, w, y, {}, s), status::bad_size);
  for (mha_dims z : {mha_dims{0, 2, 4, 4, 2}, mha_dims{2, 0, 4, 4, 2}, mha_dims{2, 2, 0, 4, 2},
                     mha_dims{2, 2, 4, 0, 2}}) {
    EXPECT_EQ(attnkit::mha_f32(z, buf, buf, w, y, {}, s), status::bad_size);
    EXPECT_EQ(attnkit::mha_f32_scratch_size(z), 0u);
  }
  // Self-attention (kv null) needs nk == nq and d_kv == d_model.
  EXPECT_EQ(attnkit::mha_f32({2, 3, 4, 4, 2}, buf, nullptr, w, y, {}, s), status::bad_size);
  EXPECT_EQ(attnkit::mha_f32({2, 2, 4, 3, 2}, buf, nullptr, w, y, {}, s), status::bad_size);
  // root * root overflows size_t on 64- and 32-bit targets alike.
  const size_t big = SIZE_MAX / 2, root = size_t{1} << (sizeof(size_t) * 4 + 1);
  for (mha_dims o :
       {mha_dims{big, 2, 4, 4, 2}, mha_dims{2, big, 4, 4, 2}, mha_dims{2, 2, big - 1, 4, 1},
        mha_dims{2, 2, 4, big, 2}, mha_dims{root, root, 2, 2, 2},
        mha_dims{1 << 22, 1 << 22, 1 << 21, 4, 1 << 21}}) {
    EXPECT_EQ(attnkit::mha_f32(o, buf, buf, w, y, {}, s), status::size_overflow);
    EXPECT_EQ(attnkit::mha_f32_scratch_size(o), 0u);
  }
}

}  // namespace
