// SPDX-License-Identifier: Apache-2.0
// The golden-vector cases of tests/golden/golden_cases.h, rebuilt without the heap (static
// buffers, same generator and call order), compared byte for byte with data/golden/*.bin.
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "attnkit/attention.h"
#include "attnkit/pe.h"
#include "attnkit/probe.h"
#include "attnkit/softmax.h"
#include "tests/cortex-m/check.h"
#include "tests/support/metrics.h"
#include "tests/support/random.h"

#define GOLDEN_BLOB(n) extern "C" const uint8_t golden_##n[], golden_##n##_end[];
GOLDEN_BLOB(pe_q15_d64)
GOLDEN_BLOB(pe_q15_d33_base100)
GOLDEN_BLOB(softmax_s32_q15)
GOLDEN_BLOB(softmax_s8)
GOLDEN_BLOB(probe_s8)
GOLDEN_BLOB(attention_s8)
GOLDEN_BLOB(mha_s8)

namespace fw {
namespace {

using attnkit::quant_scale;
using attnkit::status;

// The golden inputs' generator (the one tests/golden/golden_cases.h uses).
using rng = testing_support::rng;

// The bytes a case writes, appended in order.
struct sink {
  uint8_t data[16384];
  size_t n = 0;
  bool overflow = false;
  template <class T>
  void add(const T* p, size_t count) {
    const size_t bytes = count * sizeof(T);
    if (n + bytes > sizeof data) {
      overflow = true;
      return;
    }
    std::memcpy(data + n, p, bytes);
    n += bytes;
  }
};

sink g_out;
alignas(8) uint8_t g_scratch[32768];
attnkit::scratch work(size_t bytes) { return {g_scratch, bytes <= sizeof g_scratch ? bytes : 0}; }

bool run_pe(uint32_t pos0, size_t count, size_t d, uint32_t base) {
  static int16_t y[48 * 64];
  if (count * d > sizeof y / sizeof y[0]) return false;
  if (attnkit::pe_table_q15(pos0, count, d, y, base) != status::ok) return false;
  g_out.add(y, count * d);
  return true;
}
bool pe_d64() { return run_pe(0, 48, 64, 10000); }
bool pe_d33() { return run_pe(65000, 16, 33, 100); }

bool softmax_q15() {
  rng r{11};
  constexpr size_t rows = 7, cols = 300;
  static int32_t x[rows * cols];
  static int16_t y[rows * cols];
  for (size_t i = 0; i < rows * cols; ++i) x[i] = r.s8() * r.range(1, 4000);
  for (size_t j = 0; j < cols; j += 3) x[2 * cols + j] = INT32_MIN;
  for (size_t j = 0; j < cols; ++j) x[3 * cols + j] = INT32_MIN;
  for (size_t j = 0; j < cols; ++j) x[4 * cols + j] = 777;
  x[5 * cols] = INT32_MAX;
  x[5 * cols + 1] = INT32_MIN + 1;
  const quant_scale scales[] = {{1518500250, -15}, {1073741824, -9}, {2000000000, -20}};
  for (const quant_scale& s : scales) {
    if (attnkit::softmax_rows_s32_q15(x, rows, cols, s, y) != status::ok) return false;
    g_out.add(y, rows * cols);
  }
  return true;
}

bool softmax_s8() {
  rng r{12};
  constexpr size_t rows = 6, cols = 257;
  static int8_t x[rows * cols], y[rows * cols], flat[600];
  for (int8_t& v : x) v = r.s8();
  const attnkit::softmax_s8_params ps[] = {
      {1717986918, 22, -496}, {1073741824, 26, -31}, {1610612736, 28, -7}};
  for (const attnkit::softmax_s8_params& p : ps) {
    if (attnkit::softmax_rows_s8(x, rows, cols, p, y) != status::ok) return false;
    g_out.add(y, rows * cols);
    std::memset(flat, 3, sizeof flat);
    if (attnkit::softmax_s8(flat, sizeof flat, p, flat) != status::ok) return false;
    g_out.add(flat, sizeof flat);
  }
  return true;
}

bool probe() {
  rng r{13};
  constexpr size_t classes = 5, dims = 48, batch = 20;
  static int8_t w[classes * dims], x[batch * dims];
  for (int8_t& v : w) v = r.s8();
  for (int8_t& v : x) v = r.s8();
  quant_scale ws[classes], xs[batch];
  for (quant_scale& s : ws) s = r.scale(8, 12);
  for (quant_scale& s : xs) s = r.scale(-8, -5);
  int32_t b[classes], labels[batch], logits[batch * classes];
  for (int32_t& v : b) v = r.range(-200000, 200000);
  const int32_t map[] = {40, 41, 42, 43, 44};
  attnkit::probe_s8_model m;
  m.classes = classes;
  m.dims = dims;
  m.w = w;
  m.w_scale = ws;
  m.b = b;
  m.logit_scale = {1073741824, -15};
  m.label_map = map;
  int16_t probs[batch * classes];
  if (attnkit::probe_s8(m, x, xs, batch, logits, labels, probs) != status::ok) return false;
  g_out.add(logits, batch * classes);
  g_out.add(labels, batch);
  g_out.add(probs, batch * classes);
  return true;
}

bool attention() {
  rng r{14};
  const attnkit::attention_dims d{20, 37, 24, 12};
  static int8_t q[20 * 24], k[37 * 24], v[37 * 12], o[20 * 12];
  for (int8_t& e : q) e = r.s8();
  for (int8_t& e : k) e = r.s8();
  for (int8_t& e : v) e = r.s8();
  quant_scale qs[20], ks[37], os[20];
  for (quant_scale& s : qs) s = r.scale(-7, -5);
  for (quant_scale& s : ks) s = r.scale(-7, -5);
  static uint8_t mask[20 * 37];
  std::memset(mask, 0, sizeof mask);
  for (size_t i = 0; i < sizeof mask; i += 7) mask[i] = 1;
  for (size_t j = 0; j < d.nk; ++j) mask[3 * d.nk + j] = 1;
  static int16_t wts[20 * 37];
  const size_t bytes = attnkit::attention_s8_scratch_size(d);
  for (int causal = 0; causal < 2; ++causal) {
    attnkit::attention_s8_opts opts;
    opts.causal = causal != 0;
    opts.mask = causal ? mask : nullptr;
    opts.weights = wts;
    const quant_scale vs = r.scale(-6, -6);
    if (attnkit::attention_s8(d, q, qs, k, ks, v, vs, o, os, opts, work(bytes)) != status::ok)
      return false;
    g_out.add(o, sizeof o);
    g_out.add(os, 20);
    g_out.add(wts, 20 * 37);
    // The streamed kernel (per-key scale ratios remade per tile: one of 37 keys here) gives
    // the same bytes on the core itself, where mulhi64 is the 32-bit limb product.
    static int8_t o2[20 * 12];
    quant_scale os2[20];
    opts.weights = nullptr;
    const size_t sb = attnkit::attention_s8_stream_scratch_size(d);
    if (attnkit::attention_s8_stream(d, q, qs, k, ks, v, vs, o2, os2, opts, work(sb)) !=
            status::ok ||
        std::memcmp(o, o2, sizeof o) != 0 || std::memcmp(os, os2, sizeof os) != 0)
      return false;
  }
  return true;
}

bool mha() {
  rng r{15};
  for (int cross = 0; cross < 2; ++cross) {
    const attnkit::mha_dims d{9, cross ? 13u : 9u, 16, cross ? 10u : 16u, 4};
    static int8_t x[9 * 16], kv[13 * 16], y[9 * 16];
    const size_t nx = d.nq * d.d_model, nkv = d.nk * d.d_kv;
    for (size_t i = 0; i < nx; ++i) x[i] = r.s8();
    for (size_t i = 0; i < nkv; ++i) kv[i] = r.s8();
    quant_scale xs[9], kvs[13], ys[9];
    for (size_t i = 0; i < d.nq; ++i) xs[i] = r.scale(-6, -5);
    for (size_t i = 0; i < d.nk; ++i) kvs[i] = r.scale(-6, -5);
    static int8_t wq[16 * 16], wk[16 * 16], wv[16 * 16], wo[16 * 16];
    const size_t nq_w = d.d_model * d.d_model, nk_w = d.d_model * d.d_kv;
    for (size_t i = 0; i < nq_w; ++i) wq[i] = r.s8();
    for (size_t i = 0; i < nk_w; ++i) wk[i] = r.s8();
    for (size_t i = 0; i < nk_w; ++i) wv[i] = r.s8();
    for (size_t i = 0; i < nq_w; ++i) wo[i] = r.s8();
    quant_scale sq[16], sk[16], sv[16], so[16];
    for (quant_scale* m : {sq, sk, sv, so})
      for (size_t i = 0; i < d.d_model; ++i) m[i] = r.scale(-9, -7);
    int32_t b[4 * 16];
    for (size_t i = 0; i < 4 * d.d_model; ++i) b[i] = r.range(-40000, 40000);
    attnkit::mha_s8_weights w;
    w.wq = wq, w.wk = wk, w.wv = wv, w.wo = wo;
    w.wq_scale = sq, w.wk_scale = sk, w.wv_scale = sv, w.wo_scale = so;
    w.bq = b, w.bk = b + d.d_model, w.bv = b + 2 * d.d_model, w.bo = b + 3 * d.d_model;
    w.bias_unit = {1073741824, -15};
    attnkit::attention_s8_opts opts;
    opts.causal = cross == 0;
    if (attnkit::mha_s8(d, x, xs, cross ? kv : nullptr, cross ? kvs : nullptr, w, y, ys, opts,
                        work(attnkit::mha_s8_scratch_size(d))) != status::ok)
      return false;
    g_out.add(y, nx);
    g_out.add(ys, d.nq);
  }
  return true;
}

struct golden_case {
  const char* name;
  bool (*run)();
  const uint8_t* begin;
  const uint8_t* end;
};

}  // namespace

void golden_cases(const char* port) {
#define CASE(name, fn) \
  { "golden " #name, fn, golden_##name, golden_##name##_end }
  const golden_case cases[] = {CASE(pe_q15_d64, pe_d64),
                               CASE(pe_q15_d33_base100, pe_d33),
                               CASE(softmax_s32_q15, softmax_q15),
                               CASE(softmax_s8, softmax_s8),
                               CASE(probe_s8, probe),
                               CASE(attention_s8, attention),
                               CASE(mha_s8, mha)};
#undef CASE
  for (const golden_case& c : cases) {
    const uint8_t* payload = c.begin;  // after the one-line text header
    while (payload < c.end && *payload != '\n') ++payload;
    ++payload;
    const size_t want = payload <= c.end ? static_cast<size_t>(c.end - payload) : 0;
    g_out.n = 0;
    g_out.overflow = false;
    if (!c.run() || g_out.overflow) {
      report(c.name, port, false, "kernel failed or buffer too small; bytes", g_out.n, want);
      continue;
    }
    if (g_out.n != want) {
      report(c.name, port, false, "size differs: got, want", g_out.n, want);
      continue;
    }
    const size_t i = testing_support::first_mismatch(g_out.data, payload, want);
    report(c.name, port, i == want, "first differing byte at, of", i, want);
  }
}

}  // namespace fw
