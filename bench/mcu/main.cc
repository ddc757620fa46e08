// SPDX-License-Identifier: Apache-2.0
// make bench-mcu: attnkit's integer kernels next to their CMSIS-NN counterparts on identical
// inputs, instructions per call under qemu -icount (harness.h), stack high-water mark, scratch
// bytes, output bytes compared where both define the same result. One "@R key=value ..." line
// per case on the semihosting console; bench/mcu/report.py turns them into
// build/bench/mcu-<target>.json and a table. Without BENCH_HAVE_CMSIS: attnkit's figures alone.
//
// Inputs come from an LCG reseeded per case; the float work here (quantisation parameters, LUTs,
// reference outputs for the accuracy columns) runs outside the timed regions.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "attnkit/attnkit.h"
#include "bench/mcu/harness.h"
#include "ports/cortex-m/board/semihost.h"
#if BENCH_HAVE_CMSIS
#include "bench/mcu/cmsis_side.h"
#endif

#ifndef BENCH_TARGET
#define BENCH_TARGET "unknown"
#endif

namespace {

using attnkit::quant_scale;
using attnkit::status;

// ---- output -------------------------------------------------------------------------------

[[noreturn]] void die(const char* why) {
  bench_write("bench-mcu: error: ");
  bench_write(why);
  bench_write("\n");
  __builtin_trap();  // udf: harness.c's fault handler ends the run with exit status 98
}

class line {
 public:
  explicit line(const char* tag) { put(tag); }
  line& kv(const char* k, const char* v) {
    put(" ");
    put(k);
    put("=");
    put(v);
    return *this;
  }
  line& kv(const char* k, long long v) {
    char b[24];
    return kv(k, sh::int_text(v, b));
  }
  void end() {
    put("\n");
    bench_write(buf_);
  }

 private:
  void put(const char* s) {
    while (*s && n_ + 2 < sizeof buf_) buf_[n_++] = *s++;
    buf_[n_] = '\0';
  }
  char buf_[640];
  size_t n_ = 0;
};

// ---- memory: one arena, reset per case -------------------------------------------------------

#ifndef BENCH_ARENA_KB
#define BENCH_ARENA_KB 384
#endif
constexpr size_t kArenaBytes = size_t{BENCH_ARENA_KB} * 1024;
alignas(16) uint8_t g_arena[kArenaBytes];
size_t g_used = 0;

template <class T>
T* take(size_t n) {
  const size_t off = (g_used + 15) & ~size_t{15};
  if (off + n * sizeof(T) > kArenaBytes) die("arena too small");
  g_used = off + n * sizeof(T);
  return reinterpret_cast<T*>(g_arena + off);
}

// ---- inputs ------------------------------------------------------------------------------

// Each case reseeds (seed()), so its inputs do not depend on which other cases ran (the
// counts are data-dependent: branches, flushed exponentials).
uint32_t g_lcg = 12345u;
uint32_t lcg() { return g_lcg = g_lcg * 1664525u + 1013904223u; }
void seed(uint32_t group, uint32_t index) {
  g_lcg = 12345u + group * 0x9E3779B9u + index * 0x85EBCA6Bu;
  for (int i = 0; i < 4; ++i) lcg();
}
void fill_s8(int8_t* p, size_t n, bool full = false) {  // [-127, 127], or [-128, 127]
  for (size_t i = 0; i < n; ++i)
    p[i] = full ? static_cast<int8_t>(static_cast<int>(lcg() >> 24) - 128)
                : static_cast<int8_t>(static_cast<int>((lcg() >> 24) % 255u) - 127);
}

quant_scale qs(double real) {
  quant_scale s{};
  if (attnkit::quantize_multiplier(real, &s) != status::ok) die("quantize_multiplier");
  return s;
}

[[maybe_unused]] int8_t sat8(int32_t v) {
  return static_cast<int8_t>(v > 127 ? 127 : v < -128 ? -128 : v);
}

// rel L2 error accumulators (float: every core here has a single-precision FPU).
struct rel_l2 {
  double num = 0, den = 0;
  void add(float got, float ref) {
    const float e = got - ref;
    num += static_cast<double>(e * e);
    den += static_cast<double>(ref * ref);
  }
  long long e6() const { return den > 0 ? std::llround(std::sqrt(num / den) * 1e6) : -1; }
};

[[maybe_unused]] float absmax(const float* p, size_t n) {
  float m = 0;
  for (size_t i = 0; i < n; ++i) m = std::fabs(p[i]) > m ? std::fabs(p[i]) : m;
  return m;
}

// ---- one result line ---------------------------------------------------------------------

struct side {
  bench_meas m{};
  long long scratch = 0, inter = -1;
  int status = 0;
  long long rel_e6 = -1;
};

struct cmp {
  int eq = -1;  // 1 equal, 0 differ, -1 not comparable
  long long mism = 0, maxdiff = 0;
  const char* count_key = nullptr;  // an extra count about the inputs or outputs, if any
  long long count = 0;
};

void emit(const char* kernel, const char* shape, const char* anchor, const char* unit,
          long long units, const char* ak_size, const char* cm_size, const side& ak, const side* cm,
          const cmp& c, const char* note = nullptr) {
  line l("@R");
  l.kv("kernel", kernel)
      .kv("shape", shape)
      .kv("anchor", anchor)
      .kv("unit", unit)
      .kv("units", units);
  l.kv("ak_insns", static_cast<long long>(ak.m.insns)).kv("ak_stack", ak.m.stack);
  l.kv("ak_scratch", ak.scratch).kv("ak_status", ak.status).kv("ak_size", ak_size);
  if (ak.rel_e6 >= 0) l.kv("ak_rel_e6", ak.rel_e6);
  if (cm) {
    l.kv("cm_insns", static_cast<long long>(cm->m.insns)).kv("cm_stack", cm->m.stack);
    l.kv("cm_scratch", cm->scratch).kv("cm_status", cm->status).kv("cm_size", cm_size);
    if (cm->inter >= 0) l.kv("cm_inter", cm->inter);
    if (cm->rel_e6 >= 0) l.kv("cm_rel_e6", cm->rel_e6);
    l.kv("eq", c.eq).kv("mism", c.mism).kv("maxdiff", c.maxdiff);
    if (c.count_key) l.kv(c.count_key, c.count);
  }
  if (note) l.kv("note", note);
  l.end();
}

template <class T>
cmp compare(const T* a, const T* b, size_t n) {
  cmp c;
  c.eq = 1;
  for (size_t i = 0; i < n; ++i) {
    const long long d = static_cast<long long>(a[i]) - static_cast<long long>(b[i]);
    if (d != 0) {
      c.eq = 0;
      ++c.mism;
      const long long ad = d < 0 ? -d : d;
      if (ad > c.maxdiff) c.maxdiff = ad;
    }
  }
  return c;
}

// Short text such as "8x128" or "1x1280->20", built without printf.
class text {
 public:
  text& operator<<(const char* s) {
    while (*s && n_ + 1 < sizeof b_) b_[n_++] = *s++;
    b_[n_] = '\0';
    return *this;
  }
  text& operator<<(long long v) {
    char t[24];
    char* q = t + sizeof t;
    *--q = '\0';
    do {
      *--q = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    return *this << q;
  }
  const char* c_str() const { return b_; }

 private:
  char b_[48] = {};
  size_t n_ = 0;
};

// ---- softmax_s8 --------------------------------------------------------------------------

struct rows_shape {
  int rows, cols;
};
constexpr rows_shape kSoftmaxShapes[] = {{1, 1024}, {8, 128}, {64, 64}};
// Input scale 1/20 (logits in [-6.4, 6.35]): every entry is within TFLite's diff_min of its
// row's max (none skipped: the full exponential is timed), and a row's exponential sum stays
// below 512, where CMSIS-NN's C softmax is defined (MCU_BENCH.md), so the bytes are comparable.
constexpr double kSoftmaxS8Scale = 1.0 / 20;

// Entries below diff_min of their row's max (TFLite skips them: probability 0).
long long below_diff_min(const int8_t* x, int rows, int cols, int32_t diff_min) {
  long long k = 0;
  for (int r = 0; r < rows; ++r) {
    int mx = -128;
    for (int c = 0; c < cols; ++c) mx = x[r * cols + c] > mx ? x[r * cols + c] : mx;
    for (int c = 0; c < cols; ++c) k += x[r * cols + c] - mx < diff_min;
  }
  return k;
}

void bench_softmax_s8() {
  attnkit::softmax_s8_params p{};
  if (attnkit::softmax_s8_params_from_scale(kSoftmaxS8Scale, 1.0, &p) != status::ok) die("params");
  for (const rows_shape& s : kSoftmaxShapes) {
    g_used = 0;
    seed(1, static_cast<uint32_t>(&s - kSoftmaxShapes));
    const size_t n = static_cast<size_t>(s.rows) * s.cols;
    int8_t* x = take<int8_t>(n);
    int8_t* ya = take<int8_t>(n);
    fill_s8(x, n, true);
    side ak;
    BENCH_CALL(&ak.m,
               ak.status = static_cast<int>(attnkit::softmax_rows_s8(x, s.rows, s.cols, p, ya)));
    text sh;
    sh << s.rows << "x" << s.cols;
#if BENCH_HAVE_CMSIS
    int8_t* yc = take<int8_t>(n);
    side cm;
    cm_softmax_s8(x, s.rows, s.cols, p.multiplier, p.left_shift, p.diff_min, yc, &cm.m);
    cmp c = compare(ya, yc, n);
    c.count_key = "below_diff_min";
    c.count = below_diff_min(x, s.rows, s.cols, p.diff_min);
    emit("softmax_s8", sh.c_str(), "arm_softmax_s8", "element", n, "softmax_s8", "softmax_s8", ak,
         &cm, c);
#else
    emit("softmax_s8", sh.c_str(), "-", "element", n, "softmax_s8", "-", ak, nullptr, cmp{});
#endif
  }
}

// ---- softmax_s32_q15 ---------------------------------------------------------------------

// TFLM's gen_lut (int16 LUT of 513 entries over [in_min, in_max], output range [-1, 1]).
[[maybe_unused]] void gen_lut(float (*f)(float), float in_min, float in_max, int16_t* lut) {
  const int steps = 512;
  const float step = (in_max - in_min) / steps, half = step / 2, inv = 65536.0f / 2.0f;
  auto clamp16 = [](float v) {
    return static_cast<int16_t>(v < -32768.0f ? -32768.0f : v > 32767.0f ? 32767.0f : v);
  };
  for (int i = 0; i < steps; ++i) {
    const float val = f(in_min + i * step), mid = f(in_min + i * step + half),
                next = f(in_min + (i + 1) * step);
    const float sample = std::round(val * inv);
    const float mid_interp = std::round((next * inv + std::round(val * inv)) / 2);
    const float mid_val = std::round(mid * inv);
    const float bias = std::round((mid_interp - mid_val) / 2);
    lut[i] = clamp16(sample - bias);
  }
  lut[steps] = clamp16(std::round(f(in_max) * inv));
}
[[maybe_unused]] float exp_f(float x) { return std::exp(x); }
[[maybe_unused]] float recip_1px(float x) { return 1.0f / (1.0f + x); }

// int16 logits in [-32767, 32767] with real scale 5/32768 (so max - x stays inside the
// [-10, 0] of TFLM's exp LUT).
constexpr double kSoftmaxS16Scale = 5.0 / 32768;

void bench_softmax_q15() {
  const quant_scale sc = qs(kSoftmaxS16Scale);
#if BENCH_HAVE_CMSIS
  // TFLM SoftmaxPrepare (int16): input_scale * beta / (10 / 65535), QuantizeMultiplier.
  const quant_scale s16 = qs(kSoftmaxS16Scale / (10.0 / 65535.0));
  static int16_t exp_lut[513], recip_lut[513];
  gen_lut(exp_f, -10.0f, 0.0f, exp_lut);
  gen_lut(recip_1px, 0.0f, 1.0f, recip_lut);
#endif
  for (const rows_shape& s : kSoftmaxShapes) {
    g_used = 0;
    seed(2, static_cast<uint32_t>(&s - kSoftmaxShapes));
    const size_t n = static_cast<size_t>(s.rows) * s.cols;
    int16_t* x16 = take<int16_t>(n);
    int32_t* x32 = take<int32_t>(n);
    int16_t* ya = take<int16_t>(n);
    for (size_t i = 0; i < n; ++i) {
      x16[i] = static_cast<int16_t>(static_cast<int32_t>((lcg() >> 16) % 65535u) - 32767);
      x32[i] = x16[i];
    }
    side ak;
    BENCH_CALL(&ak.m, ak.status = static_cast<int>(
                          attnkit::softmax_rows_s32_q15(x32, s.rows, s.cols, sc, ya)));
    text sh;
    sh << s.rows << "x" << s.cols;
#if BENCH_HAVE_CMSIS
    int16_t* yc = take<int16_t>(n);
    side cm;
    cm.status = cm_softmax_s16(x16, s.rows, s.cols, s16.multiplier, s16.shift, exp_lut, recip_lut,
                               yc, &cm.m);
    cmp c = compare(ya, yc, n);
    c.eq = -1;  // different approximations of the same Q15 probabilities: maxdiff says how far
    emit("softmax_s32_q15", sh.c_str(), "arm_softmax_s16", "element", n, "softmax_s32_q15",
         "softmax_s16", ak, &cm, c, "int32-logits-vs-int16-logits+LUT");
#else
    emit("softmax_s32_q15", sh.c_str(), "-", "element", n, "softmax_s32_q15", "-", ak, nullptr,
         cmp{});
#endif
  }
#if BENCH_HAVE_CMSIS
  // Against arm_softmax_s8_s16: int8 logits (scale 1/20, as softmax_s8) -> int16 with zero
  // point -32768 and scale 1/65536; compared after (y + 32768) / 2 to Q15.
  attnkit::softmax_s8_params p{};
  if (attnkit::softmax_s8_params_from_scale(kSoftmaxS8Scale, 1.0, &p) != status::ok) die("params");
  const quant_scale sc8 = qs(kSoftmaxS8Scale);
  for (const rows_shape& s : kSoftmaxShapes) {
    g_used = 0;
    seed(1, static_cast<uint32_t>(&s - kSoftmaxShapes));  // softmax_s8's inputs
    const size_t n = static_cast<size_t>(s.rows) * s.cols;
    int8_t* x8 = take<int8_t>(n);
    int32_t* x32 = take<int32_t>(n);
    int16_t* ya = take<int16_t>(n);
    int16_t* yc = take<int16_t>(n);
    fill_s8(x8, n, true);
    for (size_t i = 0; i < n; ++i) x32[i] = x8[i];
    side ak, cm;
    BENCH_CALL(&ak.m, ak.status = static_cast<int>(
                          attnkit::softmax_rows_s32_q15(x32, s.rows, s.cols, sc8, ya)));
    cm_softmax_s8_s16(x8, s.rows, s.cols, p.multiplier, p.left_shift, p.diff_min, yc, &cm.m);
    for (size_t i = 0; i < n; ++i)
      yc[i] = static_cast<int16_t>((static_cast<int32_t>(yc[i]) + 32768 + 1) >> 1);
    cmp c = compare(ya, yc, n);
    c.eq = -1;
    text sh;
    sh << s.rows << "x" << s.cols;
    emit("softmax_s32_q15", sh.c_str(), "arm_softmax_s8_s16", "element", n, "softmax_s32_q15",
         "softmax_s8_s16", ak, &cm, c, "int8-logits-as-int32;Q16-out-halved");
  }
#endif
}

// ---- probe_s8 vs fully connected -----------------------------------------------------------

struct fc_shape {
  int batch, cols, rows;
};
constexpr fc_shape kFcShapes[] = {{1, 1280, 20}, {8, 1280, 20}, {1, 1280, 250}, {8, 1280, 250}};

void bench_probe() {
  for (const fc_shape& s : kFcShapes) {
    g_used = 0;
    seed(3, static_cast<uint32_t>(&s - kFcShapes));
    const size_t nw = static_cast<size_t>(s.rows) * s.cols,
                 nx = static_cast<size_t>(s.batch) * s.cols,
                 ny = static_cast<size_t>(s.batch) * s.rows;
    int8_t* w = take<int8_t>(nw);
    int8_t* x = take<int8_t>(nx);
    int32_t* logits = take<int32_t>(ny);
    quant_scale* wsc = take<quant_scale>(s.rows);
    quant_scale* xsc = take<quant_scale>(s.batch);
    fill_s8(w, nw);
    fill_s8(x, nx);
    // One scale for every row (CMSIS-NN's fully connected is per tensor): +-4 sigma of the
    // 1280-term dot products map to about +-100, so few outputs clamp in the int8 result.
    const double sigma = std::sqrt(static_cast<double>(s.cols)) * (127.0 * 128.0 / 3.0);
    const quant_scale m = qs(100.0 / (4.0 * sigma));
    for (int r = 0; r < s.rows; ++r) wsc[r] = m;
    for (int b = 0; b < s.batch; ++b) xsc[b] = quant_scale{1 << 30, 1};  // 1.0 exactly
    const attnkit::probe_s8_model model{static_cast<size_t>(s.rows),
                                        static_cast<size_t>(s.cols),
                                        w,
                                        wsc,
                                        nullptr,
                                        quant_scale{},
                                        nullptr};
    side ak;
    BENCH_CALL(&ak.m,
               ak.status = static_cast<int>(attnkit::probe_s8(model, x, xsc, s.batch, logits)));
    text sh;
    sh << s.batch << "x" << s.cols << "->" << s.rows;
    const long long macs = static_cast<long long>(ny) * s.cols;
#if BENCH_HAVE_CMSIS
    const int32_t bufsz = cm_fc_buffer_size(s.cols, s.rows);
    int32_t* buf = take<int32_t>(static_cast<size_t>(bufsz) / 4 + 1);
    int8_t* yc = take<int8_t>(ny);
    int8_t* ya = take<int8_t>(ny);
    cm_fc_prepare(buf, w, s.cols, s.rows);
    side cm;
    cm.scratch = bufsz;
    cm.status = cm_fc(x, s.batch, w, s.cols, s.rows, m.multiplier, m.shift, buf, yc, &cm.m);
    long long clamped = 0;
    for (size_t i = 0; i < ny; ++i) {
      ya[i] = sat8(logits[i]);
      if (logits[i] != ya[i]) ++clamped;
    }
    cmp c = compare(ya, yc, ny);
    c.count_key = "clamped";
    c.count = clamped;
    emit("probe_s8", sh.c_str(), "arm_fully_connected_s8", "MAC", macs, "probe_s8",
         "fully_connected_s8", ak, &cm, c, "int32-logits-saturated-to-int8");
#else
    emit("probe_s8", sh.c_str(), "-", "MAC", macs, "probe_s8", "-", ak, nullptr, cmp{});
#endif
  }
}

// ---- attention -----------------------------------------------------------------------------

struct att_shape {
  int n, d;
  bool causal;
};
constexpr att_shape kAttShapes[] = {
    {64, 64, false}, {64, 64, true}, {128, 64, false}, {128, 64, true}};
constexpr double kActScale = 1.7 / 127;  // int8 activations: real values in [-1.7, 1.7]

// Float reference of one head: out (n x d) = softmax(q k^T * scale) v, from int8 inputs with
// scales; row by row (n floats of scratch).
void attention_ref(const int8_t* q, const int8_t* k, const int8_t* v, int n, int nk, int d, int ldq,
                   int ldv, float qk_scale, float v_scale, bool causal, float* srow, float* out,
                   int ldo) {
  for (int i = 0; i < n; ++i) {
    const int vis = causal ? (i + 1 < nk ? i + 1 : nk) : nk;
    float mx = -INFINITY;
    for (int j = 0; j < vis; ++j) {
      int32_t dot = 0;
      for (int c = 0; c < d; ++c) dot += q[i * ldq + c] * k[j * ldq + c];
      srow[j] = static_cast<float>(dot) * qk_scale;
      mx = srow[j] > mx ? srow[j] : mx;
    }
    float sum = 0;
    for (int j = 0; j < vis; ++j) sum += srow[j] = std::exp(srow[j] - mx);
    for (int c = 0; c < d; ++c) {
      float acc = 0;
      for (int j = 0; j < vis; ++j) acc += srow[j] * v[j * ldv + c];
      out[i * ldo + c] = acc / sum * v_scale;
    }
  }
}

void bench_attention() {
  const quant_scale s8 = qs(kActScale);
  for (const att_shape& s : kAttShapes) {
    g_used = 0;
    seed(4, static_cast<uint32_t>(&s - kAttShapes));
    const size_t n = s.n, d = s.d, nd = n * d;
    int8_t* q = take<int8_t>(nd);
    int8_t* k = take<int8_t>(nd);
    int8_t* v = take<int8_t>(nd);
    int8_t* oa = take<int8_t>(nd);
    int8_t* ob = take<int8_t>(nd);
    quant_scale* rs = take<quant_scale>(n);
    quant_scale* osa = take<quant_scale>(n);
    quant_scale* osb = take<quant_scale>(n);
    float* ref = take<float>(nd);
    float* srow = take<float>(n);
    fill_s8(q, nd);
    fill_s8(k, nd);
    fill_s8(v, nd);
    for (size_t i = 0; i < n; ++i) rs[i] = s8;
    const float qk_real =
        static_cast<float>(kActScale * kActScale / std::sqrt(static_cast<double>(d)));
    attention_ref(q, k, v, s.n, s.n, s.d, s.d, s.d, qk_real, static_cast<float>(kActScale),
                  s.causal, srow, ref, s.d);
    const attnkit::attention_dims dims{n, n, d, d};
    attnkit::attention_s8_opts opts;
    opts.causal = s.causal;
    const size_t sa = attnkit::attention_s8_scratch_size(dims);
    const size_t sb = attnkit::attention_s8_stream_scratch_size(dims);
    uint8_t* work = take<uint8_t>(sa > sb ? sa : sb);
    side a, b;
    a.scratch = static_cast<long long>(sa);
    b.scratch = static_cast<long long>(sb);
    BENCH_CALL(&a.m, a.status = static_cast<int>(attnkit::attention_s8(
                         dims, q, rs, k, rs, v, s8, oa, osa, opts, attnkit::scratch{work, sa})));
    BENCH_CALL(&b.m, b.status = static_cast<int>(attnkit::attention_s8_stream(
                         dims, q, rs, k, rs, v, s8, ob, osb, opts, attnkit::scratch{work, sb})));
    rel_l2 ea, eb;
    for (size_t i = 0; i < n; ++i) {
      const float fa = static_cast<float>(attnkit::quant_scale_value(osa[i]));
      const float fb = static_cast<float>(attnkit::quant_scale_value(osb[i]));
      for (size_t c = 0; c < d; ++c) {
        ea.add(oa[i * d + c] * fa, ref[i * d + c]);
        eb.add(ob[i * d + c] * fb, ref[i * d + c]);
      }
    }
    a.rel_e6 = ea.e6();
    b.rel_e6 = eb.e6();
    const bool same =
        std::memcmp(oa, ob, nd) == 0 && std::memcmp(osa, osb, n * sizeof(quant_scale)) == 0;
    text sh;
    sh << "N" << s.n << "-d" << s.d << (s.causal ? "-causal" : "");
    const long long macs =
        2ll * (s.causal ? static_cast<long long>(n) * (n + 1) / 2 : static_cast<long long>(n) * n) *
        d;
    const char* note_b = same ? "bytes-equal-to-attention_s8" : "DIFFERS-from-attention_s8";
#if BENCH_HAVE_CMSIS
    // The TFLM composition: per-tensor scales, scores requantised to int8 with a scale
    // calibrated on these inputs (largest |q.k|), softmax_s8 (TFLite's scaling), P V.
    int32_t maxdot = 1;
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) {
        int32_t dot = 0;
        for (size_t c = 0; c < d; ++c) dot += q[i * d + c] * k[j * d + c];
        maxdot = dot > maxdot ? dot : -dot > maxdot ? -dot : maxdot;
      }
    const double score_scale =
        maxdot * kActScale * kActScale / std::sqrt(static_cast<double>(d)) / 127.0;
    attnkit::softmax_s8_params p{};
    if (attnkit::softmax_s8_params_from_scale(score_scale, 1.0, &p) != status::ok) die("params");
    int8_t* vt = take<int8_t>(nd);
    for (size_t j = 0; j < n; ++j)
      for (size_t c = 0; c < d; ++c) vt[c * n + j] = v[j * d + c];
    const int32_t bufsz = cm_fc_buffer_size(s.d, s.n > s.d ? s.n : s.d);
    cm_attention_args ca{};
    ca.n = s.n;
    ca.d = s.d;
    ca.causal = s.causal;
    ca.q = q;
    ca.k = k;
    ca.vt = vt;
    ca.scores = take<int8_t>(n * n);
    ca.probs = take<int8_t>(n * n);
    ca.out = take<int8_t>(nd);
    ca.buf = take<int32_t>(static_cast<size_t>(bufsz) / 4 + 1);
    // Output scale calibrated like the scores' (TFLM: from representative data): the float
    // reference's largest magnitude maps to 127.
    const double out_scale = absmax(ref, nd) / 127.0;
    const quant_scale qk = qs(127.0 / maxdot), pv = qs(kActScale / 256 / out_scale);
    ca.qk = cm_quant{qk.multiplier, qk.shift};
    ca.pv = cm_quant{pv.multiplier, pv.shift};
    ca.sm_mult = p.multiplier;
    ca.sm_shift = p.left_shift;
    ca.sm_diff_min = p.diff_min;
    side cm;
    cm.status = cm_attention(&ca, &cm.m);
    cm.scratch = bufsz;
    cm.inter = 2ll * n * n;  // scores and probabilities, both live during the softmax
    rel_l2 ec;
    for (size_t i = 0; i < nd; ++i) ec.add(ca.out[i] * static_cast<float>(out_scale), ref[i]);
    cm.rel_e6 = ec.e6();
    cmp none;
    emit("attention_s8", sh.c_str(), "bmm+softmax+bmm", "MAC", macs, "attention_s8", "attention", a,
         &cm, none);
    emit("attention_s8_stream", sh.c_str(), "bmm+softmax+bmm", "MAC", macs, "attention_s8_stream",
         "attention", b, &cm, none, note_b);
#else
    emit("attention_s8", sh.c_str(), "-", "MAC", macs, "attention_s8", "-", a, nullptr, cmp{});
    emit("attention_s8_stream", sh.c_str(), "-", "MAC", macs, "attention_s8_stream", "-", b,
         nullptr, cmp{}, note_b);
#endif
  }
}

// ---- mha_s8 --------------------------------------------------------------------------------

void matmul_ref(const int8_t* x, float xs, const int8_t* w, float ws, int n, int in, int out,
                float* y) {  // y = (x xs) (w ws)^T
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < out; ++o) {
      int32_t acc = 0;
      for (int c = 0; c < in; ++c) acc += x[i * in + c] * w[o * in + c];
      y[i * out + o] = static_cast<float>(acc) * xs * ws;
    }
}

void bench_mha() {
  const int n = 64, e = 64, h = 4, dh = e / h;
  g_used = 0;
  seed(5, 0);
  const size_t ne = static_cast<size_t>(n) * e, ee = static_cast<size_t>(e) * e;
  int8_t* x = take<int8_t>(ne);
  int8_t* w[4];
  for (int i = 0; i < 4; ++i) w[i] = take<int8_t>(ee);
  fill_s8(x, ne);
  for (int i = 0; i < 4; ++i) fill_s8(w[i], ee);
  const double xs = kActScale, ws = std::sqrt(3.0 / e) / 127;  // weights: std 1/sqrt(e)
  quant_scale* xsc = take<quant_scale>(n);
  quant_scale* wsc = take<quant_scale>(e);
  for (int i = 0; i < n; ++i) xsc[i] = qs(xs);
  for (int i = 0; i < e; ++i) wsc[i] = qs(ws);
  int8_t* ya = take<int8_t>(ne);
  quant_scale* ysa = take<quant_scale>(n);
  const attnkit::mha_dims dims{static_cast<size_t>(n), static_cast<size_t>(n),
                               static_cast<size_t>(e), static_cast<size_t>(e),
                               static_cast<size_t>(h)};
  attnkit::mha_s8_weights mw{};
  mw.wq = w[0];
  mw.wk = w[1];
  mw.wv = w[2];
  mw.wo = w[3];
  mw.wq_scale = mw.wk_scale = mw.wv_scale = mw.wo_scale = wsc;
  const size_t ss = attnkit::mha_s8_scratch_size(dims);
  uint8_t* work = take<uint8_t>(ss);
  side ak;
  ak.scratch = static_cast<long long>(ss);
  BENCH_CALL(&ak.m,
             ak.status = static_cast<int>(attnkit::mha_s8(dims, x, xsc, nullptr, nullptr, mw, ya,
                                                          ysa, {}, attnkit::scratch{work, ss})));
  // Float reference, which also calibrates the CMSIS-NN graph's intermediate scales.
  float* qf = take<float>(ne);
  float* kf = take<float>(ne);
  float* vf = take<float>(ne);
  float* cf = take<float>(ne);
  float* yf = take<float>(ne);
  float* srow = take<float>(n);
  matmul_ref(x, static_cast<float>(xs), w[0], static_cast<float>(ws), n, e, e, qf);
  matmul_ref(x, static_cast<float>(xs), w[1], static_cast<float>(ws), n, e, e, kf);
  matmul_ref(x, static_cast<float>(xs), w[2], static_cast<float>(ws), n, e, e, vf);
  float smax = 0;
  for (int hh = 0; hh < h; ++hh)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        float dot = 0;
        for (int c = 0; c < dh; ++c) dot += qf[i * e + hh * dh + c] * kf[j * e + hh * dh + c];
        smax = std::fabs(dot) > smax ? std::fabs(dot) : smax;
      }
  smax /= std::sqrt(static_cast<float>(dh));
  for (int hh = 0; hh < h; ++hh)
    for (int i = 0; i < n; ++i) {
      float mx = -INFINITY;
      for (int j = 0; j < n; ++j) {
        float dot = 0;
        for (int c = 0; c < dh; ++c) dot += qf[i * e + hh * dh + c] * kf[j * e + hh * dh + c];
        srow[j] = dot / std::sqrt(static_cast<float>(dh));
        mx = srow[j] > mx ? srow[j] : mx;
      }
      float sum = 0;
      for (int j = 0; j < n; ++j) sum += srow[j] = std::exp(srow[j] - mx);
      for (int c = 0; c < dh; ++c) {
        float acc = 0;
        for (int j = 0; j < n; ++j) acc += srow[j] * vf[j * e + hh * dh + c];
        cf[i * e + hh * dh + c] = acc / sum;
      }
    }
  for (int i = 0; i < n; ++i)
    for (int o = 0; o < e; ++o) {
      float acc = 0;
      for (int c = 0; c < e; ++c) acc += cf[i * e + c] * w[3][o * e + c];
      yf[i * e + o] = acc * static_cast<float>(ws);
    }
  rel_l2 ea;
  for (int i = 0; i < n; ++i) {
    const float f = static_cast<float>(attnkit::quant_scale_value(ysa[i]));
    for (int c = 0; c < e; ++c) ea.add(ya[i * e + c] * f, yf[i * e + c]);
  }
  ak.rel_e6 = ea.e6();
  const long long macs = 4ll * n * e * e + 2ll * n * n * e;
#if BENCH_HAVE_CMSIS
  const double sq = absmax(qf, ne) / 127, sk = absmax(kf, ne) / 127, sv = absmax(vf, ne) / 127,
               so = absmax(cf, ne) / 127, sy = absmax(yf, ne) / 127, s_score = smax / 127.0;
  attnkit::softmax_s8_params p{};
  if (attnkit::softmax_s8_params_from_scale(s_score, 1.0, &p) != status::ok) die("params");
  auto cq = [](double r) {
    const quant_scale s = qs(r);
    return cm_quant{s.multiplier, s.shift};
  };
  cm_mha_args ca{};
  ca.n = n;
  ca.e = e;
  ca.heads = h;
  ca.x = x;
  ca.wq = w[0];
  ca.wk = w[1];
  ca.wv = w[2];
  ca.wo = w[3];
  const int32_t fcbuf = cm_fc_buffer_size(e, e);
  int32_t* sums[4];
  for (int i = 0; i < 4; ++i) {
    sums[i] = take<int32_t>(static_cast<size_t>(fcbuf) / 4 + 1);
    cm_fc_prepare(sums[i], w[i], e, e);
  }
  ca.sq = sums[0];
  ca.sk = sums[1];
  ca.sv = sums[2];
  ca.so = sums[3];
  for (int8_t** t : {&ca.q, &ca.k, &ca.v, &ca.qh, &ca.kh, &ca.vth, &ca.oh, &ca.o, &ca.y})
    *t = take<int8_t>(ne);
  const size_t hnn = static_cast<size_t>(h) * n * n;
  ca.scores = take<int8_t>(hnn);
  ca.probs = take<int8_t>(hnn);
  const int32_t bmmbuf = cm_fc_buffer_size(dh, n > dh ? n : dh);
  ca.buf = take<int32_t>(static_cast<size_t>(bmmbuf) / 4 + 1);
  ca.fq = cq(xs * ws / sq);
  ca.fk = cq(xs * ws / sk);
  ca.fv = cq(xs * ws / sv);
  ca.qk = cq(sq * sk / std::sqrt(static_cast<double>(dh)) / s_score);
  ca.pv = cq(sv / 256 / so);  // P (scale 1/256, zero point -128) V -> heads' output scale so
  ca.fo = cq(so * ws / sy);
  ca.sm_mult = p.multiplier;
  ca.sm_shift = p.left_shift;
  ca.sm_diff_min = p.diff_min;
  side cm;
  cm.status = cm_mha(&ca, &cm.m);
  cm.scratch = 4ll * fcbuf + (bmmbuf > 0 ? bmmbuf : 0);  // kernel sums (Helium) + bmm buffer
  // Largest set of intermediate tensors alive at once, op by op (what TFLM's arena planner
  // needs at best): after the projections and transposes, Q K^T, softmax, P V.
  const long long NE = static_cast<long long>(ne), HNN = static_cast<long long>(hnn);
  long long peak = 4 * NE;
  for (long long v : {3 * NE + HNN, NE + 2 * HNN, 2 * NE + HNN}) peak = v > peak ? v : peak;
  cm.inter = peak;
  rel_l2 ec;
  for (size_t i = 0; i < ne; ++i) ec.add(ca.y[i] * static_cast<float>(sy), yf[i]);
  cm.rel_e6 = ec.e6();
  emit("mha_s8", "N64-E64-H4", "fc+transpose+bmm+softmax+bmm+fc", "MAC", macs, "mha_s8", "mha", ak,
       &cm, cmp{});
#else
  emit("mha_s8", "N64-E64-H4", "-", "MAC", macs, "mha_s8", "-", ak, nullptr, cmp{});
#endif
}

// ---- pe_table_q15 --------------------------------------------------------------------------

void bench_pe() {
  const rows_shape shapes[] = {{64, 64}, {128, 128}};
  for (const rows_shape& s : shapes) {
    g_used = 0;
    const size_t n = static_cast<size_t>(s.rows) * s.cols;
    int16_t* out = take<int16_t>(n);
    side ak;
    BENCH_CALL(&ak.m, ak.status = static_cast<int>(attnkit::pe_table_q15(0, s.rows, s.cols, out)));
    text sh;
    sh << s.rows << "x" << s.cols;
    emit("pe_table_q15", sh.c_str(), "-", "element", n, "pe_table_q15", "-", ak, nullptr, cmp{});
  }
}

}  // namespace

int main() {
  bench_init();
  const bench_calib* c = bench_calibration();
  line("@M")
      .kv("target", BENCH_TARGET)
      .kv("cal_dt", static_cast<long long>(c->dt))
      .kv("cal_dn", static_cast<long long>(c->dn))
      .kv("cal_empty_ticks", static_cast<long long>(c->empty))
      .kv("cal_per_wrap_x1000", static_cast<long long>(c->per_wrap_x1000))
      .kv("cal_loop1000", static_cast<long long>(c->check_loop))
      .kv("cal_long", static_cast<long long>(c->check_long))
      .kv("cal_long_expected", static_cast<long long>(c->check_long_expected))
      .kv("cal_long_wraps", static_cast<long long>(c->check_long_wraps))
      .kv("attnkit_port", attnkit::current_port())
      .kv("cmsis", BENCH_HAVE_CMSIS ? 1 : 0)
      .end();
  bench_write("@S attnkit_compiler=gcc " __VERSION__ "\n");
#if BENCH_HAVE_CMSIS
  bench_write("@S cmsis_compiler=");
  bench_write(cm_compiler());
  bench_write("\n@S cmsis_isa=");
  bench_write(cm_isa());
  bench_write("\n");
#endif
  bench_softmax_s8();
  bench_softmax_q15();
  bench_probe();
  bench_attention();
  bench_mha();
  bench_pe();
  bench_write("@END\n");
  return 0;
}
