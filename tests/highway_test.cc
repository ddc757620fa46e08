// SPDX-License-Identifier: Apache-2.0
// Highway port: target enumeration and forcing (its kernels on every target are compared with
// the scalar reference in port_kernels_test.cc).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#if defined(ATTNKIT_HAVE_HIGHWAY)
#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif
#include "ports/highway/targets.h"
#include "support/variants.h"

namespace {

namespace hw = attnkit::highway;

std::vector<int64_t> targets() {
  int64_t t[32];
  const size_t n = hw::supported_targets(t, 32);
  return std::vector<int64_t>(t, t + (n < 32 ? n : 32));
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
// An SVE core (qemu -cpu max) runs the SVE targets: mk/target/aarch64.mk compiles them (HWY_SVE=1).
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

// The tests' variant list (support/variants.h) has every supported target once, best first,
// and selecting a variant forces its target.
TEST(Highway, TestVariantsAreTheSupportedTargets) {
  testing_support::variant v[testing_support::kMaxVariants];
  const size_t n = testing_support::list_variants(v, testing_support::kMaxVariants);
  ASSERT_LE(n, testing_support::kMaxVariants);
  std::vector<int64_t> listed;
  for (size_t i = 0; i < n; ++i) {
    if (std::string(v[i].port) != "highway") continue;
    listed.push_back(v[i].target);
    EXPECT_EQ(std::string(v[i].name), std::string("highway/") + hw::target_name(v[i].target));
    ASSERT_TRUE(testing_support::select_variant(v[i]));
    EXPECT_STREQ(hw::current_target(), hw::target_name(v[i].target));
  }
  testing_support::reset_variant();
  EXPECT_EQ(listed, targets());
}

}  // namespace
#endif  // ATTNKIT_HAVE_HIGHWAY
