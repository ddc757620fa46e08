// SPDX-License-Identifier: Apache-2.0
// Double-precision oracles for every float kernel (and the magnitudes their rounding errors
// scale with); tests compare the ports against these.
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
/// T is float (kernel inputs) or double (inputs already projected in double). If abs_out is
/// set it receives sum_j w_ij |v_jc|: the size of the output before cancellation, which is
/// what rounding errors scale with.
template <class T>
inline void attention(const T* q, const T* k, const T* v, size_t nq, size_t nk, size_t dk,
                      size_t dv, const float* mask, bool causal, size_t ldq, size_t ldk, size_t ldv,
                      std::vector<double>* out, std::vector<double>* weights,
                      std::vector<double>* abs_out = nullptr) {
  out->assign(nq * dv, 0.0);
  weights->assign(nq * nk, 0.0);
  if (abs_out) abs_out->assign(nq * dv, 0.0);
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
      for (size_t c = 0; c < dv; ++c) {
        (*out)[i * dv + c] += w * v[j * ldv + c];
        if (abs_out) (*abs_out)[i * dv + c] += w * std::fabs(static_cast<double>(v[j * ldv + c]));
      }
    }
  }
}

/// y = x W^T + b in double (x: n x din, W: dout x din).
template <class T>
inline std::vector<double> linear(const T* x, size_t n, size_t din, const float* w, size_t dout,
                                  const float* b) {
  std::vector<double> y(n * dout);
  for (size_t i = 0; i < n; ++i)
    for (size_t o = 0; o < dout; ++o) {
      double acc = b ? b[o] : 0.0;
      for (size_t p = 0; p < din; ++p) acc += static_cast<double>(x[i * din + p]) * w[o * din + p];
      y[i * dout + o] = acc;
    }
  return y;
}

/// nn.MultiheadAttention's weights (PyTorch convention, see attnkit/attention.h).
struct mha_params {
  const float *wq, *wk, *wv, *wo;
  const float *bq, *bk, *bv, *bo;  // may be null
};

/// PyTorch nn.MultiheadAttention forward in double, batch 1: x is nq x e, kv is nk x dkv.
/// q = x Wq^T + bq, k = kv Wk^T + bk, v = kv Wv^T + bv; head h uses columns [h*dh, (h+1)*dh);
/// y = concat(heads) Wo^T + bo. weights receives heads x nq x nk (not averaged over heads).
inline void mha(const float* x, const float* kv, size_t nq, size_t nk, size_t e, size_t dkv,
                size_t heads, const mha_params& w, const float* mask, bool causal,
                std::vector<double>* y, std::vector<double>* weights) {
  const size_t dh = e / heads;
  const std::vector<double> q = linear(x, nq, e, w.wq, e, w.bq);
  const std::vector<double> k = linear(kv, nk, dkv, w.wk, e, w.bk);
  const std::vector<double> v = linear(kv, nk, dkv, w.wv, e, w.bv);
  std::vector<double> cat(nq * e), o, wt;
  weights->assign(heads * nq * nk, 0.0);
  for (size_t h = 0; h < heads; ++h) {
    const size_t off = h * dh;
    attention(q.data() + off, k.data() + off, v.data() + off, nq, nk, dh, dh, mask, causal, e, e, e,
              &o, &wt);
    for (size_t i = 0; i < nq; ++i)
      for (size_t c = 0; c < dh; ++c) cat[i * e + off + c] = o[i * dh + c];
    for (size_t t = 0; t < nq * nk; ++t) (*weights)[h * nq * nk + t] = wt[t];
  }
  *y = linear(cat.data(), nq, e, w.wo, e, w.bo);
}

/// torch.nn.LayerNorm over the rows of x (population variance); gamma/beta may be null.
inline std::vector<double> layernorm(const float* x, size_t rows, size_t d, const float* gamma,
                                     const float* beta, double eps) {
  std::vector<double> y(rows * d);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    double mean = 0, var = 0;
    for (size_t j = 0; j < d; ++j) mean += xr[j];
    mean /= static_cast<double>(d);
    for (size_t j = 0; j < d; ++j) var += (xr[j] - mean) * (xr[j] - mean);
    var /= static_cast<double>(d);
    for (size_t j = 0; j < d; ++j)
      y[r * d + j] =
          (xr[j] - mean) / std::sqrt(var + eps) * (gamma ? gamma[j] : 1.0) + (beta ? beta[j] : 0.0);
  }
  return y;
}

/// Column means of a rows x d matrix.
inline std::vector<double> mean_pool(const float* x, size_t rows, size_t d) {
  std::vector<double> y(d, 0.0);
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < d; ++j) y[j] += x[r * d + j];
  for (double& v : y) v /= static_cast<double>(rows);
  return y;
}

/// The size each layer-norm output's rounding error scales with: |gamma_j| (1 + 2 max|x| /
/// sqrt(var + eps)) + |beta_j| per element of the row (the row's condition number: an error of
/// a few ulps of max|x| in the mean moves every output by that much over the deviation).
inline std::vector<double> layernorm_scale(const float* x, size_t rows, size_t d,
                                           const float* gamma, const float* beta, double eps) {
  std::vector<double> s(rows * d);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * d;
    double mean = 0, var = 0, mx = 0;
    for (size_t j = 0; j < d; ++j) mean += xr[j], mx = std::fmax(mx, std::fabs(xr[j]));
    mean /= static_cast<double>(d);
    for (size_t j = 0; j < d; ++j) var += (xr[j] - mean) * (xr[j] - mean);
    const double sd = std::sqrt(var / static_cast<double>(d) + eps);
    for (size_t j = 0; j < d; ++j) {
      const double g = gamma ? std::fabs(gamma[j]) : 1.0, b = beta ? std::fabs(beta[j]) : 0.0;
      s[r * d + j] = g * (1.0 + 2.0 * mx / sd) + b;
    }
  }
  return s;
}

/// Column means of |x|: what a mean's rounding error scales with.
inline std::vector<double> mean_pool_scale(const float* x, size_t rows, size_t d) {
  std::vector<double> y(d, 0.0);
  for (size_t r = 0; r < rows; ++r)
    for (size_t j = 0; j < d; ++j) y[j] += std::fabs(x[r * d + j]);
  for (double& v : y) v /= static_cast<double>(rows);
  return y;
}

/// c = alpha * a b^T + bias (a: m x k, b: n x k, bias optional), m x n dense. mag, if set,
/// receives |alpha| sum_p |a_ip b_jp| + |bias_j|: what rounding errors scale with.
inline std::vector<double> matmul_nt(size_t m, size_t n, size_t k, const float* a, size_t lda,
                                     const float* b, size_t ldb, const float* bias, float alpha,
                                     std::vector<double>* mag = nullptr) {
  std::vector<double> c(m * n);
  if (mag) mag->assign(m * n, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double s = 0, sa = 0;
      for (size_t p = 0; p < k; ++p) {
        const double t = static_cast<double>(a[i * lda + p]) * b[j * ldb + p];
        s += t;
        sa += std::fabs(t);
      }
      const double bj = bias ? bias[j] : 0.0;
      c[i * n + j] = alpha * s + bj;
      if (mag) (*mag)[i * n + j] = std::fabs(static_cast<double>(alpha)) * sa + std::fabs(bj);
    }
  return c;
}

/// c = c0 + a b (a: m x k, b: k x n; c0 optional, m x n with leading dim ldc0), m x n dense.
/// Rows of b whose weight a_ip is exactly 0 are skipped (masked attention weights: inf or NaN
/// there must not reach the output). mag as for matmul_nt.
inline std::vector<double> matmul_nn(size_t m, size_t n, size_t k, const float* a, size_t lda,
                                     const float* b, size_t ldb, const float* c0, size_t ldc0,
                                     std::vector<double>* mag = nullptr) {
  std::vector<double> c(m * n);
  if (mag) mag->assign(m * n, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      double s = c0 ? c0[i * ldc0 + j] : 0.0, sa = std::fabs(s);
      for (size_t p = 0; p < k; ++p) {
        if (a[i * lda + p] == 0.0f) continue;
        const double t = static_cast<double>(a[i * lda + p]) * b[p * ldb + j];
        s += t;
        sa += std::fabs(t);
      }
      c[i * n + j] = s;
      if (mag) (*mag)[i * n + j] = sa;
    }
  return c;
}

/// One online-softmax step (port_api.inc: softmax_online_f32) in double, for finite scores and
/// state: m <- max(m, row max), corr = exp(m_old - m_new), s <- exp(s - m_new),
/// l <- l corr + sum_j s. -inf scores give 0; a row with nothing visible keeps its state with
/// corr 1. s is rows x n (leading dim lds); every output is dense double.
struct online_step {
  std::vector<double> s, m, l, corr;
};
inline online_step softmax_online(const float* s, size_t rows, size_t n, size_t lds, const float* m,
                                  const float* l) {
  online_step o{std::vector<double>(rows * n, 0.0), std::vector<double>(m, m + rows),
                std::vector<double>(l, l + rows), std::vector<double>(rows, 1.0)};
  for (size_t r = 0; r < rows; ++r) {
    double mx = m[r];
    for (size_t j = 0; j < n; ++j) mx = std::fmax(mx, s[r * lds + j]);
    if (std::isinf(mx) && mx < 0) continue;
    o.corr[r] = std::exp(static_cast<double>(m[r]) - mx);
    double sum = 0;
    for (size_t j = 0; j < n; ++j) sum += o.s[r * n + j] = std::exp(s[r * lds + j] - mx);
    o.m[r] = mx;
    o.l[r] = l[r] * o.corr[r] + sum;
  }
  return o;
}

/// Index of the largest value, lowest index on ties.
template <class T>
inline size_t argmax(const T* x, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (x[i] > x[best]) best = i;
  return best;
}

}  // namespace ref
