// SPDX-License-Identifier: Apache-2.0
// Synthetic stand-ins for the worksheet's ESM-1b files: probe embeddings and attention maps.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace gen {

struct esm_like_options {
  size_t n = 2500;    ///< embeddings
  size_t dim = 1280;  ///< embedding width (ESM-1b: 1280)
  uint64_t seed = 0;
  size_t seq_len = 250;   ///< residues per synthetic protein: positions 1..seq_len
  size_t attn_len = 231;  ///< residues of the protein whose attention maps are made
  size_t layers = 33;     ///< attention maps (ESM-1b: 33 layers)
  size_t heads = 4;       ///< heads per layer; each map is the max over heads
  // Embedding = token + position + noise; the defaults make both probes learnable but not
  // perfect (about 90 % for amino acids and 45 % for the exact position).
  double token_std = 0.04;   ///< per-dimension std of the token embeddings
  double pos_smooth = 0.1;   ///< amplitude of the smooth (low-frequency) position part
  double pos_detail = 0.03;  ///< per-position, per-dimension detail
  double noise_std = 0.3;    ///< per-sample noise
};

struct esm_like_data {
  size_t n = 0, dim = 0, T = 0, layers = 0;
  std::vector<float> embeddings;  ///< n x dim
  std::vector<int64_t>
      labels_aa;  ///< n: 0..19 in ESM order (L A G V S E R T I D P K Q N F Y M H W C)
  std::vector<int64_t> labels_pos;  ///< n: token position 1..seq_len (<cls> is position 0)
  std::string sequence;             ///< the attn_len residues of the attention protein
  std::vector<float> attention;     ///< layers x T x T, T = attn_len + 2 (<cls>, <eos>)
};

/// Builds everything in memory; deterministic for a seed. Throws std::invalid_argument on
/// unusable options.
esm_like_data esm_like(const esm_like_options& o);

}  // namespace gen
