// SPDX-License-Identifier: Apache-2.0
// Fuzz target: mha_f32 (self and cross attention, biases, masks, per-head weights) with
// fuzzer-chosen shapes and scratch, against the double oracle and the status contract.
#include <cmath>
#include <limits>

#include "attnkit/attention.h"
#include "fuzz/fuzz.h"
#include "ref/reference.h"
#include "support/metrics.h"

using attnkit::status;

namespace {

bool product_overflows(size_t a, size_t b) {
  size_t t;
  return __builtin_mul_overflow(a, b, &t) || t > SIZE_MAX / sizeof(float);
}

}  // namespace

ATTNKIT_FUZZ_TARGET(mha) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8(), mode2 = in.u8();
  attnkit::mha_dims d;
  d.nq = in.size(10);
  d.d_model = in.size(12);
  const bool cross = mode & 1;
  d.nk = cross ? in.size(10) : d.nq;
  d.d_kv = cross ? in.size(12) : d.d_model;
  if (!cross && (mode2 & 0xF0) == 0xF0) d.nk = in.size(10);  // self-attention, mismatched dims
  d.heads = (mode & 2) ? in.size(12) : 1 + in.u8() % 4;
  attnkit::attention_opts opts;
  opts.causal = mode & 4;
  const bool use_mask = mode & 8, use_weights = mode & 16, biases = mode & 32;
  const bool specials = (mode & 0xC0) == 0xC0;
  const uint8_t nulls = (mode2 & 0x0F) == 0x0F ? 1 + in.u8() % 7 : 0;
  const size_t shortfall = (mode2 & 0x30) == 0x30 ? 1 + in.u8() % 100 : 0;

  const bool zero = d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0 || d.heads == 0;
  const bool indivisible = !zero && d.d_model % d.heads != 0;
  const bool self_mismatch = !cross && (d.nk != d.nq || d.d_kv != d.d_model);
  size_t hq = 0;
  const bool overflow =
      !zero && (product_overflows(d.nq, d.d_model) || product_overflows(d.nk, d.d_model) ||
                product_overflows(d.nk, d.d_kv) || product_overflows(d.d_model, d.d_model) ||
                product_overflows(d.d_model, d.d_kv) ||
                __builtin_mul_overflow(d.heads, d.nq, &hq) || product_overflows(hq, d.nk));
  const size_t need = attnkit::mha_f32_scratch_size(d);
  if (zero || overflow) FUZZ_CHECK(need == 0, "scratch size for bad dims");
  const bool big =
      zero || overflow || d.nq > 10 || d.nk > 10 || d.d_model > 12 || d.d_kv > 12 || d.heads > 12;
  if (!big && !indivisible) FUZZ_CHECK(need > 0, "no scratch size for valid dims");
  const bool scratch_short = shortfall > 0 && need > 0;
  fuzz::expect want;
  want.add(nulls != 0, status::null_pointer);
  want.add(zero || indivisible || self_mismatch, status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(scratch_short || big, status::scratch_too_small);  // big: token scratch below
  const bool ok_expected = want.ok();
  if (ok_expected && big) return 0;

  const size_t nq = big ? 1 : d.nq, nk = big ? 1 : d.nk, e = big ? 1 : d.d_model,
               dkv = big ? 1 : d.d_kv, heads = big ? 1 : d.heads;
  auto fill = [&](size_t n, float l) {
    std::vector<float> v(n);
    for (float& x : v) x = in.value(l, specials);
    return v;
  };
  const std::vector<float> x = fill(nq * e, 2.0f), kv = fill(cross ? nk * dkv : 0, 2.0f);
  const float wl = 1.0f / std::sqrt(static_cast<float>(e > dkv ? e : dkv));
  const std::vector<float> wq = fill(e * e, wl), wk = fill(e * dkv, wl), wv = fill(e * dkv, wl),
                           wo = fill(e * e, wl);
  const std::vector<float> bq = fill(biases ? e : 0, 0.5f), bk = fill(biases ? e : 0, 0.5f),
                           bv = fill(biases ? e : 0, 0.5f), bo = fill(biases ? e : 0, 0.5f);
  std::vector<float> mask;
  if (use_mask) {
    mask.resize(nq * nk);
    for (float& m : mask)
      m = in.u8() < 48 ? -std::numeric_limits<float>::infinity() : in.finite(4.0f);
  }
  opts.mask = use_mask ? mask.data() : nullptr;
  attnkit::mha_weights w;
  w.wq = nulls == 1 ? nullptr : wq.data();
  w.wk = nulls == 2 ? nullptr : wk.data();
  w.wv = nulls == 3 ? nullptr : wv.data();
  w.wo = nulls == 4 ? nullptr : wo.data();
  if (biases) w.bq = bq.data(), w.bk = bk.data(), w.bv = bv.data(), w.bo = bo.data();

  std::vector<double> ry, rw;
  if (ok_expected && !specials) {
    const ref::mha_params p{wq.data(), wk.data(), wv.data(), wo.data(), w.bq, w.bk, w.bv, w.bo};
    ref::mha(x.data(), cross ? kv.data() : x.data(), nq, nk, e, dkv, heads, p, opts.mask,
             opts.causal, &ry, &rw);
  }
  // Float scores carry the rounding of the projections and of the dot product: e + dkv + dh + 2
  // steps over sum_p |q|_ip |k|_jp / sqrt(dh), with |q| = |x||Wq| + |bq|.
  std::vector<double> weight_tol;
  if (ok_expected && !specials && use_weights) {
    auto absv = [](const std::vector<float>& v) {
      std::vector<float> a(v.size());
      for (size_t i = 0; i < v.size(); ++i) a[i] = std::fabs(v[i]);
      return a;
    };
    const std::vector<float> ax = absv(x), akv = absv(cross ? kv : x), awq = absv(wq),
                             awk = absv(wk), abq = absv(bq), abk = absv(bk);
    const std::vector<double> pq = ref::linear(ax.data(), nq, e, awq.data(), e,
                                               biases ? abq.data() : nullptr),
                              pk = ref::linear(akv.data(), nk, dkv, awk.data(), e,
                                               biases ? abk.data() : nullptr);
    const size_t dh = e / heads;
    weight_tol.assign(heads * nq, 0.0);
    for (size_t h = 0; h < heads; ++h)
      for (size_t i = 0; i < nq; ++i) {
        double amax = 0;
        for (size_t j = 0; j < nk; ++j) {
          double a = 0;
          for (size_t p = h * dh; p < (h + 1) * dh; ++p) a += pq[i * e + p] * pk[j * e + p];
          amax = std::fmax(amax, a / std::sqrt(static_cast<double>(dh)));
        }
        weight_tol[h * nq + i] = fuzz::softmax_weight_tolerance(e + dkv + dh + 2, amax);
      }
  }
  const size_t bytes = big || need <= shortfall ? 64 : need - shortfall;
  fuzz::buffer<unsigned char> work(bytes, in.u8());
  fuzz::buffer<float> y(nq * e, in.u8() % 16);
  fuzz::buffer<float> weights(use_weights ? heads * nq * nk : 0);
  for (const std::string& var : variants) {
    fuzz::select(var);
    for (size_t i = 0; i < y.size(); ++i) y[i] = std::nanf("");
    attnkit::attention_opts o = opts;
    o.weights = use_weights ? weights.data() : nullptr;
    const status st = attnkit::mha_f32(
        d, nulls == 5 ? nullptr : x.data(), cross ? kv.data() : nullptr, w,
        nulls == 6 ? nullptr : y.data(), o, {nulls == 7 ? nullptr : work.data(), bytes});
    const std::string where = var + " nq " + std::to_string(d.nq) + " nk " + std::to_string(d.nk) +
                              " e " + std::to_string(d.d_model) + " dkv " + std::to_string(d.d_kv) +
                              " h " + std::to_string(d.heads) + (opts.causal ? " causal" : "") +
                              (use_mask ? " mask" : "") + (use_weights ? " weights" : "") +
                              (biases ? " biases" : "");
    want.check(st, where);
    if (!ok_expected) continue;
    if (specials) continue;
    // Outputs that cancel to ~0 carry the rounding of their terms: the floor of the error scale
    // is 1e-3 of a bound on the terms' size (|y| <= |bo| + e |wo| (dkv |kv| |wv| + |bv|)),
    // not an absolute 1e-3 (found by fuzzing: exact 0 in double, -1.7e-7 in float, terms ~5).
    auto amax = [](const std::vector<float>& v) {
      return testing_support::max_magnitude(v.data(), v.size());
    };
    const double terms =
        amax(bo) + static_cast<double>(e) * amax(wo) *
                       (static_cast<double>(dkv) * amax(cross ? kv : x) * amax(wv) + amax(bv));
    const double scale = std::fmax(1e-3 * std::fmax(terms, 1.0),
                                   testing_support::max_magnitude(ry.data(), ry.size()));
    size_t i = 0;
    FUZZ_CHECK(testing_support::max_abs_error(y.data(), ry.data(), nq * e, &i) <= 1e-4 * scale,
               where + " y[" + std::to_string(i) + "] " + fuzz::num(y[i]) + " vs " +
                   fuzz::num(ry[i]) + " (scale " + fuzz::num(scale) + ")");
    if (use_weights) {
      std::vector<double> tol(heads * nq * nk);
      for (size_t t = 0; t < tol.size(); ++t) tol[t] = weight_tol[t / nk];
      FUZZ_CHECK(testing_support::max_scaled_error(weights.data(), rw.data(), tol.data(),
                                                   tol.size(), &i) <= 1.0,
                 where + " weight " + std::to_string(i) + " " + fuzz::num(weights[i]) + " vs " +
                     fuzz::num(rw[i]) + " (tol " + fuzz::num(tol[i]) + ")");
    }
  }
  return 0;
}
