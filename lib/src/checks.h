// SPDX-License-Identifier: Apache-2.0
// Internal argument-check helpers shared by the public entry points.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "attnkit/status.h"

namespace attnkit {
namespace detail {

/// *out = a * b, false on size_t overflow.
inline bool mul_ok(size_t a, size_t b, size_t* out) {
  return !__builtin_mul_overflow(a, b, out);
}
/// *out = a * b * c, false on overflow.
inline bool mul3_ok(size_t a, size_t b, size_t c, size_t* out) {
  size_t t;
  return mul_ok(a, b, &t) && mul_ok(t, c, out);
}
/// a + b, false on overflow.
inline bool add_ok(size_t a, size_t b, size_t* out) { return !__builtin_add_overflow(a, b, out); }

/// Bytes needed for n floats, rounded up to kScratchAlign; 0 on overflow.
inline size_t aligned_bytes(size_t n, size_t elem) {
  size_t b;
  if (!mul_ok(n, elem, &b) || b > SIZE_MAX - kScratchAlign) return 0;
  return (b + kScratchAlign - 1) & ~(kScratchAlign - 1);
}

/// Number of float elements that may be indexed in an n x m matrix without the product
/// overflowing the byte count: requires n*m*sizeof(float) to fit.
inline bool matrix_ok(size_t n, size_t m) {
  size_t e;
  return mul3_ok(n, m, sizeof(float), &e);
}

/// Carves consecutive 64-byte-aligned float arrays out of caller scratch.
class scratch_carver {
 public:
  // Aligns the start up to kScratchAlign; *_scratch_size() includes that slack.
  explicit scratch_carver(scratch s) : p_(static_cast<unsigned char*>(s.data)), left_(s.bytes) {
    const size_t mis = reinterpret_cast<uintptr_t>(p_) & (kScratchAlign - 1);
    const size_t skip = mis ? kScratchAlign - mis : 0;
    if (p_ == nullptr || skip > left_) {
      left_ = 0;
    } else {
      p_ += skip;
      left_ -= skip;
    }
  }
  float* take(size_t n) {
    const size_t b = aligned_bytes(n, sizeof(float));
    if (b > left_) return nullptr;
    float* r = reinterpret_cast<float*>(p_);
    p_ += b;
    left_ -= b;
    return r;
  }

 private:
  unsigned char* p_;
  size_t left_;
};

/// Sum of aligned byte counts plus the alignment slack; 0 if any part is 0 or overflows.
inline size_t scratch_total(std::initializer_list<size_t> parts) {
  size_t total = kScratchAlign;
  for (size_t p : parts) {
    if (p == 0 || !add_ok(total, p, &total)) return 0;
  }
  return total;
}

}  // namespace detail
}  // namespace attnkit
