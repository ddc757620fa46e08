// SPDX-License-Identifier: Apache-2.0
// Test support: the measured-error table printed at the end of the run on request.
#include "support/errors.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>

namespace testing_support {
namespace {

std::mutex g_mu;
std::map<std::pair<std::string, std::string>, double>& table() {
  static std::map<std::pair<std::string, std::string>, double> t;
  return t;
}

class error_report : public testing::Environment {
 public:
  void TearDown() override {
    if (std::getenv("ATTNKIT_ERROR_REPORT") == nullptr) return;
    std::lock_guard<std::mutex> lock(g_mu);
    int w = 16;
    for (const auto& kv : table()) w = std::max(w, static_cast<int>(kv.first.first.size()));
    std::printf("%-*s %-16s %s\n", w, "kernel (metric)", "variant", "max measured error");
    for (const auto& kv : table())
      std::printf("%-*s %-16s %.3g\n", w, kv.first.first.c_str(), kv.first.second.c_str(),
                  kv.second);
  }
};

// gtest_main runs RUN_ALL_TESTS; registering from a static initialiser is the documented way.
testing::Environment* const g_env = testing::AddGlobalTestEnvironment(new error_report);

}  // namespace

void note_error(const std::string& kernel, const std::string& variant, double err) {
  std::lock_guard<std::mutex> lock(g_mu);
  double& e = table()[{kernel, variant}];
  if (std::isnan(err) || err > e) e = err;
}

}  // namespace testing_support
