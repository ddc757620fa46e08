// SPDX-License-Identifier: Apache-2.0
// ESM and DNABERT tokenisers: table look-ups into caller buffers, no heap.
#include "attnkit/tokens.h"

namespace attnkit {
namespace {

constexpr const char* kEsmTokens[esm::vocab_size] = {
    "<cls>", "<pad>", "<eos>", "<unk>", "L", "A", "G", "V", "S", "E",        "R",
    "T",     "I",     "D",     "P",     "K", "Q", "N", "F", "Y", "M",        "H",
    "W",     "C",     "X",     "B",     "U", "Z", "O", ".", "-", "<null_1>", "<mask>"};

// Special tokens that may appear in the text, as fair-esm's tokenizer splits them out.
struct special {
  const char* text;
  size_t len;
  int32_t id;
};
constexpr special kEsmSpecials[] = {{"<mask>", 6, esm::mask},
                                    {"<unk>", 5, esm::unk},
                                    {"<pad>", 5, esm::pad},
                                    {"<cls>", 5, esm::cls},
                                    {"<eos>", 5, esm::eos}};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Writes ids[n] when there is room; always counts.
struct sink {
  int32_t* ids;
  size_t capacity;
  size_t n = 0;
  void put(int32_t id) {
    if (n < capacity) ids[n] = id;
    ++n;
  }
};

// Base digit of one letter in the chosen order, or -1.
int base_digit(char c, kmer_order order) {
  switch (c) {
    case 'A':
    case 'a':
      return 0;
    case 'C':
    case 'c':
      return order == kmer_order::acgt ? 1 : 2;
    case 'G':
    case 'g':
      return order == kmer_order::acgt ? 2 : 3;
    case 'T':
    case 't':
      return order == kmer_order::acgt ? 3 : 1;
    default:
      return -1;
  }
}

char digit_base(unsigned d, kmer_order order) {
  return order == kmer_order::acgt ? "ACGT"[d & 3] : "ATCG"[d & 3];
}

bool k_ok(unsigned k) { return k >= dna::min_k && k <= dna::max_k; }

status finish(sink& s, size_t capacity, size_t pad_to, int32_t pad_id, size_t* count) {
  if (pad_to > 0) {
    if (s.n > pad_to) {
      *count = s.n;
      return status::bad_size;
    }
    while (s.n < pad_to) s.put(pad_id);
  }
  *count = s.n;
  return s.n <= capacity ? status::ok : status::bad_size;
}

}  // namespace

int32_t esm_token_id(char c) {
  for (int32_t id = esm::first_amino_acid; id <= 30; ++id)
    if (kEsmTokens[id][0] == c) return id;
  return esm::unk;
}

const char* esm_token_str(int32_t id) {
  return id >= 0 && static_cast<size_t>(id) < esm::vocab_size ? kEsmTokens[id] : nullptr;
}

status esm_tokenize(const char* seq, size_t len, int32_t* ids, size_t capacity, size_t* count,
                    const esm_tokenize_opts& opts) {
  if (count == nullptr || (seq == nullptr && len > 0) || (ids == nullptr && capacity > 0))
    return status::null_pointer;
  sink s{ids, capacity};
  if (opts.prepend_cls) s.put(esm::cls);
  for (size_t i = 0; i < len;) {
    const char c = seq[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '<') {
      bool matched = false;
      for (const special& sp : kEsmSpecials) {
        if (len - i < sp.len) continue;
        size_t j = 0;
        while (j < sp.len && seq[i + j] == sp.text[j]) ++j;
        if (j == sp.len) {
          s.put(sp.id);
          i += sp.len;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    s.put(esm_token_id(c));
    ++i;
  }
  if (opts.append_eos) s.put(esm::eos);
  return finish(s, capacity, opts.pad_to, esm::pad, count);
}

size_t dna_vocab_size(unsigned k) {
  return k_ok(k) ? static_cast<size_t>(dna::first_kmer) + (size_t{1} << (2 * k)) : 0;
}

int32_t dna_kmer_id(const char* kmer, unsigned k, kmer_order order) {
  if (kmer == nullptr || !k_ok(k)) return dna::unk;
  int32_t v = 0;
  for (unsigned i = 0; i < k; ++i) {
    const int d = base_digit(kmer[i], order);
    if (d < 0) return dna::unk;
    v = v * 4 + d;
  }
  return dna::first_kmer + v;
}

status dna_token_str(int32_t id, unsigned k, char* buf, size_t cap, kmer_order order) {
  if (buf == nullptr) return status::null_pointer;
  if (!k_ok(k) || id < 0 || static_cast<size_t>(id) >= dna_vocab_size(k))
    return status::bad_argument;
  if (id < dna::first_kmer) {
    static constexpr const char* kNames[] = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
    const char* name = kNames[id];
    size_t n = 0;
    while (name[n]) ++n;
    if (cap < n + 1) return status::bad_size;
    for (size_t i = 0; i <= n; ++i) buf[i] = name[i];
    return status::ok;
  }
  if (cap < k + 1) return status::bad_size;
  unsigned v = static_cast<unsigned>(id - dna::first_kmer);
  for (unsigned i = k; i-- > 0;) {
    buf[i] = digit_base(v & 3, order);
    v >>= 2;
  }
  buf[k] = '\0';
  return status::ok;
}

status dna_tokenize(const char* seq, size_t len, unsigned k, int32_t* ids, size_t capacity,
                    size_t* count, const dna_tokenize_opts& opts) {
  if (count == nullptr || (seq == nullptr && len > 0) || (ids == nullptr && capacity > 0))
    return status::null_pointer;
  if (!k_ok(k)) return status::bad_argument;
  sink s{ids, capacity};
  if (opts.add_cls_sep) s.put(dna::cls);
  // Rolling 2-bit code of the last k letters; a non-ACGT letter poisons the next k k-mers.
  const uint32_t mask = (uint32_t{1} << (2 * k)) - 1;
  uint32_t code = 0;
  unsigned bad_left = 0;  // letters until the last bad one leaves the window
  for (size_t i = 0; i < len; ++i) {
    const int d = base_digit(seq[i], opts.order);
    if (d < 0) {
      bad_left = k;
      code = (code << 2) & mask;
    } else {
      code = ((code << 2) | static_cast<uint32_t>(d)) & mask;
      if (bad_left) --bad_left;
    }
    if (i + 1 >= k) {
      const bool bad = d < 0 || bad_left > 0;
      s.put(bad ? dna::unk : dna::first_kmer + static_cast<int32_t>(code));
    }
  }
  if (opts.add_cls_sep) s.put(dna::sep);
  return finish(s, capacity, opts.pad_to, dna::pad, count);
}

}  // namespace attnkit
