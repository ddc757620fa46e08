// SPDX-License-Identifier: Apache-2.0
// Test support: buffers at a chosen misalignment with canary bytes before and after them.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace testing_support {

/// `count` elements of T starting `misalign` bytes past a 64-byte boundary, guarded by
/// kCanary bytes on both sides. Outputs start as `fill` bytes (0xFF: NaN for floats, so an
/// element the kernel forgot to write shows up); scratch starts as 0xA5 (never zeroed).
template <class T>
class guarded {
 public:
  static constexpr size_t kCanary = 64;
  static constexpr unsigned char kCanaryByte = 0x5C;

  explicit guarded(size_t count, size_t misalign = 0, unsigned char fill = 0xFF)
      : count_(count), storage_(64 + kCanary + misalign + count * sizeof(T) + kCanary) {
    const uintptr_t base = reinterpret_cast<uintptr_t>(storage_.data()) + kCanary;
    offset_ =
        ((base + 63) & ~uintptr_t{63}) - reinterpret_cast<uintptr_t>(storage_.data()) + misalign;
    std::memset(storage_.data(), kCanaryByte, storage_.size());
    std::memset(storage_.data() + offset_, fill, count * sizeof(T));
  }
  /// A copy of v, `misalign` bytes past a 64-byte boundary.
  guarded(const std::vector<T>& v, size_t misalign) : guarded(v.size(), misalign) { assign(v); }
  guarded(const guarded&) = delete;
  guarded& operator=(const guarded&) = delete;

  T* data() { return reinterpret_cast<T*>(storage_.data() + offset_); }
  const T* data() const { return reinterpret_cast<const T*>(storage_.data() + offset_); }
  size_t size() const { return count_; }
  T& operator[](size_t i) { return data()[i]; }
  const T& operator[](size_t i) const { return data()[i]; }
  void assign(const std::vector<T>& v) { std::memcpy(data(), v.data(), count_ * sizeof(T)); }
  std::vector<T> vec() const { return std::vector<T>(data(), data() + count_); }

  /// True if nothing wrote outside [data(), data() + size()).
  bool canaries_ok() const {
    const size_t end = offset_ + count_ * sizeof(T);
    for (size_t i = offset_ - kCanary; i < offset_; ++i)
      if (storage_[i] != kCanaryByte) return false;
    for (size_t i = end; i < end + kCanary; ++i)
      if (storage_[i] != kCanaryByte) return false;
    return true;
  }

 private:
  size_t count_;
  std::vector<unsigned char> storage_;
  size_t offset_;
};

/// Caller scratch of exactly `bytes` bytes, `misalign` bytes past a 64-byte boundary.
using guarded_bytes = guarded<unsigned char>;
inline guarded_bytes make_scratch(size_t bytes, size_t misalign) {
  return guarded_bytes(bytes, misalign, 0xA5);
}

}  // namespace testing_support
