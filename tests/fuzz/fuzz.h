// SPDX-License-Identifier: Apache-2.0
// Fuzz-target support: sizes and values drawn from the fuzzer's bytes, checks that fail loudly,
// and the ATTNKIT_FUZZ_TARGET macro that builds one source both as a libFuzzer binary
// (-DATTNKIT_LIBFUZZER, build/fuzz) and into the corpus-replay test (fuzz_replay_tests).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "attnkit/status.h"

namespace fuzz {

/// A failed property: prints and aborts under libFuzzer (it saves the input as a crash);
/// throws into the replay test, which reports the corpus file.
[[noreturn]] void fail(const char* file, int line, const std::string& what);

#define FUZZ_CHECK(cond, what)                                                       \
  do {                                                                               \
    if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, std::string(#cond ": ") + (what)); \
  } while (0)

/// The statuses a call may return, from the documented argument checks. Several may apply
/// at once (the order of the checks is not part of the contract); none means it must succeed.
class expect {
 public:
  void add(bool violated, attnkit::status s) {
    if (violated) bits_ |= 1u << static_cast<int>(s);
  }
  bool ok() const { return bits_ == 0; }
  /// Fails unless s is ok when nothing was violated, or one of the violated statuses.
  void check(attnkit::status s, const std::string& where) const {
    const bool good =
        bits_ == 0 ? s == attnkit::status::ok : ((bits_ >> static_cast<int>(s)) & 1) != 0;
    if (!good) fail(__FILE__, __LINE__, where + ": unexpected status " + attnkit::status_str(s));
  }

 private:
  unsigned bits_ = 0;
};

/// Reads the fuzzer's bytes front to back; past the end every read returns 0.
class input {
 public:
  input(const uint8_t* d, size_t n) : p_(d), n_(n) {}
  size_t left() const { return n_; }
  uint8_t u8() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  uint16_t u16() { return static_cast<uint16_t>(u8() | u8() << 8); }
  uint32_t u32() { return u16() | static_cast<uint32_t>(u16()) << 16; }
  uint64_t u64() { return u32() | static_cast<uint64_t>(u32()) << 32; }
  /// The last byte, taken off the end (so it does not shift what the front reads see).
  uint8_t back_u8() {
    if (n_ == 0) return 0;
    --n_;
    return p_[n_];
  }
  bool flag() { return u8() & 1; }
  /// In [lo, hi] (hi - lo < 2^32).
  size_t range(size_t lo, size_t hi) { return lo + u32() % (hi - lo + 1); }
  /// Mostly in [0, small_max]; one time in eight an extreme size (2^32, SIZE_MAX / 2, ...).
  size_t size(size_t small_max);
  /// Any bit pattern: NaN, +-inf, subnormals and FLT_MAX all occur.
  float raw_f32() {
    const uint32_t b = u32();
    float f;
    std::memcpy(&f, &b, sizeof f);
    return f;
  }
  /// Finite, in [-lim, lim] on a grid of 2^16 steps.
  float finite(float lim) { return (static_cast<float>(u16()) / 32767.5f - 1.0f) * lim; }
  /// Mostly finite(lim); rarely one of the special values (when `specials`).
  float value(float lim, bool specials);

 private:
  const uint8_t* p_;
  size_t n_;
};

/// Every kernel variant: "scalar", "highway/AVX3", ... (tests/support/variants.h).
const std::vector<std::string>& variants();
/// Selects one (port and, for Highway, forced target).
void select(const std::string& variant);

/// A value for a failure message, to full precision (%.9g).
std::string num(double v);
/// The variants to run this input on: under libFuzzer the one named by the input's last byte
/// (coverage tells the fuzzer the variants apart, and one per run keeps runs fast); in the
/// replay test all of them, so a saved input checks every port.
std::vector<std::string> pick(input& in);

/// Raw storage of exactly `bytes` bytes starting `misalign` (mod 64) bytes past a 64-byte
/// boundary; the block ends where the buffer ends, so AddressSanitizer flags the first byte
/// past it. Contents start as 0xA5.
void* alloc_exact(size_t bytes, size_t misalign, void** block);

/// `n` elements of T (n may be 0: data() is still a valid, unique pointer), misaligned by
/// `misalign` elements from a 64-byte boundary.
template <class T>
class buffer {
 public:
  explicit buffer(size_t n, size_t misalign = 0)
      : n_(n), p_(static_cast<T*>(alloc_exact(n * sizeof(T), misalign * sizeof(T), &block_))) {}
  ~buffer() { std::free(block_); }
  buffer(const buffer&) = delete;
  buffer& operator=(const buffer&) = delete;
  T* data() { return p_; }
  const T* data() const { return p_; }
  size_t size() const { return n_; }
  T& operator[](size_t i) { return p_[i]; }
  const T& operator[](size_t i) const { return p_[i]; }

 private:
  void* block_ = nullptr;
  size_t n_;
  T* p_;
};

/// Largest error a correct float kernel may make in a softmax weight: scores carry at most
/// gamma_n * magnitude of rounding (Higham's forward bound; n rounding steps, magnitude the sum
/// of |terms| of the largest score in the row), softmax turns that into <= 2x per weight, and
/// 1e-5 covers exp and the division (found by fuzzing: 1.03e-5 off at weight 0.49, scores ~190).
inline double softmax_weight_tolerance(size_t n, double magnitude) {
  const double u = 5.9604644775390625e-8, nu = static_cast<double>(n) * u;  // u = 2^-24
  return 1e-5 + 2 * (nu / (1 - nu)) * magnitude;
}

/// Registers a replayable target (used by ATTNKIT_FUZZ_TARGET outside libFuzzer builds).
using target_fn = int (*)(const uint8_t*, size_t);
bool register_target(const char* name, target_fn fn);
struct registered {
  std::string name;
  target_fn fn;
};
/// The targets linked into this binary, in registration order.
const std::vector<registered>& targets();

}  // namespace fuzz

#if defined(ATTNKIT_LIBFUZZER)
#define ATTNKIT_FUZZ_TARGET(name)                                           \
  static int fuzz_body_##name(const uint8_t*, size_t);                      \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) { \
    return fuzz_body_##name(data, size);                                    \
  }                                                                         \
  static int fuzz_body_##name(const uint8_t* data, size_t size)
#else
#define ATTNKIT_FUZZ_TARGET(name)                                                              \
  static int fuzz_body_##name(const uint8_t*, size_t);                                         \
  static const bool fuzz_registered_##name = ::fuzz::register_target(#name, fuzz_body_##name); \
  static int fuzz_body_##name(const uint8_t* data, size_t size)
#endif
