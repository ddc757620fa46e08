// SPDX-License-Identifier: Apache-2.0
// pe_table_q15 / pe_q15: every position 0..65535 within 1 LSB of the correctly rounded double
// value, identical bytes on every port and target.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "attnkit/pe.h"
#include "support/buffers.h"
#include "support/errors.h"
#include "support/metrics.h"
#include "support/ports.h"

namespace {

using attnkit::status;

// clamp(round(32768 * v)) with ties away from zero: the correctly rounded Q15 value.
int q15_ref(double v) {
  const double r = std::round(v * 32768.0);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : static_cast<int>(r);
}

// Largest |got - ref| in LSB over rows [pos0, pos0 + count).
int max_lsb_error(const int16_t* got, uint32_t pos0, size_t count, size_t d, uint32_t base) {
  std::vector<double> w(d);
  for (size_t j = 0; j < d; j += 2)
    w[j] = std::pow(static_cast<double>(base), -static_cast<double>(j) / static_cast<double>(d));
  std::vector<int> want(d);
  double e = 0;
  for (size_t k = 0; k < count; ++k) {
    const double pos = static_cast<double>(pos0) + static_cast<double>(k);
    for (size_t j = 0; j < d; j += 2) {
      const double a = pos * w[j];
      want[j] = q15_ref(std::sin(a));
      if (j + 1 < d) want[j + 1] = q15_ref(std::cos(a));
    }
    e = std::max(e, testing_support::max_abs_error(got + k * d, want.data(), d));
  }
  return static_cast<int>(e);
}

TEST(PeQ15, EveryPositionTo65535WithinOneLsb) {
  const size_t count = 65536;
  for (size_t d : {64u, 128u, 33u}) {
    std::vector<int16_t> first;
    testing_support::for_each_variant([&](const std::string& variant) {
      testing_support::guarded<int16_t> out(count * d, 2);
      ASSERT_EQ(attnkit::pe_table_q15(0, count, d, out.data()), status::ok);
      ASSERT_TRUE(out.canaries_ok());
      if (first.empty()) {
        const int e = max_lsb_error(out.data(), 0, count, d, 10000);
        testing_support::note_error("pe_q15 (LSB) d=" + std::to_string(d), variant, e);
        EXPECT_LE(e, 1) << "d=" << d;
        first = out.vec();
      } else {
        EXPECT_TRUE(out.vec() == first) << "d=" << d << " differs from the first variant";
      }
    });
  }
}

TEST(PeQ15, OtherBasesWidthsAndHighPositions) {
  testing_support::for_each_variant([&](const std::string& variant) {
    for (uint32_t base : {2u, 100u, 10000u, 1000000u, 4294967295u}) {
      for (size_t d : {1u, 2u, 3u, 17u, 256u, 1280u}) {
        for (uint32_t pos0 : {0u, 1000u, 65000u, 1u << 20, 1u << 24}) {
          const size_t count = 40;
          std::vector<int16_t> out(count * d);
          ASSERT_EQ(attnkit::pe_table_q15(pos0, count, d, out.data(), base), status::ok);
          const int e = max_lsb_error(out.data(), pos0, count, d, base);
          testing_support::note_error("pe_q15 (LSB) pos<=2^24", variant, e);
          EXPECT_LE(e, 1) << "base=" << base << " d=" << d << " pos0=" << pos0;
          std::vector<int16_t> one(d);
          ASSERT_EQ(attnkit::pe_q15(pos0 + 7, d, one.data(), base), status::ok);
          for (size_t j = 0; j < d; ++j) ASSERT_EQ(one[j], out[7 * d + j]);
        }
      }
    }
  });
}

TEST(PeQ15, RejectsBadArguments) {
  int16_t out[8];
  EXPECT_EQ(attnkit::pe_table_q15(0, 1, 8, nullptr), status::null_pointer);
  EXPECT_EQ(attnkit::pe_table_q15(0, 0, 8, out), status::bad_size);
  EXPECT_EQ(attnkit::pe_table_q15(0, 1, 0, out), status::bad_size);
  EXPECT_EQ(attnkit::pe_table_q15(0, 1, 8, out, 1), status::bad_argument);
  EXPECT_EQ(attnkit::pe_table_q15(UINT32_MAX, 2, 8, out), status::size_overflow);
  EXPECT_EQ(attnkit::pe_q15(UINT32_MAX, 8, out), status::ok);
}

}  // namespace
