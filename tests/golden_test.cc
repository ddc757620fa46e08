// SPDX-License-Identifier: Apache-2.0
// Every port and Highway target reproduces data/golden/*.bin (from the scalar reference, see
// `make golden`) byte for byte.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "golden/golden_cases.h"
#include "support/metrics.h"
#include "support/ports.h"

namespace {

std::string golden_dir() {
  const char* d = std::getenv("ATTNKIT_GOLDEN_DIR");
  return d ? d : "data/golden";
}

bool read_file(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out->append(buf, n);
  std::fclose(f);
  return true;
}

TEST(Golden, EveryVariantReproducesTheFilesByteForByte) {
  for (const golden::golden_case& c : golden::cases()) {
    SCOPED_TRACE(c.name);
    std::string file;
    ASSERT_TRUE(read_file(golden_dir() + "/" + c.name + ".bin", &file))
        << "missing golden file; run `make golden` from the repository root";
    const std::string h = golden::header(c.name);
    ASSERT_EQ(file.compare(0, h.size(), h), 0) << "unexpected header";
    const std::string want = file.substr(h.size());
    testing_support::for_each_variant([&](const std::string&) {
      golden::bytes got;
      ASSERT_TRUE(c.run(&got));
      ASSERT_EQ(got.size(), want.size());
      const size_t first_diff = testing_support::first_mismatch(
          got.data(), reinterpret_cast<const uint8_t*>(want.data()), got.size());
      EXPECT_EQ(first_diff, got.size()) << "first differing byte at offset " << first_diff;
    });
  }
}

}  // namespace
