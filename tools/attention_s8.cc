// SPDX-License-Identifier: Apache-2.0
// `attnkit attention --dtype s8`: the float inputs through the integer kernels and back.
#include "attention_s8.h"

#include <cmath>
#include <string>
#include <vector>

#include "attnkit/quant.h"
#include "commands.h"

namespace cli {

void mha_s8_from_f32(const attnkit::mha_dims& d, const float* x, const float* kv,
                     const attnkit::mha_weights& w, bool causal, const float* mask, float* y,
                     float* weights) {
  const auto check = [](attnkit::status s, const char* what) {
    if (s != attnkit::status::ok)
      throw data_error(std::string(what) + " failed: " + attnkit::status_str(s));
  };
  const size_t e = d.d_model;
  std::vector<int8_t> x8(d.nq * e), kv8(kv ? d.nk * d.d_kv : 0);
  std::vector<attnkit::quant_scale> xs(d.nq), kvs(kv ? d.nk : 0);
  // quantize_rows_s8 fails only for rows whose scale reaches 2^31 (|x| >= 2.7e11).
  check(attnkit::quantize_rows_s8(x, d.nq, e, x8.data(), nullptr, xs.data()),
        "int8 quantisation of the queries (|values| must be below 2.7e11)");
  if (kv)
    check(attnkit::quantize_rows_s8(kv, d.nk, d.d_kv, kv8.data(), nullptr, kvs.data()),
          "int8 quantisation of the keys/values (|values| must be below 2.7e11)");

  std::vector<int8_t> wq(e * e), wk(e * d.d_kv), wv(e * d.d_kv), wo(e * e);
  std::vector<attnkit::quant_scale> sq(e), sk(e), sv(e), so(e);
  std::vector<int32_t> b(4 * e);
  attnkit::mha_s8_storage st;
  st.wq = wq.data(), st.wk = wk.data(), st.wv = wv.data(), st.wo = wo.data();
  st.wq_scale = sq.data(), st.wk_scale = sk.data(), st.wv_scale = sv.data();
  st.wo_scale = so.data();
  st.bq = b.data(), st.bk = b.data() + e, st.bv = b.data() + 2 * e, st.bo = b.data() + 3 * e;
  attnkit::mha_s8_weights w8;
  check(attnkit::mha_quantize_s8(d, w, st, &w8),
        "int8 quantisation of the projection weights (mha_quantize_s8)");

  std::vector<uint8_t> hide;
  if (mask) {
    hide.resize(d.nq * d.nk);
    for (size_t i = 0; i < hide.size(); ++i) {
      if (mask[i] != 0.0f && !(std::isinf(mask[i]) && mask[i] < 0))
        throw data_error("--dtype s8: the mask may only hold 0 and -inf (or be boolean)");
      hide[i] = mask[i] != 0.0f;
    }
  }
  const size_t nw = weights ? d.heads * d.nq * d.nk : 0;
  std::vector<int16_t> w16(nw);
  std::vector<unsigned char> scratch(attnkit::mha_s8_scratch_size(d));
  if (scratch.empty()) throw data_error("--dtype s8: attention of this size is not supported");
  std::vector<int8_t> y8(d.nq * e);
  std::vector<attnkit::quant_scale> ys(d.nq);
  attnkit::attention_s8_opts opts;
  opts.causal = causal;
  opts.mask = mask ? hide.data() : nullptr;
  opts.weights = weights ? w16.data() : nullptr;
  check(
      attnkit::mha_s8(d, x8.data(), xs.data(), kv ? kv8.data() : nullptr, kv ? kvs.data() : nullptr,
                      w8, y8.data(), ys.data(), opts, {scratch.data(), scratch.size()}),
      "the int8 kernels (mha_s8: a product of the input and weight scales is out of the "
      "Q31 multiplier range)");
  for (size_t i = 0; i < d.nq; ++i) {
    const double s = attnkit::quant_scale_value(ys[i]);
    for (size_t c = 0; c < e; ++c) y[i * e + c] = static_cast<float>(y8[i * e + c] * s);
  }
  if (weights && nw) check(attnkit::dequantize_q15(w16.data(), nw, weights), "dequantize_q15");
}

}  // namespace cli
