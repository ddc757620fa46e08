// SPDX-License-Identifier: Apache-2.0
// The esm-like generator: token + learned-style position embeddings, and attention maps from
// attnkit::mha_f32 with hand-set query/key weights (local, <cls>/<eos>, same-residue, broad).
#include "gen.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "attnkit/attention.h"
#include "attnkit/pe.h"
#include "attnkit/tokens.h"
#include "rng.h"

namespace gen {
namespace {

constexpr double kTwoPi = 6.283185307179586;

// UniProtKB amino-acid frequencies (percent), in ESM order L A G V S E R T I D P K Q N F Y M H W C.
constexpr double kFreq[20] = {9.86, 8.25, 7.07, 6.86, 6.56, 6.72, 5.53, 5.35, 5.92, 5.45,
                              4.73, 5.81, 3.93, 4.06, 3.86, 2.92, 2.41, 2.27, 1.10, 1.38};

std::string random_protein(size_t len, rng::xoshiro& g) {
  double total = 0;
  for (double f : kFreq) total += f;
  std::string s(len, 'L');
  for (char& c : s) {
    double u = g.uniform() * total;
    int k = 0;
    while (k < 19 && u >= kFreq[k]) u -= kFreq[k++];
    c = attnkit::esm::amino_acids[k];
  }
  return s;
}

std::vector<int32_t> tokenize(const std::string& seq) {
  size_t n = 0;
  (void)attnkit::esm_tokenize(seq.data(), seq.size(), nullptr, 0, &n);
  std::vector<int32_t> ids(n);
  if (attnkit::esm_tokenize(seq.data(), seq.size(), ids.data(), ids.size(), &n) !=
      attnkit::status::ok)
    throw std::runtime_error("esm_tokenize failed");
  return ids;
}

// ---- attention ------------------------------------------------------------------------------

// Features of each token for the synthetic attention layers (d_model = 32 * heads):
//   [0, 64)  sinusoidal PE of the token index      -> local heads (offset by a rotation)
//   [64, 96) a random unit vector per token type    -> same-residue heads
//   96 <cls> flag, 97 <eos> flag, 98 constant 1     -> heads that park on <cls>/<eos>
//   [100, 116) a random unit vector per segment      -> block heads (secondary-structure-like
//              of 4..20 residues                        segments attend within themselves)
constexpr size_t kPe = 64, kTok = 64, kTokDims = 32, kCls = 96, kEos = 97, kOne = 98;
constexpr size_t kSeg = 100, kSegDims = 16;

enum class head_kind { local, cls, eos, same_token, segment, broad };
struct head_plan {
  head_kind kind;
  int offset = 0;   // local: attends to i + offset
  double beta = 1;  // logit gap of the preferred keys
};

// Rows [h*dh, (h+1)*dh) of Wq and Wk (row-major, d x d) for one head.
void set_head(const head_plan& hp, size_t h, size_t dh, size_t d, std::vector<float>& wq,
              std::vector<float>& wk, rng::xoshiro& g) {
  const double scale = std::sqrt(double(dh));  // mha_f32 divides scores by sqrt(dh)
  auto Q = [&](size_t r, size_t c) -> float& { return wq[(h * dh + r) * d + c]; };
  auto K = [&](size_t r, size_t c) -> float& { return wk[(h * dh + r) * d + c]; };
  switch (hp.kind) {
    case head_kind::local: {
      // q_i . k_j = beta/16 * sum_f cos(w_f (i + offset - j)) over the 16 fastest frequencies.
      const size_t pairs = std::min<size_t>(16, dh / 2);
      const double b = hp.beta * scale / double(pairs);
      for (size_t f = 0; f < pairs; ++f) {
        const double w = std::pow(10000.0, -double(2 * f) / double(kPe));
        const double cs = std::cos(w * hp.offset), sn = std::sin(w * hp.offset);
        Q(2 * f, 2 * f) = float(b * cs);
        Q(2 * f, 2 * f + 1) = float(b * sn);
        Q(2 * f + 1, 2 * f) = float(-b * sn);
        Q(2 * f + 1, 2 * f + 1) = float(b * cs);
        K(2 * f, 2 * f) = 1;
        K(2 * f + 1, 2 * f + 1) = 1;
      }
      break;
    }
    case head_kind::cls:
    case head_kind::eos:
      Q(0, kOne) = float(hp.beta * scale);
      K(0, hp.kind == head_kind::cls ? kCls : kEos) = 1;
      // A weak local preference underneath, so rows are not all identical.
      for (size_t f = 1; f < std::min<size_t>(8, dh / 2); ++f) {
        Q(2 * f, 2 * f) = Q(2 * f + 1, 2 * f + 1) = float(0.25 * scale / 8);
        K(2 * f, 2 * f) = K(2 * f + 1, 2 * f + 1) = 1;
      }
      break;
    case head_kind::same_token:
      for (size_t t = 0; t < std::min(kTokDims, dh); ++t) {
        Q(t, kTok + t) = float(hp.beta * scale);
        K(t, kTok + t) = 1;
      }
      break;
    case head_kind::segment:
      for (size_t t = 0; t < std::min(kSegDims, dh); ++t) {
        Q(t, kSeg + t) = float(hp.beta * scale);
        K(t, kSeg + t) = 1;
      }
      break;
    case head_kind::broad:
      for (size_t r = 0; r < dh; ++r)
        for (size_t c = 0; c < d; ++c) {
          Q(r, c) = float(g.normal() * hp.beta / std::sqrt(double(d)));
          K(r, c) = float(g.normal());
        }
      break;
  }
}

// The heads of one layer: early layers local, middle layers mixed, late layers parked on
// <cls>/<eos> (as attention sinks in trained protein models).
std::vector<head_plan> layer_plan(size_t layer, size_t layers, size_t heads, rng::xoshiro& g) {
  const double f = layers > 1 ? double(layer) / double(layers - 1) : 0.0;
  auto jitter = [&](double b) { return b * (0.8 + 0.4 * g.uniform()); };
  head_plan pool[6];
  size_t np = 0;
  auto add = [&](head_kind k, int offset, double beta) { pool[np++] = {k, offset, jitter(beta)}; };
  auto sign = [&]() { return g.uniform() < 0.5 ? -1 : 1; };
  if (f < 0.15) {
    add(head_kind::local, 0, 12);
    add(head_kind::local, -1, 10);
    add(head_kind::local, 1, 10);
    add(head_kind::broad, 0, 1.5);
  } else if (f < 0.4) {
    add(head_kind::local, sign(), 9);
    add(head_kind::local, 2 * sign(), 7);
    add(head_kind::segment, 0, 5);
    add(head_kind::cls, 0, 5);
    add(head_kind::same_token, 0, 4);
    add(head_kind::broad, 0, 2);
  } else if (f < 0.7) {
    add(head_kind::local, 4 * sign(), 6);
    add(head_kind::local, 3 * sign(), 6);
    add(head_kind::same_token, 0, 6);
    add(head_kind::segment, 0, 6);
    add(head_kind::cls, 0, 6);
    add(head_kind::broad, 0, 3);
  } else {
    add(head_kind::cls, 0, 7);
    add(head_kind::eos, 0, 5);
    add(head_kind::broad, 0, 1);
    add(head_kind::local, 0, 4);
  }
  rng::shuffle(pool, np, g);
  std::vector<head_plan> plan(heads);
  for (size_t h = 0; h < heads; ++h) plan[h] = pool[h % np];
  return plan;
}

void attention_maps(const std::vector<int32_t>& ids, const esm_like_options& o, rng::xoshiro& g,
                    std::vector<float>* out) {
  const size_t T = ids.size(), H = o.heads, dh = 32, d = H * dh;
  if (d < 128) throw std::invalid_argument("gen: need at least 4 heads");
  // Token features.
  std::vector<float> tokvec(attnkit::esm::vocab_size * kTokDims);
  for (size_t t = 0; t < attnkit::esm::vocab_size; ++t) {
    double norm = 0;
    for (size_t k = 0; k < kTokDims; ++k) {
      tokvec[t * kTokDims + k] = float(g.normal());
      norm += double(tokvec[t * kTokDims + k]) * tokvec[t * kTokDims + k];
    }
    for (size_t k = 0; k < kTokDims; ++k) tokvec[t * kTokDims + k] /= float(std::sqrt(norm));
  }
  std::vector<float> x(T * d, 0.0f);
  std::vector<float> seg(kSegDims);
  size_t seg_left = 0;
  for (size_t t = 0; t < T; ++t) {
    if (seg_left == 0) {  // a new segment of 4..20 tokens
      seg_left = 4 + size_t(g.below(17));
      double norm = 0;
      for (float& v : seg) {
        v = float(g.normal());
        norm += double(v) * v;
      }
      for (float& v : seg) v /= float(std::sqrt(norm));
    }
    --seg_left;
    float* row = x.data() + t * d;
    if (attnkit::pe_f32(static_cast<uint32_t>(t), kPe, row) != attnkit::status::ok)
      throw std::runtime_error("pe_f32 failed");
    for (size_t k = 0; k < kTokDims; ++k) row[kTok + k] = tokvec[size_t(ids[t]) * kTokDims + k];
    row[kCls] = ids[t] == attnkit::esm::cls;
    row[kEos] = ids[t] == attnkit::esm::eos;
    row[kOne] = 1;
    for (size_t k = kOne + 1; k < d; ++k) row[k] = float(0.05 * g.normal());
    for (size_t k = 0; k < kSegDims; ++k) row[kSeg + k] = seg[k];
  }
  std::vector<float> eye(d * d, 0.0f), wq(d * d), wk(d * d), y(T * d), w(H * T * T);
  for (size_t i = 0; i < d; ++i) eye[i * d + i] = 1;
  attnkit::mha_dims dims;
  dims.nq = dims.nk = T;
  dims.d_model = dims.d_kv = d;
  dims.heads = H;
  std::vector<unsigned char> work(attnkit::mha_f32_scratch_size(dims));
  out->assign(o.layers * T * T, 0.0f);
  for (size_t l = 0; l < o.layers; ++l) {
    std::fill(wq.begin(), wq.end(), 0.0f);
    std::fill(wk.begin(), wk.end(), 0.0f);
    const std::vector<head_plan> plan = layer_plan(l, o.layers, H, g);
    for (size_t h = 0; h < H; ++h) set_head(plan[h], h, dh, d, wq, wk, g);
    attnkit::mha_weights mw;
    mw.wq = wq.data();
    mw.wk = wk.data();
    mw.wv = eye.data();
    mw.wo = eye.data();
    attnkit::attention_opts opts;
    opts.weights = w.data();
    const attnkit::status s =
        attnkit::mha_f32(dims, x.data(), nullptr, mw, y.data(), opts, {work.data(), work.size()});
    if (s != attnkit::status::ok)
      throw std::runtime_error(std::string("mha_f32 failed: ") + attnkit::status_str(s));
    // "head max": the largest weight any head gives each (query, key) pair.
    float* m = out->data() + l * T * T;
    for (size_t h = 0; h < H; ++h)
      for (size_t i = 0; i < T * T; ++i) m[i] = std::max(m[i], w[h * T * T + i]);
  }
}

}  // namespace

esm_like_data esm_like(const esm_like_options& o) {
  if (o.n == 0 || o.dim == 0 || o.seq_len == 0 || o.attn_len == 0 || o.layers == 0)
    throw std::invalid_argument("gen: sizes must be positive");
  if (o.n > (size_t{1} << 26) || o.dim > (size_t{1} << 16) || o.seq_len > 100000 ||
      o.attn_len > 4000 || o.layers > 1000 || o.heads < 4 || o.heads > 64)
    throw std::invalid_argument("gen: a size is out of range");
  rng::xoshiro g(o.seed);
  esm_like_data out;
  out.n = o.n;
  out.dim = o.dim;
  out.layers = o.layers;
  const size_t d = o.dim;

  // Token embeddings (ESM-1b's vocabulary has 33 entries; residues use 20 of them).
  std::vector<float> tok(attnkit::esm::vocab_size * d);
  for (float& v : tok) v = float(o.token_std * g.normal());
  // Learned-style position embeddings: a smooth part (random directions modulated by
  // sinusoids of log-spaced frequencies, as learned tables look) plus per-position detail.
  const size_t P = o.seq_len + 2, K = 64;
  std::vector<double> freq(K), phase(K);
  std::vector<float> dir(K * d);
  for (size_t k = 0; k < K; ++k) {
    const double t = double(k) / double(K - 1);  // periods from 2000 down to 4 positions
    freq[k] = std::exp(std::log(1.0 / 2000) + (std::log(1.0 / 4) - std::log(1.0 / 2000)) * t);
    phase[k] = kTwoPi * g.uniform();
  }
  for (float& v : dir) v = float(g.normal() / std::sqrt(double(K)));
  std::vector<double> wave(P * K);
  for (size_t p = 0; p < P; ++p)
    for (size_t k = 0; k < K; ++k)
      wave[p * K + k] = std::sin(kTwoPi * freq[k] * double(p) + phase[k]);
  std::vector<float> pos(P * d);
  for (size_t p = 0; p < P; ++p)
    for (size_t j = 0; j < d; ++j) {
      double s = 0;
      for (size_t k = 0; k < K; ++k) s += wave[p * K + k] * dir[k * d + j];
      pos[p * d + j] = float(o.pos_smooth * s + o.pos_detail * g.normal());
    }

  // Proteins of seq_len residues, tokenised as ESM does (<cls> residues <eos>); sample i is
  // residue (i mod seq_len) of protein i / seq_len.
  out.embeddings.resize(o.n * d);
  out.labels_aa.resize(o.n);
  out.labels_pos.resize(o.n);
  std::vector<int32_t> ids;
  for (size_t i = 0; i < o.n; ++i) {
    const size_t p = i % o.seq_len + 1;  // token index; <cls> is 0
    if (p == 1) ids = tokenize(random_protein(o.seq_len, g));
    const int32_t id = ids[p];
    out.labels_aa[i] = id - attnkit::esm::first_amino_acid;
    out.labels_pos[i] = static_cast<int64_t>(p);
    float* e = out.embeddings.data() + i * d;
    for (size_t j = 0; j < d; ++j)
      e[j] = float(tok[size_t(id) * d + j] + pos[p * d + j] + o.noise_std * g.normal());
  }

  out.sequence = random_protein(o.attn_len, g);
  const std::vector<int32_t> att_ids = tokenize(out.sequence);
  out.T = att_ids.size();
  attention_maps(att_ids, o, g, &out.attention);
  return out;
}

}  // namespace gen
