// SPDX-License-Identifier: Apache-2.0
// The esm-like generator: shapes, label ranges, determinism, and attention maps with the intended
// structure (rows of probabilities, local heads early, <cls> sinks late).
#include "gen.h"

#include <gtest/gtest.h>

#include <cmath>

namespace {

gen::esm_like_options small() {
  gen::esm_like_options o;
  o.n = 300;
  o.dim = 48;
  o.seq_len = 50;
  o.attn_len = 40;
  o.layers = 12;
  o.seed = 3;
  return o;
}

TEST(Gen, ShapesLabelsAndDeterminism) {
  const gen::esm_like_data a = gen::esm_like(small());
  EXPECT_EQ(a.embeddings.size(), 300u * 48);
  EXPECT_EQ(a.T, 42u);  // <cls> + 40 residues + <eos>
  EXPECT_EQ(a.attention.size(), 12u * 42 * 42);
  for (size_t i = 0; i < a.n; ++i) {
    EXPECT_GE(a.labels_aa[i], 0);
    EXPECT_LT(a.labels_aa[i], 20);
    EXPECT_EQ(a.labels_pos[i], int64_t(i % 50 + 1));
  }
  const gen::esm_like_data b = gen::esm_like(small());
  EXPECT_EQ(a.embeddings, b.embeddings);
  EXPECT_EQ(a.attention, b.attention);
  gen::esm_like_options o = small();
  o.seed = 4;
  EXPECT_NE(gen::esm_like(o).embeddings, a.embeddings);
}

TEST(Gen, AttentionMapsHaveTheIntendedStructure) {
  gen::esm_like_options o = small();
  o.layers = 33;
  const gen::esm_like_data a = gen::esm_like(o);
  const size_t T = a.T;
  double early_diag = 0, late_cls = 0, late_diag = 0;
  for (size_t l = 0; l < 33; ++l) {
    const float* m = a.attention.data() + l * T * T;
    for (size_t i = 0; i < T; ++i) {
      float row_max = 0;
      double row_sum = 0;
      for (size_t j = 0; j < T; ++j) {
        ASSERT_GE(m[i * T + j], 0.0f);
        ASSERT_LE(m[i * T + j], 1.0f + 1e-6f);
        row_max = std::max(row_max, m[i * T + j]);
        row_sum += m[i * T + j];
      }
      EXPECT_LE(row_sum, double(o.heads) + 1e-3);  // the max over heads of probability rows
      EXPECT_GE(row_sum, 1.0 - 1e-3);
      if (l < 4)
        early_diag += std::max(
            {m[i * T + i], i ? m[i * T + i - 1] : 0.0f, i + 1 < T ? m[i * T + i + 1] : 0.0f});
      if (l >= 26) {
        late_cls += m[i * T + 0];
        late_diag += m[i * T + i];
      }
    }
  }
  EXPECT_GT(early_diag / (4.0 * T), 0.5);  // early layers: local heads dominate
  EXPECT_GT(late_cls / (7.0 * T), 0.4);    // late layers: <cls> as an attention sink
  EXPECT_GT(late_cls, 2 * late_diag);
}

TEST(Gen, RejectsUnusableOptions) {
  gen::esm_like_options o = small();
  o.n = 0;
  EXPECT_THROW(gen::esm_like(o), std::invalid_argument);
  o = small();
  o.heads = 2;
  EXPECT_THROW(gen::esm_like(o), std::invalid_argument);
}

}  // namespace
