// SPDX-License-Identifier: Apache-2.0
// Tokenisers: ESM alphabet ids, special tokens, DNABERT k-mer ids in both orders, buffer contracts.
#include "attnkit/tokens.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace {

using attnkit::status;

std::vector<int32_t> esm(const std::string& s, attnkit::esm_tokenize_opts o = {}) {
  size_t n = 0;
  const status probe = attnkit::esm_tokenize(s.data(), s.size(), nullptr, 0, &n, o);
  EXPECT_EQ(probe, n == 0 ? status::ok : status::bad_size);
  std::vector<int32_t> ids(n, -1);
  size_t n2 = 0;
  EXPECT_EQ(attnkit::esm_tokenize(s.data(), s.size(), ids.data(), ids.size(), &n2, o), status::ok);
  EXPECT_EQ(n2, n);
  return ids;
}

TEST(Tokens, EsmVocabularyMatchesFairEsmOrder) {
  const char* want[] = {"<cls>", "<pad>", "<eos>", "<unk>", "L",        "A",     "G", "V", "S",
                        "E",     "R",     "T",     "I",     "D",        "P",     "K", "Q", "N",
                        "F",     "Y",     "M",     "H",     "W",        "C",     "X", "B", "U",
                        "Z",     "O",     ".",     "-",     "<null_1>", "<mask>"};
  ASSERT_EQ(sizeof want / sizeof want[0], attnkit::esm::vocab_size);
  for (size_t i = 0; i < attnkit::esm::vocab_size; ++i)
    EXPECT_STREQ(attnkit::esm_token_str(static_cast<int32_t>(i)), want[i]) << i;
  EXPECT_EQ(attnkit::esm_token_str(33), nullptr);
  EXPECT_EQ(attnkit::esm_token_str(-1), nullptr);
  for (int i = 0; i < 20; ++i)
    EXPECT_EQ(attnkit::esm_token_id(attnkit::esm::amino_acids[i]), 4 + i);
  EXPECT_EQ(attnkit::esm_token_id('l'), attnkit::esm::unk);  // case-sensitive, as fair-esm
  EXPECT_EQ(attnkit::esm_token_id('J'), attnkit::esm::unk);
}

TEST(Tokens, EsmSequenceWithSpecials) {
  EXPECT_EQ(esm("MKTVRQ"), (std::vector<int32_t>{0, 20, 15, 11, 7, 10, 16, 2}));
  EXPECT_EQ(esm("K A <mask> I S Q"), (std::vector<int32_t>{0, 15, 5, 32, 12, 8, 16, 2}));
  EXPECT_EQ(esm("A<unk>J<mas"), (std::vector<int32_t>{0, 5, 3, 3, 3, 3, 3, 3, 2}));
  attnkit::esm_tokenize_opts raw;
  raw.prepend_cls = raw.append_eos = false;
  EXPECT_EQ(esm("XBUZO.-", raw), (std::vector<int32_t>{24, 25, 26, 27, 28, 29, 30}));
  EXPECT_EQ(esm("", raw), std::vector<int32_t>{});
}

TEST(Tokens, EsmPaddingAndCapacity) {
  attnkit::esm_tokenize_opts o;
  o.pad_to = 6;
  EXPECT_EQ(esm("AC", o), (std::vector<int32_t>{0, 5, 23, 2, 1, 1}));
  int32_t ids[4] = {-7, -7, -7, -7};
  size_t n = 0;
  EXPECT_EQ(attnkit::esm_tokenize("ACDEFG", 6, ids, 4, &n), status::bad_size);
  EXPECT_EQ(n, 8u);  // tells the caller how much room it needs
  EXPECT_EQ(ids[0], 0);
  EXPECT_EQ(ids[3], 13);  // D: only the first `capacity` ids were written
  o.pad_to = 5;           // sequence longer than pad_to
  EXPECT_EQ(attnkit::esm_tokenize("ACDEFG", 6, ids, 4, &n, o), status::bad_size);
  EXPECT_EQ(attnkit::esm_tokenize(nullptr, 1, ids, 4, &n), status::null_pointer);
  EXPECT_EQ(attnkit::esm_tokenize("A", 1, ids, 4, nullptr), status::null_pointer);
}

TEST(Tokens, DnaVocabularyOrders) {
  using attnkit::kmer_order;
  EXPECT_EQ(attnkit::dna_vocab_size(3), 69u);
  EXPECT_EQ(attnkit::dna_vocab_size(6), 4101u);
  EXPECT_EQ(attnkit::dna_vocab_size(2), 0u);
  EXPECT_EQ(attnkit::dna_vocab_size(7), 0u);
  // DNABERT's bert-config-3/vocab.txt starts [PAD] [UNK] [CLS] [SEP] [MASK] AAA AAT AAC AAG ATA.
  EXPECT_EQ(attnkit::dna_kmer_id("AAA", 3), 5);
  EXPECT_EQ(attnkit::dna_kmer_id("AAT", 3), 6);
  EXPECT_EQ(attnkit::dna_kmer_id("AAC", 3), 7);
  EXPECT_EQ(attnkit::dna_kmer_id("ATA", 3), 9);
  EXPECT_EQ(attnkit::dna_kmer_id("GGG", 3), 68);
  EXPECT_EQ(attnkit::dna_kmer_id("AAC", 3, kmer_order::acgt), 6);
  EXPECT_EQ(attnkit::dna_kmer_id("ACA", 3, kmer_order::acgt), 9);
  EXPECT_EQ(attnkit::dna_kmer_id("TTT", 3, kmer_order::acgt), 68);
  EXPECT_EQ(attnkit::dna_kmer_id("acgtac", 6), attnkit::dna_kmer_id("ACGTAC", 6));
  EXPECT_EQ(attnkit::dna_kmer_id("ACN", 3), attnkit::dna::unk);
  // Every id round-trips through its text, for every k and both orders.
  for (kmer_order order : {kmer_order::dnabert, kmer_order::acgt}) {
    for (unsigned k = 3; k <= 6; ++k) {
      char buf[8];
      std::string prev;
      for (size_t id = 5; id < attnkit::dna_vocab_size(k); ++id) {
        ASSERT_EQ(attnkit::dna_token_str(static_cast<int32_t>(id), k, buf, sizeof buf, order),
                  status::ok);
        ASSERT_EQ(std::strlen(buf), k);
        ASSERT_EQ(attnkit::dna_kmer_id(buf, k, order), static_cast<int32_t>(id));
        if (order == kmer_order::acgt) {
          ASSERT_LT(prev, std::string(buf));  // lexicographic
        }
        prev = buf;
      }
    }
  }
  char buf[8];
  EXPECT_EQ(attnkit::dna_token_str(2, 3, buf, sizeof buf), status::ok);
  EXPECT_STREQ(buf, "[CLS]");
  EXPECT_EQ(attnkit::dna_token_str(69, 3, buf, sizeof buf), status::bad_argument);
  EXPECT_EQ(attnkit::dna_token_str(5, 3, buf, 3), status::bad_size);
}

TEST(Tokens, DnaOverlappingKmers) {
  const std::string seq = "ACGTNACGTA";
  size_t n = 0;
  std::vector<int32_t> ids(16);
  ASSERT_EQ(attnkit::dna_tokenize(seq.data(), seq.size(), 3, ids.data(), ids.size(), &n),
            status::ok);
  ASSERT_EQ(n, 2u + seq.size() - 3 + 1);
  EXPECT_EQ(ids[0], attnkit::dna::cls);
  EXPECT_EQ(ids[n - 1], attnkit::dna::sep);
  for (size_t i = 0; i + 3 <= seq.size(); ++i)
    EXPECT_EQ(ids[1 + i], attnkit::dna_kmer_id(seq.c_str() + i, 3)) << i;
  EXPECT_EQ(ids[1 + 2], attnkit::dna::unk);  // GTN
  EXPECT_EQ(ids[1 + 4], attnkit::dna::unk);  // NAC
  EXPECT_NE(ids[1 + 5], attnkit::dna::unk);  // ACG

  attnkit::dna_tokenize_opts o;
  o.add_cls_sep = false;
  o.pad_to = 4;
  ASSERT_EQ(attnkit::dna_tokenize("ACGTAC", 6, 6, ids.data(), ids.size(), &n, o), status::ok);
  EXPECT_EQ(n, 4u);
  EXPECT_EQ(ids[0], attnkit::dna_kmer_id("ACGTAC", 6));
  EXPECT_EQ(ids[1], attnkit::dna::pad);
  ASSERT_EQ(attnkit::dna_tokenize("AC", 2, 3, ids.data(), ids.size(), &n), status::ok);
  EXPECT_EQ(n, 2u);  // too short for one k-mer: [CLS] [SEP]
  EXPECT_EQ(attnkit::dna_tokenize("ACGT", 4, 7, ids.data(), ids.size(), &n), status::bad_argument);
  EXPECT_EQ(attnkit::dna_tokenize("ACGTACGT", 8, 3, ids.data(), 3, &n), status::bad_size);
  EXPECT_EQ(n, 8u);
}

}  // namespace
