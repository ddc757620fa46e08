// SPDX-License-Identifier: Apache-2.0
// Internal argument-check helpers shared by the public entry points.
#pragma once
#include <cstddef>
#include <cstdint>

#include "attnkit/status.h"

namespace attnkit {
namespace detail {

/// *out = a * b, false on size_t overflow.
inline bool mul_ok(size_t a, size_t b, size_t* out) { return !__builtin_mul_overflow(a, b, out); }
/// *out = a * b * c, false on overflow.
inline bool mul3_ok(size_t a, size_t b, size_t c, size_t* out) {
  size_t t;
  return mul_ok(a, b, &t) && mul_ok(t, c, out);
}
/// a + b, false on overflow.
inline bool add_ok(size_t a, size_t b, size_t* out) { return !__builtin_add_overflow(a, b, out); }

/// Number of float elements that may be indexed in an n x m matrix without the product
/// overflowing the byte count: requires n*m*sizeof(float) to fit.
inline bool matrix_ok(size_t n, size_t m) {
  size_t e;
  return mul3_ok(n, m, sizeof(float), &e);
}

/// True if the float ranges [a, a + na) and [b, b + nb) share an element (b may be null).
inline bool overlaps(const float* a, size_t na, const float* b, size_t nb) {
  if (a == nullptr || b == nullptr || na == 0 || nb == 0) return false;
  const uintptr_t pa = reinterpret_cast<uintptr_t>(a), pb = reinterpret_cast<uintptr_t>(b);
  return pa < pb + nb * sizeof(float) && pb < pa + na * sizeof(float);
}

}  // namespace detail
}  // namespace attnkit
