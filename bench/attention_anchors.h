// SPDX-License-Identifier: Apache-2.0
// The attention anchors shared by attention_bench.cc and mha_bench.cc: a naive loop (one query
// at a time, std::exp) and Eigen (matrix products + row softmax over the full score matrix),
// both for one head given as column windows of row-major matrices (leading dims ld*).
// Causal: query i sees keys j <= i, as attnkit (top-left aligned).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace bench {

struct head {
  const float* q;
  size_t ldq;
  const float* k;
  size_t ldk;
  const float* v;
  size_t ldv;
  float* out;
  size_t ldo;
};

/// s: nk floats of scratch.
inline void naive_attention(size_t nq, size_t nk, size_t dk, size_t dv, const head& h, bool causal,
                            float* s) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(dk));
  for (size_t i = 0; i < nq; ++i) {
    const size_t n = causal ? std::min(nk, i + 1) : nk;
    const float* qi = h.q + i * h.ldq;
    float mx = -std::numeric_limits<float>::infinity();
    for (size_t j = 0; j < n; ++j) {
      const float* kj = h.k + j * h.ldk;
      float acc = 0;
      for (size_t p = 0; p < dk; ++p) acc += qi[p] * kj[p];
      s[j] = acc * scale;
      mx = std::max(mx, s[j]);
    }
    float sum = 0;
    for (size_t j = 0; j < n; ++j) sum += s[j] = std::exp(s[j] - mx);
    float* o = h.out + i * h.ldo;
    for (size_t c = 0; c < dv; ++c) o[c] = 0;
    for (size_t j = 0; j < n; ++j) {
      const float w = s[j] / sum;
      const float* vj = h.v + j * h.ldv;
      for (size_t c = 0; c < dv; ++c) o[c] += w * vj[c];
    }
  }
}

/// y (rows x out_dim, ldy) = x (rows x in_dim, ldx) W^T + b, W out_dim x in_dim (PyTorch Linear).
inline void naive_linear(size_t rows, size_t out_dim, size_t in_dim, const float* x, size_t ldx,
                         const float* w, const float* b, float* y, size_t ldy) {
  for (size_t i = 0; i < rows; ++i)
    for (size_t o = 0; o < out_dim; ++o) {
      float acc = b ? b[o] : 0.0f;
      for (size_t p = 0; p < in_dim; ++p) acc += x[i * ldx + p] * w[o * in_dim + p];
      y[i * ldy + o] = acc;
    }
}

using RowMat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstView = Eigen::Map<const RowMat, 0, Eigen::OuterStride<>>;
using View = Eigen::Map<RowMat, 0, Eigen::OuterStride<>>;

inline ConstView cview(const float* p, size_t rows, size_t cols, size_t ld) {
  return ConstView(p, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
                   Eigen::OuterStride<>(static_cast<Eigen::Index>(ld)));
}
inline View view(float* p, size_t rows, size_t cols, size_t ld) {
  return View(p, static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols),
              Eigen::OuterStride<>(static_cast<Eigen::Index>(ld)));
}

/// Working memory of the Eigen anchor, allocated once outside the timed loop.
struct eigen_ws {
  RowMat s;
  Eigen::VectorXf mx, sum;
  eigen_ws(size_t nq, size_t nk)
      : s(static_cast<Eigen::Index>(nq), static_cast<Eigen::Index>(nk)),
        mx(static_cast<Eigen::Index>(nq)),
        sum(static_cast<Eigen::Index>(nq)) {}
};

inline void eigen_attention(size_t nq, size_t nk, size_t dk, size_t dv, const head& h, bool causal,
                            eigen_ws& ws) {
  const float scale = 1.0f / std::sqrt(static_cast<float>(dk));
  const ConstView q = cview(h.q, nq, dk, h.ldq), k = cview(h.k, nk, dk, h.ldk),
                  v = cview(h.v, nk, dv, h.ldv);
  View out = view(h.out, nq, dv, h.ldo);
  RowMat& s = ws.s;
  s.noalias() = scale * q * k.transpose();
  if (causal)
    for (Eigen::Index i = 0; i + 1 < s.cols() && i < s.rows(); ++i)
      s.row(i).tail(s.cols() - i - 1).setConstant(-std::numeric_limits<float>::infinity());
  ws.mx = s.rowwise().maxCoeff();
  s.array().colwise() -= ws.mx.array();
  s = s.array().exp();
  ws.sum = s.rowwise().sum();
  out.noalias() = s * v;
  out.array().colwise() /= ws.sum.array();
}

}  // namespace bench
