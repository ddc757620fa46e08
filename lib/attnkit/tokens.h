// SPDX-License-Identifier: Apache-2.0
// Allocation-free tokenisers: protein sequences in the ESM alphabet, DNA as overlapping k-mers.
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// ESM-1b / ESM-2 vocabulary (33 ids, in fair-esm's Alphabet order):
///   0 <cls>  1 <pad>  2 <eos>  3 <unk>
///   4..23  L A G V S E R T I D P K Q N F Y M H W C  (the 20 standard amino acids)
///   24..28 X B U Z O  (unknown, Asx, selenocysteine, Glx, pyrrolysine)
///   29 '.'  30 '-'  (gap characters)  31 <null_1>  32 <mask>
namespace esm {
constexpr int32_t cls = 0, pad = 1, eos = 2, unk = 3, mask = 32;
constexpr int32_t first_amino_acid = 4;  ///< ids 4..23 are the 20 standard residues
constexpr size_t vocab_size = 33;
/// The 20 standard residues in id order: amino_acids[i] has id first_amino_acid + i.
constexpr char amino_acids[] = "LAGVSERTIDPKQNFYMHWC";
}  // namespace esm

/// Id of one residue letter as ESM maps it (case-sensitive, like fair-esm: 'a' is <unk>).
int32_t esm_token_id(char c);

/// Text of an id ("<cls>", "L", ...); nullptr when the id is out of range.
const char* esm_token_str(int32_t id);

struct esm_tokenize_opts {
  bool prepend_cls = true;  ///< ESM-1b and ESM-2 start with <cls>
  bool append_eos = true;   ///< and end with <eos>
  size_t pad_to = 0;        ///< if > 0, fill with <pad> up to this many ids
};

/// Tokenises `len` characters of `seq`: one id per residue letter; whitespace is skipped;
/// "<mask>", "<unk>", "<pad>", "<cls>", "<eos>" in the text become that id; any other
/// character becomes <unk>. Writes up to `capacity` ids and sets *count to the number of
/// ids the full result has. Returns bad_size (ids untouched beyond capacity) when
/// capacity < *count or when the sequence is longer than pad_to.
status esm_tokenize(const char* seq, size_t len, int32_t* ids, size_t capacity, size_t* count,
                    const esm_tokenize_opts& opts = {});

/// DNABERT k-mer vocabulary: 5 special ids then all 4^k k-mers.
namespace dna {
constexpr int32_t pad = 0, unk = 1, cls = 2, sep = 3, mask = 4;
constexpr int32_t first_kmer = 5;
constexpr unsigned min_k = 3, max_k = 6;
}  // namespace dna

/// Order of the k-mers in the vocabulary. DNABERT's released vocab.txt files count in base 4
/// with digits A=0 T=1 C=2 G=3 (AAA, AAT, AAC, AAG, ATA, ...); `acgt` is plain lexicographic
/// order (AAA, AAC, AAG, AAT, ACA, ...).
enum class kmer_order { dnabert, acgt };

/// 5 + 4^k, or 0 when k is outside [3, 6].
size_t dna_vocab_size(unsigned k);

/// Id of one k-mer (k letters of ACGT, either case); dna::unk for any other letter.
/// Returns dna::unk also for a k outside [3, 6].
int32_t dna_kmer_id(const char* kmer, unsigned k, kmer_order order = kmer_order::dnabert);

/// Writes the k letters of a k-mer id (or the special token's name, e.g. "[CLS]") and a
/// terminating NUL to buf. bad_argument for an id outside the vocabulary, bad_size when
/// cap is too small.
status dna_token_str(int32_t id, unsigned k, char* buf, size_t cap,
                     kmer_order order = kmer_order::dnabert);

struct dna_tokenize_opts {
  bool add_cls_sep = true;  ///< [CLS] k-mers... [SEP], as DNABERT
  size_t pad_to = 0;        ///< if > 0, fill with [PAD] up to this many ids
  kmer_order order = kmer_order::dnabert;
};

/// Overlapping k-mers (stride 1) of `len` bases: len - k + 1 ids (none if len < k). A k-mer
/// holding any letter other than ACGT/acgt (e.g. N) is [UNK]. Same count/capacity contract
/// as esm_tokenize; bad_argument when k is outside [3, 6].
status dna_tokenize(const char* seq, size_t len, unsigned k, int32_t* ids, size_t capacity,
                    size_t* count, const dna_tokenize_opts& opts = {});

}  // namespace attnkit
