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
/// T is float (kernel inputs) or double (inputs already projected in double). If abs_out is
/// set it receives sum_j w_ij |v_jc|: the size of the output before cancellation, which is
/// what rounding errors scale with.
template <class T>
inline void attention(const T* q, const T* k, const T* v, size_t nq, size_t nk, size_t dk,
                      size_t dv, const float* mask, bool causal, size_t ldq, size_t ldk,
                      size_t ldv, std::vector<double>* out, std::vector<double>* weights,
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
inline std::vector<double> linear(const T* x, size_t n, size_t din, const float* w,
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
    attention(q.data() + off, k.data() + off, v.data() + off, nq, nk, dh, dh, mask, causal, e, e,
              e, &o, &wt);
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
      y[r * d + j] = (xr[j] - mean) / std::sqrt(var + eps) * (gamma ? gamma[j] : 1.0) +
                     (beta ? beta[j] : 0.0);
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

/// Index of the largest value, lowest index on ties.
template <class T>
inline size_t argmax(const T* x, size_t n) {
  size_t best = 0;
  for (size_t i = 1; i < n; ++i)
    if (x[i] > x[best]) best = i;
  return best;
}

}  // namespace ref
