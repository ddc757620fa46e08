// SPDX-License-Identifier: Apache-2.0
// `attnkit attention`: multi-head (self or cross) attention over .npy inputs with attnkit::mha_f32.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

#include "attnkit/attnkit.h"
#include "attention_s8.h"
#include "commands.h"

namespace {

struct attention_options {
  std::string x, kv, heads, wq, wk, wv, wo, bq, bk, bv, bo, mask, out, weights, port;
  bool causal = false;
  std::string dtype = "f32";
};

// A bias, if given, is a vector of d_model entries.
std::vector<float> load_bias(const std::string& path, size_t d) {
  if (path.empty()) return {};
  npy::array<float> b = cli::load_f32(path, 1, "(D,)");
  cli::expect_shape(path, b.shape, {d});
  return std::move(b.data);
}

void run_attention(const attention_options& o) {
  // Option checks first, so a usage error never waits on reading files.
  const size_t heads = cli::parse_uint(o.heads, "--heads", 1, SIZE_MAX);
  cli::apply_port(o.port);
  cli::check_outputs({{"--output", o.out}, {"--weights", o.weights}},
                     {o.x, o.kv, o.wq, o.wk, o.wv, o.wo, o.bq, o.bk, o.bv, o.bo, o.mask});

  const npy::array<float> x = cli::load_f32(o.x, 2, "(N, D)");
  const size_t nq = x.shape[0], d = x.shape[1];
  npy::array<float> kv;
  if (!o.kv.empty()) kv = cli::load_f32(o.kv, 2, "(Nk, Dkv)");
  const size_t nk = o.kv.empty() ? nq : kv.shape[0];
  const size_t dkv = o.kv.empty() ? d : kv.shape[1];
  if (d % heads != 0)
    throw cli::data_error(o.x + ": d_model " + std::to_string(d) + " is not divisible by --heads " +
                          std::to_string(heads));

  const npy::array<float> wq = cli::load_f32(o.wq, 2, "(D, D)");
  cli::expect_shape(o.wq, wq.shape, {d, d});
  const npy::array<float> wk = cli::load_f32(o.wk, 2, "(D, Dkv)");
  cli::expect_shape(o.wk, wk.shape, {d, dkv});
  const npy::array<float> wv = cli::load_f32(o.wv, 2, "(D, Dkv)");
  cli::expect_shape(o.wv, wv.shape, {d, dkv});
  const npy::array<float> wo = cli::load_f32(o.wo, 2, "(D, D)");
  cli::expect_shape(o.wo, wo.shape, {d, d});
  const std::vector<float> bq = load_bias(o.bq, d), bk = load_bias(o.bk, d),
                           bv = load_bias(o.bv, d), bo = load_bias(o.bo, d);

  npy::array<float> mask;
  if (!o.mask.empty()) {
    mask = cli::load_f32(o.mask, 2, "(Nq, Nk)", /*allow_nonfinite=*/true);
    cli::expect_shape(o.mask, mask.shape, {nq, nk});
    // A boolean mask follows PyTorch: True hides the key.
    if (mask.stored.kind == 'b')
      for (float& m : mask.data) m = m != 0 ? -std::numeric_limits<float>::infinity() : 0.0f;
    // -inf hides a key and +inf shares the row's mass; NaN would silently poison the row. The
    // int8 kernels hide keys and add nothing: their mask holds 0 and -inf only.
    const bool s8 = o.dtype == "s8";
    for (size_t i = 0; i < mask.data.size(); ++i) {
      const float m = mask.data[i];
      if (!std::isnan(m) && (!s8 || m == 0.0f || (std::isinf(m) && m < 0))) continue;
      char v[32];
      std::snprintf(v, sizeof v, "%g", double(m));
      throw cli::data_error(o.mask + ": element " + std::to_string(i) + " (row " +
                            std::to_string(i / nk) + ", column " + std::to_string(i % nk) +
                            ") is " + v +
                            (s8 ? "; --dtype s8 takes a mask of 0 and -inf only (or a bool mask)"
                                : "; a mask may hold numbers and -inf/+inf, not NaN"));
    }
  }
  // The int8 path quantises each row of X and KV with scale max|row| / 127, which the int8
  // kernels carry as a Q31 multiplier: it must stay below 2^31 (|x| < 2.7e11).
  if (o.dtype == "s8") {
    const double limit = 127.0 * 2147483648.0;
    auto check_range = [limit](const std::string& path, const std::vector<float>& v, size_t cols) {
      for (size_t i = 0; i < v.size(); ++i)
        if (std::fabs(double(v[i])) >= limit) {
          char val[32];
          std::snprintf(val, sizeof val, "%g", double(v[i]));
          throw cli::data_error(path + ": element " + std::to_string(i) + " (row " +
                                std::to_string(i / cols) + ", column " + std::to_string(i % cols) +
                                ") is " + val +
                                "; --dtype s8 quantises rows to int8 and needs |values| < 2.7e11");
        }
    };
    check_range(o.x, x.data, d);
    if (!o.kv.empty()) check_range(o.kv, kv.data, dkv);
  }

  const attnkit::mha_dims dims{nq, nk, d, dkv, heads};
  const size_t scratch_bytes = attnkit::mha_f32_scratch_size(dims);
  size_t nweights = 0;
  if (scratch_bytes == 0 || __builtin_mul_overflow(heads * nq, nk, &nweights))
    throw cli::data_error(o.x + ": attention of this size does not fit in memory");
  std::vector<unsigned char> scratch(scratch_bytes);
  std::vector<float> y(nq * d), weights(o.weights.empty() ? 0 : nweights);

  attnkit::mha_weights w;
  w.wq = wq.data.data();
  w.wk = wk.data.data();
  w.wv = wv.data.data();
  w.wo = wo.data.data();
  w.bq = bq.empty() ? nullptr : bq.data();
  w.bk = bk.empty() ? nullptr : bk.data();
  w.bv = bv.empty() ? nullptr : bv.data();
  w.bo = bo.empty() ? nullptr : bo.data();
  attnkit::attention_opts opts;
  opts.causal = o.causal;
  opts.mask = o.mask.empty() ? nullptr : mask.data.data();
  opts.weights = o.weights.empty() ? nullptr : weights.data();
  const std::string inputs = o.x + (o.kv.empty() ? "" : ", " + o.kv) + " and the weights";
  if (o.dtype == "s8") {
    try {
      cli::mha_s8_from_f32(dims, x.data.data(), o.kv.empty() ? nullptr : kv.data.data(), w,
                           o.causal, opts.mask, y.data(), opts.weights);
    } catch (const cli::data_error& e) {
      throw cli::data_error(inputs + ": " + e.what());
    }
  } else {
    const attnkit::status s =
        attnkit::mha_f32(dims, x.data.data(), o.kv.empty() ? nullptr : kv.data.data(), w, y.data(),
                         opts, attnkit::scratch{scratch.data(), scratch.size()});
    if (s != attnkit::status::ok)
      throw cli::data_error(std::string("mha_f32 failed: ") + attnkit::status_str(s));
  }
  // Finite inputs whose products overflow float32 (|x| near 3e38, say) give inf and NaN.
  const std::string why = "the projections or scores of " + inputs +
                          " overflow float32 (nothing written; scale the inputs down)";
  cli::require_finite_output(o.out, y.data(), y.size(), d, why);
  if (!o.weights.empty())
    cli::require_finite_output(o.weights, weights.data(), weights.size(), nk, why);

  // Both outputs or neither.
  npy::output_set out;
  out.add(o.out, {nq, d}, y.data());
  if (!o.weights.empty()) out.add(o.weights, {heads, nq, nk}, weights.data());
  out.commit();
}

}  // namespace

void register_attention(CLI::App& app) {
  auto o = std::make_shared<attention_options>();
  CLI::App* sub =
      app.add_subcommand("attention", "Multi-head self/cross attention over .npy files");
  sub->footer(
      "Computes what torch.nn.MultiheadAttention computes with the same weights:\n"
      "  Q = X Wq^T + bq, K = KV Wk^T + bk, V = KV Wv^T + bv, split into H heads of D/H columns\n"
      "  A_h = softmax(Q_h K_h^T / sqrt(D/H) + M), Y = concat_h(A_h V_h) Wo^T + bo\n"
      "Inputs may be any float/int .npy (C or Fortran order); outputs are float32.\n"
      "Example: attnkit attention --x x.npy --heads 4 --wq wq.npy --wk wk.npy --wv wv.npy \\\n"
      "           --wo wo.npy --causal -o y.npy --weights a.npy");
  sub->add_option("--x", o->x, "Queries, N x D (.npy)")->required()->type_name("FILE");
  sub->add_option("--kv", o->kv, "Keys/values source, Nk x Dkv (cross-attention; default: X)")
      ->type_name("FILE");
  sub->add_option("--heads", o->heads, "Number of heads H (divides D)")->required()->type_name("H");
  sub->add_option("--wq", o->wq, "Query projection, D x D")->required()->type_name("FILE");
  sub->add_option("--wk", o->wk, "Key projection, D x Dkv")->required()->type_name("FILE");
  sub->add_option("--wv", o->wv, "Value projection, D x Dkv")->required()->type_name("FILE");
  sub->add_option("--wo", o->wo, "Output projection, D x D")->required()->type_name("FILE");
  sub->add_option("--bq", o->bq, "Query bias, D (default 0)")->type_name("FILE");
  sub->add_option("--bk", o->bk, "Key bias, D (default 0)")->type_name("FILE");
  sub->add_option("--bv", o->bv, "Value bias, D (default 0)")->type_name("FILE");
  sub->add_option("--bo", o->bo, "Output bias, D (default 0)")->type_name("FILE");
  sub->add_flag("--causal", o->causal, "Query i sees keys j <= i only");
  sub->add_option("--dtype", o->dtype,
                  "f32, or s8: X/KV quantised per row and weights per output row to int8, "
                  "run through mha_s8 (integer only), output dequantised to float32")
      ->check(CLI::IsMember({"f32", "s8"}))
      ->capture_default_str();
  sub->add_option("--mask", o->mask,
                  "Additive mask, Nq x Nk (-inf hides a key); a bool mask hides where True")
      ->type_name("FILE");
  sub->add_option("-o,--output", o->out, "Output Y, N x D float32")->required()->type_name("FILE");
  sub->add_option("--weights", o->weights, "Also write the attention weights, H x N x Nk float32")
      ->type_name("FILE");
  cli::add_port_option(*sub, &o->port);
  sub->callback([o] { run_attention(*o); });
}
