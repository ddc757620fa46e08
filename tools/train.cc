// SPDX-License-Identifier: Apache-2.0
// Probe fitting: L-BFGS (LBFGSpp's two-loop recursion and strong-Wolfe line search) over
// multinomial logistic regression, closed-form ridge, int8 quantisation and scoring.
#include "train.h"

#include <LBFGS.h>

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>
#include <thread>

#include "attnkit/probe.h"
#include "attnkit/quant.h"
#include "io_guard.h"
#include "rng.h"
#include "train_kernels.h"

namespace train {
namespace {

using Vec = Eigen::VectorXd;

// Every buffer the Eigen kernels see starts on a 64-byte boundary (an AVX-512 vector): Eigen
// splits a loop over unaligned memory into a scalar head and a vector body at the first
// aligned element, so with malloc's 16-byte alignment the rounding of a sum would depend on
// where the heap happened to put the buffer (which shifts with, say, the length of a path).
template <class T>
struct aligned64 {
  using value_type = T;
  aligned64() = default;
  template <class U>
  aligned64(const aligned64<U>&) {}
  T* allocate(size_t n) {
    const size_t bytes = std::max<size_t>(64, (n * sizeof(T) + 63) / 64 * 64);
    if (n > SIZE_MAX / sizeof(T) / 2) throw std::bad_alloc();
    void* p = std::aligned_alloc(64, bytes);
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t) { std::free(p); }
  template <class U>
  bool operator==(const aligned64<U>&) const {
    return true;
  }
  template <class U>
  bool operator!=(const aligned64<U>&) const {
    return false;
  }
};
template <class T>
using avec = std::vector<T, aligned64<T>>;

// A value in messages: "3e+38".
std::string gstr(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

double max_abs(const float* x, size_t n) {
  double m = 0;
  for (size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(double(x[i])));
  return m;
}

// Chunks of rows whose partial gradients are summed in a fixed order: the result does not
// depend on how many threads computed them.
constexpr size_t kChunks = 4;

double now_seconds() {
  using clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

unsigned thread_count(unsigned requested, size_t chunks) {
  unsigned t = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(t, chunks));
}

// Per-feature mean and std (population, as StandardScaler; 0 -> 1) and the standardised copy.
void standardize(const float* x, size_t n, size_t d, akp::probe* p, avec<float>* xs) {
  std::vector<double> mean(d, 0.0), var(d, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j) mean[j] += x[i * d + j];
  for (double& m : mean) m /= double(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j) {
      const double t = x[i * d + j] - mean[j];
      var[j] += t * t;
    }
  p->standardized = true;
  p->mean.resize(d);
  p->std.resize(d);
  for (size_t j = 0; j < d; ++j) {
    const double s = std::sqrt(var[j] / double(n));
    p->mean[j] = static_cast<float>(mean[j]);
    p->std[j] = s > 1e-12 && std::isfinite(s) ? static_cast<float>(s) : 1.0f;
  }
  xs->resize(n * d);
  // In double: x - mean can overflow float32 when both are near its limit.
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < d; ++j)
      (*xs)[i * d + j] =
          static_cast<float>((double(x[i * d + j]) - double(p->mean[j])) / double(p->std[j]));
}

avec<float> aligned_copy(const float* x, size_t n) { return avec<float>(x, x + n); }

void check_inputs(const float* x, size_t n, size_t d) {
  if (x == nullptr || n == 0 || d == 0) throw data_error('x', "no training data");
  if (d >= (size_t{1} << 30)) throw data_error('x', "too many features");
  for (size_t i = 0; i < n * d; ++i)
    if (!std::isfinite(x[i]))
      throw data_error('x', "input row " + std::to_string(i / d) + " has a non-finite value");
}

// C must keep 1/(C n) and 1/C finite and representable.
void check_C(double C) {
  if (!(C >= 1e-300 && C <= 1e300)) throw std::invalid_argument("C must be in [1e-300, 1e300]");
}

// The objective and gradient in scikit-learn's scaling, over theta = [W (K x d), b (K)].
class softmax_objective {
 public:
  softmax_objective(const float* x, size_t n, size_t d, const int32_t* y, size_t K, double C,
                    unsigned threads)
      : x_(x), n_(n), d_(d), y_(y), K_(K), C_(C), kernel_(train_kernels::best()) {
    chunks_ = std::min(kChunks, n);
    threads_ = thread_count(threads, chunks_);
    wf_.resize(K * d);
    bf_.resize(K);
    g_.resize(chunks_ * K * d);
    gb_.resize(chunks_ * K);
    loss_.resize(chunks_);
    work_.resize(chunks_ * train_kernels::work_floats(K));
  }

  const char* kernel_name() const { return kernel_.name; }
  int evaluations() const { return evals_; }

  double operator()(const Vec& theta, Vec& grad) {
    ++evals_;
    const size_t kd = K_ * d_;
    for (size_t i = 0; i < kd; ++i) wf_[i] = static_cast<float>(theta[Eigen::Index(i)]);
    for (size_t k = 0; k < K_; ++k) bf_[k] = static_cast<float>(theta[Eigen::Index(kd + k)]);
    auto run = [this](size_t first) {
      for (size_t c = first; c < chunks_; c += threads_) {
        const size_t r0 = c * n_ / chunks_, r1 = (c + 1) * n_ / chunks_;
        loss_[c] = kernel_.softmax_loss_grad(
            x_ + r0 * d_, r1 - r0, d_, y_ + r0, K_, wf_.data(), bf_.data(), g_.data() + c * K_ * d_,
            gb_.data() + c * K_, work_.data() + c * train_kernels::work_floats(K_));
      }
    };
    std::vector<std::thread> pool;
    {
      // Workers start with SIGINT/SIGTERM/SIGHUP blocked: a signal's cleanup handler then
      // always runs on the main thread (io_guard).
      io_guard::block_cleanup_signals held;
      for (unsigned t = 1; t < threads_; ++t) pool.emplace_back(run, t);
    }
    run(0);
    for (std::thread& t : pool) t.join();

    const double inv_n = 1.0 / double(n_), reg = 1.0 / (C_ * double(n_));
    double loss = 0, wsq = 0;
    for (size_t c = 0; c < chunks_; ++c) loss += loss_[c];
    grad.resize(theta.size());
    for (size_t i = 0; i < kd; ++i) {
      double s = 0;
      for (size_t c = 0; c < chunks_; ++c) s += g_[c * kd + i];
      const double w = theta[Eigen::Index(i)];
      grad[Eigen::Index(i)] = s * inv_n + reg * w;
      wsq += w * w;
    }
    for (size_t k = 0; k < K_; ++k) {
      double s = 0;
      for (size_t c = 0; c < chunks_; ++c) s += gb_[c * K_ + k];
      grad[Eigen::Index(kd + k)] = s * inv_n;
    }
    return loss * inv_n + 0.5 * reg * wsq;
  }

 private:
  const float* x_;
  size_t n_, d_;
  const int32_t* y_;
  size_t K_;
  double C_;
  const train_kernels::impl& kernel_;
  size_t chunks_ = 1;
  unsigned threads_ = 1;
  int evals_ = 0;
  avec<float> wf_, bf_, g_, work_;
  avec<double> gb_, loss_;
};

double max_abs(const Vec& v) { return v.size() ? v.cwiseAbs().maxCoeff() : 0.0; }

// L-BFGS with scikit-learn's (scipy L-BFGS-B's) stopping rules: max |g| <= tol, or a relative
// decrease of the objective below 64 * eps, or max_iter iterations.
template <class F>
void lbfgs(F& f, Vec& x, const options& opt, fit_info* info) {
  LBFGSpp::LBFGSParam<double> param;
  param.m = 10;  // scipy's maxcor
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  // 20 trials (LBFGSpp's default): near the optimum float32 scores make the objective noisy and a
  // line search that cannot improve fails after 20 evaluations instead of 50.
  param.max_linesearch = 20;
  LBFGSpp::BFGSMat<double> bfgs;
  bfgs.reset(int(x.size()), param.m);

  const double t0 = now_seconds();
  Vec g(x.size()), xp, gp, drt;
  double fx = f(x, g);
  // Finite data whose sums overflow float32 give an infinite gradient at the start: the line
  // search could then only fail, and an all-zero "converged" probe would be reported.
  if (!std::isfinite(fx) || !g.allFinite())
    throw std::overflow_error("the loss or its gradient at the start is not finite");
  double gmax = max_abs(g);
  info->iterations = 0;
  info->converged = gmax <= opt.tol;
  info->stop = info->converged ? "gradient below tol at the start" : "";
  drt = -g;
  double step = 1.0 / std::max(drt.norm(), 1e-300);
  for (int k = 1; !info->converged && k <= opt.max_iter; ++k) {
    xp = x;
    gp = g;
    const double fprev = fx;
    const int evals_before = f.evaluations();
    bool failed = false;
    try {
      LBFGSpp::LineSearchNocedalWright<double>::LineSearch(f, fx, x, g, step, drt, xp, param);
    } catch (const std::exception&) {
      failed = true;  // no step along drt improves the objective at this precision
    }
    // A line search that used every trial has hit the float32 noise floor of the objective.
    const bool stalled = f.evaluations() - evals_before >= param.max_linesearch;
    if (failed || !std::isfinite(fx) || fx > fprev || (stalled && fx == fprev)) {
      x = xp;
      g = gp;
      fx = fprev;
      info->stop = "line search found no decrease (converged to working precision)";
      info->converged = true;
      break;
    }
    gmax = max_abs(g);
    info->iterations = k;
    if (opt.on_iteration) opt.on_iteration({k, fx, gmax, now_seconds() - t0});
    if (stalled) {
      info->converged = true;
      info->stop = "line search at the float32 precision floor (converged to working precision)";
      break;
    }
    if (gmax <= opt.tol) {
      info->converged = true;
      info->stop = "max |gradient| <= tol";
      break;
    }
    const double eps64 = 64 * std::numeric_limits<double>::epsilon();
    if (fprev - fx <= eps64 * std::max({std::abs(fprev), std::abs(fx), 1.0})) {
      info->converged = true;
      info->stop = "objective stopped decreasing";
      break;
    }
    bfgs.add_correction(x - xp, g - gp);
    bfgs.apply_Hv(g, -1.0, drt);
    step = 1.0;
  }
  if (info->stop.empty())
    info->stop =
        "reached max_iter=" + std::to_string(opt.max_iter) + " before max |gradient| <= tol";
  info->loss = fx;
  info->grad_max = max_abs(g);
}

}  // namespace

label_map map_labels(const int64_t* y, size_t n) {
  label_map m;
  std::vector<int64_t> sorted(y, y + n);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  for (int64_t v : sorted) {
    if (v < INT32_MIN || v > INT32_MAX)
      throw data_error('y', "label " + std::to_string(v) + " does not fit in int32");
    m.labels.push_back(static_cast<int32_t>(v));
  }
  m.index.resize(n);
  for (size_t i = 0; i < n; ++i)
    m.index[i] =
        static_cast<int32_t>(std::lower_bound(sorted.begin(), sorted.end(), y[i]) - sorted.begin());
  return m;
}

split make_split(size_t n, double test_fraction, uint64_t seed) {
  if (!(test_fraction >= 0 && test_fraction < 1))
    throw std::invalid_argument("test fraction must be in [0, 1)");
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  rng::xoshiro g(seed);
  rng::shuffle(order.data(), n, g);
  size_t n_test = static_cast<size_t>(std::ceil(test_fraction * double(n) - 1e-9));
  if (test_fraction > 0 && n_test == 0) n_test = 1;
  if (test_fraction > 0 && n_test >= n)
    throw data_error('x', "too few samples (" + std::to_string(n) + ") to split");
  split s;
  s.test.assign(order.begin(), order.begin() + long(n_test));
  s.train.assign(order.begin() + long(n_test), order.end());
  return s;
}

std::vector<float> gather_rows(const float* x, size_t d, const std::vector<size_t>& idx) {
  std::vector<float> out(idx.size() * d);
  for (size_t i = 0; i < idx.size(); ++i)
    std::copy(x + idx[i] * d, x + (idx[i] + 1) * d, out.begin() + long(i * d));
  return out;
}

akp::probe fit_classifier(const float* x, size_t n, size_t d, const int32_t* cls,
                          const std::vector<int32_t>& labels, const options& opt, fit_info* info) {
  check_inputs(x, n, d);
  const size_t K = labels.size();
  if (K < 2) throw data_error('y', "classification needs at least 2 classes in the training data");
  if (uint64_t(K) * d >= (uint64_t{1} << 30)) throw data_error('y', "classes x dims too large");
  for (size_t i = 0; i < n; ++i)
    if (cls[i] < 0 || size_t(cls[i]) >= K) throw data_error('y', "class index out of range");
  check_C(opt.C);

  akp::probe p;
  p.kind = akp::task::classification;
  p.dims = static_cast<uint32_t>(d);
  p.classes = static_cast<uint32_t>(K);
  p.labels = labels;
  avec<float> xs;
  if (opt.standardize)
    standardize(x, n, d, &p, &xs);
  else
    xs = aligned_copy(x, n * d);
  softmax_objective f(xs.data(), n, d, cls, K, opt.C, opt.threads);
  Vec theta = Vec::Zero(Eigen::Index(K * d + K));
  fit_info local;
  fit_info* fi = info ? info : &local;
  try {
    lbfgs(f, theta, opt, fi);
  } catch (const std::overflow_error&) {
    throw data_error(
        'x',
        "features too large for float32 training: the loss gradient "
        "overflows (largest |x| " +
            gstr(max_abs(xs.data(), n * d)) +
            (opt.standardize ? " after standardising)" : "); rescale them or use --standardize"));
  }
  fi->kernel = f.kernel_name();
  fi->evaluations = f.evaluations();
  p.w.resize(K * d);
  p.b.resize(K);
  for (size_t i = 0; i < K * d; ++i) p.w[i] = static_cast<float>(theta[Eigen::Index(i)]);
  for (size_t k = 0; k < K; ++k) p.b[k] = static_cast<float>(theta[Eigen::Index(K * d + k)]);
  return p;
}

akp::probe fit_regressor(const float* x, size_t n, size_t d, const double* y, const options& opt,
                         fit_info* info) {
  check_inputs(x, n, d);
  check_C(opt.C);
  double ymax = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i])) throw data_error('y', "a regression target is not finite");
    ymax = std::max(ymax, std::fabs(y[i]));
    // The probe computes in float32: a target it cannot represent cannot be fitted.
    if (std::fabs(y[i]) > FLT_MAX)
      throw data_error('y', "target " + std::to_string(i) + " (" + gstr(y[i]) +
                                ") is beyond the float32 range a probe computes in (3.4e38)");
  }
  akp::probe p;
  p.kind = akp::task::regression;
  p.dims = static_cast<uint32_t>(d);
  p.classes = 1;
  avec<float> xs;
  if (opt.standardize)
    standardize(x, n, d, &p, &xs);
  else
    xs = aligned_copy(x, n * d);
  const avec<double> ys(y, y + n);
  const train_kernels::impl& k = train_kernels::best();
  avec<double> w(d);
  double b = 0;
  // (1/2n) sum r^2 + ||w||^2 / (2 C n)  <=>  sum r^2 + ||w||^2 / C: ridge with alpha = 1/C.
  const bool solved = k.ridge(xs.data(), n, d, ys.data(), 1.0 / opt.C, w.data(), &b);
  bool fits = solved && std::fabs(b) <= FLT_MAX;
  for (double v : w) fits = fits && std::fabs(v) <= FLT_MAX;
  if (solved && !fits)
    throw data_error('y', "the ridge solution overflows float32 (bias " + gstr(b) +
                              "): rescale the targets or the features");
  if (!solved)
    throw data_error('y', "the ridge system has no finite solution (largest |y| " + gstr(ymax) +
                              ", largest |x| " + gstr(max_abs(xs.data(), n * d)) +
                              "): rescale the targets or features, or try a smaller --C");
  p.w.assign(w.begin(), w.end());
  p.b = {static_cast<float>(b)};
  if (info) {
    info->iterations = 0;
    info->converged = true;
    info->stop = "closed form";
    info->kernel = k.name;
  }
  return p;
}

void quantize_s8(akp::probe* p, const float* x, size_t n) {
  std::vector<float> w, b;
  akp::folded(*p, &w, &b);
  const size_t K = p->classes;
  // One logit unit for all classes: 2^-16 (the library's default) unless the largest float
  // score on the training inputs needs a coarser unit to keep 4x headroom in int32.
  double unit = std::ldexp(1.0, -16);
  if (n > 0) {
    float m = 0;
    for (float v : scores_f32(*p, x, n)) m = std::max(m, std::abs(v));
    if (!std::isfinite(m))
      throw data_error('x', "the probe's scores on the training data overflow float32");
    while (4.0 * m / unit > 1073741824.0) unit *= 2;
  }
  // Each row's scale over the unit travels as a Q31 multiplier (below 2^31): a class with
  // large weights needs a coarser unit.
  for (size_t c = 0; c < K; ++c) {
    double wmax = 0;
    for (size_t j = 0; j < p->dims; ++j)
      wmax = std::max(wmax, std::fabs(double(w[c * p->dims + j])));
    while (wmax / 127.0 / unit >= 1073741824.0) unit *= 2;
  }
  attnkit::quant_scale unit_q;
  if (attnkit::quantize_multiplier(unit, &unit_q) != attnkit::status::ok)
    throw data_error('x', "int8: scores or weights too large for int32 logits (logit unit " +
                              gstr(unit) + " >= 2^31)");
  attnkit::probe_f32_model f;
  f.classes = K;
  f.dims = p->dims;
  f.w = w.data();
  f.b = b.data();
  akp::s8_part q;
  q.logit_unit = static_cast<float>(unit);
  q.w_scale.resize(K);
  q.b.resize(K);
  q.w.resize(size_t{K} * p->dims);
  std::vector<attnkit::quant_scale> qs(K);
  attnkit::probe_s8_model m;
  const attnkit::status st = attnkit::probe_quantize_s8(
      f, unit, {q.w.data(), qs.data(), q.b.data(), q.w_scale.data()}, &m);
  if (st != attnkit::status::ok)
    throw std::runtime_error(std::string("probe_quantize_s8 failed: ") + attnkit::status_str(st));
  p->has_s8 = true;
  p->s8 = std::move(q);
}

attnkit::probe_s8_model s8_model(const akp::probe& p, std::vector<attnkit::quant_scale>* scales) {
  if (!p.has_s8) throw std::invalid_argument("the probe has no int8 form");
  const akp::s8_part& q = p.s8;
  scales->resize(p.classes);
  attnkit::probe_s8_model m;
  m.classes = p.classes;
  m.dims = p.dims;
  m.w = q.w.data();
  m.b = q.b.data();
  m.label_map = p.labels.empty() ? nullptr : p.labels.data();
  bool ok = attnkit::quantize_multiplier(q.logit_unit, &m.logit_scale) == attnkit::status::ok;
  for (size_t c = 0; c < p.classes; ++c)
    ok = ok && attnkit::quantize_multiplier(double(q.w_scale[c]) / q.logit_unit, &(*scales)[c]) ==
                   attnkit::status::ok;
  if (!ok)  // akp::validate refuses such probes, so this is a probe built in memory
    throw std::invalid_argument(
        "the int8 part's scales are out of range (a row scale / logit unit >= 2^31)");
  m.w_scale = scales->data();
  return m;
}

std::vector<float> scores_f32(const akp::probe& p, const float* x, size_t n) {
  std::vector<float> w, b;
  akp::folded(p, &w, &b);
  attnkit::probe_f32_model m;
  m.classes = p.classes;
  m.dims = p.dims;
  m.w = w.data();
  m.b = b.data();
  std::vector<float> out(n * p.classes);
  if (n == 0) return out;
  const attnkit::status s = attnkit::probe_f32(m, x, n, out.data());
  if (s != attnkit::status::ok)
    throw std::runtime_error(std::string("probe_f32 failed: ") + attnkit::status_str(s));
  return out;
}

std::vector<float> scores_s8(const akp::probe& p, const float* x, size_t n) {
  std::vector<attnkit::quant_scale> ws;
  const attnkit::probe_s8_model m = s8_model(p, &ws);
  const size_t d = p.dims, K = p.classes;
  std::vector<float> out(n * K);
  std::vector<int8_t> xq(d);
  std::vector<int32_t> logits(K);
  for (size_t i = 0; i < n; ++i) {
    attnkit::quant_scale xs;
    attnkit::status st = attnkit::quantize_rows_s8(x + i * d, 1, d, xq.data(), nullptr, &xs);
    if (st != attnkit::status::ok)
      throw data_error('x', "row " + std::to_string(i) + " (largest |x| " +
                                gstr(max_abs(x + i * d, d)) +
                                ") cannot be quantised to int8: |values| must be below 2.7e11");
    st = attnkit::probe_s8(m, xq.data(), &xs, 1, logits.data());
    if (st != attnkit::status::ok)
      throw std::runtime_error(std::string("probe_s8 failed: ") + attnkit::status_str(st));
    for (size_t c = 0; c < K; ++c)
      out[i * K + c] = static_cast<float>(double(logits[c]) * p.s8.logit_unit);
  }
  return out;
}

std::vector<int32_t> argmax_labels(const akp::probe& p, const std::vector<float>& scores) {
  const size_t K = p.classes, n = K ? scores.size() / K : 0;
  std::vector<int32_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    const float* r = scores.data() + i * K;
    size_t best = 0;
    for (size_t c = 1; c < K; ++c)
      if (r[c] > r[best]) best = c;
    out[i] = p.labels.empty() ? int32_t(best) : p.labels[best];
  }
  return out;
}

double accuracy(const std::vector<int32_t>& pred, const int64_t* truth, size_t n) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  size_t ok = 0;
  for (size_t i = 0; i < n; ++i) ok += pred[i] == truth[i];
  return double(ok) / double(n);
}

double r2_score(const std::vector<float>& pred, const double* truth, size_t n) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  double mean = 0;
  for (size_t i = 0; i < n; ++i) mean += truth[i];
  mean /= double(n);
  double ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < n; ++i) {
    ss_res += (truth[i] - pred[i]) * (truth[i] - pred[i]);
    ss_tot += (truth[i] - mean) * (truth[i] - mean);
  }
  return ss_tot > 0 ? 1.0 - ss_res / ss_tot : (ss_res == 0 ? 1.0 : 0.0);
}

double mean_abs_error(const std::vector<float>& pred, const double* truth, size_t n) {
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += std::abs(truth[i] - pred[i]);
  return s / double(n);
}

}  // namespace train
