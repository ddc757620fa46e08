// SPDX-License-Identifier: Apache-2.0
// The .akp probe format: round trips, truncation at every offset, flipped bytes, validation.
#include "akp.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "fileio.h"

namespace {

akp::probe sample_probe(akp::task kind, bool standardized, bool s8) {
  akp::probe p;
  p.kind = kind;
  p.dims = 5;
  p.classes = kind == akp::task::regression ? 1 : 3;
  if (kind == akp::task::classification) p.labels = {-7, 0, 1000000};
  for (size_t i = 0; i < size_t{p.dims} * p.classes; ++i) p.w.push_back(0.25f * float(i) - 1.0f);
  for (size_t c = 0; c < p.classes; ++c) p.b.push_back(0.5f - float(c));
  if (standardized) {
    p.standardized = true;
    p.mean = {0.1f, -0.2f, 0.3f, 0.0f, 5.0f};
    p.std = {1.0f, 2.0f, 0.5f, 1e-3f, 3.0f};
  }
  if (s8) {
    p.has_s8 = true;
    p.s8.logit_unit = 1.0f / 65536;
    for (size_t c = 0; c < p.classes; ++c) {
      p.s8.w_scale.push_back(0.01f * float(c + 1));
      p.s8.b.push_back(int32_t(c) * 1000 - 5);
    }
    for (size_t i = 0; i < size_t{p.dims} * p.classes; ++i)
      p.s8.w.push_back(int8_t(int(i * 17 % 255) - 127));
  }
  return p;
}

void expect_same(const akp::probe& a, const akp::probe& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.dims, b.dims);
  EXPECT_EQ(a.classes, b.classes);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.w, b.w);
  EXPECT_EQ(a.b, b.b);
  EXPECT_EQ(a.standardized, b.standardized);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.std, b.std);
  EXPECT_EQ(a.has_s8, b.has_s8);
  EXPECT_EQ(a.s8.logit_unit, b.s8.logit_unit);
  EXPECT_EQ(a.s8.w_scale, b.s8.w_scale);
  EXPECT_EQ(a.s8.b, b.s8.b);
  EXPECT_EQ(a.s8.w, b.s8.w);
}

TEST(Akp, Crc32MatchesZlib) {
  EXPECT_EQ(akp::crc32("123456789", 9), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(akp::crc32("", 0), 0u);
  const uint32_t part = akp::crc32("12345", 5);
  EXPECT_EQ(akp::crc32("6789", 4, part), 0xCBF43926u);
}

TEST(Akp, RoundTripEveryVariant) {
  for (akp::task kind : {akp::task::classification, akp::task::regression})
    for (bool st : {false, true})
      for (bool s8 : {false, true}) {
        SCOPED_TRACE(std::to_string(int(kind)) + std::to_string(st) + std::to_string(s8));
        const akp::probe p = sample_probe(kind, st, s8);
        const std::string bytes = akp::encode(p);
        EXPECT_EQ(bytes.size() % 4, 0u);
        EXPECT_EQ(bytes.substr(0, 4), "AKPR");
        expect_same(akp::decode(bytes, "mem"), p);
        EXPECT_EQ(akp::encode(akp::decode(bytes, "mem")), bytes);
      }
}

TEST(Akp, TruncationAtEveryOffsetIsReported) {
  const std::string bytes = akp::encode(sample_probe(akp::task::classification, true, true));
  for (size_t n = 0; n < bytes.size(); ++n) {
    try {
      akp::decode(bytes.substr(0, n), "cut.akp");
      ADD_FAILURE() << "no error at length " << n;
    } catch (const akp::error& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind("cut.akp: ", 0), 0u) << what;
      EXPECT_NE(what.find("truncated"), std::string::npos) << "length " << n << ": " << what;
    }
  }
  EXPECT_THROW(akp::decode(bytes + "x", "long.akp"), akp::error);  // trailing bytes
}

TEST(Akp, EveryFlippedByteIsCaught) {
  const std::string bytes = akp::encode(sample_probe(akp::task::classification, true, true));
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (unsigned char bit : {0x01, 0x80}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(bad[i] ^ bit);
      try {
        akp::decode(bad, "flip.akp");
        ADD_FAILURE() << "no error for byte " << i;
      } catch (const akp::error& e) {
        const std::string what = e.what();
        if (i < 4) {
          EXPECT_NE(what.find("bad magic"), std::string::npos) << what;
        } else if (i < 6) {
          EXPECT_NE(what.find("version"), std::string::npos) << what;
        } else if (i >= 8 && i < 16) {
          EXPECT_TRUE(what.find("truncated") != std::string::npos ||
                      what.find("trailing") != std::string::npos)
              << what;
        } else {
          EXPECT_NE(what.find("CRC mismatch"), std::string::npos) << "byte " << i << ": " << what;
        }
      }
    }
  }
}

TEST(Akp, InconsistentFieldsAreRejectedEvenWithAValidCrc) {
  akp::probe p = sample_probe(akp::task::classification, false, false);
  p.labels = {1, 1, 2};
  EXPECT_THROW(akp::encode(p), akp::error);
  p = sample_probe(akp::task::classification, true, false);
  p.std[2] = 0;
  EXPECT_THROW(akp::encode(p), akp::error);
  p = sample_probe(akp::task::regression, false, false);
  p.classes = 2;
  p.b.push_back(0);
  p.w.resize(10);
  EXPECT_THROW(akp::encode(p), akp::error);
  p = sample_probe(akp::task::classification, false, true);
  p.s8.w[0] = -128;
  EXPECT_THROW(akp::encode(p), akp::error);
  p = sample_probe(akp::task::classification, false, false);
  p.w[3] = NAN;
  EXPECT_THROW(akp::encode(p), akp::error);
}

TEST(Akp, FileWriteIsAtomicAndReadsBack) {
  char dir[] = "/tmp/akp_test_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/p.akp";
  const akp::probe p = sample_probe(akp::task::classification, true, true);
  akp::write(path, p);
  expect_same(akp::read(path), p);
  akp::write(path, sample_probe(akp::task::regression, false, false));  // replaces
  EXPECT_EQ(akp::read(path).kind, akp::task::regression);
  // No temporary files are left next to it.
  const std::string listing = fileio::read_file(path);
  EXPECT_FALSE(listing.empty());
  EXPECT_EQ(std::system(("test $(ls -A " + std::string(dir) + " | wc -l) -eq 1").c_str()), 0);
  EXPECT_THROW(akp::read(std::string(dir) + "/missing.akp"), akp::error);
  EXPECT_THROW(akp::write(std::string(dir) + "/no/such/dir.akp", p), akp::error);
  std::remove(path.c_str());
  rmdir(dir);
}

TEST(Akp, FoldedStandardisationGivesTheSameScores) {
  const akp::probe p = sample_probe(akp::task::classification, true, false);
  std::vector<float> w, b;
  akp::folded(p, &w, &b);
  const float x[5] = {0.3f, -1.0f, 2.0f, 0.0012f, 4.0f};
  for (size_t c = 0; c < p.classes; ++c) {
    double direct = p.b[c], fold = b[c];
    for (size_t j = 0; j < p.dims; ++j) {
      direct += double(p.w[c * p.dims + j]) * (x[j] - p.mean[j]) / p.std[j];
      fold += double(w[c * p.dims + j]) * x[j];
    }
    EXPECT_NEAR(direct, fold, 1e-4 * (1 + std::abs(direct)));
  }
}

}  // namespace
