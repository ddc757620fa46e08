// SPDX-License-Identifier: Apache-2.0
// POSIX implementation of fileio.h.
#include "fileio.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io_guard.h"

namespace fileio {
namespace {

std::string sys_error() { return std::strerror(errno); }

struct fd_guard {
  int fd = -1;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string read_file(const std::string& path) {
  fd_guard f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) throw error(path + ": cannot open: " + sys_error());
  io_guard::note_input(f.fd);
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(f.fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR) continue;
      throw error(path + ": read failed: " + sys_error());
    }
    if (r == 0) break;
    out.append(buf, static_cast<size_t>(r));
  }
  return out;
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) throw error(path + ": not a file name");
  if (io_guard::is_input(path))
    throw error(path + ": is also an input; write the output to another file");
  std::string tmp;
  fd_guard f;
  for (int attempt = 0; attempt < 100 && f.fd < 0; ++attempt) {
    tmp = dir + "." + base + ".tmp" + std::to_string(::getpid()) + "-" + std::to_string(attempt);
    f.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (f.fd < 0 && errno != EEXIST) throw error(path + ": cannot create: " + sys_error());
  }
  if (f.fd < 0) throw error(path + ": cannot create a temporary file");
  size_t done = 0;
  bool ok = true;
  while (ok && done < bytes.size()) {
    const ssize_t w = ::write(f.fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    ok = w > 0;
    if (ok) done += static_cast<size_t>(w);
  }
  ok = ok && ::fsync(f.fd) == 0;
  const std::string why = ok ? std::string() : sys_error();
  ok = ::close(f.fd) == 0 && ok;
  f.fd = -1;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string msg = why.empty() ? sys_error() : why;
    ::unlink(tmp.c_str());
    throw error(path + ": cannot write: " + msg);
  }
}

}  // namespace fileio
