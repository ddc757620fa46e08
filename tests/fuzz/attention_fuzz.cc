// SPDX-License-Identifier: Apache-2.0
// Fuzz target: attention_f32 (streaming and weights paths) with fuzzer-chosen shapes, masks,
// causal flag, scratch size and alignment, against the double oracle and the status contract.
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

ATTNKIT_FUZZ_TARGET(attention) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  const uint8_t mode = in.u8(), mode2 = in.u8();
  attnkit::attention_dims d;
  d.nq = in.size(20);
  d.nk = in.size(20);
  d.dk = in.size(12);
  d.dv = in.size(12);
  attnkit::attention_opts opts;
  opts.causal = mode & 1;
  const bool use_mask = mode & 2, use_weights = mode & 4;
  const bool specials = mode & 8;  // NaN/inf inputs: only memory safety is checked
  // Which pointer is null: 1-4 q, k, v, out; 5 the scratch (null only matters without weights).
  const uint8_t nulls_sel = (mode >> 4) == 15 ? 1 + mode2 % 5 : 0;
  const uint8_t nulls = nulls_sel == 5 && use_weights ? 0 : nulls_sel;
  const size_t shortfall = (mode2 & 0xE0) == 0xE0 ? 1 + in.u8() % 80 : 0;

  const bool zero = d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0;
  const bool overflow = !zero && (product_overflows(d.nq, d.dk) || product_overflows(d.nk, d.dk) ||
                                  product_overflows(d.nk, d.dv) || product_overflows(d.nq, d.dv) ||
                                  product_overflows(d.nq, d.nk));
  const size_t need = attnkit::attention_f32_scratch_size(d);
  FUZZ_CHECK((need == 0) == (zero || overflow), "scratch size " + std::to_string(need));
  const bool big =
      zero || overflow || d.nq * d.nk > 20 * 20 || d.nq > 20 || d.nk > 20 || d.dk > 12 || d.dv > 12;
  const bool scratch_short = !use_weights && shortfall > 0 && need > 0;
  fuzz::expect want;
  want.add(nulls != 0, status::null_pointer);
  want.add(zero, status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(scratch_short || (big && !use_weights), status::scratch_too_small);
  const bool ok_expected = want.ok();
  if (ok_expected && big) return 0;  // valid but too large to allocate here

  const size_t nq = big ? 1 : d.nq, nk = big ? 1 : d.nk, dk = big ? 1 : d.dk, dv = big ? 1 : d.dv;
  const float lim = (mode2 & 1) ? 4.0f : 1.0f;
  auto fill = [&](size_t n, float l, bool sp) {
    std::vector<float> v(n);
    for (float& x : v) x = in.value(l, sp);
    return v;
  };
  const std::vector<float> q = fill(nq * dk, lim, specials), k = fill(nk * dk, lim, specials),
                           v = fill(nk * dv, 2.0f, specials);
  std::vector<float> mask;
  if (use_mask) {
    mask.resize(nq * nk);
    for (float& m : mask)
      m = specials ? in.value(8.0f, true)
                   : (in.u8() < 64 ? -std::numeric_limits<float>::infinity() : in.finite(8.0f));
  }
  opts.mask = use_mask ? mask.data() : nullptr;

  std::vector<double> ro, rw, rabs;
  if (ok_expected && !specials)
    ref::attention(q.data(), k.data(), v.data(), nq, nk, dk, dv, opts.mask, opts.causal, dk, dk, dv,
                   &ro, &rw, &rabs);
  const double vmax = testing_support::max_magnitude(v.data(), v.size());

  // Huge dims get a token scratch: the call must fail before touching it.
  const size_t scratch_bytes = use_weights        ? (mode2 & 2 ? 0 : 64)
                               : big || need == 0 ? 64
                                                  : need - (shortfall < need ? shortfall : need);
  fuzz::buffer<unsigned char> work(scratch_bytes, in.u8());
  fuzz::buffer<float> out(nq * dv, in.u8() % 16);
  fuzz::buffer<float> weights(use_weights ? nq * nk : 0);
  for (const std::string& var : variants) {
    fuzz::select(var);
    for (size_t i = 0; i < out.size(); ++i) out[i] = std::nanf("");
    for (size_t i = 0; i < weights.size(); ++i) weights[i] = std::nanf("");
    attnkit::attention_opts o = opts;
    o.weights = use_weights ? weights.data() : nullptr;
    attnkit::scratch s{scratch_bytes ? work.data() : nullptr, scratch_bytes};
    if (nulls == 5) s.data = nullptr;
    const status st = attnkit::attention_f32(
        d, nulls == 1 ? nullptr : q.data(), nulls == 2 ? nullptr : k.data(),
        nulls == 3 ? nullptr : v.data(), nulls == 4 ? nullptr : out.data(), o, s);
    const std::string where = var + " " + std::to_string(d.nq) + "x" + std::to_string(d.nk) +
                              " dk " + std::to_string(d.dk) + " dv " + std::to_string(d.dv);
    want.check(st, where);
    if (!ok_expected) continue;
    if (specials) continue;  // memory safety only
    // Outputs within 1e-4 of their terms' size (sum_j w_ij |v_jc|, floored at 1e-3 max|v|).
    std::vector<double> tol(nq * dv);
    for (size_t t = 0; t < tol.size(); ++t) tol[t] = 1e-4 * std::fmax(rabs[t], 1e-3 * vmax) + 1e-30;
    size_t at = 0;
    FUZZ_CHECK(testing_support::max_scaled_error(out.data(), ro.data(), tol.data(), tol.size(),
                                                 &at) <= 1.0,
               where + " out[" + std::to_string(at / dv) + "][" + std::to_string(at % dv) + "] " +
                   std::to_string(out[at]) + " vs " + std::to_string(ro[at]));
    for (size_t i = 0; i < nq; ++i) {
      if (use_weights) {
        // Float scores round over dk + 2 steps of sum_p |q_ip k_jp| / sqrt(dk) + |mask|.
        double smax = 0;
        for (size_t j = 0; j < nk; ++j) {
          double a = 0;
          for (size_t p = 0; p < dk; ++p)
            a += std::fabs(static_cast<double>(q[i * dk + p]) * k[j * dk + p]);
          a /= std::sqrt(static_cast<double>(dk));
          if (use_mask && std::isfinite(mask[i * nk + j])) a += std::fabs(mask[i * nk + j]);
          smax = std::fmax(smax, a);
        }
        const double wtol = fuzz::softmax_weight_tolerance(dk + 2, smax);
        double sum = 0, rsum = 0;
        for (size_t j = 0; j < nk; ++j) {
          const float w = weights[i * nk + j];
          FUZZ_CHECK(std::fabs(w - rw[i * nk + j]) <= wtol, where + " weight " + fuzz::num(w) +
                                                                " vs " + fuzz::num(rw[i * nk + j]) +
                                                                " (tol " + fuzz::num(wtol) + ")");
          if (rw[i * nk + j] == 0.0 && (opts.causal && j > i))
            FUZZ_CHECK(w == 0.0f, where + " causal weight");
          if (use_mask && mask[i * nk + j] == -std::numeric_limits<float>::infinity())
            FUZZ_CHECK(w == 0.0f, where + " masked weight");
          sum += w;
          rsum += rw[i * nk + j];
        }
        FUZZ_CHECK(rsum == 0.0 ? sum == 0.0 : std::fabs(sum - 1.0) <= 1e-5, where + " weight sum");
      }
    }
  }
  return 0;
}
