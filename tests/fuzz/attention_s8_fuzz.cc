// SPDX-License-Identifier: Apache-2.0
// Fuzz target: attention_s8, attention_s8_stream and mha_s8 with fuzzer-chosen shapes, scales,
// masks, scratch size and alignment: the status contract, exact scratch bounds, identical
// bytes on every port and between the blocked and streamed kernels, and the Q15 weights
// (non-negative, rows summing to about 2^15, masked rows all zero).
#include <cstring>

#include "attnkit/attention.h"
#include "fuzz/fuzz.h"

using attnkit::quant_scale;
using attnkit::status;

namespace {

bool product_overflows(size_t a, size_t b) {
  size_t t;
  return __builtin_mul_overflow(a, b, &t) || t > SIZE_MAX / sizeof(float);
}

quant_scale scale(fuzz::input& in) {
  // Normalised scales (as quantize_rows_s8 gives) with shifts around real activations; one in
  // sixteen with any shift at all (memory safety and no UB only: they saturate or vanish).
  const int32_t m = static_cast<int32_t>((1u << 30) | (in.u32() & ((1u << 30) - 1)));
  const uint8_t k = in.u8();
  return {m, k >= 240 ? static_cast<int32_t>(in.u32()) : static_cast<int32_t>(k % 24) - 16};
}

std::vector<int8_t> values(fuzz::input& in, size_t n) {
  std::vector<int8_t> v(n);
  const uint8_t k = in.u8();
  for (int8_t& x : v) {
    const uint8_t b = in.u8();
    x = k < 64 ? (b & 1 ? 127 : -127) : static_cast<int8_t>(b == 0x80 ? 0x81 : b);
  }
  return v;
}

// Runs f on the scalar port, then on each variant (f compares its outputs with the last run).
template <class F>
void same_on_every_port(const std::vector<std::string>& variants, size_t bytes, F f,
                        const char* what, std::vector<unsigned char>* scalar_out) {
  fuzz::select("scalar");
  fuzz::buffer<unsigned char> ref(bytes);
  f(ref.data());
  scalar_out->assign(ref.data(), ref.data() + bytes);
  for (const std::string& v : variants) {
    if (v == "scalar") continue;
    fuzz::select(v);
    fuzz::buffer<unsigned char> y(bytes);
    f(y.data());
    FUZZ_CHECK(std::memcmp(y.data(), ref.data(), bytes) == 0,
               std::string(what) + ": " + v + " differs from scalar");
  }
}

void attention(fuzz::input& in, const std::vector<std::string>& variants) {
  attnkit::attention_dims d;
  d.nq = in.size(12);
  d.nk = in.size(12);
  d.dk = in.size(16);
  d.dv = in.size(16);
  const uint8_t mode = in.u8();
  attnkit::attention_s8_opts opts;
  opts.causal = mode & 1;
  const bool use_mask = mode & 2, use_weights = mode & 4;
  const size_t shortfall = (mode & 0x18) == 0x18 ? 1 + in.u8() % 80 : 0;
  const bool zero = d.nq == 0 || d.nk == 0 || d.dk == 0 || d.dv == 0;
  const bool overflow = !zero && (product_overflows(d.nq, d.dk) || product_overflows(d.nk, d.dk) ||
                                  product_overflows(d.nk, d.dv) || product_overflows(d.nq, d.dv) ||
                                  product_overflows(d.nq, d.nk));
  const size_t need = attnkit::attention_s8_scratch_size(d);
  const bool big = zero || overflow || d.nq > 12 || d.nk > 12 || d.dk > 16 || d.dv > 16;
  if (!big) FUZZ_CHECK(need > 0, "no scratch size for valid dims");
  fuzz::expect want;
  want.add(zero || (!zero && d.dk > attnkit::kMaxDotS8), status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(shortfall > 0 || big, status::scratch_too_small);  // big dims: a token scratch
  want.add(big && !zero, status::size_overflow);  // (nk >= 2^31 is beyond the int8 kernels)
  // The streamed kernel: the same checks, weights refused, its own scratch size, which must
  // not depend on the number of keys.
  const size_t need_s = attnkit::attention_s8_stream_scratch_size(d);
  if (!big) {
    FUZZ_CHECK(need_s > 0, "no stream scratch size for valid dims");
    FUZZ_CHECK(need_s == attnkit::attention_s8_stream_scratch_size({d.nq, 1, d.dk, d.dv}),
               "stream scratch depends on the number of keys");
  }
  fuzz::expect want_s;
  want_s.add(zero || (!zero && d.dk > attnkit::kMaxDotS8), status::bad_size);
  want_s.add(overflow || (big && !zero), status::size_overflow);
  want_s.add(use_weights, status::bad_argument);
  want_s.add(shortfall > 0 || big, status::scratch_too_small);
  if (want.ok() && big) return;
  const size_t nq = big ? 1 : d.nq, nk = big ? 1 : d.nk, dk = big ? 1 : d.dk, dv = big ? 1 : d.dv;
  const std::vector<int8_t> q = values(in, nq * dk), k = values(in, nk * dk),
                            v = values(in, nk * dv);
  std::vector<quant_scale> qs(nq), ks(nk);
  for (quant_scale& s : qs) s = scale(in);
  for (quant_scale& s : ks) s = scale(in);
  const quant_scale vs = scale(in);
  std::vector<uint8_t> mask(use_mask ? nq * nk : 0);
  const uint8_t density = in.u8();
  for (uint8_t& m : mask) m = in.u8() < density / 2;
  opts.mask = use_mask ? mask.data() : nullptr;
  const size_t bytes = big || need <= shortfall ? 64 : need - shortfall;
  const size_t bytes_s = big || need_s <= shortfall ? 64 : need_s - shortfall;
  const size_t misalign = in.u8();

  // Output bytes: out (nq x dv int8), out_scale (nq), weights (nq x nk int16).
  const size_t o_bytes = nq * dv, s_bytes = nq * sizeof(quant_scale);
  const size_t w_bytes = use_weights ? nq * nk * sizeof(int16_t) : 0;
  std::vector<unsigned char> got, prev, all;
  same_on_every_port(
      variants, 1,
      [&](unsigned char* first) {
        // Exact-size buffers per output, copied into one record for the comparison.
        fuzz::buffer<int8_t> out(o_bytes);
        fuzz::buffer<quant_scale> out_scale(nq);
        fuzz::buffer<int16_t> weights(use_weights ? nq * nk : 0);
        fuzz::buffer<unsigned char> work(bytes, misalign);
        attnkit::attention_s8_opts o = opts;
        o.weights = use_weights ? weights.data() : nullptr;
        want.check(attnkit::attention_s8(d, q.data(), qs.data(), k.data(), ks.data(), v.data(), vs,
                                         out.data(), out_scale.data(), o, {work.data(), bytes}),
                   "attention_s8");
        got.assign(reinterpret_cast<unsigned char*>(out.data()),
                   reinterpret_cast<unsigned char*>(out.data()) + o_bytes);
        got.insert(got.end(), reinterpret_cast<unsigned char*>(out_scale.data()),
                   reinterpret_cast<unsigned char*>(out_scale.data()) + s_bytes);
        got.insert(got.end(), reinterpret_cast<unsigned char*>(weights.data()),
                   reinterpret_cast<unsigned char*>(weights.data()) + w_bytes);
        if (!prev.empty()) FUZZ_CHECK(prev == got, "attention_s8 differs between ports");
        prev = got;
        fuzz::buffer<int8_t> sout(o_bytes);
        fuzz::buffer<quant_scale> sscale(nq);
        fuzz::buffer<unsigned char> swork(bytes_s, misalign);
        want_s.check(
            attnkit::attention_s8_stream(d, q.data(), qs.data(), k.data(), ks.data(), v.data(), vs,
                                         sout.data(), sscale.data(), o, {swork.data(), bytes_s}),
            "attention_s8_stream");
        if (want_s.ok() && want.ok())
          FUZZ_CHECK(std::memcmp(sout.data(), out.data(), o_bytes) == 0 &&
                         std::memcmp(sscale.data(), out_scale.data(), s_bytes) == 0,
                     "attention_s8_stream differs from attention_s8");
        first[0] = 0;
      },
      "attention_s8", &all);
  if (!want.ok() || !use_weights) return;
  std::vector<int16_t> w(nq * nk);
  std::memcpy(w.data(), got.data() + o_bytes + s_bytes, w_bytes);
  for (size_t i = 0; i < nq; ++i) {
    bool sees = false;
    for (size_t j = 0; j < nk; ++j)
      sees = sees || (!(use_mask && mask[i * nk + j]) && !(opts.causal && j > i));
    int32_t sum = 0;
    for (size_t j = 0; j < nk; ++j) {
      FUZZ_CHECK(w[i * nk + j] >= 0, "negative weight");
      sum += w[i * nk + j];
    }
    if (!sees)
      FUZZ_CHECK(sum == 0, "a row that sees no key has weights");
    else
      FUZZ_CHECK(sum >= 32768 - 2 * static_cast<int32_t>(nk) - 2 &&
                     sum <= 32768 + 2 * static_cast<int32_t>(nk),
                 "weight row sum " + std::to_string(sum));
  }
}

void mha(fuzz::input& in, const std::vector<std::string>& variants) {
  attnkit::mha_dims d;
  d.nq = in.size(8);
  d.d_model = in.size(12);
  const uint8_t mode = in.u8();
  const bool cross = mode & 1;
  d.nk = cross ? in.size(8) : d.nq;
  d.d_kv = cross ? in.size(12) : d.d_model;
  d.heads = 1 + in.u8() % 4;
  attnkit::attention_s8_opts opts;
  opts.causal = mode & 2;
  const bool biases = mode & 4, use_weights = mode & 8;
  const size_t shortfall = (mode & 0x30) == 0x30 ? 1 + in.u8() % 100 : 0;
  const bool zero = d.nq == 0 || d.nk == 0 || d.d_model == 0 || d.d_kv == 0;
  size_t hq = 0;
  const bool overflow =
      !zero && (product_overflows(d.nq, d.d_model) || product_overflows(d.nk, d.d_model) ||
                product_overflows(d.nk, d.d_kv) || product_overflows(d.d_model, d.d_model) ||
                product_overflows(d.d_model, d.d_kv) ||
                __builtin_mul_overflow(d.heads, d.nq, &hq) || product_overflows(hq, d.nk));
  const size_t need = attnkit::mha_s8_scratch_size(d);
  const bool big = zero || overflow || d.nq > 8 || d.nk > 8 || d.d_model > 12 || d.d_kv > 12;
  const bool indivisible = !zero && d.d_model % d.heads != 0;
  fuzz::expect want;
  want.add(zero || indivisible ||
               (!zero && (d.d_model > attnkit::kMaxDotS8 || d.d_kv > attnkit::kMaxDotS8)),
           status::bad_size);
  want.add(overflow, status::size_overflow);
  want.add(shortfall > 0 || big, status::scratch_too_small);
  want.add(big && !zero, status::size_overflow);
  if (want.ok() && big) return;
  const size_t nq = big ? 1 : d.nq, nk = big ? 1 : d.nk, e = big ? 1 : d.d_model,
               dkv = big ? 1 : d.d_kv, heads = big ? 1 : d.heads;
  const std::vector<int8_t> x = values(in, nq * e), kv = values(in, cross ? nk * dkv : 0);
  std::vector<quant_scale> xs(nq), kvs(cross ? nk : 0);
  for (quant_scale& s : xs) s = scale(in);
  for (quant_scale& s : kvs) s = scale(in);
  const std::vector<int8_t> wq = values(in, e * e), wk = values(in, e * dkv),
                            wv = values(in, e * dkv), wo = values(in, e * e);
  std::vector<quant_scale> sq(e), sk(e), sv(e), so(e);
  for (auto* v : {&sq, &sk, &sv, &so})
    for (quant_scale& s : *v) s = scale(in);
  std::vector<int32_t> b(4 * e);
  for (int32_t& v : b) v = static_cast<int32_t>(in.u32()) >> (in.u8() % 32);
  attnkit::mha_s8_weights w;
  w.wq = wq.data(), w.wk = wk.data(), w.wv = wv.data(), w.wo = wo.data();
  w.wq_scale = sq.data(), w.wk_scale = sk.data(), w.wv_scale = sv.data(), w.wo_scale = so.data();
  if (biases)
    w.bq = b.data(), w.bk = b.data() + e, w.bv = b.data() + 2 * e, w.bo = b.data() + 3 * e;
  w.bias_unit = scale(in);
  const size_t bytes = big || need <= shortfall ? 64 : need - shortfall;
  const size_t misalign = in.u8();
  std::vector<unsigned char> prev, all;
  same_on_every_port(
      variants, 1,
      [&](unsigned char* first) {
        fuzz::buffer<int8_t> y(nq * e);
        fuzz::buffer<quant_scale> ys(nq);
        fuzz::buffer<int16_t> weights(use_weights ? heads * nq * nk : 0);
        fuzz::buffer<unsigned char> work(bytes, misalign);
        attnkit::attention_s8_opts o = opts;
        o.weights = use_weights ? weights.data() : nullptr;
        want.check(attnkit::mha_s8(d, x.data(), xs.data(), cross ? kv.data() : nullptr,
                                   cross ? kvs.data() : nullptr, w, y.data(), ys.data(), o,
                                   {work.data(), bytes}),
                   "mha_s8");
        std::vector<unsigned char> got(reinterpret_cast<unsigned char*>(y.data()),
                                       reinterpret_cast<unsigned char*>(y.data()) + nq * e);
        got.insert(got.end(), reinterpret_cast<unsigned char*>(ys.data()),
                   reinterpret_cast<unsigned char*>(ys.data()) + nq * sizeof(quant_scale));
        got.insert(got.end(), reinterpret_cast<unsigned char*>(weights.data()),
                   reinterpret_cast<unsigned char*>(weights.data()) + weights.size() * 2);
        if (!prev.empty()) FUZZ_CHECK(prev == got, "mha_s8 differs between ports");
        prev = got;
        first[0] = 0;
      },
      "mha_s8", &all);
}

}  // namespace

ATTNKIT_FUZZ_TARGET(attention_s8) {
  fuzz::input in(data, size);
  const std::vector<std::string> variants = fuzz::pick(in);
  if (in.u8() & 1)
    mha(in, variants);
  else
    attention(in, variants);
  return 0;
}
