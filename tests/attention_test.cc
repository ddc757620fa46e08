// SPDX-License-Identifier: Apache-2.0
// attention_f32 against the double oracle, its properties, and its scratch/argument contract.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "attnkit/attention.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

using attnkit::attention_dims;
using attnkit::status;
using testing_support::guarded;
using testing_support::randn;
constexpr float kInf = std::numeric_limits<float>::infinity();

// Relative to sum_j w_ij |v_jc| (the output's size before cancellation): float scores carry
// ~1e-7 relative error, which the softmax turns into ~1e-7 * |score| relative weight error.
constexpr double kOutTol = 1e-5;
// Relative per weight; weights below float's normal range carry no relative precision.
constexpr double kWeightTol = 1e-5;
constexpr double kTinyWeight = 1e-30;

enum class mask_kind { none, random, rows_fully_masked };

struct attention_case {
  size_t nq, nk, dk, dv;
  bool causal = false;
  mask_kind mask = mask_kind::none;
  bool want_weights = false;
  float qk_scale = 1.0f;  // larger: peakier softmax
};

// Random finite mask with about a quarter -inf; for rows_fully_masked every 5th row is all
// -inf (such a row gets zero weights and zero output).
std::vector<float> make_mask(const attention_case& c, testing_support::rng& rng) {
  std::vector<float> m = randn(c.nq * c.nk, rng, 2.0f);
  for (float& x : m)
    if (rng.one_in(4)) x = -kInf;
  if (c.mask == mask_kind::rows_fully_masked)
    for (size_t i = 0; i < c.nq; i += 5)
      for (size_t j = 0; j < c.nk; ++j) m[i * c.nk + j] = -kInf;
  return m;
}

struct errors {
  double out = 0, weights = 0;
};

// Largest |got - want| / scale; scale 0 demands an exact 0 (fully masked rows).
double rel_error(const float* got, const std::vector<double>& want,
                 const std::vector<double>& scale) {
  return testing_support::max_scaled_error(got, want.data(), scale.data(), want.size());
}

// Relative per weight; masked and causal weights (0 in double) must be exactly 0.
double weight_error(const float* got, const std::vector<double>& want) {
  return testing_support::max_rel_error(got, want.data(), want.size(), kTinyWeight);
}

// Runs one case on the selected variant with misaligned, canary-guarded buffers and an
// exactly sized scratch; returns the measured errors.
errors run_case(const attention_case& c, const std::vector<float>& q, const std::vector<float>& k,
                const std::vector<float>& v, const std::vector<float>* mask, size_t mis) {
  const attention_dims dims{c.nq, c.nk, c.dk, c.dv};
  std::vector<double> ro, rw, rabs;
  ref::attention(q.data(), k.data(), v.data(), c.nq, c.nk, c.dk, c.dv,
                 mask ? mask->data() : nullptr, c.causal, c.dk, c.dk, c.dv, &ro, &rw, &rabs);
  const size_t fm = (mis % 3) * 2 + 1;  // misalignment in floats: 1, 3, 5
  guarded<float> gq(q.size(), fm * 4), gk(k.size(), (mis % 2) * 4), gv(v.size(), fm * 4);
  gq.assign(q), gk.assign(k), gv.assign(v);
  guarded<float> out(c.nq * c.dv, (mis % 4) * 4), w(c.nq * c.nk, (mis % 3) * 4);
  const size_t bytes = attnkit::attention_f32_scratch_size(dims);
  EXPECT_GT(bytes, 0u);
  guarded<unsigned char> work = testing_support::make_scratch(bytes, mis % 64);
  attnkit::attention_opts o;
  o.causal = c.causal;
  o.mask = mask ? mask->data() : nullptr;
  o.weights = c.want_weights ? w.data() : nullptr;
  EXPECT_EQ(attnkit::attention_f32(dims, gq.data(), gk.data(), gv.data(), out.data(), o,
                                   {work.data(), bytes}),
            status::ok);
  EXPECT_TRUE(out.canaries_ok());
  EXPECT_TRUE(w.canaries_ok());
  EXPECT_TRUE(work.canaries_ok());
  errors e;
  e.out = rel_error(out.data(), ro, rabs);
  if (c.want_weights) {
    e.weights = weight_error(w.data(), rw);
    for (size_t i = 0; i < c.nq; ++i) {  // rows sum to 1, or are all 0 when fully masked
      double s = 0, rs = 0;
      for (size_t j = 0; j < c.nk; ++j) s += w[i * c.nk + j], rs += rw[i * c.nk + j];
      EXPECT_NEAR(s, rs == 0 ? 0.0 : 1.0, rs == 0 ? 0.0 : 1e-5) << "row " << i;
    }
  }
  return e;
}

std::vector<attention_case> shapes() {
  std::vector<attention_case> s = {
      {1, 1, 1, 1},      {1, 1, 3, 17},     {3, 3, 3, 3},     {3, 17, 1, 5},
      {17, 3, 17, 1},    {15, 16, 16, 15},  {16, 16, 64, 64}, {17, 17, 33, 31},
      {33, 129, 16, 17}, {5, 128, 8, 8},    {40, 127, 64, 3}, {100, 7, 3, 17},
      {7, 300, 17, 100}, {48, 47, 128, 65}, {1, 257, 1, 1},   {31, 255, 6, 6},
  };
  testing_support::rng rng(99);
  const auto draw = [&](int32_t hi) { return static_cast<size_t>(rng.range(1, hi)); };
  for (int i = 0; i < 8; ++i) {
    const size_t nq = draw(70), nk = draw(300), dk = draw(130), dv = draw(130);
    s.push_back({nq, nk, dk, dv});
  }
  return s;
}

TEST(Attention, MatchesDoubleOnShapesMasksAndCausal) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(5);
    size_t mis = 0;
    for (attention_case c : shapes()) {
      for (int opt = 0; opt < 8; ++opt) {
        c.causal = opt & 1;
        c.mask = (opt & 2) ? mask_kind::rows_fully_masked : mask_kind::none;
        c.want_weights = opt & 4;
        const auto q = randn(c.nq * c.dk, rng), k = randn(c.nk * c.dk, rng);
        const auto v = randn(c.nk * c.dv, rng);
        const std::vector<float> mask = make_mask(c, rng);
        const errors e = run_case(c, q, k, v, c.mask == mask_kind::none ? nullptr : &mask, mis++);
        testing_support::note_error("attention out (rel)", variant, e.out);
        if (c.want_weights)
          testing_support::note_error("attention weights (rel)", variant, e.weights);
        ASSERT_LE(e.out, kOutTol) << c.nq << "x" << c.nk << " dk=" << c.dk << " dv=" << c.dv
                                  << " opt=" << opt;
        ASSERT_LE(e.weights, kWeightTol) << c.nq << "x" << c.nk << " dk=" << c.dk << " opt=" << opt;
      }
    }
  });
}

TEST(Attention, AdversarialValues) {
  testing_support::for_each_variant([](const std::string& variant) {
    testing_support::rng rng(6);
    size_t mis = 0;
    for (attention_case c : std::vector<attention_case>{
             {17, 33, 64, 17}, {5, 200, 16, 3}, {16, 129, 32, 33}, {1, 3, 1, 1}}) {
      for (bool want_weights : {false, true}) {
        c.want_weights = want_weights;
        // Peaky softmax: scores spread over ~+-60, so most float weights underflow to 0.
        {
          const auto q = randn(c.nq * c.dk, rng, 2.5f), k = randn(c.nk * c.dk, rng, 2.5f);
          const auto v = randn(c.nk * c.dv, rng);
          const errors e = run_case(c, q, k, v, nullptr, mis++);
          testing_support::note_error("attention out (rel)", variant, e.out);
          if (want_weights)
            testing_support::note_error("attention weights (rel)", variant, e.weights);
          EXPECT_LE(e.out, kOutTol) << "peaky " << c.nq << "x" << c.nk;
          EXPECT_LE(e.weights, kWeightTol) << "peaky " << c.nq << "x" << c.nk;
        }
        // V rows of wildly different size (1e30 and 1e-30), identical keys (uniform weights).
        {
          auto v = randn(c.nk * c.dv, rng);
          for (size_t j = 0; j < c.nk; ++j)
            for (size_t x = 0; x < c.dv; ++x) v[j * c.dv + x] *= j % 2 ? 1e30f : 1e-30f;
          const auto q = randn(c.nq * c.dk, rng);
          std::vector<float> k(c.nk * c.dk);
          const auto k0 = randn(c.dk, rng);
          for (size_t j = 0; j < c.nk; ++j) std::copy(k0.begin(), k0.end(), k.begin() + j * c.dk);
          const errors e = run_case(c, q, k, v, nullptr, mis++);
          EXPECT_LE(e.out, kOutTol) << "uniform " << c.nq << "x" << c.nk;
          EXPECT_LE(e.weights, kWeightTol) << "uniform " << c.nq << "x" << c.nk;
        }
        // Every key hidden but one per row, by -inf or by a huge finite negative mask.
        for (float hide : {-kInf, -1e30f}) {
          const auto q = randn(c.nq * c.dk, rng), k = randn(c.nk * c.dk, rng);
          const auto v = randn(c.nk * c.dv, rng);
          std::vector<float> mask(c.nq * c.nk, hide);
          for (size_t i = 0; i < c.nq; ++i) mask[i * c.nk + (i * 7) % c.nk] = 0.0f;
          attention_case cm = c;
          cm.mask = mask_kind::random;
          const errors e = run_case(cm, q, k, v, &mask, mis++);
          EXPECT_LE(e.out, kOutTol) << "one visible key " << hide;
          EXPECT_LE(e.weights, kWeightTol) << "one visible key " << hide;
        }
      }
    }
  });
}

TEST(Attention, FullyMaskedRowsGiveZeroOutputAndZeroWeights) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(7);
    for (size_t nk : {1u, 3u, 17u, 128u, 129u, 300u}) {
      const size_t nq = 19, dk = 5, dv = 7;
      const auto q = randn(nq * dk, rng), k = randn(nk * dk, rng), v = randn(nk * dv, rng);
      std::vector<float> mask = randn(nq * nk, rng);
      for (size_t i : {0u, 4u, 15u, 16u, 18u})
        for (size_t j = 0; j < nk; ++j) mask[i * nk + j] = -kInf;
      const attention_dims dims{nq, nk, dk, dv};
      std::vector<unsigned char> work(attnkit::attention_f32_scratch_size(dims));
      for (bool want_weights : {false, true}) {
        std::vector<float> out(nq * dv, NAN), w(nq * nk, NAN);
        attnkit::attention_opts o;
        o.mask = mask.data();
        o.weights = want_weights ? w.data() : nullptr;
        ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), o,
                                         {work.data(), work.size()}),
                  status::ok);
        for (size_t i : {0u, 4u, 15u, 16u, 18u}) {
          for (size_t c = 0; c < dv; ++c) EXPECT_EQ(out[i * dv + c], 0.0f) << i << " nk=" << nk;
          for (size_t j = 0; want_weights && j < nk; ++j)
            EXPECT_EQ(w[i * nk + j], 0.0f) << i << " nk=" << nk;
        }
        for (size_t c = 0; c < dv; ++c) EXPECT_TRUE(std::isfinite(out[dv + c]));
      }
    }
  });
}

TEST(Attention, CausalWeightsAboveTheDiagonalAreExactlyZero) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(8);
    for (auto [nq, nk] : std::vector<std::pair<size_t, size_t>>{
             {1, 1}, {3, 3}, {17, 17}, {17, 5}, {5, 17}, {33, 140}, {140, 33}}) {
      const size_t dk = 9, dv = 4;
      const auto q = randn(nq * dk, rng), k = randn(nk * dk, rng), v = randn(nk * dv, rng);
      std::vector<float> out(nq * dv), w(nq * nk, NAN);
      attnkit::attention_opts o;
      o.causal = true;
      o.weights = w.data();
      const attention_dims dims{nq, nk, dk, dv};
      std::vector<unsigned char> work(attnkit::attention_f32_scratch_size(dims));
      ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), o,
                                       {work.data(), work.size()}),
                status::ok);
      for (size_t i = 0; i < nq; ++i) {
        double s = 0;
        for (size_t j = 0; j < nk; ++j) {
          if (j > i) {
            EXPECT_EQ(w[i * nk + j], 0.0f) << i << "," << j;
          } else {
            EXPECT_GT(w[i * nk + j], 0.0f) << i << "," << j;  // rows past nk see every key
          }
          s += w[i * nk + j];
        }
        EXPECT_NEAR(s, 1.0, 1e-5) << "row " << i;
      }
      // Query 0 sees only key 0: its output is v[0].
      for (size_t c = 0; c < dv; ++c) EXPECT_NEAR(out[c], v[c], 1e-6 * std::fabs(v[c]) + 1e-7);
    }
  });
}

// Without masks attention is equivariant in the queries and invariant to a joint permutation of
// keys and values (summation order changes, so compare within the oracle tolerance).
TEST(Attention, PermutationEquivariance) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(9);
    for (auto [nq, nk, dk, dv] : std::vector<std::array<size_t, 4>>{
             {5, 5, 6, 6}, {17, 17, 16, 16}, {33, 130, 17, 9}, {3, 1, 4, 4}}) {
      const auto q = randn(nq * dk, rng), k = randn(nk * dk, rng), v = randn(nk * dv, rng);
      std::vector<size_t> pq(nq), pk(nk);
      std::iota(pq.begin(), pq.end(), 0);
      std::iota(pk.begin(), pk.end(), 0);
      std::shuffle(pq.begin(), pq.end(), rng);
      std::shuffle(pk.begin(), pk.end(), rng);
      std::vector<float> q2(q.size()), k2(k.size()), v2(v.size());
      for (size_t i = 0; i < nq; ++i) std::copy_n(q.begin() + pq[i] * dk, dk, q2.begin() + i * dk);
      for (size_t j = 0; j < nk; ++j) {
        std::copy_n(k.begin() + pk[j] * dk, dk, k2.begin() + j * dk);
        std::copy_n(v.begin() + pk[j] * dv, dv, v2.begin() + j * dv);
      }
      const attention_dims dims{nq, nk, dk, dv};
      std::vector<unsigned char> work(attnkit::attention_f32_scratch_size(dims));
      const attnkit::scratch s{work.data(), work.size()};
      std::vector<float> out(nq * dv), outq(nq * dv), outkv(nq * dv);
      ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k.data(), v.data(), out.data(), {}, s),
                status::ok);
      ASSERT_EQ(attnkit::attention_f32(dims, q2.data(), k.data(), v.data(), outq.data(), {}, s),
                status::ok);
      ASSERT_EQ(attnkit::attention_f32(dims, q.data(), k2.data(), v2.data(), outkv.data(), {}, s),
                status::ok);
      std::vector<double> ro, rw, rabs;
      ref::attention(q.data(), k.data(), v.data(), nq, nk, dk, dv, nullptr, false, dk, dk, dv, &ro,
                     &rw, &rabs);
      for (size_t i = 0; i < nq; ++i)
        for (size_t c = 0; c < dv; ++c) {
          EXPECT_NEAR(outq[i * dv + c], out[pq[i] * dv + c], 2 * kOutTol * rabs[pq[i] * dv + c])
              << "query permutation, row " << i;
          EXPECT_NEAR(outkv[i * dv + c], out[i * dv + c], 2 * kOutTol * rabs[i * dv + c])
              << "key/value permutation, row " << i;
        }
    }
  });
}

TEST(Attention, ScratchOfExactlyTheQueriedSizeWorksAndOneByteLessIsRejected) {
  testing_support::for_each_variant([](const std::string&) {
    testing_support::rng rng(10);
    for (attention_dims d : {attention_dims{1, 1, 1, 1}, attention_dims{3, 17, 5, 3},
                             attention_dims{17, 129, 16, 16}, attention_dims{40, 300, 8, 33}}) {
      const auto q = randn(d.nq * d.dk, rng), k = randn(d.nk * d.dk, rng);
      const auto v = randn(d.nk * d.dv, rng);
      const size_t bytes = attnkit::attention_f32_scratch_size(d);
      ASSERT_GT(bytes, 0u);
      for (size_t mis : {0u, 1u, 3u, 17u, 63u}) {
        guarded<float> out(d.nq * d.dv, 4);
        guarded<unsigned char> ok = testing_support::make_scratch(bytes, mis);
        EXPECT_EQ(attnkit::attention_f32(d, q.data(), k.data(), v.data(), out.data(), {},
                                         {ok.data(), bytes}),
                  status::ok)
            << "misalign " << mis;
        EXPECT_TRUE(ok.canaries_ok()) << "misalign " << mis;
        EXPECT_TRUE(out.canaries_ok());
        guarded<unsigned char> small = testing_support::make_scratch(bytes - 1, mis);
        EXPECT_EQ(attnkit::attention_f32(d, q.data(), k.data(), v.data(), out.data(), {},
                                         {small.data(), bytes - 1}),
                  status::scratch_too_small)
            << "misalign " << mis << " bytes " << bytes;
        EXPECT_TRUE(small.canaries_ok());
        EXPECT_EQ(attnkit::attention_f32(d, q.data(), k.data(), v.data(), out.data(), {},
                                         {nullptr, bytes}),
                  status::null_pointer);
      }
    }
  });
}

TEST(Attention, RejectsBadArguments) {
  float buf[64] = {};
  unsigned char work[4096];
  const attnkit::scratch s{work, sizeof work};
  const attention_dims d{2, 2, 4, 4};
  EXPECT_EQ(attnkit::attention_f32(d, nullptr, buf, buf, buf + 32, {}, s), status::null_pointer);
  EXPECT_EQ(attnkit::attention_f32(d, buf, nullptr, buf, buf + 32, {}, s), status::null_pointer);
  EXPECT_EQ(attnkit::attention_f32(d, buf, buf, nullptr, buf + 32, {}, s), status::null_pointer);
  EXPECT_EQ(attnkit::attention_f32(d, buf, buf, buf, nullptr, {}, s), status::null_pointer);
  for (attention_dims z : {attention_dims{0, 2, 4, 4}, attention_dims{2, 0, 4, 4},
                           attention_dims{2, 2, 0, 4}, attention_dims{2, 2, 4, 0}}) {
    EXPECT_EQ(attnkit::attention_f32(z, buf, buf, buf, buf + 32, {}, s), status::bad_size);
    EXPECT_EQ(attnkit::attention_f32_scratch_size(z), 0u);
  }
  // Products that do not fit in size_t: detected before anything is read or written.
  // root * root overflows size_t on 64- and 32-bit targets alike.
  const size_t big = SIZE_MAX / 2, root = size_t{1} << (sizeof(size_t) * 4 + 1);
  for (attention_dims o :
       {attention_dims{big, 2, 4, 4}, attention_dims{2, big, 4, 4}, attention_dims{2, 2, big, 4},
        attention_dims{2, 2, 4, big}, attention_dims{root, root, 1, 1}}) {
    EXPECT_EQ(attnkit::attention_f32(o, buf, buf, buf, buf + 32, {}, s), status::size_overflow);
    EXPECT_EQ(attnkit::attention_f32_scratch_size(o), 0u);
  }
}

}  // namespace
