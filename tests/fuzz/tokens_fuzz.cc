// SPDX-License-Identifier: Apache-2.0
// Fuzz target: esm_tokenize / dna_tokenize / dna_token_str with fuzzer-chosen text, capacity,
// padding and k, against straightforward reference tokenisers (std::vector, no tricks).
#include <cstring>

#include "attnkit/tokens.h"
#include "fuzz/fuzz.h"

using attnkit::status;

namespace {

std::vector<int32_t> ref_esm(const std::string& s, const attnkit::esm_tokenize_opts& o) {
  static const char* const kSpecial[] = {"<mask>", "<unk>", "<pad>", "<cls>", "<eos>"};
  static const int32_t kIds[] = {attnkit::esm::mask, attnkit::esm::unk, attnkit::esm::pad,
                                 attnkit::esm::cls, attnkit::esm::eos};
  std::vector<int32_t> ids;
  if (o.prepend_cls) ids.push_back(attnkit::esm::cls);
  for (size_t i = 0; i < s.size();) {
    if (std::strchr(" \t\n\r\v\f", s[i]) != nullptr && s[i] != '\0') {
      ++i;
      continue;
    }
    bool special = false;
    for (int k = 0; k < 5 && !special; ++k)
      if (s.compare(i, std::strlen(kSpecial[k]), kSpecial[k]) == 0) {
        ids.push_back(kIds[k]);
        i += std::strlen(kSpecial[k]);
        special = true;
      }
    if (special) continue;
    const char* alphabet = "LAGVSERTIDPKQNFYMHWCXBUZO.-";
    const char* hit = s[i] != '\0' ? std::strchr(alphabet, s[i]) : nullptr;
    ids.push_back(hit ? 4 + static_cast<int32_t>(hit - alphabet) : attnkit::esm::unk);
    ++i;
  }
  if (o.append_eos) ids.push_back(attnkit::esm::eos);
  return ids;
}

std::vector<int32_t> ref_dna(const std::string& s, unsigned k,
                             const attnkit::dna_tokenize_opts& o) {
  std::vector<int32_t> ids;
  if (o.add_cls_sep) ids.push_back(attnkit::dna::cls);
  const char* order = o.order == attnkit::kmer_order::acgt ? "ACGT" : "ATCG";
  auto digit = [&](char c) {
    const char up = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    for (int d = 0; d < 4; ++d)
      if (order[d] == up) return d;
    return -1;
  };
  for (size_t i = 0; i + k <= s.size(); ++i) {
    int32_t v = 0;
    bool bad = false;
    for (unsigned j = 0; j < k && !bad; ++j) {
      const int d = digit(s[i + j]);
      bad = d < 0;
      v = v * 4 + d;
    }
    ids.push_back(bad ? attnkit::dna::unk : attnkit::dna::first_kmer + v);
  }
  if (o.add_cls_sep) ids.push_back(attnkit::dna::sep);
  return ids;
}

// Checks one tokeniser call against the reference ids and the count/capacity/pad contract.
void check(status st, const std::vector<int32_t>& want, size_t pad_to, size_t capacity,
           size_t count, const fuzz::buffer<int32_t>& ids, int32_t pad_id, const char* what) {
  std::vector<int32_t> full = want;
  const bool too_long = pad_to > 0 && want.size() > pad_to;
  if (pad_to > 0 && !too_long) full.resize(pad_to, pad_id);
  FUZZ_CHECK(count == full.size(), std::string(what) + " count " + std::to_string(count) +
                                       " want " + std::to_string(full.size()));
  if (too_long || capacity < full.size()) {
    FUZZ_CHECK(st == status::bad_size, std::string(what) + ": got " + attnkit::status_str(st));
  } else {
    FUZZ_CHECK(st == status::ok, std::string(what) + ": " + attnkit::status_str(st));
  }
  // Whatever fits is written correctly (callers may size a second call from count).
  for (size_t i = 0; i < capacity && i < full.size(); ++i)
    FUZZ_CHECK(ids[i] == full[i], std::string(what) + " id " + std::to_string(i));
}

}  // namespace

ATTNKIT_FUZZ_TARGET(tokens) {
  fuzz::input in(data, size);
  const uint8_t mode = in.u8();
  const size_t pad_to = (mode & 2) ? in.range(0, 300) : 0;
  const size_t capacity = (mode & 4) ? in.range(0, 300) : 300;
  const unsigned k = (mode & 8) ? in.u8() % 9 : 3 + in.u8() % 4;
  const int32_t id = static_cast<int32_t>(in.u32());
  std::string text;
  while (in.left() > 0) text.push_back(static_cast<char>(in.u8()));
  // The text in a buffer of exactly its length, so a read past the end is caught.
  fuzz::buffer<char> seq(text.size());
  std::memcpy(seq.data(), text.data(), text.size());
  fuzz::buffer<int32_t> ids(capacity);
  size_t count = SIZE_MAX;
  if (mode & 1) {
    attnkit::dna_tokenize_opts o;
    o.add_cls_sep = mode & 16;
    o.pad_to = pad_to;
    o.order = (mode & 32) ? attnkit::kmer_order::acgt : attnkit::kmer_order::dnabert;
    const status st = attnkit::dna_tokenize(seq.data(), text.size(), k,
                                            capacity ? ids.data() : nullptr, capacity, &count, o);
    if (k < attnkit::dna::min_k || k > attnkit::dna::max_k) {
      FUZZ_CHECK(st == status::bad_argument, "dna k " + std::to_string(k));
      return 0;
    }
    check(st, ref_dna(text, k, o), pad_to, capacity, count, ids, attnkit::dna::pad, "dna");
    // Every id written names a token that prints back (k-mers round-trip).
    char buf[8];
    for (size_t i = 0; i < count && i < capacity && st == status::ok; ++i) {
      FUZZ_CHECK(attnkit::dna_token_str(ids[i], k, buf, sizeof buf, o.order) == status::ok, "str");
      if (ids[i] >= attnkit::dna::first_kmer)
        FUZZ_CHECK(attnkit::dna_kmer_id(buf, k, o.order) == ids[i], "k-mer round trip");
    }
    fuzz::buffer<char> small(mode >> 6);
    const status s2 = attnkit::dna_token_str(id, k, small.data(), small.size(), o.order);
    FUZZ_CHECK(s2 == status::ok || s2 == status::bad_size || s2 == status::bad_argument, "str");
  } else {
    attnkit::esm_tokenize_opts o;
    o.prepend_cls = mode & 16;
    o.append_eos = mode & 32;
    o.pad_to = pad_to;
    const status st = attnkit::esm_tokenize(seq.data(), text.size(),
                                            capacity ? ids.data() : nullptr, capacity, &count, o);
    check(st, ref_esm(text, o), pad_to, capacity, count, ids, attnkit::esm::pad, "esm");
  }
  return 0;
}
