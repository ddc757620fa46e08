// SPDX-License-Identifier: Apache-2.0
// Double-precision oracles for every float kernel; tests compare the ports against these.
#pragma once
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace ref {

inline std::vector<double> pe(double pos, size_t d, double base = 10000.0) {
  std::vector<double> r(d);
  for (size_t j = 0; j < d; j += 2) {
    const double a = pos * std::pow(base, -static_cast<double>(j) / static_cast<double>(d));
    r[j] = std::sin(a);
    if (j + 1 < d) r[j + 1] = std::cos(a);
  }
  return r;
}

/// Softmax in double of float inputs; all -inf -> zeros.
inline std::vector<double> softmax(const float* x, size_t n) {
  double mx = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < n; ++i) mx = std::fmax(mx, x[i]);
  std::vector<double> r(n, 0.0);
  if (std::isinf(mx) && mx < 0) return r;
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += r[i] = std::exp(static_cast<double>(x[i]) - mx);
  for (double& v : r) v /= s;
  return r;
}

/// out (nq x dv) and weights (nq x nk) of softmax(Q K^T / sqrt(dk) + mask) V, causal j <= i.
inline void attention(const float* q, const float* k, const float* v, size_t nq, size_t nk,
                      size_t dk, size_t dv, const float* mask, bool causal, size_t ldq,
                      size_t ldk, size_t ldv, std::vector<double>* out,
                      std::vector<double>* weights) {
  out->assign(nq * dv, 0.0);
  weights->assign(nq * nk, 0.0);
  const double scale = 1.0 / std::sqrt(static_cast<double>(dk));
  std::vector<double> s(nk);
  for (size_t i = 0; i < nq; ++i) {
    double mx = -std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < nk; ++j) {
      double acc = 0;
      for (size_t p = 0; p < dk; ++p) acc += static_cast<double>(q[i * ldq + p]) * k[j * ldk + p];
      s[j] = acc * scale + (mask ? mask[i * nk + j] : 0.0);
      if (causal && j > i) s[j] = -std::numeric_limits<double>::infinity();
      mx = std::fmax(mx, s[j]);
    }
    if (std::isinf(mx) && mx < 0) continue;
    double sum = 0;
    for (size_t j = 0; j < nk; ++j) sum += s[j] = std::exp(s[j] - mx);
    for (size_t j = 0; j < nk; ++j) {
      const double w = s[j] / sum;
      (*weights)[i * nk + j] = w;
      for (size_t c = 0; c < dv; ++c) (*out)[i * dv + c] += w * v[j * ldv + c];
    }
  }
}

/// y = x W^T + b in double (x: n x din, W: dout x din).
inline std::vector<double> linear(const float* x, size_t n, size_t din, const float* w,
                                  size_t dout, const float* b) {
  std::vector<double> y(n * dout);
  for (size_t i = 0; i < n; ++i)
    for (size_t o = 0; o < dout; ++o) {
      double acc = b ? b[o] : 0.0;
      for (size_t p = 0; p < din; ++p) acc += static_cast<double>(x[i * din + p]) * w[o * din + p];
      y[i * dout + o] = acc;
    }
  return y;
}

}  // namespace ref
