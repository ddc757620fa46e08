// SPDX-License-Identifier: Apache-2.0
// POSIX implementation of fileio.h.
#define _FILE_OFFSET_BITS 64
#include "fileio.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "io_guard.h"

namespace fileio {
namespace {

struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads up to n bytes (fewer only at the end of the file).
size_t read_some(int fd, char* p, size_t n, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    const ssize_t r = ::read(fd, p + done, n - done);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw error(path + ": read failed: " + std::strerror(errno));
    }
    if (r == 0) break;
    done += static_cast<size_t>(r);
  }
  return done;
}

}  // namespace

std::string read_file(const std::string& path, const prefix_check& check, size_t prefix_len) {
  fd_guard f;
  uint64_t size = 0;
  try {
    f.fd = io_guard::open_input(path, &size);
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
  std::string out;
  if (check) {
    out.resize(static_cast<size_t>(size < prefix_len ? size : prefix_len));
    out.resize(read_some(f.fd, &out[0], out.size(), path));
    check(out, size);
  }
  if (size > SIZE_MAX / 2) throw error(path + ": too large for this machine");
  try {
    out.reserve(static_cast<size_t>(size));
  } catch (const std::bad_alloc&) {
    throw error(path + ": out of memory for its " + std::to_string(size) + " bytes");
  }
  char buf[1 << 16];
  for (;;) {
    const size_t r = read_some(f.fd, buf, sizeof buf, path);
    if (r == 0) break;
    out.append(buf, r);
    if (out.size() > size) throw error(path + ": the file grew while being read");
  }
  if (out.size() != size) throw error(path + ": the file shrank while being read");
  return out;
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
  try {
    io_guard::transaction t;
    t.add(path, {{bytes.data(), bytes.size()}});
    t.commit();
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
}

}  // namespace fileio
