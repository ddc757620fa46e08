// SPDX-License-Identifier: Apache-2.0
// Refusing to write an output over a file this process has read: the readers note each input's
// identity (device, inode); once the CLI has enabled the guard, the atomic writers refuse such
// a destination (a mistyped -o must not destroy the data it came from). Header-only so that
// every reader and writer can use it without a link dependency.
#pragma once
#include <sys/stat.h>

#include <string>
#include <vector>

namespace io_guard {

struct file_id {
  dev_t dev;
  ino_t ino;
};

/// Off by default (library users such as the tests may replace what they read).
inline bool& enabled() {
  static bool on = false;
  return on;
}

inline std::vector<file_id>& inputs() {
  static std::vector<file_id> ids;
  return ids;
}

/// Notes an open input file (by descriptor, so the identity is the file actually read).
inline void note_input(int fd) {
  struct stat st;
  if (::fstat(fd, &st) == 0) inputs().push_back({st.st_dev, st.st_ino});
}

/// True if the guard is on and `path` names a file noted as an input (any spelling, hard or
/// symbolic link).
inline bool is_input(const std::string& path) {
  if (!enabled()) return false;
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return false;
  for (const file_id& f : inputs())
    if (f.dev == st.st_dev && f.ino == st.st_ino) return true;
  return false;
}

}  // namespace io_guard
