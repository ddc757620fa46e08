// SPDX-License-Identifier: Apache-2.0
// C++ header export: exact float literals, and the header compiled (host g++, arm-none-eabi-g++)
// and run against libattnkit to give the same predictions as the tool.
#include "export.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fileio.h"
#include "support/random.h"
#include "train.h"

namespace {

// The repository root, from this file's path as the build passes it ("tests/export_test.cc").
std::string repo_root() {
  std::string f = __FILE__;
  const size_t k = f.rfind("tests/");
  std::string root = k == std::string::npos || k == 0 ? "." : f.substr(0, k - 1);
  return access((root + "/lib/attnkit/probe.h").c_str(), R_OK) == 0 ? root : "";
}

bool have(const char* tool) {
  return std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

struct temp_dir {
  std::string path;
  temp_dir() {
    char d[] = "/tmp/export_test_XXXXXX";
    path = mkdtemp(d) ? d : "";
  }
  ~temp_dir() {
    if (!path.empty()) (void)std::system(("rm -rf " + path).c_str());
  }
};

struct fixture {
  akp::probe p;
  std::vector<float> x;
  size_t n = 60, d = 12;
};

fixture trained(bool standardize) {
  fixture f;
  testing_support::rng g(11);
  std::vector<int64_t> y(f.n);
  for (size_t i = 0; i < f.n; ++i) {
    y[i] = int64_t(i % 3) * 5 - 2;  // labels -2, 3, 8
    for (size_t j = 0; j < f.d; ++j)
      f.x.push_back(float(g.normal() + (j == i % 3 ? 2.0 : 0.0) + 10.0 * (j == 7)));
  }
  const train::label_map m = train::map_labels(y.data(), f.n);
  train::options o;
  o.standardize = standardize;
  f.p = train::fit_classifier(f.x.data(), f.n, f.d, m.index.data(), m.labels, o);
  train::quantize_s8(&f.p, f.x.data(), f.n);
  return f;
}

TEST(Export, FloatLiteralsReadBackExactly) {
  const fixture f = trained(true);
  exporter::header_options h;
  h.name = "my probe-1";
  const std::string text = exporter::c_header(f.p, h);
  EXPECT_NE(text.find("namespace my_probe_1 {"), std::string::npos);
  EXPECT_NE(text.find("static const attnkit::probe_f32_model kF32"), std::string::npos);
  EXPECT_NE(text.find("static const attnkit::probe_s8_model kS8"), std::string::npos);
  EXPECT_NE(text.find("folded"), std::string::npos);
  std::vector<float> w, b;
  akp::folded(f.p, &w, &b);
  // Parse kW back.
  const size_t start = text.find("kW[kClasses * kDims] = {");
  ASSERT_NE(start, std::string::npos);
  std::istringstream in(text.substr(text.find('{', start) + 1));
  for (size_t i = 0; i < w.size(); ++i) {
    std::string tok;
    in >> tok;
    ASSERT_EQ(tok.back(), ',');
    ASSERT_EQ(tok[tok.size() - 2], 'f') << tok;
    EXPECT_EQ(std::strtof(tok.c_str(), nullptr), w[i]) << tok;
  }
  EXPECT_EQ(exporter::identifier("9lives"), "p_9lives");
  EXPECT_EQ(exporter::identifier(""), "probe");
}

TEST(Export, HeaderCompilesForHostAndCortexM4) {
  const std::string root = repo_root();
  if (root.empty()) GTEST_SKIP() << "run from the repository root to find lib/";
  const fixture f = trained(false);
  temp_dir t;
  ASSERT_FALSE(t.path.empty());
  exporter::header_options h;
  h.name = "probe_aa";
  fileio::write_file_atomic(t.path + "/probe_aa.h", exporter::c_header(f.p, h));
  fileio::write_file_atomic(
      t.path + "/use.cc",
      "#include \"probe_aa.h\"\n"
      "size_t use() { return probe_aa::kF32.classes + probe_aa::kS8.dims; }\n");
  const std::string flags = " -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I" + root +
                            "/lib -I" + t.path + " " + t.path + "/use.cc";
  EXPECT_EQ(std::system(("g++" + flags).c_str()), 0);
  if (!have("arm-none-eabi-g++")) GTEST_SKIP() << "arm-none-eabi-g++ not installed";
  EXPECT_EQ(std::system(("arm-none-eabi-g++ -mcpu=cortex-m4 -mthumb -mfloat-abi=hard "
                         "-mfpu=fpv4-sp-d16 -fno-exceptions -fno-rtti" +
                         flags)
                            .c_str()),
            0);
}

TEST(Export, CompiledHeaderPredictsLikeTheTool) {
  const std::string root = repo_root();
  const char* build = std::getenv("BUILD");
  const std::string lib = root + "/" + (build ? build : "build/host") + "/lib/libattnkit.a";
  if (root.empty() || access(lib.c_str(), R_OK) != 0) GTEST_SKIP() << "no " << lib;
  const fixture f = trained(true);
  temp_dir t;
  exporter::header_options h;
  h.name = "p";
  fileio::write_file_atomic(t.path + "/p.h", exporter::c_header(f.p, h));
  std::string xs;
  for (float v : f.x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9gf,", double(v));
    xs += buf;
  }
  fileio::write_file_atomic(
      t.path + "/main.cc",
      "#include <cstdio>\n#include \"p.h\"\n#include \"attnkit/quant.h\"\n"
      "static const float kX[] = {" +
          xs +
          "};\n"
          "int main() {\n"
          "  const size_t n = sizeof kX / sizeof kX[0] / p::kDims;\n"
          "  float logits[p::kClasses]; int32_t label; int8_t q[p::kDims]; int32_t "
          "li[p::kClasses];\n"
          "  for (size_t i = 0; i < n; ++i) {\n"
          "    if (attnkit::probe_f32(p::kF32, kX + i * p::kDims, 1, logits, &label) != "
          "attnkit::status::ok) return 2;\n"
          "    attnkit::quant_scale s; int32_t l8;\n"
          "    if (attnkit::quantize_rows_s8(kX + i * p::kDims, 1, p::kDims, q, nullptr, &s) != "
          "attnkit::status::ok) return 3;\n"
          "    if (attnkit::probe_s8(p::kS8, q, &s, 1, li, &l8) != attnkit::status::ok) return 4;\n"
          "    std::printf(\"%d %d\\n\", int(label), int(l8));\n"
          "  }\n}\n");
  const std::string bin = t.path + "/main";
  // The library's own compiler and link flags: a sanitizer build's library needs its runtime.
  ASSERT_EQ(
      std::system((std::string(ATTNKIT_TEST_CXX) + " -std=c++17 -O1 -Wall -Wextra -Werror -I" +
                   root + "/lib -I" + t.path + " " + t.path + "/main.cc " + lib + " -o " + bin)
                      .c_str()),
      0);
  const std::string out_path = t.path + "/out.txt";
  ASSERT_EQ(std::system((bin + " > " + out_path).c_str()), 0);
  std::istringstream out(fileio::read_file(out_path));
  const std::vector<int32_t> want_f =
      train::argmax_labels(f.p, train::scores_f32(f.p, f.x.data(), f.n));
  const std::vector<int32_t> want_q =
      train::argmax_labels(f.p, train::scores_s8(f.p, f.x.data(), f.n));
  for (size_t i = 0; i < f.n; ++i) {
    int a = 0, b = 0;
    ASSERT_TRUE(out >> a >> b);
    EXPECT_EQ(a, want_f[i]) << i;
    EXPECT_EQ(b, want_q[i]) << i;
  }
}

}  // namespace
