// SPDX-License-Identifier: Apache-2.0
// `attnkit probe train|eval|predict|export`: linear probes on embeddings, stored as .akp files.
#include <unistd.h>

#include <CLI/CLI.hpp>
#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#endif

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "akp.h"
#include "commands.h"
#include "export.h"
#include "fileio.h"
#include "train.h"

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// JSON number (null for NaN, as a missing figure).
std::string jnum(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// A JSON string (RFC 8259): quote, backslash and control characters escaped; the text must be
// UTF-8, so each byte that is not part of a well-formed UTF-8 sequence (a file name can hold
// any bytes) becomes U+FFFD.
std::string jstr(const std::string& s) {
  std::string o = "\"";
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = u[i];
    if (c == '"' || c == '\\') {
      o += '\\';
      o += static_cast<char>(c);
      ++i;
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
      o += buf;
      ++i;
    } else if (c < 0x80) {
      o += static_cast<char>(c);
      ++i;
    } else {
      // Well-formed sequences only (Unicode 15, table 3-7): no overlongs, surrogates or
      // code points above U+10FFFF.
      // The second byte's range depends on the first; later ones are 80..BF.
      const size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                         : c >= 0xE0 && c <= 0xEF ? 3
                         : c >= 0xF0 && c <= 0xF4 ? 4
                                                  : 0;
      const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
      const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
      bool ok = len > 0 && i + len <= n;
      for (size_t k = 1; ok && k < len; ++k) {
        const unsigned char t = u[i + k];
        ok = k == 1 ? (t >= lo && t <= hi) : (t >= 0x80 && t <= 0xBF);
      }
      if (ok) {
        o.append(s, i, len);
        i += len;
      } else {
        o += "\\ufffd";
        ++i;
      }
    }
  }
  return o + "\"";
}

// Ordered list of "key": value pairs printed as one object.
struct json_object {
  std::vector<std::pair<std::string, std::string>> kv;
  void num(const std::string& k, double v) { kv.emplace_back(k, jnum(v)); }
  void str(const std::string& k, const std::string& v) { kv.emplace_back(k, jstr(v)); }
  void raw(const std::string& k, const std::string& v) { kv.emplace_back(k, v); }
  std::string text() const {
    std::string s = "{";
    for (size_t i = 0; i < kv.size(); ++i)
      s += (i ? ", " : "") + jstr(kv[i].first) + ": " + kv[i].second;
    return s + "}";
  }
};

std::string pct(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100 * v);
  return buf;
}

// Embeddings (N, D) and targets (N,) or (N, 1) with matching N.
struct dataset {
  npy::array<float> x;
  std::vector<int64_t> labels;  // classification
  std::vector<double> values;   // regression
  size_t n = 0, d = 0;
};

dataset load_xy(const std::string& xpath, const std::string& ypath, akp::task kind) {
  dataset ds;
  ds.x = cli::load_f32(xpath, 2, "(N, D)");
  ds.n = ds.x.shape[0];
  ds.d = ds.x.shape[1];
  for (size_t i = 0; i < ds.x.data.size(); ++i)
    if (!std::isfinite(ds.x.data[i]))
      throw cli::data_error(xpath + ": row " + std::to_string(i / ds.d) +
                            " has a non-finite value");
  if (ypath.empty()) return ds;
  std::vector<size_t> shape;
  if (kind == akp::task::classification) {
    npy::array<int64_t> y = npy::read<int64_t>(ypath);
    shape = y.shape;
    ds.labels = std::move(y.data);
  } else {
    npy::array<double> y = npy::read<double>(ypath);
    shape = y.shape;
    ds.values = std::move(y.data);
    for (size_t i = 0; i < ds.values.size(); ++i)
      if (!std::isfinite(ds.values[i]))
        throw cli::data_error(ypath + ": target " + std::to_string(i) + " is not finite");
  }
  const bool ok = (shape.size() == 1 && shape[0] == ds.n) ||
                  (shape.size() == 2 && shape[0] == ds.n && shape[1] == 1);
  if (!ok)
    throw cli::data_error(ypath + ": expected shape (" + std::to_string(ds.n) + ",) to match " +
                          xpath + ", got " + npy::shape_str(shape));
  return ds;
}

template <class T>
std::vector<T> pick(const std::vector<T>& v, const std::vector<size_t>& idx) {
  std::vector<T> out(idx.size());
  for (size_t i = 0; i < idx.size(); ++i) out[i] = v[idx[i]];
  return out;
}

akp::task parse_task(const std::string& t) {
  return t == "regression" ? akp::task::regression : akp::task::classification;
}

// ---- train -------------------------------------------------------------------------------

struct train_options {
  std::string x, y, out, task = "classification", quantize, save_split, port;
  std::string test_fraction = "0.2", C = "1.0", tol = "1e-4";
  std::string seed = "0", max_iter = "100", threads = "0";
  bool standardize = false, json = false, quiet = false;
};

// Scores of `p` on x (n rows of `xpath`), float or int8; finite, or a data_error naming the
// file (finite inputs whose products overflow float32 would otherwise give NaN scores, and
// every NaN row the first class).
std::vector<float> checked_scores(const akp::probe& p, bool s8, const float* x, size_t n,
                                  const std::string& xpath, const std::string& probe_name) {
  std::vector<float> sc;
  try {
    sc = s8 ? train::scores_s8(p, x, n) : train::scores_f32(p, x, n);
  } catch (const train::data_error& e) {
    throw cli::data_error(xpath + ": " + e.what());
  }
  cli::require_finite_output(xpath, sc.data(), sc.size(), p.classes,
                             "the scores of " + probe_name + " on these inputs overflow float32");
  return sc;
}

// Figures for one set of predictions.
struct scores_summary {
  double train = NAN, test = NAN;          // accuracy or R^2
  double train_mae = NAN, test_mae = NAN;  // regression
};

scores_summary summarize(const akp::probe& p, bool s8, const std::vector<float>& xtr,
                         const std::vector<float>& xte, const dataset& tr, const dataset& te,
                         std::vector<int32_t>* test_pred, const std::string& xpath) {
  scores_summary s;
  auto score = [&](const std::vector<float>& x, size_t n) {
    return checked_scores(p, s8, x.data(), n, xpath, "the trained probe");
  };
  const std::vector<float> a = score(xtr, tr.n), b = score(xte, te.n);
  if (p.kind == akp::task::classification) {
    s.train = train::accuracy(train::argmax_labels(p, a), tr.labels.data(), tr.n);
    std::vector<int32_t> pt = train::argmax_labels(p, b);
    s.test = train::accuracy(pt, te.labels.data(), te.n);
    if (test_pred) *test_pred = std::move(pt);
  } else {
    s.train = train::r2_score(a, tr.values.data(), tr.n);
    s.test = train::r2_score(b, te.values.data(), te.n);
    s.train_mae = train::mean_abs_error(a, tr.values.data(), tr.n);
    s.test_mae = train::mean_abs_error(b, te.values.data(), te.n);
  }
  return s;
}

// Keeps freed blocks in the heap instead of returning them to the kernel: the solver's and
// Eigen's multi-megabyte temporaries are then reused without page faults (a third of the run
// time at 250 classes on a VM).
// Also asks for transparent huge pages on the heap's first `reserve` bytes (untouched until
// used): the L-BFGS history alone is 2 x 10 x (classes x dims) doubles.
void keep_freed_memory(size_t reserve) {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#ifdef MADV_HUGEPAGE
  if (void* p = std::malloc(reserve)) {
    const uintptr_t huge = uintptr_t{2} << 20;
    const uintptr_t a = (reinterpret_cast<uintptr_t>(p) + huge - 1) & ~(huge - 1);
    const uintptr_t e = (reinterpret_cast<uintptr_t>(p) + reserve) & ~(huge - 1);
    if (e > a) (void)madvise(reinterpret_cast<void*>(a), e - a, MADV_HUGEPAGE);
    std::free(p);
  }
#endif
#else
  (void)reserve;
#endif
}

// What `probe train` prints (text or one JSON object).
struct train_report {
  size_t dims = 0, n_train = 0, n_test = 0;
  uint64_t seed = 0;
  double C = 1, agreement = NAN, fit_s = 0, total_s = 0, load_s = 0;
  scores_summary f, q;
  train::fit_info info;
};

void report_train(const train_options& o, const akp::probe& p, const train_report& r) {
  const akp::task kind = p.kind;
  const scores_summary &f = r.f, &q = r.q;
  const train::fit_info& info = r.info;
  const bool cls = kind == akp::task::classification;
  if (o.json) {
    json_object j;
    j.str("task", o.task);
    j.num("n_train", double(r.n_train));
    j.num("n_test", double(r.n_test));
    j.num("n_classes", cls ? double(p.classes) : NAN);
    j.num("dims", double(r.dims));
    if (cls) {
      j.num("train_accuracy", f.train);
      j.num("test_accuracy", f.test);
    } else {
      j.num("train_r2", f.train);
      j.num("test_r2", f.test);
      j.num("train_mae", f.train_mae);
      j.num("test_mae", f.test_mae);
    }
    j.num("seconds", r.fit_s);
    j.num("total_seconds", r.total_s);
    j.num("load_seconds", r.load_s);
    j.num("iterations", info.iterations);
    j.num("evaluations", info.evaluations);
    j.raw("converged", info.converged ? "true" : "false");
    j.str("stop", info.stop);
    j.str("kernel", info.kernel);
    if (p.has_s8) {
      if (cls) {
        j.num("s8_train_accuracy", q.train);
        j.num("s8_test_accuracy", q.test);
        j.num("s8_test_agreement", r.agreement);
      } else {
        j.num("s8_train_r2", q.train);
        j.num("s8_test_r2", q.test);
        j.num("s8_test_mae", q.test_mae);
      }
    }
    j.str("output", o.out);
    std::printf("%s\n", j.text().c_str());
    return;
  }
  std::printf("probe: %s, %u %s x %zu dims; %zu train / %zu test samples (seed %llu)%s\n",
              o.task.c_str(), p.classes, cls ? "classes" : "output", r.dims, r.n_train, r.n_test,
              static_cast<unsigned long long>(r.seed), o.standardize ? ", standardised" : "");
  if (kind == akp::task::regression)
    std::printf("fit: ridge closed form (alpha = 1/C = %g) in %.3f s [%s]\n", 1.0 / r.C, r.fit_s,
                info.kernel.c_str());
  else
    std::printf("fit: %d L-BFGS iterations, %d evaluations, %.3f s [%s]; %s\n", info.iterations,
                info.evaluations, r.fit_s, info.kernel.c_str(), info.stop.c_str());
  if (cls) {
    std::printf("float  accuracy: train %s  test %s\n", pct(f.train).c_str(), pct(f.test).c_str());
    if (p.has_s8)
      std::printf("int8   accuracy: train %s  test %s  (test predictions equal to float: %s)\n",
                  pct(q.train).c_str(), pct(q.test).c_str(), pct(r.agreement).c_str());
  } else {
    std::printf("float  R^2: train %.4f  test %.4f   MAE: train %.4g  test %.4g\n", f.train, f.test,
                f.train_mae, f.test_mae);
    if (p.has_s8)
      std::printf("int8   R^2: train %.4f  test %.4f   MAE: train %.4g  test %.4g\n", q.train,
                  q.test, q.train_mae, q.test_mae);
  }
  std::printf("wrote %s (%.2f s in all)\n", o.out.c_str(), r.total_s);
}

void run_train(const train_options& o) {
  const auto t_start = std::chrono::steady_clock::now();
  const akp::task kind = parse_task(o.task);
  const uint64_t seed = cli::parse_uint(o.seed, "--seed", 0, UINT64_MAX);
  const int max_iter = static_cast<int>(cli::parse_uint(o.max_iter, "--max-iter", 1, 1000000));
  const unsigned threads = static_cast<unsigned>(cli::parse_uint(o.threads, "--threads", 0, 256));
  const double test_fraction = cli::parse_double(o.test_fraction, "--test-fraction", 0, 1);
  if (!(test_fraction < 1)) throw cli::usage_error("--test-fraction: must be in [0, 1)");
  // 1/C (ridge's alpha) and 1/(C n) (the L2 weight) must stay finite.
  const double C = cli::parse_double(o.C, "--C", 1e-300, 1e300);
  const double tol = cli::parse_double(o.tol, "--tol", 0, 1e300);
  if (!(tol > 0)) throw cli::usage_error("--tol: must be positive");
  cli::apply_port(o.port);
  cli::check_outputs({{"--output", o.out}, {"--save-split", o.save_split}}, {o.x, o.y});

  const dataset all = load_xy(o.x, o.y, kind);
  const double load_s = seconds_since(t_start);
  train::split sp;
  try {
    sp = train::make_split(all.n, test_fraction, seed);
  } catch (const std::invalid_argument& e) {
    throw cli::data_error(o.x + ": " + e.what());
  }
  dataset tr, te;
  tr.n = sp.train.size();
  te.n = sp.test.size();
  tr.d = te.d = all.d;
  const std::vector<float> xtr = train::gather_rows(all.x.data.data(), all.d, sp.train);
  const std::vector<float> xte = train::gather_rows(all.x.data.data(), all.d, sp.test);
  if (kind == akp::task::classification) {
    tr.labels = pick(all.labels, sp.train);
    te.labels = pick(all.labels, sp.test);
  } else {
    tr.values = pick(all.values, sp.train);
    te.values = pick(all.values, sp.test);
  }
  // Only now, with the options and data known good: under AddressSanitizer the reservation
  // alone takes a second, which a run that fails its checks should not pay.
  keep_freed_memory(size_t{768} << 20);
  train::options opt;
  opt.C = C;
  opt.max_iter = max_iter;
  opt.tol = tol;
  opt.standardize = o.standardize;
  opt.threads = threads;
  const bool show = !o.quiet && isatty(STDERR_FILENO);
  bool shown = false;
  if (show)
    opt.on_iteration = [&shown](const train::progress& p) {
      std::fprintf(stderr, "\riter %4d  loss %.6f  max|grad| %.2e  %.2f s   ", p.iteration, p.loss,
                   p.grad_max, p.seconds);
      std::fflush(stderr);
      shown = true;
    };

  train::fit_info info;
  const auto t_fit = std::chrono::steady_clock::now();
  akp::probe p;
  try {
    if (kind == akp::task::classification) {
      const train::label_map lm = train::map_labels(tr.labels.data(), tr.n);
      p = train::fit_classifier(xtr.data(), tr.n, all.d, lm.index.data(), lm.labels, opt, &info);
    } else {
      p = train::fit_regressor(xtr.data(), tr.n, all.d, tr.values.data(), opt, &info);
    }
  } catch (const train::data_error& e) {
    if (shown) std::fputc('\n', stderr);
    throw cli::data_error((e.source == 'x' ? o.x : o.y) + ": " + e.what());
  } catch (const std::invalid_argument& e) {
    if (shown) std::fputc('\n', stderr);
    throw cli::data_error(o.y + ": " + e.what());
  }
  const double fit_s = seconds_since(t_fit);
  if (shown) std::fputc('\n', stderr);
  if (!info.converged && !o.quiet)
    std::fprintf(stderr, "attnkit probe train: warning: %s (max |gradient| %.2e > tol %.0e)\n",
                 info.stop.c_str(), info.grad_max, tol);
  // The probe as it will be stored: usable (akp::validate: folded weights within float32, int8
  // scales representable) or an error that names the data it came from.
  try {
    akp::validate(p, "the fitted probe");
  } catch (const akp::error& e) {
    throw cli::data_error(o.x + ": " + e.what());
  }

  std::vector<int32_t> pred_f, pred_q;
  const scores_summary f = summarize(p, false, xtr, xte, tr, te, &pred_f, o.x);
  scores_summary q;
  double agreement = NAN;
  if (o.quantize == "s8") {
    try {
      train::quantize_s8(&p, xtr.data(), tr.n);
      akp::validate(p, "the int8 probe");
    } catch (const train::data_error& e) {
      throw cli::data_error(o.x + ": --quantize s8: " + e.what());
    } catch (const akp::error& e) {
      throw cli::data_error(o.x + ": --quantize s8: " + e.what());
    }
    q = summarize(p, true, xtr, xte, tr, te, &pred_q, o.x);
    if (kind == akp::task::classification && te.n > 0) {
      size_t same = 0;
      for (size_t i = 0; i < te.n; ++i) same += pred_f[i] == pred_q[i];
      agreement = double(same) / double(te.n);
    }
  }
  // Every output in one set, committed only after the report reached stdout: a failure
  // anywhere (a full disk, a closed pipe) leaves neither the probe nor the split behind.
  npy::output_set out;
  std::vector<int64_t> is_test;
  if (!o.save_split.empty()) {
    is_test.assign(all.n, 0);
    for (size_t i : sp.test) is_test[i] = 1;
    out.add(o.save_split, {all.n}, is_test.data());
  }
  out.add_file(o.out, akp::encode(p));
  train_report r;
  r.dims = all.d;
  r.n_train = tr.n;
  r.n_test = te.n;
  r.seed = seed;
  r.C = C;
  r.agreement = agreement;
  r.fit_s = fit_s;
  r.load_s = load_s;
  r.f = f;
  r.q = q;
  r.info = info;
  r.total_s = seconds_since(t_start);
  report_train(o, p, r);
  cli::flush_stdout();
  out.commit();
}

// ---- eval ----------------------------------------------------------------------------------

struct eval_options {
  std::string probe, x, y, dtype = "auto", port;
  bool json = false;
};

void run_eval(const eval_options& o) {
  cli::apply_port(o.port);
  const akp::probe p = akp::read(o.probe);
  const dataset ds = load_xy(o.x, o.y, p.kind);
  if (ds.d != p.dims)
    throw cli::data_error(o.x + ": " + std::to_string(ds.d) + " dims, the probe takes " +
                          std::to_string(p.dims));
  const bool s8 = o.dtype == "s8" || (o.dtype == "auto" && p.has_s8);
  if (s8 && !p.has_s8) throw cli::usage_error("--dtype s8: " + o.probe + " has no int8 form");
  const std::vector<float> scores = checked_scores(p, s8, ds.x.data.data(), ds.n, o.x, o.probe);
  json_object j;
  j.str("probe", o.probe);
  j.str("dtype", s8 ? "s8" : "f32");
  j.num("n", double(ds.n));
  if (p.kind == akp::task::regression) {
    std::vector<float> pred(scores);
    const double r2 = train::r2_score(pred, ds.values.data(), ds.n);
    const double mae = train::mean_abs_error(pred, ds.values.data(), ds.n);
    if (o.json) {
      j.num("r2", r2);
      j.num("mae", mae);
      std::printf("%s\n", j.text().c_str());
    } else {
      std::printf("%s (%s): %zu samples  R^2 %.4f  MAE %.4g\n", o.probe.c_str(),
                  s8 ? "int8" : "float", ds.n, r2, mae);
    }
    return;
  }
  const std::vector<int32_t> pred = train::argmax_labels(p, scores);
  const double acc = train::accuracy(pred, ds.labels.data(), ds.n);
  // Per label: samples with it, correct among them, predictions of it.
  struct counts {
    size_t n = 0, correct = 0, predicted = 0;
  };
  std::map<int64_t, counts> per;
  for (int32_t l : p.labels) per[l];
  for (size_t i = 0; i < ds.n; ++i) {
    counts& c = per[ds.labels[i]];
    ++c.n;
    c.correct += pred[i] == ds.labels[i];
    ++per[pred[i]].predicted;
  }
  if (o.json) {
    j.num("accuracy", acc);
    std::string arr = "[";
    bool first = true;
    for (const auto& [label, c] : per) {
      arr += std::string(first ? "" : ", ") + "{\"label\": " + std::to_string(label) +
             ", \"n\": " + std::to_string(c.n) + ", \"correct\": " + std::to_string(c.correct) +
             ", \"predicted\": " + std::to_string(c.predicted) + "}";
      first = false;
    }
    j.raw("per_class", arr + "]");
    std::printf("%s\n", j.text().c_str());
    return;
  }
  std::printf("%s (%s): %zu samples, accuracy %s\n", o.probe.c_str(), s8 ? "int8" : "float", ds.n,
              pct(acc).c_str());
  std::printf("%10s %8s %8s %9s %9s\n", "label", "n", "correct", "recall", "predicted");
  for (const auto& [label, c] : per)
    std::printf("%10lld %8zu %8zu %9s %9zu\n", static_cast<long long>(label), c.n, c.correct,
                c.n ? pct(double(c.correct) / double(c.n)).c_str() : "-", c.predicted);
}

// ---- predict -------------------------------------------------------------------------------

struct predict_options {
  std::string probe, x, out, scores, dtype = "f32", port;
};

void run_predict(const predict_options& o) {
  cli::apply_port(o.port);
  cli::check_outputs({{"--output", o.out}, {"--scores", o.scores}}, {o.probe, o.x});
  const akp::probe p = akp::read(o.probe);
  const dataset ds = load_xy(o.x, "", p.kind);
  if (ds.d != p.dims)
    throw cli::data_error(o.x + ": " + std::to_string(ds.d) + " dims, the probe takes " +
                          std::to_string(p.dims));
  if (o.dtype == "s8" && !p.has_s8)
    throw cli::usage_error("--dtype s8: " + o.probe + " has no int8 form");
  const std::vector<float> scores =
      checked_scores(p, o.dtype == "s8", ds.x.data.data(), ds.n, o.x, o.probe);
  npy::output_set out;
  if (p.kind == akp::task::classification) {
    const std::vector<int32_t> l = train::argmax_labels(p, scores);
    const std::vector<int64_t> labels(l.begin(), l.end());
    out.add(o.out, {ds.n}, labels.data());
  } else {
    out.add(o.out, {ds.n}, scores.data());
  }
  if (!o.scores.empty()) out.add(o.scores, {ds.n, size_t{p.classes}}, scores.data());
  out.commit();
}

// ---- export --------------------------------------------------------------------------------

struct export_options {
  std::string probe, format = "c-header", out, name, dtype = "all";
};

void run_export(const export_options& o) {
  // An explicit --name is the namespace as given: it must be one the header can use.
  if (!o.name.empty()) {
    const std::string why = exporter::identifier_problem(o.name);
    if (!why.empty()) throw cli::usage_error("--name: '" + o.name + "' " + why);
  }
  cli::check_outputs({{"--output", o.out}}, {o.probe});
  const akp::probe p = akp::read(o.probe);
  if (o.dtype == "s8" && !p.has_s8)
    throw cli::usage_error("--dtype s8: " + o.probe + " has no int8 form");
  std::string name = o.name;
  if (name.empty()) {
    // Default: the output file's stem, made a usable C identifier ("int.h" -> int_probe).
    const size_t slash = o.out.rfind('/');
    name = o.out.substr(slash == std::string::npos ? 0 : slash + 1);
    name = name.substr(0, name.find('.'));
  }
  exporter::header_options h;
  h.name = exporter::identifier(name);
  h.source = o.probe;
  h.f32 = o.dtype != "s8";
  h.s8 = p.has_s8 && o.dtype != "f32";
  npy::output_set out;
  out.add_file(o.out, exporter::c_header(p, h));
  out.commit();
}

}  // namespace

void register_probe(CLI::App& app) {
  CLI::App* probe = app.add_subcommand("probe", "Train, evaluate, apply and export linear probes");
  probe->require_subcommand(1);

  auto t = std::make_shared<train_options>();
  CLI::App* tr = probe->add_subcommand("train", "Fit a linear probe to embeddings");
  tr->footer(
      "Multinomial logistic regression (softmax cross-entropy, L-BFGS) with L2 in\n"
      "scikit-learn's parametrisation: mean loss + ||W||^2 / (2 C n); --task regression fits\n"
      "ridge least squares (alpha = 1/C). Labels may be any integers. The data are shuffled\n"
      "with --seed and split by --test-fraction (0: train on everything). The same inputs,\n"
      "options and seed give the same .akp bytes for any --threads and any output path.\n"
      "Two classes: the multinomial (softmax) model, which equals scikit-learn's binary\n"
      "LogisticRegression(C=2C) (its default for two classes), not LogisticRegression(C).\n"
      "Example: attnkit probe train --x emb.npy --y labels.npy --quantize s8 -o aa.akp");
  tr->add_option("--x", t->x, "Embeddings (N, D)")->required()->type_name("X.npy");
  tr->add_option("--y", t->y, "Targets (N,): integer labels, or numbers for regression")
      ->required()
      ->type_name("Y.npy");
  tr->add_option("--task", t->task, "Probe kind")
      ->check(CLI::IsMember({"classification", "regression"}))
      ->capture_default_str();
  tr->add_option("--test-fraction", t->test_fraction, "Held-out fraction in [0, 1)")
      ->capture_default_str()
      ->type_name("F");
  tr->add_option("--seed", t->seed, "Shuffle seed")->capture_default_str();
  tr->add_option("--C", t->C, "Inverse L2 strength, 1e-300..1e300")
      ->capture_default_str()
      ->type_name("C");
  tr->add_flag("--standardize", t->standardize, "Standardise features (mean 0, std 1) first");
  tr->add_option("--max-iter", t->max_iter, "L-BFGS iterations at most")->capture_default_str();
  tr->add_option("--tol", t->tol, "Stop when max |gradient| <= tol (> 0)")
      ->capture_default_str()
      ->type_name("T");
  tr->add_option("--quantize", t->quantize, "Also store an int8 form")
      ->check(CLI::IsMember({"s8"}));
  tr->add_option("--threads", t->threads, "Threads (0: all cores; results do not depend on it)")
      ->capture_default_str();
  tr->add_option("--save-split", t->save_split, "Write the split as (N,) int64: 1 = test")
      ->type_name("FILE.npy");
  tr->add_flag("--json", t->json, "Print one JSON object instead of text");
  tr->add_flag("--quiet", t->quiet, "No progress line or warnings on stderr");
  cli::add_port_option(*tr, &t->port);
  tr->add_option("-o,--output", t->out, "Output probe")->required()->type_name("FILE.akp");
  tr->callback([t] { run_train(*t); });

  auto e = std::make_shared<eval_options>();
  CLI::App* ev = probe->add_subcommand("eval", "Accuracy (per class) or R^2 of a probe on data");
  ev->add_option("--probe", e->probe, "Probe file")->required()->type_name("FILE.akp");
  ev->add_option("--x", e->x, "Embeddings (N, D)")->required()->type_name("X.npy");
  ev->add_option("--y", e->y, "True labels or values (N,)")->required()->type_name("Y.npy");
  ev->add_option("--dtype", e->dtype, "Which form (auto: int8 when the probe has it)")
      ->check(CLI::IsMember({"auto", "f32", "s8"}))
      ->capture_default_str();
  ev->add_flag("--json", e->json, "Print one JSON object");
  cli::add_port_option(*ev, &e->port);
  ev->callback([e] { run_eval(*e); });

  auto p = std::make_shared<predict_options>();
  CLI::App* pr = probe->add_subcommand("predict", "Apply a probe: labels (or values) as .npy");
  pr->add_option("--probe", p->probe, "Probe file")->required()->type_name("FILE.akp");
  pr->add_option("--x", p->x, "Embeddings (N, D)")->required()->type_name("X.npy");
  pr->add_option("--dtype", p->dtype, "Which form")
      ->check(CLI::IsMember({"f32", "s8"}))
      ->capture_default_str();
  pr->add_option("--scores", p->scores, "Also write the (N, classes) float scores")
      ->type_name("FILE.npy");
  cli::add_port_option(*pr, &p->port);
  pr->add_option("-o,--output", p->out, "Output: (N,) int64 labels, or float32 values")
      ->required()
      ->type_name("FILE.npy");
  pr->callback([p] { run_predict(*p); });

  auto x = std::make_shared<export_options>();
  CLI::App* ex = probe->add_subcommand("export", "Write a probe as a C++ header for firmware");
  ex->footer(
      "The header holds static const arrays and attnkit::probe_f32_model / probe_s8_model\n"
      "structs (standardisation folded into W and b) that attnkit::probe_f32 / probe_s8 take.");
  ex->add_option("--probe", x->probe, "Probe file")->required()->type_name("FILE.akp");
  ex->add_option("--format", x->format, "Output format")
      ->check(CLI::IsMember({"c-header"}))
      ->capture_default_str();
  ex->add_option("--name", x->name,
                 "C++ namespace for the arrays: an identifier that is no C/C++ keyword or "
                 "standard macro (default: the output file's stem, made one)")
      ->type_name("NS");
  ex->add_option("--dtype", x->dtype, "Which forms to write (all: float, and int8 if present)")
      ->check(CLI::IsMember({"all", "f32", "s8"}))
      ->capture_default_str();
  ex->add_option("-o,--output", x->out, "Output header")->required()->type_name("FILE.h");
  ex->callback([x] { run_export(*x); });
}
