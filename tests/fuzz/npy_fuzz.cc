// SPDX-License-Identifier: Apache-2.0
// Fuzz target: the host tool's .npy reader (tools/npy.*): in-memory decode to every element
// type, header parsing from a short prefix, the file path (read), and write/read round trips.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstring>

#include "fuzz/fuzz.h"
#include "npy.h"

namespace {

// An error must be one line naming the file.
void check_message(const std::exception& e, const std::string& name) {
  const std::string m = e.what();
  FUZZ_CHECK(m.compare(0, name.size() + 2, name + ": ") == 0, "message lacks the name: " + m);
  FUZZ_CHECK(m.find('\n') == std::string::npos && m.find('\r') == std::string::npos,
             "message spans lines: " + m);
  FUZZ_CHECK(m.size() < 400, "message too long: " + m);
}

size_t product(const std::vector<size_t>& shape) {
  size_t n = 1;
  for (size_t d : shape) n *= d;
  return n;
}

template <class T>
void decode_as(const std::string& bytes) {
  try {
    const npy::array<T> a = npy::decode<T>(bytes, "in.npy");
    FUZZ_CHECK(a.data.size() == product(a.shape), "element count");
    if (std::is_same<T, float>::value) {
      // Written back and read again: the same shape and bits (NaN payloads aside).
      const std::string again = npy::encode(a.shape, a.data.data());
      const npy::array<T> b = npy::decode<T>(again, "again.npy");
      FUZZ_CHECK(b.shape == a.shape, "round-trip shape");
      for (size_t i = 0; i < a.data.size(); ++i)
        FUZZ_CHECK(std::memcmp(&a.data[i], &b.data[i], sizeof(T)) == 0 ||
                       (std::isnan(static_cast<double>(a.data[i])) &&
                        std::isnan(static_cast<double>(b.data[i]))),
                   "round-trip value");
    }
  } catch (const npy::error& e) {
    check_message(e, "in.npy");
  }
}

}  // namespace

ATTNKIT_FUZZ_TARGET(npy) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  decode_as<float>(bytes);
  decode_as<double>(bytes);
  decode_as<int32_t>(bytes);
  decode_as<int64_t>(bytes);

  // parse_header may be given only a prefix: it must not read past prefix_len.
  for (size_t cut : {size_t{10}, size_t{12}, size_t{64}, size / 2, size}) {
    if (cut > size) continue;
    fuzz::buffer<char> prefix(cut);
    std::memcpy(prefix.data(), data, cut);
    try {
      const npy::header h = npy::parse_header(prefix.data(), cut, size, "in.npy");
      FUZZ_CHECK(h.data_offset <= size && h.data_bytes == size - h.data_offset, "header sizes");
      FUZZ_CHECK(h.data_offset <= cut, "header beyond the prefix");
    } catch (const npy::error& e) {
      check_message(e, "in.npy");
    }
  }

  // The file path: same verdict as decode. An in-memory file keeps this off the disk.
  static const int fd = ::memfd_create("npy_fuzz", 0);
  if (fd >= 0 && ::ftruncate(fd, 0) == 0 &&
      ::pwrite(fd, data, size, 0) == static_cast<ssize_t>(size)) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    bool file_ok = true, mem_ok = true;
    std::vector<float> a, b;
    try {
      a = npy::read<float>(path).data;
    } catch (const npy::error& e) {
      check_message(e, path);
      file_ok = false;
    }
    try {
      b = npy::decode<float>(bytes, "in.npy").data;
    } catch (const npy::error&) {
      mem_ok = false;
    }
    FUZZ_CHECK(file_ok == mem_ok, "read and decode disagree");
    FUZZ_CHECK(a.size() == b.size(), "read and decode sizes");
  }
  return 0;
}
