// SPDX-License-Identifier: Apache-2.0
// A small seeded generator (xoshiro256**) whose streams are the same on every platform.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace rng {

class xoshiro {
 public:
  explicit xoshiro(uint64_t seed) {
    for (uint64_t& s : s_) s = splitmix(seed);  // spreads any seed, even 0, over the state
  }
  uint64_t next() {
    const uint64_t r = rotl(s_[1] * 5, 7) * 9, t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return r;
  }
  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method); n > 0.
  uint64_t below(uint64_t n) {
    for (;;) {
      const unsigned __int128 m = (unsigned __int128)next() * n;
      const uint64_t lo = static_cast<uint64_t>(m);
      if (lo >= n || lo >= (0 - n) % n) return static_cast<uint64_t>(m >> 64);
    }
  }
  /// Standard normal (Box-Muller; the spare value is kept for the next call).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1;
    do u1 = uniform();
    while (u1 <= 0);
    const double u2 = uniform(), r = std::sqrt(-2.0 * std::log(u1)), a = 6.283185307179586 * u2;
    spare_ = r * std::sin(a);
    has_spare_ = true;
    return r * std::cos(a);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

/// Fisher-Yates shuffle of n items.
template <class T>
void shuffle(T* v, size_t n, xoshiro& g) {
  for (size_t i = n; i > 1; --i) {
    const size_t j = static_cast<size_t>(g.below(i));
    T t = v[i - 1];
    v[i - 1] = v[j];
    v[j] = t;
  }
}

}  // namespace rng
