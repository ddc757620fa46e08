// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the fixed-point kernels and helpers (quant.h, fixed_point.h, softmax_s32_q15,
// softmax_s8, pe_table_q15, probe_s8) with fuzzer-chosen sizes, scales and extreme values.
// Integer kernels must give identical bytes on every port, so each variant is compared with
// the scalar port; the fx primitives are checked against exact 128-bit arithmetic.
#include <cmath>
#include <cstring>
#include <limits>

#include "attnkit/attnkit.h"
#include "lib/internal/fixed_point.h"
#include "fuzz/fuzz.h"

using attnkit::quant_scale;
using attnkit::status;

namespace {

// The exact oracles need 128-bit integers, which 32-bit ARM lacks: there the primitives are
// left to the 64-bit builds and the port comparisons still run.
#ifdef __SIZEOF_INT128__
// round(num / 2^e) with ties away from zero, exactly.
__int128 round_shift(__int128 num, int e) {
  if (e <= 0) return num * (static_cast<__int128>(1) << -e);
  const __int128 d = static_cast<__int128>(1) << e;
  const __int128 q = (num >= 0 ? num : -num) / d, r = (num >= 0 ? num : -num) % d;
  const __int128 mag = q + (2 * r >= d ? 1 : 0);
  return num >= 0 ? mag : -mag;
}

int32_t clamp32(__int128 v) {
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : static_cast<int32_t>(v);
}

#endif  // __SIZEOF_INT128__

quant_scale any_scale(fuzz::input& in) {
  quant_scale s;
  const uint8_t k = in.u8();
  if (k < 160) {  // normalised, as every helper produces
    s.multiplier = static_cast<int32_t>((1u << 30) | (in.u32() & ((1u << 30) - 1)));
    s.shift = static_cast<int32_t>(in.u8() % 81) - 40;
  } else if (k < 176) {
    s = {0, 0};
  } else {  // anything at all
    s.multiplier = static_cast<int32_t>(in.u32());
    s.shift = static_cast<int32_t>(in.u32());
  }
  return s;
}

bool normalised(quant_scale s) { return s.multiplier == 0 || s.multiplier >= (1 << 30); }

int32_t any_i32(fuzz::input& in) {
  static const int32_t kEdge[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX, 0, -1, 1, 1 << 30};
  const uint8_t k = in.u8();
  if (k >= 240) return kEdge[k % 7];
  if (k >= 128) return static_cast<int32_t>(in.u32());
  return static_cast<int32_t>(static_cast<int16_t>(in.u16()));  // near each other
}

// The fx primitives against exact arithmetic.
#ifdef __SIZEOF_INT128__
void primitives(fuzz::input& in) {
  using namespace attnkit::fx;
  const int32_t a = any_i32(in), b = any_i32(in);
  const int e = static_cast<int>(in.u8() % 40) - 4;
  // srdhm: floor(a b / 2^31 + 1/2) (gemmlowp: ties upward); INT32_MIN^2 saturates.
  const int32_t want_srdhm =
      a == INT32_MIN && b == INT32_MIN
          ? INT32_MAX
          : static_cast<int32_t>((static_cast<__int128>(a) * b + (int64_t{1} << 30)) >> 31);
  FUZZ_CHECK(srdhm(a, b) == want_srdhm, "srdhm " + std::to_string(a) + " " + std::to_string(b));
  const int32_t want_rdbpot = e <= 0 ? a : e > 31 ? 0 : static_cast<int32_t>(round_shift(a, e));
  FUZZ_CHECK(rdbpot(a, e) == want_rdbpot, "rdbpot " + std::to_string(a) + " " + std::to_string(e));
  const int32_t want_shl = e <= 0 || a == 0 ? a
                           : e > 31         ? (a > 0 ? INT32_MAX : INT32_MIN)
                                            : clamp32(static_cast<__int128>(a) * (int64_t{1} << e));
  FUZZ_CHECK(sat_shl(a, e) == want_shl, "sat_shl");
  FUZZ_CHECK(sat_add(a, b) == clamp32(static_cast<__int128>(a) + b), "sat_add");
  FUZZ_CHECK(sat_s8(a) == (a > 127 ? 127 : a < -128 ? -128 : a), "sat_s8");
  // requantize as documented: shift <= 0 is TFLite's two roundings, shift > 0 one rounding
  // (half up) of the exact product, saturated; either way within one unit of exact.
  const quant_scale s = any_scale(in);
  const int32_t r = requantize(a, s);
  const __int128 prod = static_cast<__int128>(a) * s.multiplier;
  int32_t want_rq;
  if (s.shift <= 0) {
    want_rq = rdbpot(srdhm(a, s.multiplier), s.shift < -32 ? 32 : -s.shift);
  } else if (s.shift > 31 + 62) {
    want_rq = prod > 0 ? INT32_MAX : prod < 0 ? INT32_MIN : 0;
  } else if (s.shift > 31) {  // exact: |prod| < 2^62, times at most 2^62, fits 128 bits
    want_rq = clamp32(prod * (static_cast<__int128>(1) << (s.shift - 31)));
  } else {
    want_rq = clamp32((prod * (int64_t{1} << s.shift) + (int64_t{1} << 30)) >> 31);
  }
  FUZZ_CHECK(r == want_rq, "requantize " + std::to_string(a) + " by {" +
                               std::to_string(s.multiplier) + ", " + std::to_string(s.shift) +
                               "}: " + std::to_string(r) + " vs " + std::to_string(want_rq));
  if (s.shift > -62 && s.shift < 40) {
    const long double exact = std::ldexp(static_cast<long double>(prod), s.shift - 31);
    if (std::fabs(exact) < 2147483647.0L)
      FUZZ_CHECK(std::fabs(static_cast<long double>(r) - exact) <= 1.0L, "requantize value");
  }
  // mul_scales: the product of two normalised scales, to one rounding of the Q31 product.
  const quant_scale p = any_scale(in), q = any_scale(in);
  const quant_scale m = mul_scales(p, q);
  if (p.multiplier >= (1 << 30) && q.multiplier >= (1 << 30)) {
    FUZZ_CHECK(m.multiplier >= (1 << 30), "mul_scales not normalised");
    const double want = attnkit::quant_scale_value(p) * attnkit::quant_scale_value(q);
    const double got = attnkit::quant_scale_value(m);
    if (std::isnormal(want) && std::isnormal(got))
      FUZZ_CHECK(std::fabs(got / want - 1.0) <= std::ldexp(1.0, -30), "mul_scales value");
  } else if (p.multiplier <= 0 || q.multiplier <= 0) {
    FUZZ_CHECK(m.multiplier == 0, "mul_scales of a zero scale");
  }
}
#endif  // __SIZEOF_INT128__

// quantize_multiplier / quantize_s8 / dequantize / quantize_rows_s8 against their formulas.
void helpers(fuzz::input& in) {
  double real;
  const uint8_t k = in.u8();
  if (k < 128) {
    real = std::ldexp(1.0 + in.u32() / 4294967296.0, static_cast<int>(in.u8() % 100) - 80);
  } else {
    const uint64_t bits = in.u64();
    std::memcpy(&real, &bits, sizeof real);
  }
  quant_scale s{-7, -7};
  const status st = attnkit::quantize_multiplier(real, &s);
  const bool valid = real >= 0.0 && std::isfinite(real) && real < 2147483648.0;
  FUZZ_CHECK(valid == (st == status::ok), "quantize_multiplier status " + std::to_string(real));
  if (st == status::ok) {
    FUZZ_CHECK(s.multiplier == 0 || (s.multiplier >= (1 << 30)), "multiplier not normalised");
    if (real >= std::ldexp(1.0, -60))
      FUZZ_CHECK(std::fabs(attnkit::quant_scale_value(s) - real) <= real * std::ldexp(1.0, -30),
                 "quantize_multiplier value");
  }

  const size_t n = in.range(1, 64);
  std::vector<float> x(n);
  for (float& v : x) v = (k & 1) ? in.raw_f32() : in.value(300.0f, true);
  const float scale = (k & 2) ? in.raw_f32() : 0.01f + in.finite(2.0f) * in.finite(2.0f);
  fuzz::buffer<int8_t> q(n);
  const status qs = attnkit::quantize_s8(x.data(), n, scale, q.data());
  const bool scale_ok = scale > 0.0f && std::isfinite(scale);
  FUZZ_CHECK(scale_ok == (qs == status::ok), "quantize_s8 status");
  if (qs == status::ok) {
    for (size_t i = 0; i < n; ++i) {
      int want = 0;
      if (!std::isnan(x[i])) {
        const double r = std::round(static_cast<double>(x[i]) / scale);  // ties away from zero
        want = r > 127 ? 127 : r < -127 ? -127 : static_cast<int>(r);
      }
      FUZZ_CHECK(q[i] == want, "quantize_s8 value " + std::to_string(x[i]) + " / " +
                                   std::to_string(scale) + " -> " + std::to_string(q[i]));
    }
    fuzz::buffer<float> back(n);
    FUZZ_CHECK(attnkit::dequantize_s8(q.data(), n, scale, back.data()) == status::ok, "deq");
    for (size_t i = 0; i < n; ++i) FUZZ_CHECK(back[i] == q[i] * scale, "dequantize_s8");
  }
  // Per-row quantisation: any values, scales finite and positive, q in [-127, 127].
  const size_t rows = in.size(4), cols = in.size(16);
  size_t t = 0;
  const bool zero = rows == 0 || cols == 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(rows, cols, &t) || t > SIZE_MAX / sizeof(float));
  if (!zero && !overflow && t > 64) return;
  const size_t cells = zero || overflow ? 1 : rows * cols;
  std::vector<float> xr(cells);
  for (float& v : xr) v = in.value(1e6f, true);
  fuzz::buffer<int8_t> qr(cells);
  fuzz::buffer<float> sc(zero || overflow ? 1 : rows);
  fuzz::buffer<quant_scale> qsc(zero || overflow ? 1 : rows);
  fuzz::expect want;
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  // A row scale of 2^31 or more (|x| >= 2.7e11) has no quant_scale: documented bad_argument.
  if (!zero && !overflow)
    for (size_t r = 0; r < rows; ++r) {
      float mx = 0.0f;
      for (size_t j = 0; j < cols; ++j)
        if (std::isfinite(xr[r * cols + j])) mx = std::fmax(mx, std::fabs(xr[r * cols + j]));
      want.add(attnkit::scale_for_absmax_s8(mx) >= 2147483648.0f, status::bad_argument);
    }
  const status rs =
      attnkit::quantize_rows_s8(xr.data(), rows, cols, qr.data(), sc.data(), qsc.data());
  want.check(rs, "quantize_rows_s8");
  if (rs == status::ok)
    for (size_t r = 0; r < rows; ++r) {
      FUZZ_CHECK(std::isfinite(sc[r]) && sc[r] > 0.0f, "row scale");
      // quant_scale flushes factors below 2^-63 to 0 (rows of subnormals).
      FUZZ_CHECK(qsc[r].multiplier >= (1 << 30) ||
                     (qsc[r].multiplier == 0 && sc[r] < std::ldexp(1.0f, -63)),
                 "row quant_scale");
      for (size_t j = 0; j < cols; ++j) FUZZ_CHECK(qr[r * cols + j] >= -127, "row q");
    }
}

// Runs f(y) on the scalar port and on each variant; the bytes must match.
template <class T, class F>
void same_on_every_port(const std::vector<std::string>& variants, size_t n, F f, const char* what,
                        std::vector<T>* scalar_out) {
  fuzz::select("scalar");
  fuzz::buffer<T> ref(n);
  std::memset(ref.data(), 0x5A, n * sizeof(T));
  f(ref.data());
  scalar_out->assign(ref.data(), ref.data() + n);
  for (const std::string& v : variants) {
    if (v == "scalar") continue;
    fuzz::select(v);
    fuzz::buffer<T> y(n);
    std::memset(y.data(), 0x5A, n * sizeof(T));
    f(y.data());
    FUZZ_CHECK(std::memcmp(y.data(), ref.data(), n * sizeof(T)) == 0,
               std::string(what) + ": " + v + " differs from scalar");
  }
}

void softmax_q15(fuzz::input& in, const std::vector<std::string>& variants) {
  const size_t rows = in.size(3), cols = in.size(300);
  const quant_scale s = any_scale(in);
  size_t t = 0;
  const bool zero = rows == 0 || cols == 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(rows, cols, &t) || t > SIZE_MAX / sizeof(float));
  fuzz::expect want;
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(s.multiplier < 0, status::bad_argument);
  if (want.ok() && t > 3 * 300) return;
  const size_t cells = want.ok() ? rows * cols : 1;
  std::vector<int32_t> x(cells);
  const uint8_t masking = in.u8();
  for (int32_t& v : x) v = in.u8() < masking / 2 ? INT32_MIN : any_i32(in);
  std::vector<int16_t> y;
  same_on_every_port<int16_t>(
      variants, cells,
      [&](int16_t* out) {
        want.check(attnkit::softmax_rows_s32_q15(x.data(), rows, cols, s, out), "softmax_s32_q15");
      },
      "softmax_s32_q15", &y);
  if (!want.ok()) return;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t* xr = x.data() + r * cols;
    const int16_t* yr = y.data() + r * cols;
    bool any = false;
    long double mx = -INFINITY;
    const int64_t e = int64_t{s.shift} - 31;  // clamped: ldexp takes an int
    const long double sc =
        std::ldexp(static_cast<long double>(s.multiplier), static_cast<int>(e < -20000  ? -20000
                                                                            : e > 20000 ? 20000
                                                                                        : e));
    for (size_t j = 0; j < cols; ++j)
      if (xr[j] != INT32_MIN) any = true, mx = std::fmax(mx, static_cast<long double>(xr[j]) * sc);
    long double sum = 0;
    if (any)
      for (size_t j = 0; j < cols; ++j)
        if (xr[j] != INT32_MIN) sum += std::exp(static_cast<long double>(xr[j]) * sc - mx);
    for (size_t j = 0; j < cols; ++j) {
      FUZZ_CHECK(yr[j] >= 0, "negative probability");
      if (xr[j] == INT32_MIN || !any) {
        FUZZ_CHECK(yr[j] == 0, "masked entry not 0");
        continue;
      }
      // Documented accuracy (any normalised scale, rows up to 4096): within 2 of round(p 2^15).
      if (normalised(s) && std::isfinite(static_cast<double>(sc))) {
        const long double p = std::exp(static_cast<long double>(xr[j]) * sc - mx) / sum;
        const long double want_q = std::fmin(std::round(p * 32768), 32767.0L);
        FUZZ_CHECK(std::fabs(yr[j] - want_q) <= 2,
                   "softmax_s32_q15 accuracy: " + std::to_string(yr[j]) + " vs " +
                       std::to_string(static_cast<double>(want_q)) + " scale {" +
                       std::to_string(s.multiplier) + ", " + std::to_string(s.shift) + "} n " +
                       std::to_string(cols));
      }
    }
  }
}

void softmax_int8(fuzz::input& in, const std::vector<std::string>& variants) {
  const size_t rows = in.size(3), cols = in.size(300);
  attnkit::softmax_s8_params p;
  const uint8_t k = in.u8();
  if (k < 200) {
    const double in_scale =
        std::ldexp(1.0 + in.u16() / 65536.0, static_cast<int>(in.u8() % 20) - 14);
    const double beta = 0.25 + in.u8() / 16.0;
    if (attnkit::softmax_s8_params_from_scale(in_scale, beta, &p) != status::ok) return;
  } else {
    p.multiplier = static_cast<int32_t>(in.u32());
    p.left_shift = static_cast<int32_t>(in.u8() % 40) - 4;
    p.diff_min = static_cast<int32_t>(in.u32());
  }
  size_t t = 0;
  const bool zero = rows == 0 || cols == 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(rows, cols, &t) || t > SIZE_MAX / sizeof(float));
  fuzz::expect want;
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(p.multiplier < 0 || p.left_shift < 0 || p.left_shift > 31 || p.diff_min > 0,
           status::bad_argument);
  if (want.ok() && t > 3 * 300) return;
  const size_t cells = want.ok() ? rows * cols : 1;
  std::vector<int8_t> x(cells);
  for (int8_t& v : x) v = static_cast<int8_t>(in.u8());
  std::vector<int8_t> y;
  same_on_every_port<int8_t>(
      variants, cells,
      [&](int8_t* out) {
        want.check(attnkit::softmax_rows_s8(x.data(), rows, cols, p, out), "softmax_s8");
      },
      "softmax_s8", &y);
  if (!want.ok()) return;
  // In place gives the same bytes.
  std::vector<int8_t> z = x;
  FUZZ_CHECK(attnkit::softmax_rows_s8(z.data(), rows, cols, p, z.data()) == status::ok, "alias");
  FUZZ_CHECK(z == y, "softmax_s8 in place differs");
}

void pe_q15(fuzz::input& in, const std::vector<std::string>& variants) {
  uint32_t pos0 = in.u32();
  if (in.u8() & 1) pos0 %= 70000;
  const size_t count = in.size(8), d = in.size(48);
  const uint32_t base = (in.u8() & 1) ? in.u32() : 10000;
  size_t t = 0;
  const bool zero = count == 0 || d == 0;
  fuzz::expect want;
  want.add(zero, status::bad_size);
  want.add(!zero && d > (size_t{1} << 31), status::bad_size);
  want.add(!zero && (__builtin_mul_overflow(count, d, &t) || t > SIZE_MAX / sizeof(float) ||
                     count - 1 > UINT32_MAX - pos0),
           status::size_overflow);
  want.add(base < 2, status::bad_argument);
  if (want.ok() && (count > 8 || d > 48)) return;
  const size_t cells = want.ok() ? count * d : 1;
  std::vector<int16_t> y;
  same_on_every_port<int16_t>(
      variants, cells,
      [&](int16_t* out) {
        want.check(attnkit::pe_table_q15(pos0, count, d, out, base), "pe_table_q15");
      },
      "pe_table_q15", &y);
  if (!want.ok()) return;
  // Within 1 LSB of the correctly rounded value: within 1.5 of the exact one (long double
  // keeps the angle exact to far below an LSB for every 32-bit position).
  for (size_t r = 0; r < count; ++r)
    for (size_t j = 0; j < d; ++j) {
      const long double pos = static_cast<long double>(pos0) + r;
      const long double w =
          std::pow(static_cast<long double>(base), -static_cast<long double>(j & ~size_t{1}) / d);
      const long double a = pos * w;
      const long double v = 32768.0L * ((j & 1) ? std::cos(a) : std::sin(a));
      FUZZ_CHECK(std::fabs(y[r * d + j] - std::fmin(v, 32767.0L)) <= 1.5L,
                 "pe_q15 pos " + std::to_string(static_cast<double>(pos)) + " j " +
                     std::to_string(j) + " d " + std::to_string(d) + " base " +
                     std::to_string(base) + ": " + std::to_string(y[r * d + j]) + " vs " +
                     std::to_string(static_cast<double>(v)));
    }
}

void probe_int8(fuzz::input& in, const std::vector<std::string>& variants) {
  attnkit::probe_s8_model m;
  m.classes = in.size(8);
  m.dims = in.size(40);
  const size_t batch = in.size(4);
  const uint8_t k = in.u8();
  size_t t1, t2, t3;
  const bool zero = m.classes == 0 || m.dims == 0 || batch == 0;
  const bool overflow =
      !zero && (__builtin_mul_overflow(m.classes, m.dims, &t1) || t1 > SIZE_MAX / 4 ||
                __builtin_mul_overflow(batch, m.dims, &t2) || t2 > SIZE_MAX / 4 ||
                __builtin_mul_overflow(batch, m.classes, &t3) || t3 > SIZE_MAX / 4);
  fuzz::expect want;
  want.add(zero || (!zero && m.dims > attnkit::kMaxDotS8), status::bad_size);
  want.add(overflow, status::size_overflow);
  if (want.ok() && (m.classes > 8 || m.dims > 40 || batch > 4)) return;
  const size_t c = want.ok() ? m.classes : 1, n = want.ok() ? m.dims : 1, b = want.ok() ? batch : 1;
  std::vector<int8_t> w(c * n), x(b * n);
  for (int8_t& v : w) v = (k & 1) ? static_cast<int8_t>(in.u8()) : (in.u8() & 1 ? 127 : -127);
  for (int8_t& v : x) v = (k & 2) ? static_cast<int8_t>(in.u8()) : (in.u8() & 1 ? 127 : -127);
  std::vector<quant_scale> ws(c), xs(b);
  for (quant_scale& s : ws) s = any_scale(in);
  for (quant_scale& s : xs) s = any_scale(in);
  std::vector<int32_t> bias(c), map(c);
  for (int32_t& v : bias) v = any_i32(in);
  for (int32_t& v : map) v = static_cast<int32_t>(in.u32());
  m.w = w.data();
  m.w_scale = ws.data();
  m.b = (k & 4) ? bias.data() : nullptr;
  m.label_map = (k & 8) ? map.data() : nullptr;
  m.logit_scale = any_scale(in);
  const bool probs = k & 16;
  const size_t cells = c * b;
  // One buffer: logits, then labels, then probs (as int32 slots) so one comparison covers all.
  std::vector<int32_t> out;
  same_on_every_port<int32_t>(
      variants, cells * 3,
      [&](int32_t* o) {
        int16_t* pr = reinterpret_cast<int16_t*>(o + 2 * cells);
        want.check(
            attnkit::probe_s8(m, x.data(), xs.data(), batch, o, o + cells, probs ? pr : nullptr),
            "probe_s8");
      },
      "probe_s8", &out);
  if (!want.ok()) return;
  for (size_t i = 0; i < b; ++i) {
    const int32_t* lg = out.data() + i * c;
    size_t best = 0;
    for (size_t cl = 0; cl < c; ++cl) {
      // The documented logit: requantize(exact dot, x_scale * w_scale) + b, saturating;
      // INT32_MIN is reserved for masked entries.
      int64_t acc = 0;
      for (size_t j = 0; j < n; ++j) acc += int64_t{w[cl * n + j]} * x[i * n + j];
      FUZZ_CHECK(acc >= INT32_MIN && acc <= INT32_MAX, "dot overflows int32");
      int32_t v = attnkit::fx::requantize(static_cast<int32_t>(acc),
                                          attnkit::fx::mul_scales(xs[i], ws[cl]));
      if (m.b) v = attnkit::fx::sat_add(v, bias[cl]);
      if (v == INT32_MIN) v = INT32_MIN + 1;
      FUZZ_CHECK(lg[cl] == v,
                 "probe_s8 logit " + std::to_string(lg[cl]) + " vs " + std::to_string(v));
      if (lg[cl] > lg[best]) best = cl;
    }
    const int32_t label = out[cells + i];
    FUZZ_CHECK(label == (m.label_map ? map[best] : static_cast<int32_t>(best)), "probe_s8 label");
    if (probs) {
      const int16_t* pr = reinterpret_cast<const int16_t*>(out.data() + 2 * cells) + i * c;
      for (size_t cl = 0; cl < c; ++cl) FUZZ_CHECK(pr[cl] >= 0, "probe_s8 prob");
    }
  }
}

}  // namespace

ATTNKIT_FUZZ_TARGET(fixed) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  switch (in.u8() % 6) {
    case 0:
#ifdef __SIZEOF_INT128__
      primitives(in);
#endif
      break;
    case 1:
      helpers(in);
      break;
    case 2:
      softmax_q15(in, variants);
      break;
    case 3:
      softmax_int8(in, variants);
      break;
    case 4:
      pe_q15(in, variants);
      break;
    default:
      probe_int8(in, variants);
      break;
  }
  return 0;
}
