// SPDX-License-Identifier: Apache-2.0
// The classic self-attention exercise: N = 5 inputs of D = 6, one head vs three heads, then
// swapping two inputs to show (and check) permutation equivariance.
//
// Conventions (as PyTorch nn.MultiheadAttention): q_i = W_q x_i, k_i = W_k x_i, v_i = W_v x_i,
// no biases; with H heads, rows [h*D/H, (h+1)*D/H) of W_q, W_k, W_v belong to head h; the
// concatenated heads go through W_o = identity, so y is exactly the heads' outputs side by side.
// Exit status: 0 if swapping inputs 0 and 1 swaps outputs 0 and 1 (and nothing else), else 1.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>

#include "attnkit/attnkit.h"

namespace {

constexpr size_t kN = 5, kD = 6;

// Fixed numbers, drawn once from Python's random.Random(4).uniform(-1, 1) rounded to 0.1
// (X first, then W_q, W_k, W_v) and pasted here so the output is reproducible anywhere.
const float kX[kN * kD] = {
    -0.5f, -0.8f, -0.2f, -0.7f, -0.9f, -0.2f,  //
    0.8f,  0.6f,  0.5f,  -0.6f, 0.1f,  -0.4f,  //
    -0.7f, -0.8f, -0.6f, 0.9f,  0.7f,  0.6f,   //
    0.6f,  -0.6f, -0.4f, 0.3f,  0.5f,  0.7f,   //
    0.8f,  -0.8f, 0.2f,  0.3f,  0.0f,  -0.6f,  //
};
const float kWq[kD * kD] = {
    -0.1f, -0.8f, 0.9f,  0.7f,  0.1f,  -0.4f,  //
    0.8f,  0.1f,  0.8f,  0.7f,  0.0f,  -0.2f,  //
    0.2f,  -0.1f, -0.7f, -0.4f, 0.6f,  -0.9f,  //
    -0.9f, 0.3f,  -0.4f, 0.1f,  -0.1f, -0.3f,  //
    1.0f,  -0.6f, -0.2f, -0.6f, 0.3f,  -0.4f,  //
    -0.3f, 0.5f,  -0.4f, 0.1f,  0.8f,  -0.8f,  //
};
const float kWk[kD * kD] = {
    -0.9f, -0.5f, 0.5f,  0.2f,  -0.5f, -0.3f,  //
    -0.6f, -0.1f, -0.9f, 0.4f,  0.8f,  0.9f,   //
    0.5f,  0.9f,  -1.0f, -0.4f, 0.9f,  0.6f,   //
    -0.2f, 0.9f,  0.2f,  0.6f,  -0.4f, -0.6f,  //
    -0.1f, -0.7f, -0.2f, 0.9f,  -0.3f, -1.0f,  //
    -0.9f, -0.7f, 0.6f,  -0.3f, -0.4f, -0.8f,  //
};
const float kWv[kD * kD] = {
    1.0f,  -0.2f, -0.6f, -0.9f, -0.9f, -0.7f,  //
    0.4f,  -0.7f, -0.9f, 0.0f,  -0.5f, 1.0f,   //
    -0.8f, 0.1f,  0.5f,  -0.2f, 1.0f,  0.0f,   //
    -0.5f, -0.2f, -0.9f, -0.2f, -0.5f, 0.8f,   //
    0.7f,  0.0f,  -0.9f, -0.5f, -0.5f, -0.6f,  //
    -0.5f, 0.7f,  -0.7f, -0.9f, 0.9f,  0.1f,   //
};

// Caller-owned scratch: the library never allocates.
alignas(64) unsigned char g_scratch[1 << 14];

struct result {
  float y[kN * kD];
  float w[3 * kN * kN];  // heads x N x N
};

bool run(const float* x, size_t heads, result* r) {
  float identity[kD * kD] = {};
  for (size_t i = 0; i < kD; ++i) identity[i * kD + i] = 1.0f;
  attnkit::mha_weights w;
  w.wq = kWq, w.wk = kWk, w.wv = kWv, w.wo = identity;
  const attnkit::mha_dims d{kN, kN, kD, kD, heads};
  attnkit::attention_opts o;
  o.weights = r->w;
  if (attnkit::mha_f32_scratch_size(d) > sizeof g_scratch) return false;
  const attnkit::status s =
      attnkit::mha_f32(d, x, nullptr, w, r->y, o, {g_scratch, sizeof g_scratch});
  if (s != attnkit::status::ok) {
    std::printf("mha_f32 failed: %s\n", attnkit::status_str(s));
    return false;
  }
  return true;
}

void print_matrix(const char* title, const float* m, size_t rows, size_t cols) {
  std::printf("%s\n", title);
  for (size_t i = 0; i < rows; ++i) {
    std::printf("  [");
    for (size_t j = 0; j < cols; ++j) std::printf("%s%8.4f", j ? " " : "", m[i * cols + j]);
    std::printf(" ]\n");
  }
}

void print_result(size_t heads, const result& r) {
  std::printf("\n== H = %zu (head dim %zu, scores scaled by 1/sqrt(%zu) = %.4f) ==\n", heads,
              kD / heads, kD / heads, 1.0 / std::sqrt(double(kD / heads)));
  print_matrix("output y (N x D):", r.y, kN, kD);
  for (size_t h = 0; h < heads; ++h) {
    char title[96];
    std::snprintf(title, sizeof title,
                  "attention weights, head %zu (row i: how query i mixes the N values):", h + 1);
    print_matrix(title, r.w + h * kN * kN, kN, kN);
  }
}

// Largest |a - b| over n entries.
float max_diff(const float* a, const float* b, size_t n) {
  float e = 0;
  for (size_t i = 0; i < n; ++i) e = std::fmax(e, std::fabs(a[i] - b[i]));
  return e;
}

}  // namespace

int main() {
  std::printf("Multi-head self-attention on N = %zu inputs of D = %zu (attnkit port: %s)\n", kN, kD,
              attnkit::current_port());
  print_matrix("inputs X (N x D):", kX, kN, kD);

  result one, three;
  if (!run(kX, 1, &one) || !run(kX, 3, &three)) return 1;
  print_result(1, one);
  print_result(3, three);

  std::printf(
      "\n== Why the two differ ==\n"
      "Both use the same W_q, W_k, W_v and W_o = I, but with H = 3 each head sees only its own\n"
      "2-dimensional slice of q and k (rows 1-2, 3-4, 5-6 of W_q and W_k) and scales its scores "
      "by\n"
      "1/sqrt(2) instead of 1/sqrt(6). A single head scores q_i . k_j summed over all 6\n"
      "dimensions; head h scores only its 2 dimensions, so each head gets its own attention\n"
      "distribution (the three weight matrices above differ from each other and from H = 1).\n"
      "Head h then mixes only its slice of v (columns 2h-1..2h of y) with its own weights, so\n"
      "column pair h of y is head h's weighted average, not the single head's. The outputs agree\n"
      "only if every head happened to have the same weights as the single head.\n");

  // Swap inputs 0 and 1: self-attention has no notion of order, so outputs 0 and 1 swap and
  // the weights swap rows and columns; nothing else changes (up to float summation order).
  float xs[kN * kD];
  std::memcpy(xs, kX, sizeof xs);
  for (size_t c = 0; c < kD; ++c) std::swap(xs[c], xs[kD + c]);
  std::printf("\n== Swapping inputs 1 and 2 ==\n");
  bool ok = true;
  const size_t perm[kN] = {1, 0, 2, 3, 4};
  for (size_t heads : {size_t{1}, size_t{3}}) {
    const result& before = heads == 1 ? one : three;
    result after;
    if (!run(xs, heads, &after)) return 1;
    char title[64];
    std::snprintf(title, sizeof title, "H = %zu, output y after the swap:", heads);
    print_matrix(title, after.y, kN, kD);
    // Expected: row i of the new output is row perm[i] of the old one.
    float want_y[kN * kD], want_w[3 * kN * kN];
    for (size_t i = 0; i < kN; ++i)
      std::memcpy(want_y + i * kD, before.y + perm[i] * kD, kD * sizeof(float));
    for (size_t h = 0; h < heads; ++h)
      for (size_t i = 0; i < kN; ++i)
        for (size_t j = 0; j < kN; ++j)
          want_w[(h * kN + i) * kN + j] = before.w[(h * kN + perm[i]) * kN + perm[j]];
    const float ey = max_diff(after.y, want_y, kN * kD);
    const float ew = max_diff(after.w, want_w, heads * kN * kN);
    const bool pass = ey <= 1e-5f && ew <= 1e-5f;
    std::printf(
        "H = %zu: outputs 1 and 2 swapped, others unchanged: %s (max |diff| %.2g in y, %.2g in "
        "weights)\n",
        heads, pass ? "yes" : "NO", double(ey), double(ew));
    ok = ok && pass;
  }
  std::printf("\npermutation equivariance: %s\n", ok ? "OK" : "FAILED");
  return ok ? 0 : 1;
}
