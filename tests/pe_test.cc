// SPDX-License-Identifier: Apache-2.0
// pe_f32 / pe_table_f32 against the double oracle (max |error| <= 3e-7 for pos < 2^20).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "attnkit/pe.h"
#include "ref/reference.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"
#include "support/random.h"

namespace {

using attnkit::status;
using testing_support::guarded;

constexpr double kMaxAbsError = 3e-7;  // the contract in attnkit/pe.h
constexpr uint32_t kTop = 1u << 20;    // accuracy is promised for pos < kTop
const size_t kDims[] = {1, 2, 3, 17, 64, 100, 1280};
const float kBases[] = {10000.0f, 100.0f, 1e6f, 1.5f};

// Largest |got - ref| over `count` rows starting at pos0.
double pe_error(const float* got, uint32_t pos0, size_t count, size_t d, float base) {
  double e = 0;
  for (size_t k = 0; k < count; ++k) {
    const std::vector<double> r = ref::pe(static_cast<double>(pos0) + k, d, base);
    e = std::fmax(e, testing_support::max_abs_error(got + k * d, r.data(), d));
  }
  return e;
}

std::vector<uint32_t> sample_positions() {
  std::vector<uint32_t> p = {0,    1,     2,     3,     17,       1023,    1024,
                             4095, 65535, 65536, 99999, kTop - 2, kTop - 1};
  testing_support::rng rng(42);
  for (int i = 0; i < 60; ++i) p.push_back(static_cast<uint32_t>(rng.below(kTop)));
  return p;
}

TEST(Pe, SinglePositionsMatchDouble) {
  const std::vector<uint32_t> positions = sample_positions();
  testing_support::for_each_variant([&](const std::string& variant) {
    size_t mis = 0;
    for (size_t d : kDims) {
      for (float base : kBases) {
        for (uint32_t pos : positions) {
          guarded<float> out(d, (mis++ % 4) * sizeof(float));
          ASSERT_EQ(attnkit::pe_f32(pos, d, out.data(), base), status::ok);
          const double e = pe_error(out.data(), pos, 1, d, base);
          testing_support::note_error("pe (max abs)", variant, e);
          ASSERT_LE(e, kMaxAbsError) << "pos=" << pos << " d=" << d << " base=" << base;
          ASSERT_TRUE(out.canaries_ok()) << "pos=" << pos << " d=" << d;
        }
      }
    }
  });
}

TEST(Pe, TablesMatchDoubleAndSinglePositionsBitForBit) {
  struct table_case {
    uint32_t pos0;
    size_t count;
  };
  const table_case cases[] = {{0, 1},
                              {0, 3},
                              {0, 17},
                              {1, 64},
                              {1000, 33},
                              {65530, 12},
                              {kTop - 1024, 1024},
                              {kTop - 17, 17},
                              {kTop - 1, 1},
                              {kTop - 300, 300}};
  testing_support::for_each_variant([&](const std::string& variant) {
    size_t mis = 0;
    for (const table_case& c : cases) {
      for (size_t d : kDims) {
        // Keep the largest tables to the common dims: the double oracle is the slow part.
        if (c.count * d > (1u << 21)) continue;
        for (float base : {10000.0f, 1e6f}) {
          guarded<float> table(c.count * d, (mis++ % 4) * sizeof(float));
          ASSERT_EQ(attnkit::pe_table_f32(c.pos0, c.count, d, table.data(), base), status::ok);
          ASSERT_TRUE(table.canaries_ok());
          const double e = pe_error(table.data(), c.pos0, c.count, d, base);
          testing_support::note_error("pe (max abs)", variant, e);
          ASSERT_LE(e, kMaxAbsError) << "pos0=" << c.pos0 << " count=" << c.count << " d=" << d;
          std::vector<float> row(d);
          for (size_t k = 0; k < c.count; ++k) {
            ASSERT_EQ(attnkit::pe_f32(c.pos0 + static_cast<uint32_t>(k), d, row.data(), base),
                      status::ok);
            ASSERT_EQ(std::memcmp(row.data(), table.data() + k * d, d * sizeof(float)), 0)
                << "row " << k << " of table at " << c.pos0 << " differs from pe_f32, d=" << d;
          }
        }
      }
    }
  });
}

TEST(Pe, WholeTableNear2To20AtFullWidth) {
  // The largest angles: pos near 2^20 with the lowest frequency index (w = 1) at d = 1280.
  const uint32_t pos0 = kTop - 512;
  const size_t count = 512, d = 1280;
  testing_support::for_each_variant([&](const std::string& variant) {
    guarded<float> table(count * d, 4);
    ASSERT_EQ(attnkit::pe_table_f32(pos0, count, d, table.data()), status::ok);
    ASSERT_TRUE(table.canaries_ok());
    const double e = pe_error(table.data(), pos0, count, d, 10000.0f);
    testing_support::note_error("pe (max abs)", variant, e);
    EXPECT_LE(e, kMaxAbsError);
  });
}

TEST(Pe, OddDimensionEndsWithSine) {
  testing_support::for_each_variant([](const std::string&) {
    for (size_t d : {1u, 3u, 17u, 101u}) {
      for (uint32_t pos : {1u, 7u, 1000u, kTop - 1}) {
        std::vector<float> out(d);
        ASSERT_EQ(attnkit::pe_f32(pos, d, out.data()), status::ok);
        const double w = std::pow(10000.0, -static_cast<double>(d - 1) / static_cast<double>(d));
        EXPECT_NEAR(out[d - 1], std::sin(pos * w), kMaxAbsError) << "d=" << d << " pos=" << pos;
        // Not the cosine of the same angle (they differ by far more than the tolerance here).
        if (std::fabs(std::sin(pos * w) - std::cos(pos * w)) > 1e-3) {
          EXPECT_GT(std::fabs(out[d - 1] - std::cos(pos * w)), 1e-4);
        }
      }
    }
  });
}

TEST(Pe, PositionZeroIsSinZeroCosOne) {
  testing_support::for_each_variant([](const std::string&) {
    std::vector<float> out(17);
    ASSERT_EQ(attnkit::pe_f32(0, out.size(), out.data()), status::ok);
    for (size_t j = 0; j < out.size(); ++j)
      EXPECT_NEAR(out[j], j % 2 ? 1.0 : 0.0, kMaxAbsError) << j;
  });
}

TEST(Pe, PositionsBeyondTheAccuracyRangeStayFiniteAndBounded) {
  testing_support::for_each_variant([](const std::string&) {
    const uint32_t top = std::numeric_limits<uint32_t>::max();
    for (uint32_t pos0 : {top - 2, kTop, 1u << 31}) {
      const size_t count = 3, d = 64;
      guarded<float> out(count * d);
      ASSERT_EQ(attnkit::pe_table_f32(pos0, count, d, out.data()), status::ok) << pos0;
      for (size_t i = 0; i < count * d; ++i)
        ASSERT_TRUE(std::isfinite(out[i]) && std::fabs(out[i]) <= 1.0f) << pos0 << " " << i;
      ASSERT_TRUE(out.canaries_ok());
    }
  });
}

TEST(Pe, RejectsBadArgumentsWithoutWriting) {
  testing_support::for_each_variant([](const std::string&) {
    guarded<float> out(8, 0, 0x11);
    const std::vector<float> before = out.vec();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const uint32_t top = std::numeric_limits<uint32_t>::max();
    EXPECT_EQ(attnkit::pe_f32(0, 8, nullptr), status::null_pointer);
    EXPECT_EQ(attnkit::pe_table_f32(0, 1, 8, nullptr), status::null_pointer);
    EXPECT_EQ(attnkit::pe_f32(0, 0, out.data()), status::bad_size);
    EXPECT_EQ(attnkit::pe_table_f32(0, 0, 8, out.data()), status::bad_size);
    EXPECT_EQ(attnkit::pe_table_f32(0, 1, 0, out.data()), status::bad_size);
    // pos0 + count - 1 must fit in uint32_t.
    EXPECT_EQ(attnkit::pe_table_f32(top, 2, 4, out.data()), status::size_overflow);
    EXPECT_EQ(attnkit::pe_table_f32(top - 3, 5, 1, out.data()), status::size_overflow);
    if (sizeof(size_t) > sizeof(uint32_t)) {  // a count of 2^32 needs a 64-bit size_t
      EXPECT_EQ(attnkit::pe_table_f32(1, size_t{top} + 1, 1, out.data()), status::size_overflow);
    }
    EXPECT_EQ(attnkit::pe_table_f32(0, SIZE_MAX / 2, 4, out.data()), status::size_overflow);
    EXPECT_EQ(attnkit::pe_table_f32(0, 2, SIZE_MAX / 2, out.data()), status::size_overflow);
    for (float base : {1.0f, 0.5f, 0.0f, -0.0f, -10000.0f, nan, -nan, inf, -inf}) {
      EXPECT_EQ(attnkit::pe_f32(3, 8, out.data(), base), status::bad_argument) << base;
      EXPECT_EQ(attnkit::pe_table_f32(3, 1, 8, out.data(), base), status::bad_argument) << base;
    }
    EXPECT_EQ(std::memcmp(before.data(), out.data(), 8 * sizeof(float)), 0);
    EXPECT_TRUE(out.canaries_ok());
    // The edges that are valid.
    EXPECT_EQ(attnkit::pe_table_f32(top, 1, 8, out.data()), status::ok);
    EXPECT_EQ(attnkit::pe_table_f32(top - 7, 8, 1, out.data()), status::ok);
    EXPECT_EQ(attnkit::pe_f32(3, 8, out.data(), std::nextafter(1.0f, 2.0f)), status::ok);
    EXPECT_EQ(attnkit::pe_f32(3, 8, out.data(), std::numeric_limits<float>::max()), status::ok);
    EXPECT_TRUE(out.canaries_ok());
  });
}

}  // namespace
