// SPDX-License-Identifier: Apache-2.0
// Golden-vector cases of the integer kernels: deterministic integer inputs (support/random.h's
// integer draws: no float, no std:: distributions, so every platform builds the same ones) and
// the bytes each kernel writes. gen_golden.cc stores them (make golden); tests/golden_test.cc
// compares every port.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "attnkit/attention.h"
#include "attnkit/pe.h"
#include "attnkit/probe.h"
#include "attnkit/quant.h"
#include "attnkit/softmax.h"
#include "support/random.h"

namespace golden {

using attnkit::quant_scale;
using attnkit::status;
using bytes = std::vector<uint8_t>;

/// The generator of every golden input (support/random.h: splitmix64, integer draws only).
using rng = testing_support::rng;

template <class T>
void append(bytes* out, const T* p, size_t n) {
  const uint8_t* b = reinterpret_cast<const uint8_t*>(p);
  out->insert(out->end(), b, b + n * sizeof(T));
}
template <class T>
void append(bytes* out, const std::vector<T>& v) {
  append(out, v.data(), v.size());
}

inline bool run_pe(uint32_t pos0, size_t count, size_t d, uint32_t base, bytes* out) {
  std::vector<int16_t> y(count * d);
  if (attnkit::pe_table_q15(pos0, count, d, y.data(), base) != status::ok) return false;
  append(out, y);
  return true;
}

inline bool run_softmax_q15(bytes* out) {
  rng r{11};
  const size_t rows = 7, cols = 300;
  std::vector<int32_t> x(rows * cols);
  for (size_t i = 0; i < x.size(); ++i) x[i] = r.s8() * r.range(1, 4000);
  for (size_t j = 0; j < cols; j += 3) x[2 * cols + j] = INT32_MIN;  // masked entries
  for (size_t j = 0; j < cols; ++j) x[3 * cols + j] = INT32_MIN;     // a fully masked row
  for (size_t j = 0; j < cols; ++j) x[4 * cols + j] = 777;           // a flat row
  x[5 * cols] = INT32_MAX;
  x[5 * cols + 1] = INT32_MIN + 1;
  const quant_scale scales[] = {{1518500250, -15}, {1073741824, -9}, {2000000000, -20}};
  for (const quant_scale& s : scales) {
    std::vector<int16_t> y(x.size());
    if (attnkit::softmax_rows_s32_q15(x.data(), rows, cols, s, y.data()) != status::ok)
      return false;
    append(out, y);
  }
  return true;
}

inline bool run_softmax_s8(bytes* out) {
  rng r{12};
  const size_t rows = 6, cols = 257;
  std::vector<int8_t> x(rows * cols);
  for (int8_t& v : x) v = r.s8();
  // TFLite's parameters for input scales 0.05, 0.5 and 3.0 (softmax_s8_params_from_scale).
  const attnkit::softmax_s8_params ps[] = {
      {1717986918, 22, -496}, {1073741824, 26, -31}, {1610612736, 28, -7}};
  for (const attnkit::softmax_s8_params& p : ps) {
    std::vector<int8_t> y(x.size());
    if (attnkit::softmax_rows_s8(x.data(), rows, cols, p, y.data()) != status::ok) return false;
    append(out, y);
    std::vector<int8_t> flat(600, 3);  // beyond TFLite's domain: sum of exps >= 512
    if (attnkit::softmax_s8(flat.data(), flat.size(), p, flat.data()) != status::ok) return false;
    append(out, flat);
  }
  return true;
}

inline bool run_probe(bytes* out) {
  rng r{13};
  const size_t classes = 5, dims = 48, batch = 20;
  std::vector<int8_t> w(classes * dims), x(batch * dims);
  for (int8_t& v : w) v = r.s8();
  for (int8_t& v : x) v = r.s8();
  std::vector<quant_scale> ws(classes), xs(batch);
  for (quant_scale& s : ws) s = r.scale(8, 12);
  for (quant_scale& s : xs) s = r.scale(-8, -5);
  std::vector<int32_t> b(classes), labels(batch), logits(batch * classes);
  for (int32_t& v : b) v = r.range(-200000, 200000);
  const int32_t map[] = {40, 41, 42, 43, 44};
  attnkit::probe_s8_model m;
  m.classes = classes;
  m.dims = dims;
  m.w = w.data();
  m.w_scale = ws.data();
  m.b = b.data();
  m.logit_scale = {1073741824, -15};
  m.label_map = map;
  std::vector<int16_t> probs(batch * classes);
  if (attnkit::probe_s8(m, x.data(), xs.data(), batch, logits.data(), labels.data(),
                        probs.data()) != status::ok)
    return false;
  append(out, logits);
  append(out, labels);
  append(out, probs);
  return true;
}

inline bool run_attention(bytes* out) {
  rng r{14};
  const attnkit::attention_dims d{20, 37, 24, 12};
  std::vector<int8_t> q(d.nq * d.dk), k(d.nk * d.dk), v(d.nk * d.dv), o(d.nq * d.dv);
  for (int8_t& e : q) e = r.s8();
  for (int8_t& e : k) e = r.s8();
  for (int8_t& e : v) e = r.s8();
  std::vector<quant_scale> qs(d.nq), ks(d.nk), os(d.nq);
  for (quant_scale& s : qs) s = r.scale(-7, -5);
  for (quant_scale& s : ks) s = r.scale(-7, -5);
  std::vector<uint8_t> mask(d.nq * d.nk, 0);
  for (size_t i = 0; i < mask.size(); i += 7) mask[i] = 1;
  for (size_t j = 0; j < d.nk; ++j) mask[3 * d.nk + j] = 1;  // a query that sees nothing
  std::vector<int16_t> wts(d.nq * d.nk);
  std::vector<uint8_t> buf(attnkit::attention_s8_scratch_size(d));
  for (int causal = 0; causal < 2; ++causal) {
    attnkit::attention_s8_opts opts;
    opts.causal = causal != 0;
    opts.mask = causal ? mask.data() : nullptr;
    opts.weights = wts.data();
    if (attnkit::attention_s8(d, q.data(), qs.data(), k.data(), ks.data(), v.data(),
                              r.scale(-6, -6), o.data(), os.data(), opts,
                              {buf.data(), buf.size()}) != status::ok)
      return false;
    append(out, o);
    append(out, os);
    append(out, wts);
  }
  return true;
}

inline bool run_mha(bytes* out) {
  rng r{15};
  for (int cross = 0; cross < 2; ++cross) {
    const attnkit::mha_dims d{9, cross ? 13u : 9u, 16, cross ? 10u : 16u, 4};
    std::vector<int8_t> x(d.nq * d.d_model), kv(d.nk * d.d_kv), y(d.nq * d.d_model);
    for (int8_t& e : x) e = r.s8();
    for (int8_t& e : kv) e = r.s8();
    std::vector<quant_scale> xs(d.nq), kvs(d.nk), ys(d.nq);
    for (quant_scale& s : xs) s = r.scale(-6, -5);
    for (quant_scale& s : kvs) s = r.scale(-6, -5);
    std::vector<int8_t> wq(d.d_model * d.d_model), wk(d.d_model * d.d_kv), wv(wk.size()),
        wo(wq.size());
    for (auto* m : {&wq, &wk, &wv, &wo})
      for (int8_t& e : *m) e = r.s8();
    std::vector<quant_scale> sq(d.d_model), sk(d.d_model), sv(d.d_model), so(d.d_model);
    for (auto* m : {&sq, &sk, &sv, &so})
      for (quant_scale& s : *m) s = r.scale(-9, -7);
    std::vector<int32_t> b(4 * d.d_model);
    for (int32_t& e : b) e = r.range(-40000, 40000);
    attnkit::mha_s8_weights w;
    w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
    w.wq_scale = sq.data(), w.wk_scale = sk.data(), w.wv_scale = sv.data(), w.wo_scale = so.data();
    w.bq = b.data(), w.bk = b.data() + d.d_model, w.bv = b.data() + 2 * d.d_model;
    w.bo = b.data() + 3 * d.d_model;
    w.bias_unit = {1073741824, -15};
    std::vector<uint8_t> buf(attnkit::mha_s8_scratch_size(d));
    attnkit::attention_s8_opts opts;
    opts.causal = cross == 0;
    if (attnkit::mha_s8(d, x.data(), xs.data(), cross ? kv.data() : nullptr,
                        cross ? kvs.data() : nullptr, w, y.data(), ys.data(), opts,
                        {buf.data(), buf.size()}) != status::ok)
      return false;
    append(out, y);
    append(out, ys);
  }
  return true;
}

struct golden_case {
  const char* name;
  bool (*run)(bytes*);
};

inline bool pe_d64(bytes* o) { return run_pe(0, 48, 64, 10000, o); }
inline bool pe_d33(bytes* o) { return run_pe(65000, 16, 33, 100, o); }

inline const std::vector<golden_case>& cases() {
  static const std::vector<golden_case> c = {{"pe_q15_d64", pe_d64},
                                             {"pe_q15_d33_base100", pe_d33},
                                             {"softmax_s32_q15", run_softmax_q15},
                                             {"softmax_s8", run_softmax_s8},
                                             {"probe_s8", run_probe},
                                             {"attention_s8", run_attention},
                                             {"mha_s8", run_mha}};
  return c;
}

/// First line of every golden file; the payload follows it.
inline std::string header(const char* name) {
  return std::string("# attnkit golden v1 ") + name +
         ": raw little-endian kernel output, generated by `make golden` "
         "(tests/golden/gen_golden.cc, scalar port)\n";
}

}  // namespace golden
