// SPDX-License-Identifier: Apache-2.0
// Highway port: target enumeration and forcing, and its matmul kernels on every target.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

#if defined(ATTNKIT_HAVE_HIGHWAY)
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif
#include "port_table.h"
#include "ports/highway/targets.h"

namespace {

namespace hw = attnkit::highway;
constexpr float kCanary = -12345.0f;

std::vector<int64_t> targets() {
  int64_t t[32];
  const size_t n = hw::supported_targets(t, 32);
  return std::vector<int64_t>(t, t + (n < 32 ? n : 32));
}

// Runs body once per target with it forced; restores normal dispatch afterwards.
template <class F>
void for_each_target(F body) {
  for (int64_t t : targets()) {
    SCOPED_TRACE(hw::target_name(t));
    hw::force_target(t);
    body();
  }
  hw::force_target(0);
}

TEST(Highway, ListsSeveralTargetsBestFirst) {
  const std::vector<int64_t> t = targets();
  ASSERT_GE(t.size(), 2u);
  for (size_t i = 1; i < t.size(); ++i) EXPECT_LT(t[i - 1], t[i]);  // lower bit = better
  EXPECT_EQ(hw::supported_targets(nullptr, 0), t.size());
  EXPECT_STREQ(hw::current_target(), hw::target_name(t.front()));
  std::string names;
  for (int64_t x : t) names += std::string(" ") + hw::target_name(x);
  std::printf("Highway targets on this CPU:%s\n", names.c_str());
  RecordProperty("targets", names);
}

#if defined(__aarch64__) && defined(__linux__)
// An SVE core (qemu -cpu max) runs the SVE targets: mk/cross.mk compiles them (HWY_SVE=1).
TEST(Highway, SveCoreRunsSveTargets) {
  if ((getauxval(AT_HWCAP) & (1ul << 22)) == 0) GTEST_SKIP() << "no SVE on this CPU";  // HWCAP_SVE
  bool sve = false;
  for (int64_t x : targets()) sve |= std::string(hw::target_name(x)).rfind("SVE", 0) == 0;
  EXPECT_TRUE(sve) << "SVE core, but no SVE target compiled (HWY_SVE=0?)";
}
#endif

TEST(Highway, ForceTargetChangesDispatch) {
  const std::vector<int64_t> t = targets();
  for (int64_t target : t) {
    hw::force_target(target);
    EXPECT_STREQ(hw::current_target(), hw::target_name(target));
    EXPECT_EQ(targets(), t) << "forcing must not hide the other targets";
  }
  hw::force_target(0);
  EXPECT_STREQ(hw::current_target(), hw::target_name(t.front()));
}

// Operands with leading dims wider than the matrix and a start one float past alignment.
struct operand {
  std::vector<float> buf;
  float* p;
  size_t ld;
  operand(size_t rows, size_t cols, size_t pad, std::mt19937& rng, float fill) {
    ld = cols + pad;
    buf.assign(rows * ld + 1 + 16, kCanary);
    p = buf.data() + 1;
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (size_t r = 0; r < rows; ++r)
      for (size_t c = 0; c < cols; ++c) p[r * ld + c] = std::isnan(fill) ? u(rng) : fill;
  }
};

// Every element of c within the float accumulation bound of the double result; padding
// columns and the tail of the buffer untouched.
void expect_close(const operand& c, size_t m, size_t n, const std::vector<double>& ref,
                  const std::vector<double>& mag, size_t k, const std::string& what) {
  for (size_t i = 0; i < m; ++i) {
    for (size_t j = 0; j < c.ld; ++j) {
      const float v = c.p[i * c.ld + j];
      if (j >= n) {
        ASSERT_EQ(v, kCanary) << what << " wrote padding at " << i << "," << j;
        continue;
      }
      const double tol = 1.2e-7 * static_cast<double>(k + 4) * mag[i * n + j] + 1e-30;
      ASSERT_NEAR(v, ref[i * n + j], tol) << what << " at " << i << "," << j;
    }
  }
  for (size_t t = m * c.ld; t + 1 < c.buf.size(); ++t) ASSERT_EQ(c.p[t], kCanary) << what;
}

void check_nt(size_t m, size_t n, size_t k, std::mt19937& rng, bool with_bias, float alpha) {
  const operand a(m, k, 3, rng, NAN), b(n, k, 5, rng, NAN), bias(1, n, 0, rng, NAN);
  operand c(m, n, 2, rng, kCanary);
  attnkit::kHighwayPort.matmul_nt_f32(m, n, k, a.p, a.ld, b.p, b.ld, with_bias ? bias.p : nullptr,
                                      alpha, c.p, c.ld);
  std::vector<double> ref(m * n), mag(m * n);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double s = 0, sa = 0;
      for (size_t p = 0; p < k; ++p) {
        const double t = static_cast<double>(a.p[i * a.ld + p]) * b.p[j * b.ld + p];
        s += t;
        sa += std::fabs(t);
      }
      const double bj = with_bias ? bias.p[j] : 0.0;
      ref[i * n + j] = alpha * s + bj;
      mag[i * n + j] = std::fabs(alpha) * sa + std::fabs(bj);
    }
  expect_close(c, m, n, ref, mag, k,
               "nt m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k));
}

void check_nn(size_t m, size_t n, size_t k, std::mt19937& rng, bool accumulate = false) {
  const operand a(m, k, 3, rng, NAN), b(k, n, 5, rng, NAN);
  operand c(m, n, 2, rng, kCanary);
  std::vector<double> c0(m * n, 0.0);  // accumulate: C starts with small integers
  if (accumulate)
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < n; ++j) c.p[i * c.ld + j] = static_cast<float>(c0[i * n + j] = double((i * 7 + j) % 9) - 4);
  attnkit::kHighwayPort.matmul_nn_f32(m, n, k, a.p, a.ld, b.p, b.ld, c.p, c.ld, accumulate);
  std::vector<double> ref(m * n), mag(m * n);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double s = c0[i * n + j], sa = std::fabs(s);
      for (size_t p = 0; p < k; ++p) {
        const double t = static_cast<double>(a.p[i * a.ld + p]) * b.p[p * b.ld + j];
        s += t;
        sa += std::fabs(t);
      }
      ref[i * n + j] = s;
      mag[i * n + j] = sa;
    }
  expect_close(c, m, n, ref, mag, k,
               "nn m=" + std::to_string(m) + " n=" + std::to_string(n) + " k=" + std::to_string(k));
}

const size_t kSizes[] = {1, 3, 17, 33, 64, 100};

TEST(Highway, MatmulNTOddShapesEveryTarget) {
  for_each_target([] {
    std::mt19937 rng(7);
    for (size_t m : kSizes)
      for (size_t n : kSizes)
        for (size_t k : kSizes)
          check_nt(m, n, k, rng, (m + n + k) % 2 == 0, k == 17 ? -0.5f : 1.0f);
    for (size_t k : {255u, 256u, 257u, 600u}) check_nt(19, 37, k, rng, true, 0.25f);  // k-blocks
  });
}

TEST(Highway, MatmulNNOddShapesEveryTarget) {
  for_each_target([] {
    std::mt19937 rng(8);
    for (size_t m : kSizes)
      for (size_t n : kSizes)
        for (size_t k : kSizes) check_nn(m, n, k, rng);
    for (size_t k : {255u, 256u, 257u, 600u}) check_nn(19, 37, k, rng);  // k-blocks
    for (size_t n : kSizes) check_nn(13, n, 300, rng, true);              // c += a b
  });
}

// Attention weights of exactly 0 (masked keys) skip their rows of V, as in the scalar port:
// inf or NaN there must not reach the output; a nonzero weight on such a row still does.
TEST(Highway, MatmulNNSkipsZeroWeightRows) {
  for_each_target([] {
    for (size_t n : {3u, 17u, 64u}) {
      const size_t m = 7, k = 9;
      std::vector<float> a(m * k, 0.5f), b(k * n, 1.0f), c(m * n, kCanary);
      for (size_t i = 0; i < m; ++i) a[i * k + 4] = 0.0f;
      b[4 * n + 1] = std::numeric_limits<float>::infinity();
      b[4 * n + 2] = std::numeric_limits<float>::quiet_NaN();
      attnkit::kHighwayPort.matmul_nn_f32(m, n, k, a.data(), k, b.data(), n, c.data(), n, false);
      for (float v : c) ASSERT_EQ(v, 4.0f) << "n=" << n;
      a[2 * k + 4] = 1.0f;  // row 2 now weights the non-finite row
      attnkit::kHighwayPort.matmul_nn_f32(m, n, k, a.data(), k, b.data(), n, c.data(), n, false);
      EXPECT_TRUE(std::isinf(c[2 * n + 1]));
      EXPECT_TRUE(std::isnan(c[2 * n + 2]));
      EXPECT_EQ(c[2 * n + 0], 5.0f);
      EXPECT_EQ(c[3 * n + 1], 4.0f);
    }
  });
}

// Non-finite softmax rows keep the scalar port's semantics on every target, whether the special
// entry falls in the vector body or in the tail.
TEST(Highway, SoftmaxNonFiniteRowsEveryTarget) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  for_each_target([] {
    for (size_t n : {1u, 5u, 17u, 40u, 100u}) {
      for (size_t at : {size_t{0}, n / 2, n - 1}) {
        std::vector<float> x(n, 1.5f), y(n);
        x[at] = std::numeric_limits<float>::quiet_NaN();
        attnkit::kHighwayPort.softmax_f32(x.data(), n, y.data());
        for (float v : y) ASSERT_TRUE(std::isnan(v)) << "NaN at " << at << " of " << n;

        x.assign(n, -kInf);
        attnkit::kHighwayPort.softmax_f32(x.data(), n, y.data());
        for (float v : y) ASSERT_EQ(v, 0.0f) << n;

        x.assign(n, 2.0f);
        if (n > 1) x[(at + 1) % n] = -kInf;
        x[at] = kInf;
        x[n - 1 - at] = kInf;
        const float share = at == n - 1 - at ? 1.0f : 0.5f;
        attnkit::kHighwayPort.softmax_f32(x.data(), n, y.data());
        for (size_t i = 0; i < n; ++i)
          ASSERT_EQ(y[i], x[i] == kInf ? share : 0.0f) << i << "/" << n;

        x.assign(n, 3.0f);
        if (n > 1) x[at] = -kInf;
        attnkit::kHighwayPort.softmax_f32(x.data(), n, x.data());  // in place
        const float rest = n > 1 ? 1.0f / static_cast<float>(n - 1) : 1.0f;
        for (size_t i = 0; i < n; ++i)
          ASSERT_NEAR(x[i], n > 1 && i == at ? 0.0f : rest, 1e-7f) << i << "/" << n;
      }
    }
  });
}

}  // namespace
#endif  // ATTNKIT_HAVE_HIGHWAY
