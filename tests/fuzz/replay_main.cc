// SPDX-License-Identifier: Apache-2.0
// fuzz_replay_tests: runs every fuzz target over its checked-in corpus (seeds and the inputs
// of past crashes), so the unit suite and the sanitizer suite keep them as regression tests.
#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fuzz/fuzz.h"

#ifndef ATTNKIT_FUZZ_CORPUS
#define ATTNKIT_FUZZ_CORPUS "tests/fuzz/corpus"
#endif

namespace {

std::vector<std::string> target_names() {
  std::vector<std::string> n;
  for (const fuzz::registered& r : fuzz::targets()) n.push_back(r.name);
  return n;
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d))
      if (e->d_name[0] != '.') out.push_back(dir + "/" + e->d_name);
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class FuzzReplay : public testing::TestWithParam<std::string> {};

TEST_P(FuzzReplay, Corpus) {
  const char* env = std::getenv("ATTNKIT_FUZZ_CORPUS");
  const std::string dir = std::string(env ? env : ATTNKIT_FUZZ_CORPUS) + "/" + GetParam();
  fuzz::target_fn fn = nullptr;
  for (const fuzz::registered& r : fuzz::targets())
    if (r.name == GetParam()) fn = r.fn;
  ASSERT_NE(fn, nullptr);
  const std::vector<std::string> files = files_in(dir);
  EXPECT_FALSE(files.empty()) << "no corpus in " << dir;
  for (const std::string& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    try {
      fn(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      ADD_FAILURE() << f << ": " << e.what();
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, testing::ValuesIn(target_names()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
