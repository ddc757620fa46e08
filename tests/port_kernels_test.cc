// SPDX-License-Identifier: Apache-2.0
// Every kernel of lib/internal/port_api.inc, on every port and Highway target, against the scalar
// reference (integer kernels: the same bytes; float kernels: within a stated bound) and, for the
// float kernels, against the double oracles of tests/ref/. Sizes {1, 3, 17, N-1, N, N+1, 8N+2}
// around the widest vector (N lanes of 512 bits), misaligned inputs, padded leading dimensions
// and canary-guarded outputs; Highway's hwy/contrib/dot/dot_test.cc is the model.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>
#include <vector>

#include "lib/internal/port_table.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random_vectors.h"

namespace {

namespace ts = testing_support;
using attnkit::kScalarPort;
using attnkit::port_table;
using attnkit::quant_scale;
using ts::rng;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr double kU = ts::kFloatU;

// ---- The kernels of port_api.inc. Each needs a `check<kernel::name>` below: a kernel added to
// port_api.inc without one does not compile (incomplete type in kCases).

enum class kernel {
#define ATTNKIT_PORT_FN(fn, params) fn,
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
};
constexpr size_t kNumKernels = 0
#define ATTNKIT_PORT_FN(fn, params) +1
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
    ;

/// check<K>::run(port, variant, &cases) compares `port`'s kernel K with kScalarPort's (and the
/// double oracle), adding the number of compared calls to cases.
template <kernel K>
struct check;

// ---- Shapes.

/// Lanes of T in a 512-bit vector, the widest any port uses.
template <class T>
constexpr size_t lanes() {
  return 64 / sizeof(T);
}

/// {1, 3, 17, N-1, N, N+1, 8N+2} for each N, plus `extra`, ascending without repeats.
std::vector<size_t> sizes_for(std::initializer_list<size_t> ns,
                              std::initializer_list<size_t> extra = {}) {
  std::vector<size_t> s(extra);
  for (size_t n : ns)
    for (size_t v : {size_t{1}, size_t{3}, size_t{17}, n - 1, n, n + 1, 8 * n + 2}) s.push_back(v);
  std::sort(s.begin(), s.end());
  s.erase(std::unique(s.begin(), s.end()), s.end());
  return s;
}

/// Misalignments in elements: none and odd offsets. Case c gives its i-th buffer mis(c, i), so
/// the buffers of one call are misaligned differently and every buffer sees every offset.
constexpr size_t kMisalign[] = {0, 1, 3, 7};
constexpr size_t kNumMisalign = sizeof kMisalign / sizeof kMisalign[0];
size_t mis(size_t c, size_t i) { return kMisalign[(c + i) % kNumMisalign]; }

std::string shape(std::initializer_list<std::pair<const char*, double>> dims) {
  std::string s;
  char b[48];
  for (const auto& d : dims) {
    std::snprintf(b, sizeof b, "%s%s=%.10g", s.empty() ? "" : " ", d.first, d.second);
    s += b;
  }
  return s;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.9g", v);
  return b;
}

// ---- Buffers.

/// A rows x cols matrix with leading dimension ld in a canary-guarded buffer `mis` elements
/// past a 64-byte boundary. Every element starts as the byte pattern 0xA7 (padding included),
/// so a kernel that writes outside its rows x cols block shows up.
template <class T>
class mat {
 public:
  mat(size_t rows, size_t cols, size_t ld, size_t mis_elems)
      : rows_(rows), cols_(cols), ld_(ld), buf_(rows * ld, mis_elems * sizeof(T), 0xA7) {}
  T* data() { return buf_.data(); }
  const T* data() const { return buf_.data(); }
  size_t ld() const { return ld_; }
  T& operator()(size_t i, size_t j) { return buf_[i * ld_ + j]; }
  template <class F>
  void fill(F f) {
    for (size_t i = 0; i < rows_; ++i)
      for (size_t j = 0; j < cols_; ++j) (*this)(i, j) = f(i, j);
  }
  /// The rows x cols block, densely.
  std::vector<T> dense() const {
    std::vector<T> v(rows_ * cols_);
    for (size_t i = 0; i < rows_; ++i)
      std::memcpy(v.data() + i * cols_, buf_.data() + i * ld_, cols_ * sizeof(T));
    return v;
  }
  void snapshot() { before_ = buf_.vec(); }
  /// Canaries intact and, since snapshot(), nothing changed outside the block (all of the
  /// buffer with `whole`: an input).
  bool untouched(bool whole = false) const {
    if (!buf_.canaries_ok() || before_.size() != rows_ * ld_) return false;
    for (size_t i = 0; i < rows_; ++i)
      for (size_t j = whole ? 0 : cols_; j < ld_; ++j)
        if (std::memcmp(&buf_[i * ld_ + j], &before_[i * ld_ + j], sizeof(T)) != 0) return false;
    return true;
  }

 private:
  size_t rows_, cols_, ld_;
  ts::guarded<T> buf_;
  std::vector<T> before_;
};

// ---- Comparisons.

/// Integer kernels: the same bytes as the scalar reference; on mismatch the position and both
/// values.
template <class T>
testing::AssertionResult same_bytes(const std::vector<T>& got, const std::vector<T>& want,
                                    size_t cols) {
  if (got.size() != want.size()) return testing::AssertionFailure() << "sizes differ";
  const size_t i = ts::first_mismatch(got.data(), want.data(), got.size());
  if (i == got.size()) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "at (" << i / cols << ", " << i % cols << "): port "
                                     << +got[i] << ", scalar " << +want[i];
}

/// Float kernels: err (a metric in units of the kernel's bound, see each check) within limit.
/// Records the largest value per kernel and variant (ATTNKIT_ERROR_REPORT).
template <class G, class W>
testing::AssertionResult within(const std::string& what, const std::string& variant, double err,
                                double limit, size_t at, const std::vector<G>& got,
                                const std::vector<W>& want, size_t cols) {
  ts::note_error(what, variant, err);
  if (err <= limit) return testing::AssertionSuccess();
  return testing::AssertionFailure()
         << what << " = " << num(err) << " > " << num(limit) << "; worst at (" << at / cols << ", "
         << at % cols << "): port " << num(static_cast<double>(got[at])) << ", reference "
         << num(static_cast<double>(want[at]));
}

/// The same values (NaN where the reference has NaN): non-finite inputs follow the scalar
/// reference's documented semantics exactly.
testing::AssertionResult same_values(const std::vector<float>& got, const std::vector<float>& want,
                                     size_t cols) {
  size_t at = 0;
  const double e = ts::max_abs_error(got.data(), want.data(), got.size(), &at);
  if (e == 0.0) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "at (" << at / cols << ", " << at % cols << "): port "
                                     << num(got[at]) << ", scalar " << num(want[at]);
}

/// Compares port and scalar outputs against the double reference `ref` with per-element bounds
/// `bound` (an element is within its bound at error 1): port <= 1 from ref, port <= 2 from
/// scalar (both within the bound of the exact value).
void expect_float(const std::string& kernel_name, const std::string& variant,
                  const std::vector<float>& got, const std::vector<float>& scalar,
                  const std::vector<double>& ref, const std::vector<double>& bound, size_t cols) {
  size_t at = 0;
  double e = ts::max_scaled_error(got.data(), ref.data(), bound.data(), got.size(), &at);
  EXPECT_TRUE(within(kernel_name + " vs double (/bound)", variant, e, 1.0, at, got, ref, cols));
  e = ts::max_scaled_error(got.data(), scalar.data(), bound.data(), got.size(), &at);
  EXPECT_TRUE(within(kernel_name + " vs scalar (/bound)", variant, e, 2.0, at, got, scalar, cols));
}

// ---- Inputs.

/// Normalised scales (the vector paths), shifts mostly in [-30, 9] and sometimes at the edges
/// of a port's fast range; with `odd_ones`, one unnormalised multiplier and one INT32_MIN shift.
std::vector<quant_scale> plain_scales(size_t n, bool odd_ones, rng& r) {
  static const int32_t kEdge[] = {
      1 << 29, -(1 << 29), (1 << 29) + 1, -(1 << 29) - 1, 1 << 24, -(1 << 24), 31, -62};
  std::vector<quant_scale> s(n);
  for (quant_scale& q : s) {
    q.multiplier = r.range(1 << 30, INT32_MAX);
    q.shift = r.one_in(16) ? kEdge[r.below(8)] : r.range(-30, 9);
  }
  if (odd_ones && n > 3) {
    s[r.below(n)].multiplier = 12345;
    s[r.below(n)].shift = INT32_MIN;
  }
  return s;
}

/// Scale sets by kind: 0 plain, 1 plain with odd ones, 2 any (extreme_scale).
std::vector<quant_scale> scales_of_kind(size_t n, int kind, rng& r) {
  return kind == 2 ? ts::extreme_scales(n, r) : plain_scales(n, kind == 1, r);
}

// ============================================================================================
// Float kernels.

// pe_rows_f32: |error| <= 3e-7 of the exact value for positions below 2^20 (attnkit/pe.h).
template <>
struct check<kernel::pe_rows_f32> {
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    size_t c = 0;
    for (size_t d : sizes_for({lanes<float>()}, {64})) {
      for (size_t count : {1u, 5u}) {
        for (uint32_t pos0 : {0u, 1000u, (1u << 20) - 8}) {
          for (double base : {10000.0, 100.0}) {
            SCOPED_TRACE(shape({{"d", d}, {"count", count}, {"pos0", pos0}, {"base", base}}));
            const double log_base = std::log(base);
            std::vector<float> want(count * d);
            kScalarPort.pe_rows_f32(pos0, count, d, log_base, want.data());
            mat<float> out(count, d, d, mis(c++, 0));
            out.snapshot();
            p.pe_rows_f32(pos0, count, d, log_base, out.data());
            ASSERT_TRUE(out.untouched());
            std::vector<double> ref;
            for (size_t k = 0; k < count; ++k) {
              const std::vector<double> row = ref::pe(double(pos0) + double(k), d, base);
              ref.insert(ref.end(), row.begin(), row.end());
            }
            expect_float("pe_rows_f32", variant, out.dense(), want, ref,
                         std::vector<double>(ref.size(), 3e-7), d);
            if (testing::Test::HasFailure()) return;
          }
        }
      }
    }
    *cases += c;
  }
};

// softmax_f32: relative 1e-6 of the exact value where that is a normal float (softmax.h);
// non-finite rows exactly as the scalar reference (one definition of the policy).
template <>
struct check<kernel::softmax_f32> {
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(101);
    size_t c = 0;
    for (size_t n : sizes_for({lanes<float>()}, {1000})) {
      // Finite rows: N(0, 1); N(5, 30^2); N(0, 2^2) with -inf (masked) entries. Then non-finite
      // rows with the special entry at the start, the middle and the end (vector body or
      // tail): a NaN; +inf once or twice beside a -inf; all -inf.
      std::vector<std::vector<float>> rows = {ts::randn(n, r), ts::randn(n, r, 30.0f, 5.0f),
                                              ts::randn(n, r, 2.0f)};
      for (float& v : rows[2])
        if (r.one_in(8)) v = -kInf;
      const size_t finite_rows = rows.size();
      for (size_t at : {size_t{0}, n / 2, n - 1}) {
        std::vector<float> x(n, 1.5f);
        x[at] = std::nanf("");
        rows.push_back(x);
        x.assign(n, 2.0f);
        if (n > 1) x[(at + 1) % n] = -kInf;
        x[at] = x[n - 1 - at] = kInf;
        rows.push_back(x);
      }
      rows.push_back(std::vector<float>(n, -kInf));
      for (size_t kind = 0; kind < rows.size(); ++kind) {
        SCOPED_TRACE(shape({{"n", n}, {"kind", kind}}));
        const std::vector<float>& x = rows[kind];
        std::vector<float> want(n);
        kScalarPort.softmax_f32(x.data(), n, want.data());
        const bool in_place = c % 2 == 1;
        mat<float> xb(1, n, n, mis(c, 0)), yb(1, n, n, mis(c, 1));
        ++c;
        xb.fill([&](size_t, size_t j) { return x[j]; });
        xb.snapshot(), yb.snapshot();
        p.softmax_f32(xb.data(), n, in_place ? xb.data() : yb.data());
        ASSERT_TRUE(in_place ? xb.untouched() : xb.untouched(true) && yb.untouched());
        const std::vector<float> got = in_place ? xb.dense() : yb.dense();
        if (kind >= finite_rows) {
          EXPECT_TRUE(same_values(got, want, n));
        } else {
          const std::vector<double> ref = ref::softmax(x.data(), n);
          std::vector<double> bound(n);
          for (size_t i = 0; i < n; ++i)  // exact 0 where masked; subnormal results unmeasured
            bound[i] = ref[i] == 0 ? 0 : ref[i] < ts::kTinyFloat ? kInf : 1e-6 * ref[i];
          expect_float("softmax_f32", variant, got, want, ref, bound, n);
        }
        if (testing::Test::HasFailure()) return;
      }
    }
    *cases += c;
  }
};

// Bound of a float dot product of length k against the exact value, for any summation order
/// (with FMA or not): 1.2e-7 (k + 4) times the sum of the terms' magnitudes (about 2u(k + 4)).
std::vector<double> dot_bound(const std::vector<double>& mag, size_t k) {
  std::vector<double> b(mag.size());
  for (size_t i = 0; i < mag.size(); ++i)
    b[i] = 1.2e-7 * static_cast<double>(k + 4) * mag[i] + 1e-30;
  return b;
}

struct mnk {
  size_t m, n, k;
};

/// The shapes of both float matrix products: m in {1, 3, 17} times n, k over the size table,
/// every misalignment; then the cube {1, 3, 17, 33, 64, 100}^3 and k across 256-blocks.
template <class F>
void for_each_matmul_f32_shape(F f) {
  size_t c = 0;
  const std::vector<size_t> s = sizes_for({lanes<float>()});
  for (size_t m : {1u, 3u, 17u})
    for (size_t n : s)
      for (size_t k : s)
        for (size_t i = 0; i < kNumMisalign; ++i)
          if (!f(mnk{m, n, k}, c++)) return;
  const size_t cube[] = {1, 3, 17, 33, 64, 100};
  for (size_t m : cube)
    for (size_t n : cube)
      for (size_t k : cube)
        if (!f(mnk{m, n, k}, c++)) return;
  for (size_t k : {255u, 256u, 257u, 600u})
    if (!f(mnk{19, 37, k}, c++)) return;
}

// matmul_nt_f32: within dot_bound of the exact value; padding columns of C untouched.
template <>
struct check<kernel::matmul_nt_f32> {
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(102);
    for_each_matmul_f32_shape([&](mnk s, size_t c) {
      const size_t m = s.m, n = s.n, k = s.k;
      const float alpha = c % 3 == 0 ? 1.0f : c % 3 == 1 ? -0.5f : 0.25f;
      const bool with_bias = c % 2 == 0;
      SCOPED_TRACE(shape({{"m", m}, {"n", n}, {"k", k}, {"alpha", alpha}, {"bias", with_bias}}));
      mat<float> a(m, k, k + 3, mis(c, 0)), b(n, k, k + 5, mis(c, 1)), bias(1, n, n, mis(c, 2));
      mat<float> out(m, n, n + 2, mis(c, 3));
      const auto u = [&](size_t, size_t) { return r.uniform_f32(-1.0f, 1.0f); };
      a.fill(u), b.fill(u), bias.fill(u);
      a.snapshot(), b.snapshot(), bias.snapshot(), out.snapshot();
      const float* bp = with_bias ? bias.data() : nullptr;
      std::vector<float> want(m * n);
      kScalarPort.matmul_nt_f32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), bp, alpha, want.data(),
                                n);
      p.matmul_nt_f32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), bp, alpha, out.data(), out.ld());
      ++*cases;
      EXPECT_TRUE(a.untouched(true) && b.untouched(true) && bias.untouched(true));
      EXPECT_TRUE(out.untouched()) << "wrote padding or past the end";
      std::vector<double> mag;
      const std::vector<double> ref =
          ref::matmul_nt(m, n, k, a.data(), a.ld(), b.data(), b.ld(), bp, alpha, &mag);
      expect_float("matmul_nt_f32", variant, out.dense(), want, ref, dot_bound(mag, k), n);
      return !testing::Test::HasFailure();
    });
  }
};

// matmul_nn_f32: within dot_bound of the exact value (plus |C| when accumulating); rows of B
// whose weight is exactly 0 are skipped (masked attention weights), so inf or NaN there never
// reaches C.
template <>
struct check<kernel::matmul_nn_f32> {
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(103);
    for_each_matmul_f32_shape([&](mnk s, size_t c) {
      const size_t m = s.m, n = s.n, k = s.k;
      const bool accumulate = c % 2 == 1;
      SCOPED_TRACE(shape({{"m", m}, {"n", n}, {"k", k}, {"accumulate", accumulate}}));
      mat<float> a(m, k, k + 3, mis(c, 0)), b(k, n, n + 5, mis(c, 1)), out(m, n, n + 2, mis(c, 2));
      a.fill([&](size_t, size_t) { return r.one_in(4) ? 0.0f : r.uniform_f32(-1.0f, 1.0f); });
      b.fill([&](size_t, size_t) { return r.uniform_f32(-1.0f, 1.0f); });
      std::vector<float> want(m * n);
      const auto c0 = [](size_t i, size_t j) {
        return static_cast<float>(int((i * 7 + j) % 9) - 4);
      };
      if (accumulate) {
        out.fill(c0);
        for (size_t i = 0; i < m; ++i)
          for (size_t j = 0; j < n; ++j) want[i * n + j] = c0(i, j);
      }
      const std::vector<float> start = want;
      a.snapshot(), b.snapshot(), out.snapshot();
      kScalarPort.matmul_nn_f32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), want.data(), n,
                                accumulate);
      p.matmul_nn_f32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), out.data(), out.ld(),
                      accumulate);
      ++*cases;
      EXPECT_TRUE(a.untouched(true) && b.untouched(true));
      EXPECT_TRUE(out.untouched()) << "wrote padding or past the end";
      std::vector<double> mag;
      const std::vector<double> ref = ref::matmul_nn(m, n, k, a.data(), a.ld(), b.data(), b.ld(),
                                                     accumulate ? start.data() : nullptr, n, &mag);
      expect_float("matmul_nn_f32", variant, out.dense(), want, ref, dot_bound(mag, k), n);
      return !testing::Test::HasFailure();
    });
    // Zero weights skip their rows of B, in the vector body and in the tail.
    for (size_t n : {3u, 17u, 64u}) {
      SCOPED_TRACE("zero-weight rows, n=" + std::to_string(n));
      const size_t m = 7, k = 9;
      std::vector<float> a(m * k, 0.5f), b(k * n, 1.0f), c(m * n, -12345.0f);
      for (size_t i = 0; i < m; ++i) a[i * k + 4] = 0.0f;
      b[4 * n + 1] = kInf;
      b[4 * n + 2] = std::nanf("");
      p.matmul_nn_f32(m, n, k, a.data(), k, b.data(), n, c.data(), n, false);
      for (float v : c) ASSERT_EQ(v, 4.0f);
      a[2 * k + 4] = 1.0f;  // row 2 now weights the non-finite row
      p.matmul_nn_f32(m, n, k, a.data(), k, b.data(), n, c.data(), n, false);
      *cases += 2;
      EXPECT_TRUE(std::isinf(c[2 * n + 1]));
      EXPECT_TRUE(std::isnan(c[2 * n + 2]));
      EXPECT_EQ(c[2 * n + 0], 5.0f);
      EXPECT_EQ(c[3 * n + 1], 4.0f);
    }
  }
};

// layernorm_f32: within 4e-6 times the row's condition scale (ref::layernorm_scale) of the
// exact value, gamma and beta optional, in place or not.
template <>
struct check<kernel::layernorm_f32> {
  static constexpr double kTol = 4e-6;
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(104);
    size_t c = 0;
    for (size_t d : sizes_for({lanes<float>()}, {1280})) {
      for (size_t rows : {1u, 3u}) {
        for (int kind = 0; kind < 8; ++kind) {
          const bool affine_g = kind & 1, affine_b = kind & 2, offset = kind & 4;
          const float eps = c % 3 == 2 ? 0.0f : 1e-5f;
          SCOPED_TRACE(shape({{"rows", rows}, {"d", d}, {"kind", kind}, {"eps", eps}}));
          // Offset rows (mean 1e3, sd 1) are the ill-conditioned case.
          const std::vector<float> x =
              ts::randn(rows * d, r, offset ? 1.0f : 2.0f, offset ? 1e3f : 0.3f);
          const std::vector<float> gamma = ts::randn(d, r, 0.5f, 1.0f), beta = ts::randn(d, r);
          const float* g = affine_g ? gamma.data() : nullptr;
          const float* b = affine_b ? beta.data() : nullptr;
          if (d == 1 && eps == 0.0f) continue;  // 0/0: a constant row without eps
          std::vector<float> want(rows * d);
          kScalarPort.layernorm_f32(x.data(), rows, d, g, b, eps, want.data());
          const bool in_place = c % 2 == 1;
          mat<float> xb(rows, d, d, mis(c, 0)), yb(rows, d, d, mis(c, 1));
          ++c;
          xb.fill([&](size_t i, size_t j) { return x[i * d + j]; });
          xb.snapshot(), yb.snapshot();
          p.layernorm_f32(xb.data(), rows, d, g, b, eps, in_place ? xb.data() : yb.data());
          ASSERT_TRUE(in_place ? xb.untouched() : xb.untouched(true) && yb.untouched());
          const std::vector<double> ref = ref::layernorm(x.data(), rows, d, g, b, eps);
          std::vector<double> bound = ref::layernorm_scale(x.data(), rows, d, g, b, eps);
          for (double& v : bound) v *= kTol;
          expect_float("layernorm_f32", variant, in_place ? xb.dense() : yb.dense(), want, ref,
                       bound, d);
          if (testing::Test::HasFailure()) return;
        }
      }
    }
    *cases += c;
  }
};

// mean_pool_f32: within (rows + 1) u mean|x| of the exact column mean.
template <>
struct check<kernel::mean_pool_f32> {
  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(105);
    size_t c = 0;
    for (size_t d : sizes_for({lanes<float>()})) {
      for (size_t rows : {1u, 3u, 17u, 100u}) {
        for (float mean : {0.0f, 1e4f}) {
          for (size_t i = 0; i < kNumMisalign; ++i) {
            SCOPED_TRACE(shape({{"rows", rows}, {"d", d}, {"mean", mean}}));
            const std::vector<float> x = ts::randn(rows * d, r, 1.0f, mean);
            std::vector<float> want(d);
            kScalarPort.mean_pool_f32(x.data(), rows, d, want.data());
            mat<float> xb(rows, d, d, mis(c, 0)), yb(1, d, d, mis(c, 1));
            ++c;
            xb.fill([&](size_t a, size_t j) { return x[a * d + j]; });
            xb.snapshot(), yb.snapshot();
            p.mean_pool_f32(xb.data(), rows, d, yb.data());
            ASSERT_TRUE(xb.untouched(true) && yb.untouched());
            std::vector<double> bound = ref::mean_pool_scale(x.data(), rows, d);
            for (double& v : bound) v *= static_cast<double>(rows + 1) * kU;
            expect_float("mean_pool_f32", variant, yb.dense(), want,
                         ref::mean_pool(x.data(), rows, d), bound, d);
            if (testing::Test::HasFailure()) return;
          }
        }
      }
    }
    *cases += c;
  }
};

// softmax_online_f32: one step from the same state on the port and the scalar reference.
// Finite rows: m exact; each exp(x - m) within 2u (8 + |x| + |m|) relative (the rounding of
// x - m in float, plus a few ulps of exp); l within that plus (n + 4) u (a float sum); masked
// entries exactly 0. Rows with a NaN or +inf: exactly the scalar reference's values.
template <>
struct check<kernel::softmax_online_f32> {
  struct state {
    std::vector<float> m, l;
  };

  // One step on tile x (rows x n, dense) from state `in`; returns the port's new state.
  static state step(const port_table& p, const std::string& variant, const std::vector<float>& x,
                    size_t rows, size_t n, const state& in, size_t c) {
    const size_t lds = n + 3;
    mat<float> sb(rows, n, lds, mis(c, 0)), mb(1, rows, rows, mis(c, 1)),
        lb(1, rows, rows, mis(c, 2)), cb(1, rows, rows, mis(c, 3));
    sb.fill([&](size_t i, size_t j) { return x[i * n + j]; });
    mb.fill([&](size_t, size_t i) { return in.m[i]; });
    lb.fill([&](size_t, size_t i) { return in.l[i]; });
    sb.snapshot(), mb.snapshot(), lb.snapshot(), cb.snapshot();
    std::vector<float> ws = x, wm = in.m, wl = in.l, wc(rows);
    kScalarPort.softmax_online_f32(ws.data(), rows, n, n, wm.data(), wl.data(), wc.data());
    p.softmax_online_f32(sb.data(), rows, n, lds, mb.data(), lb.data(), cb.data());
    EXPECT_TRUE(sb.untouched() && mb.untouched() && lb.untouched() && cb.untouched());
    const state out{mb.dense(), lb.dense()};
    const std::vector<float> gs = sb.dense(), gc = cb.dense();
    ref::online_step o = ref::softmax_online(x.data(), rows, n, n, in.m.data(), in.l.data());
    std::vector<double> bs(rows * n), bm(rows, 0.0), bl(rows), bc(rows);
    for (size_t i = 0; i < rows; ++i) {
      bool special = false;  // a NaN or +inf: the scalar reference's values, exactly
      for (size_t j = 0; j < n; ++j) special |= std::isnan(x[i * n + j]) || x[i * n + j] == kInf;
      if (special) {
        for (size_t j = 0; j < n; ++j) o.s[i * n + j] = ws[i * n + j], bs[i * n + j] = 0;
        o.m[i] = wm[i], o.l[i] = wl[i], o.corr[i] = wc[i], bl[i] = bc[i] = 0;
        continue;
      }
      const double mx = o.m[i];
      const auto rel = [&](double v) { return 2 * kU * (8 + std::fabs(v) + std::fabs(mx)); };
      double worst = std::isinf(in.m[i]) ? 0 : rel(in.m[i]);
      for (size_t j = 0; j < n; ++j) {
        const double e = o.s[i * n + j];
        bs[i * n + j] = e == 0 ? 0 : e < ts::kTinyFloat ? kInf : rel(x[i * n + j]) * e;
        if (std::isfinite(x[i * n + j])) worst = std::max(worst, rel(x[i * n + j]));
      }
      bc[i] = o.corr[i] == 0 || o.corr[i] == 1 ? 0 : rel(in.m[i]) * o.corr[i];
      bl[i] = (worst + static_cast<double>(n + 4) * kU) * o.l[i];
    }
    const std::vector<double> om(o.m.begin(), o.m.end());
    expect_float("softmax_online_f32 s", variant, gs, ws, o.s, bs, n);
    expect_float("softmax_online_f32 m", variant, out.m, wm, om, bm, rows);
    expect_float("softmax_online_f32 l", variant, out.l, wl, o.l, bl, rows);
    expect_float("softmax_online_f32 corr", variant, gc, wc, o.corr, bc, rows);
    return out;
  }

  static void run(const port_table& p, const std::string& variant, size_t* cases) {
    rng r(106);
    size_t c = 0;
    for (size_t n : sizes_for({lanes<float>()})) {
      for (size_t rows : {1u, 3u}) {
        for (int kind = 0; kind < 7; ++kind) {
          SCOPED_TRACE(shape({{"rows", rows}, {"n", n}, {"kind", kind}}));
          // 0-3: N(0, sd^2) tiles, sd 1 or 8, the second tile's max above or below the
          // first's; -inf entries throughout; with 3 rows, row 1 sees nothing in tile 1.
          // 4: a NaN in tile 2; 5: +inf in tile 2; 6: every entry -inf in both tiles.
          const float sd = kind & 1 ? 8.0f : 1.0f, shift = kind & 2 ? -2.0f * sd : 2.0f * sd;
          std::vector<float> t1 = ts::randn(rows * n, r, sd), t2 = ts::randn(rows * n, r, sd);
          for (float& v : t2) v += kind < 4 ? shift : 0.0f;
          for (std::vector<float>* t : {&t1, &t2})
            for (float& v : *t)
              if (r.one_in(8)) v = -kInf;
          if (rows == 3)
            for (size_t j = 0; j < n; ++j) t1[n + j] = -kInf;
          if (kind == 4) t2[(c * 5) % (rows * n)] = std::nanf("");
          if (kind == 5) t2[(c * 3) % (rows * n)] = kInf;
          if (kind == 6) t1.assign(rows * n, -kInf), t2.assign(rows * n, -kInf);
          const state s0{std::vector<float>(rows, -kInf), std::vector<float>(rows, 0.0f)};
          const state s1 = step(p, variant, t1, rows, n, s0, c++);
          if (testing::Test::HasFailure()) return;
          step(p, variant, t2, rows, n, s1, c++);
          if (testing::Test::HasFailure()) return;
        }
      }
    }
    *cases += c;
  }
};

// ============================================================================================
// Integer kernels: the same bytes as the scalar reference on every port and target.

// matmul_nt_s8_s32: k <= kMaxDotS8, |bias| <= 2^30 (port_api.inc).
template <>
struct check<kernel::matmul_nt_s8_s32> {
  static bool one(const port_table& p, size_t m, size_t n, size_t k, size_t lda, size_t ldb,
                  size_t ldc, bool with_bias, int a_kind, size_t c, rng& r) {
    SCOPED_TRACE(shape({{"m", m}, {"n", n}, {"k", k}, {"bias", with_bias}, {"a_kind", a_kind}}));
    mat<int8_t> a(m, k, lda, mis(c, 0)), b(n, k, ldb, mis(c, 1));
    mat<int32_t> bias(1, n, n, mis(c, 2)), out(m, n, ldc, mis(c, 3));
    // a_kind 0: any int8; 1, 2: all -128 / 127 against b = -128 (the largest sums).
    a.fill([&](size_t, size_t) {
      return a_kind == 0 ? r.any_s8() : int8_t(a_kind == 1 ? -128 : 127);
    });
    b.fill([&](size_t, size_t) { return a_kind == 0 ? r.any_s8() : int8_t{-128}; });
    bias.fill([&](size_t, size_t) {
      return r.one_in(8) ? (r.one_in(2) ? 1 << 30 : -(1 << 30)) : r.range(-(1 << 30), 1 << 30);
    });
    a.snapshot(), b.snapshot(), bias.snapshot(), out.snapshot();
    const int32_t* bp = with_bias ? bias.data() : nullptr;
    std::vector<int32_t> want(m * n);
    kScalarPort.matmul_nt_s8_s32(m, n, k, a.data(), lda, b.data(), ldb, bp, want.data(), n);
    p.matmul_nt_s8_s32(m, n, k, a.data(), lda, b.data(), ldb, bp, out.data(), ldc);
    EXPECT_TRUE(a.untouched(true) && b.untouched(true) && bias.untouched(true));
    EXPECT_TRUE(out.untouched()) << "wrote padding or past the end";
    EXPECT_TRUE(same_bytes(out.dense(), want, n));
    return !testing::Test::HasFailure();
  }
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(107);
    size_t c = 0;
    const std::vector<size_t> s = sizes_for({lanes<int8_t>()});
    for (size_t m : {1u, 3u, 17u})
      for (size_t n : s)
        for (size_t k : s)
          for (size_t i = 0; i < kNumMisalign; ++i, ++c)
            if (!one(p, m, n, k, k + 3, k + 1, n + 2, c % 3 != 0, 0, c, r)) return;
    // The blocked kernels' row tiles, k-blocks and column panels with their tails.
    for (const mnk t : {mnk{9, 250, 1280}, mnk{40, 37, 2051}, mnk{25, 64, 64}, mnk{16, 100, 3},
                        mnk{13, 33, 1025}, mnk{24, 20, 1280}, mnk{11, 52, 77}})
      if (!one(p, t.m, t.n, t.k, t.k, t.k + 5, t.n, true, 0, c++, r)) return;
    // The longest allowed dot product of the largest magnitudes.
    for (size_t m : {2u, 12u})
      for (int a_kind : {1, 2})
        if (!one(p, m, 3, attnkit::kMaxDotS8, attnkit::kMaxDotS8, attnkit::kMaxDotS8, 3, false,
                 a_kind, c++, r))
          return;
    *cases += c;
  }
};

// matmul_nn_q15_s8_s32: 128 * sum_p |a[i][p]| < 2^31 (port_api.inc).
template <>
struct check<kernel::matmul_nn_q15_s8_s32> {
  static bool one(const port_table& p, size_t m, size_t n, size_t k, bool probs, size_t c, rng& r) {
    SCOPED_TRACE(shape({{"m", m}, {"n", n}, {"k", k}, {"probs", probs}}));
    mat<int16_t> a(m, k, k + 1, mis(c, 0));
    mat<int8_t> b(k, n, n + 5, mis(c, 1));
    mat<int32_t> out(m, n, n + 2, mis(c, 2));
    // Attention weights (Q15 rows summing to about 1, a third exactly 0) or signed weights at
    // the largest magnitude the precondition allows.
    const int32_t amax = static_cast<int32_t>(std::min<size_t>(32767, ((size_t{1} << 24) - 1) / k));
    a.fill([&](size_t, size_t) {
      return static_cast<int16_t>(probs ? (r.one_in(3) ? 0 : r.range(0, int32_t(32768 / k)))
                                        : r.range(-amax, amax));
    });
    b.fill([&](size_t, size_t) { return r.any_s8(); });
    a.snapshot(), b.snapshot(), out.snapshot();
    std::vector<int32_t> want(m * n);
    kScalarPort.matmul_nn_q15_s8_s32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), want.data(), n);
    p.matmul_nn_q15_s8_s32(m, n, k, a.data(), a.ld(), b.data(), b.ld(), out.data(), out.ld());
    EXPECT_TRUE(a.untouched(true) && b.untouched(true));
    EXPECT_TRUE(out.untouched()) << "wrote padding or past the end";
    EXPECT_TRUE(same_bytes(out.dense(), want, n));
    return !testing::Test::HasFailure();
  }
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(108);
    size_t c = 0;
    const std::vector<size_t> s = sizes_for({lanes<int8_t>()});
    for (size_t m : {1u, 3u, 17u})
      for (size_t n : s)
        for (size_t k : s)
          for (size_t i = 0; i < kNumMisalign; ++i, ++c)
            if (!one(p, m, n, k, c % 2 == 0, c, r)) return;
    for (const mnk t : {mnk{17, 64, 1000}, mnk{3, 33, 129}, mnk{40, 12, 4096}})
      for (bool probs : {true, false})
        if (!one(p, t.m, t.n, t.k, probs, c++, r)) return;
    *cases += c;
  }
};

/// rows x cols shapes of the requantize kernels: rows {1, 4, 9}, cols over the sizes of int32
/// and int8 vectors, three scale kinds, every misalignment.
template <class F>
void for_each_requantize_shape(F f) {
  size_t c = 0;
  for (size_t rows : {1u, 4u, 9u})
    for (size_t cols : sizes_for({lanes<int32_t>(), lanes<int8_t>()}, {37, 100, 250}))
      for (int kind = 0; kind < 3; ++kind)
        for (size_t i = 0; i < kNumMisalign; ++i)
          if (!f(rows, cols, kind, c++)) return;
}

// requantize_cols_s32: any scales; y may alias x.
template <>
struct check<kernel::requantize_cols_s32> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(109);
    for_each_requantize_shape([&](size_t rows, size_t cols, int kind, size_t c) {
      const bool in_place = c % 2 == 1;
      SCOPED_TRACE(shape({{"rows", rows}, {"cols", cols}, {"kind", kind}, {"in_place", in_place}}));
      const std::vector<quant_scale> sc = scales_of_kind(cols, kind, r);
      mat<int32_t> x(rows, cols, cols + 1, mis(c, 0)), y(rows, cols, cols + 2, mis(c, 1));
      x.fill([&](size_t, size_t) { return ts::extreme_i32(r); });
      const std::vector<int32_t> xd = x.dense();
      std::vector<int32_t> want(rows * cols);
      kScalarPort.requantize_cols_s32(rows, cols, xd.data(), cols, sc.data(), want.data(), cols);
      x.snapshot(), y.snapshot();
      if (in_place)
        p.requantize_cols_s32(rows, cols, x.data(), x.ld(), sc.data(), x.data(), x.ld());
      else
        p.requantize_cols_s32(rows, cols, x.data(), x.ld(), sc.data(), y.data(), y.ld());
      ++*cases;
      EXPECT_TRUE(in_place ? x.untouched() : x.untouched(true) && y.untouched());
      EXPECT_TRUE(same_bytes(in_place ? x.dense() : y.dense(), want, cols));
      return !testing::Test::HasFailure();
    });
  }
};

// requantize_outer_s32: a scale per row times a scale per column; y may alias x.
template <>
struct check<kernel::requantize_outer_s32> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(110);
    for_each_requantize_shape([&](size_t rows, size_t cols, int kind, size_t c) {
      const bool in_place = c % 2 == 1;
      SCOPED_TRACE(shape({{"rows", rows}, {"cols", cols}, {"kind", kind}, {"in_place", in_place}}));
      const std::vector<quant_scale> rs = scales_of_kind(rows, kind == 2 ? 2 : 0, r);
      const std::vector<quant_scale> cs = scales_of_kind(cols, kind, r);
      mat<int32_t> x(rows, cols, cols + 1, mis(c, 0)), y(rows, cols, cols + 2, mis(c, 1));
      x.fill([&](size_t, size_t) { return ts::extreme_i32(r); });
      const std::vector<int32_t> xd = x.dense();
      std::vector<int32_t> want(rows * cols);
      kScalarPort.requantize_outer_s32(rows, cols, xd.data(), cols, rs.data(), cs.data(),
                                       want.data(), cols);
      x.snapshot(), y.snapshot();
      if (in_place)
        p.requantize_outer_s32(rows, cols, x.data(), x.ld(), rs.data(), cs.data(), x.data(),
                               x.ld());
      else
        p.requantize_outer_s32(rows, cols, x.data(), x.ld(), rs.data(), cs.data(), y.data(),
                               y.ld());
      ++*cases;
      EXPECT_TRUE(in_place ? x.untouched() : x.untouched(true) && y.untouched());
      EXPECT_TRUE(same_bytes(in_place ? x.dense() : y.dense(), want, cols));
      return !testing::Test::HasFailure();
    });
  }
};

// requantize_rows_s8: a scale per row, saturated to int8.
template <>
struct check<kernel::requantize_rows_s8> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(111);
    for_each_requantize_shape([&](size_t rows, size_t cols, int kind, size_t c) {
      SCOPED_TRACE(shape({{"rows", rows}, {"cols", cols}, {"kind", kind}}));
      const std::vector<quant_scale> s = scales_of_kind(rows, kind, r);
      mat<int32_t> x(rows, cols, cols + 1, mis(c, 0));
      mat<int8_t> y(rows, cols, cols + 3, mis(c, 1));
      x.fill([&](size_t, size_t) { return ts::extreme_i32(r); });
      std::vector<int8_t> want(rows * cols);
      kScalarPort.requantize_rows_s8(rows, cols, x.data(), x.ld(), s.data(), want.data(), cols);
      x.snapshot(), y.snapshot();
      p.requantize_rows_s8(rows, cols, x.data(), x.ld(), s.data(), y.data(), y.ld());
      ++*cases;
      EXPECT_TRUE(x.untouched(true) && y.untouched());
      EXPECT_TRUE(same_bytes(y.dense(), want, cols));
      return !testing::Test::HasFailure();
    });
  }
};

/// Row lengths of the integer softmaxes: the sizes of int32 and int8 vectors and long rows.
std::vector<size_t> softmax_fx_lengths() {
  return sizes_for({lanes<int32_t>(), lanes<int8_t>()}, {2, 7, 8, 31, 100, 513, 4099});
}

// softmax_s32_q15: INT32_MIN entries are masked; multiplier >= 0; y does not overlap x.
template <>
struct check<kernel::softmax_s32_q15> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(112);
    size_t c = 0;
    for (size_t n : softmax_fx_lengths()) {
      for (int trial = 0; trial < 4; ++trial) {
        SCOPED_TRACE(shape({{"n", n}, {"trial", trial}}));
        // 0, 3: extreme values (some masked); 1: fully masked; 2: a narrow range.
        mat<int32_t> x(1, n, n, mis(c, 0));
        mat<int16_t> y(1, n, n, mis(c, 1));
        x.fill([&](size_t, size_t) {
          return trial == 1 ? INT32_MIN : trial == 2 ? r.range(-1000, 999) : ts::extreme_i32(r);
        });
        quant_scale s = ts::extreme_scale(r);
        if (s.multiplier < 0) s.multiplier = INT32_MAX;
        std::vector<int16_t> want(n);
        kScalarPort.softmax_s32_q15(x.data(), n, s, want.data());
        x.snapshot(), y.snapshot();
        p.softmax_s32_q15(x.data(), n, s, y.data());
        ++c;
        EXPECT_TRUE(x.untouched(true) && y.untouched());
        EXPECT_TRUE(same_bytes(y.dense(), want, n)) << "scale " << s.multiplier << ", " << s.shift;
        if (testing::Test::HasFailure()) return;
      }
    }
    *cases += c;
  }
};

// softmax_s8: TFLite's parameters (multiplier >= 0, left_shift in [0, 31], diff_min <= 0);
// y may alias x.
template <>
struct check<kernel::softmax_s8> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    rng r(113);
    size_t c = 0;
    for (size_t n : softmax_fx_lengths()) {
      for (size_t i = 0; i < kNumMisalign; ++i) {
        const bool in_place = c % 2 == 1;
        const int32_t mult = r.range(1 << 30, INT32_MAX), shift = r.range(0, 31);
        const int32_t dmin = -r.range(0, 3999);
        SCOPED_TRACE(shape({{"n", n},
                            {"in_place", in_place},
                            {"multiplier", mult},
                            {"left_shift", shift},
                            {"diff_min", dmin}}));
        mat<int8_t> x(1, n, n, mis(c, 0)), y(1, n, n, mis(c, 1));
        ++c;
        x.fill([&](size_t, size_t) { return r.any_s8(); });
        const std::vector<int8_t> xd = x.dense();
        std::vector<int8_t> want(n);
        kScalarPort.softmax_s8(xd.data(), n, mult, shift, dmin, want.data());
        x.snapshot(), y.snapshot();
        p.softmax_s8(x.data(), n, mult, shift, dmin, in_place ? x.data() : y.data());
        EXPECT_TRUE(in_place ? x.untouched() : x.untouched(true) && y.untouched());
        EXPECT_TRUE(same_bytes(in_place ? x.dense() : y.dense(), want, n));
        if (testing::Test::HasFailure()) return;
      }
    }
    *cases += c;
  }
};

// pe_rows_q15: integer base >= 2, pos0 + count - 1 < 2^32.
template <>
struct check<kernel::pe_rows_q15> {
  static void run(const port_table& p, const std::string&, size_t* cases) {
    size_t c = 0;
    for (size_t d : sizes_for({lanes<int16_t>()}, {1, 2, 3, 15, 16, 17, 64, 65, 130, 1000})) {
      for (uint32_t pos0 : {0u, 12345u, 4294967000u, 4294967295u}) {
        for (uint32_t base : {2u, 10000u, 4294967295u}) {
          const size_t count = pos0 == 4294967295u ? 1 : 37;
          SCOPED_TRACE(shape({{"d", d}, {"pos0", pos0}, {"base", base}, {"count", count}}));
          std::vector<int16_t> want(count * d);
          kScalarPort.pe_rows_q15(pos0, count, d, base, want.data());
          mat<int16_t> out(count, d, d, mis(c++, 0));
          out.snapshot();
          p.pe_rows_q15(pos0, count, d, base, out.data());
          EXPECT_TRUE(out.untouched());
          EXPECT_TRUE(same_bytes(out.dense(), want, d));
          if (testing::Test::HasFailure()) return;
        }
      }
    }
    *cases += c;
  }
};

// ============================================================================================
// The table: one entry per kernel of port_api.inc, in its order.

struct kernel_case {
  const char* name;
  void (*run)(const port_table&, const std::string&, size_t*);
};

const kernel_case kCases[] = {
#define ATTNKIT_PORT_FN(fn, params) {#fn, &check<kernel::fn>::run},
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
};
static_assert(sizeof kCases / sizeof kCases[0] == kNumKernels, "one case per kernel");

class PortKernels : public testing::TestWithParam<size_t> {};

TEST_P(PortKernels, EveryVariantMatchesScalarAndDouble) {
  const kernel_case& k = kCases[GetParam()];
  size_t cases = 0, variants = 0;
  ts::for_each_variant([&](const std::string& variant) {
    k.run(attnkit::active_port(), variant, &cases);
    ++variants;
  });
  std::printf("%s: %zu calls compared with scalar on %zu variants\n", k.name, cases, variants);
  RecordProperty("calls", static_cast<int>(cases));
}

INSTANTIATE_TEST_SUITE_P(PortApi, PortKernels, testing::Range<size_t>(0, kNumKernels),
                         [](const testing::TestParamInfo<size_t>& i) {
                           return std::string(kCases[i.param].name);
                         });

// The table covers port_api.inc in order: every name once (the X-macro makes it so; this
// states it where a reader looks first).
TEST(PortKernelsTable, NamesEveryKernelOfPortApiOnce) {
  const char* const names[] = {
#define ATTNKIT_PORT_FN(fn, params) #fn,
#include "lib/internal/port_api.inc"
#undef ATTNKIT_PORT_FN
  };
  ASSERT_EQ(sizeof names / sizeof names[0], kNumKernels);
  for (size_t i = 0; i < kNumKernels; ++i) {
    EXPECT_STREQ(kCases[i].name, names[i]);
    for (size_t j = 0; j < i; ++j) EXPECT_STRNE(kCases[i].name, kCases[j].name);
  }
}

// The checks are not vacuous: a port one rounding step beyond the softmax bound, one that is
// off by one in the last int8 product, and one that writes a padding column all fail them.
void softmax_4e6_high(const float* x, size_t n, float* y) {
  kScalarPort.softmax_f32(x, n, y);
  y[n / 2] *= 1.000004f;
}
void matmul_s8_off_by_one(size_t m, size_t n, size_t k, const int8_t* a, size_t lda,
                          const int8_t* b, size_t ldb, const int32_t* bias, int32_t* c,
                          size_t ldc) {
  kScalarPort.matmul_nt_s8_s32(m, n, k, a, lda, b, ldb, bias, c, ldc);
  c[(m - 1) * ldc + n - 1] += 1;
}
void matmul_f32_writes_padding(size_t m, size_t n, size_t k, const float* a, size_t lda,
                               const float* b, size_t ldb, const float* bias, float alpha, float* c,
                               size_t ldc) {
  kScalarPort.matmul_nt_f32(m, n, k, a, lda, b, ldb, bias, alpha, c, ldc);
  if (ldc > n) c[n] = 0.0f;
}

template <kernel K>
size_t failures_on(const port_table& mutant) {
  testing::TestPartResultArray results;
  {
    testing::ScopedFakeTestPartResultReporter intercept(
        testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    size_t cases = 0;
    check<K>::run(mutant, "mutant: must fail", &cases);
  }
  return static_cast<size_t>(results.size());
}

TEST(PortKernelsTable, ChecksRejectWrongKernels) {
  port_table mutant = kScalarPort;
  mutant.softmax_f32 = softmax_4e6_high;
  EXPECT_GT(failures_on<kernel::softmax_f32>(mutant), 0u);
  mutant = kScalarPort;
  mutant.matmul_nt_s8_s32 = matmul_s8_off_by_one;
  EXPECT_GT(failures_on<kernel::matmul_nt_s8_s32>(mutant), 0u);
  mutant = kScalarPort;
  mutant.matmul_nt_f32 = matmul_f32_writes_padding;
  EXPECT_GT(failures_on<kernel::matmul_nt_f32>(mutant), 0u);
  // And the scalar reference itself passes every check.
  EXPECT_EQ(failures_on<kernel::softmax_f32>(kScalarPort), 0u);
}

}  // namespace
