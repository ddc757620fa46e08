// SPDX-License-Identifier: Apache-2.0
// Every port's integer kernels against the scalar reference, byte for byte, on odd shapes and
// extreme values (saturation, INT32_MIN * INT32_MIN, shifts beyond 31, masked rows).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "attnkit/quant.h"
#include "port_table.h"
#include "support/ports.h"

namespace {

using attnkit::active_port;
using attnkit::kScalarPort;
using attnkit::quant_scale;

std::vector<int32_t> extreme_i32(size_t n, std::mt19937* rng) {
  const int32_t special[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX, -1, 0, 1, 1 << 30, -(1 << 30)};
  std::uniform_int_distribution<int32_t> u(INT32_MIN, INT32_MAX);
  std::uniform_int_distribution<int32_t> small(-70000, 70000);
  std::vector<int32_t> v(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t r = (*rng)() % 4;
    v[i] = r == 0 ? special[(*rng)() % 8] : r == 1 ? u(*rng) : small(*rng);
  }
  return v;
}

std::vector<int8_t> random_s8(size_t n, std::mt19937* rng) {
  std::uniform_int_distribution<int> u(-128, 127);
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(u(*rng));
  return v;
}

std::vector<quant_scale> random_scales(size_t n, std::mt19937* rng) {
  std::uniform_int_distribution<int32_t> m(0, INT32_MAX);
  std::vector<quant_scale> s(n);
  for (quant_scale& q : s) {
    const uint32_t r = (*rng)() % 8;
    q.multiplier = r == 0 ? INT32_MIN : r == 1 ? INT32_MAX : r == 2 ? 0 : m(*rng) | (1 << 30);
    q.shift = static_cast<int32_t>((*rng)() % 90) - 45;
  }
  return s;
}

TEST(FxPorts, MatmulsBitIdentical) {
  std::mt19937 rng(1);
  testing_support::for_each_variant([&](const std::string&) {
    for (size_t m : {1u, 3u, 17u}) {
      for (size_t n : {1u, 5u, 33u, 64u}) {
        for (size_t k : {1u, 7u, 64u, 129u, 1000u}) {
          const std::vector<int8_t> a = random_s8(m * (k + 3), &rng), b = random_s8(n * (k + 1), &rng);
          const std::vector<int32_t> bias = extreme_i32(n, &rng);
          std::vector<int32_t> c0(m * (n + 2), 7), c1 = c0;
          kScalarPort.matmul_nt_s8_s32(m, n, k, a.data(), k + 3, b.data(), k + 1, bias.data(),
                                       c0.data(), n + 2);
          active_port().matmul_nt_s8_s32(m, n, k, a.data(), k + 3, b.data(), k + 1, bias.data(),
                                         c1.data(), n + 2);
          ASSERT_EQ(c0, c1) << m << "x" << n << "x" << k;
          // P V: Q15 rows summing to about 1 (some zero), int8 values.
          std::vector<int16_t> p(m * k);
          for (size_t i = 0; i < p.size(); ++i) p[i] = rng() % 3 == 0 ? 0 : static_cast<int16_t>(rng() % (32768 / k + 1));
          std::vector<int32_t> o0(m * n, 5), o1 = o0;
          kScalarPort.matmul_nn_q15_s8_s32(m, n, k, p.data(), k, b.data(), n, o0.data(), n);
          active_port().matmul_nn_q15_s8_s32(m, n, k, p.data(), k, b.data(), n, o1.data(), n);
          ASSERT_EQ(o0, o1) << m << "x" << n << "x" << k;
        }
      }
    }
  });
}

// Shapes of the blocked int8 kernels: row tiles and their tails, several k-blocks with a k
// tail, column panels with a tail, and the largest |sum| (int32 wrap inside must not show).
TEST(FxPorts, MatmulNTS8BlockedShapes) {
  std::mt19937 rng(3);
  struct shape { size_t m, n, k; };
  testing_support::for_each_variant([&](const std::string&) {
    for (const shape s : {shape{9, 250, 1280}, shape{40, 37, 2051}, shape{25, 64, 64},
                          shape{16, 100, 3}, shape{13, 33, 1025}, shape{24, 20, 1280},
                          shape{11, 52, 77}}) {
      const std::vector<int8_t> a = random_s8(s.m * s.k, &rng), b = random_s8(s.n * (s.k + 5), &rng);
      const std::vector<int32_t> bias = extreme_i32(s.n, &rng);
      std::vector<int32_t> c0(s.m * s.n, 7), c1 = c0;
      kScalarPort.matmul_nt_s8_s32(s.m, s.n, s.k, a.data(), s.k, b.data(), s.k + 5, bias.data(),
                                   c0.data(), s.n);
      active_port().matmul_nt_s8_s32(s.m, s.n, s.k, a.data(), s.k, b.data(), s.k + 5, bias.data(),
                                     c1.data(), s.n);
      ASSERT_EQ(c0, c1) << s.m << "x" << s.n << "x" << s.k;
    }
    const size_t k = attnkit::kMaxDotS8;
    for (const size_t m : {2u, 12u}) {
      for (const int8_t av : {int8_t{-128}, int8_t{127}}) {
        const std::vector<int8_t> a(m * k, av), b(3 * k, -128);
        std::vector<int32_t> c0(m * 3), c1(m * 3);
        kScalarPort.matmul_nt_s8_s32(m, 3, k, a.data(), k, b.data(), k, nullptr, c0.data(), 3);
        active_port().matmul_nt_s8_s32(m, 3, k, a.data(), k, b.data(), k, nullptr, c1.data(), 3);
        ASSERT_EQ(c0, c1) << m << " rows of " << int{av};
      }
    }
  });
}

TEST(FxPorts, RequantizeBitIdentical) {
  std::mt19937 rng(2);
  testing_support::for_each_variant([&](const std::string&) {
    for (size_t rows : {1u, 4u, 9u}) {
      for (size_t cols : {1u, 3u, 8u, 16u, 37u, 100u}) {
        const std::vector<int32_t> x = extreme_i32(rows * cols, &rng);
        const std::vector<quant_scale> sc = random_scales(cols, &rng), sr = random_scales(rows, &rng);
        std::vector<int32_t> y0(rows * cols), y1(rows * cols);
        kScalarPort.requantize_cols_s32(rows, cols, x.data(), cols, sc.data(), y0.data(), cols);
        active_port().requantize_cols_s32(rows, cols, x.data(), cols, sc.data(), y1.data(), cols);
        ASSERT_EQ(y0, y1) << rows << "x" << cols;
        std::vector<int8_t> z0(rows * cols), z1(rows * cols);
        kScalarPort.requantize_rows_s8(rows, cols, x.data(), cols, sr.data(), z0.data(), cols);
        active_port().requantize_rows_s8(rows, cols, x.data(), cols, sr.data(), z1.data(), cols);
        ASSERT_EQ(z0, z1) << rows << "x" << cols;
        // In place, as attention uses it.
        std::vector<int32_t> ip = x;
        active_port().requantize_cols_s32(rows, cols, ip.data(), cols, sc.data(), ip.data(), cols);
        ASSERT_EQ(ip, y0);
      }
    }
  });
}

TEST(FxPorts, RequantizeOuterBitIdentical) {
  std::mt19937 rng(4);
  // Mostly normalised scales (the vector path), with shifts at the edges of its range and a
  // few scales it leaves to the scalar code.
  const auto plain_scales = [&](size_t n, bool odd_ones) {
    std::vector<quant_scale> s(n);
    const int32_t edge[] = {1 << 29, -(1 << 29), (1 << 29) + 1, -(1 << 29) - 1, 1 << 24,
                            -(1 << 24), 31, -62};
    for (quant_scale& q : s) {
      q.multiplier = static_cast<int32_t>(rng() | (1u << 30)) & INT32_MAX;
      q.shift = rng() % 16 == 0 ? edge[rng() % 8] : static_cast<int32_t>(rng() % 40) - 30;
    }
    if (odd_ones && n > 3) s[rng() % n].multiplier = 12345, s[rng() % n].shift = INT32_MIN;
    return s;
  };
  testing_support::for_each_variant([&](const std::string&) {
    for (size_t rows : {1u, 5u}) {
      for (size_t cols : {1u, 15u, 16u, 33u, 250u}) {
        for (int kind = 0; kind < 3; ++kind) {
          const std::vector<int32_t> x = extreme_i32(rows * (cols + 1), &rng);
          const std::vector<quant_scale> rs =
              kind == 2 ? random_scales(rows, &rng) : plain_scales(rows, false);
          const std::vector<quant_scale> cs =
              kind == 0 ? plain_scales(cols, false) : kind == 1 ? plain_scales(cols, true)
                                                                : random_scales(cols, &rng);
          std::vector<int32_t> y0(rows * cols, 3), y1 = y0;
          kScalarPort.requantize_outer_s32(rows, cols, x.data(), cols + 1, rs.data(), cs.data(),
                                           y0.data(), cols);
          active_port().requantize_outer_s32(rows, cols, x.data(), cols + 1, rs.data(),
                                             cs.data(), y1.data(), cols);
          ASSERT_EQ(y0, y1) << rows << "x" << cols << " kind " << kind;
        }
      }
    }
  });
}

TEST(FxPorts, SoftmaxRowsBitIdentical) {
  std::mt19937 rng(3);
  testing_support::for_each_variant([&](const std::string&) {
    for (size_t n : {1u, 2u, 7u, 8u, 15u, 16u, 17u, 31u, 64u, 100u, 513u, 4099u}) {
      for (int trial = 0; trial < 6; ++trial) {
        std::vector<int32_t> x = extreme_i32(n, &rng);
        if (trial == 1) for (int32_t& v : x) v = INT32_MIN;  // fully masked
        if (trial == 2) for (int32_t& v : x) v = static_cast<int32_t>(rng() % 2000) - 1000;
        quant_scale s = random_scales(1, &rng)[0];
        if (s.multiplier < 0) s.multiplier = INT32_MAX;
        std::vector<int16_t> y0(n), y1(n);
        kScalarPort.softmax_s32_q15(x.data(), n, s, y0.data());
        active_port().softmax_s32_q15(x.data(), n, s, y1.data());
        ASSERT_EQ(y0, y1) << "n=" << n << " trial " << trial;
        const std::vector<int8_t> q = random_s8(n, &rng);
        std::vector<int8_t> z0(n), z1 = q;
        const int32_t mult = static_cast<int32_t>(rng() % (1u << 31)) | (1 << 30);
        const int32_t shift = static_cast<int32_t>(rng() % 32);
        const int32_t dmin = -static_cast<int32_t>(rng() % 4000);
        kScalarPort.softmax_s8(q.data(), n, mult, shift, dmin, z0.data());
        active_port().softmax_s8(z1.data(), n, mult, shift, dmin, z1.data());  // in place
        ASSERT_EQ(z0, z1) << "n=" << n << " trial " << trial;
      }
    }
  });
}

TEST(FxPorts, PeRowsBitIdentical) {
  testing_support::for_each_variant([&](const std::string&) {
    for (size_t d : {1u, 2u, 3u, 15u, 16u, 17u, 64u, 65u, 130u, 1000u}) {
      for (uint32_t pos0 : {0u, 12345u, 4294967000u}) {
        for (uint32_t base : {2u, 10000u, 4294967295u}) {
          const size_t count = 37;
          std::vector<int16_t> y0(count * d), y1(count * d);
          kScalarPort.pe_rows_q15(pos0, count, d, base, y0.data());
          active_port().pe_rows_q15(pos0, count, d, base, y1.data());
          ASSERT_EQ(y0, y1) << "d=" << d << " pos0=" << pos0 << " base=" << base;
        }
      }
    }
  });
}

}  // namespace
