// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and atomic whole-file writes (temp file + fsync + rename) for the host tool.
#pragma once
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace fileio {

/// Every I/O problem: what() is one line, "<path>: <problem>".
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Checks a file's first bytes before the rest is read: receives the first
/// min(prefix_len, size) bytes and the file's size, and throws to stop.
using prefix_check = std::function<void(const std::string& prefix, uint64_t size)>;

/// The whole file as bytes. Only a regular file is read: a FIFO or a device is refused before
/// it is opened for reading (io_guard::open_input). With `check`, the first `prefix_len` bytes
/// are read and checked before the rest is (a probe's header against the file's size).
std::string read_file(const std::string& path, const prefix_check& check = {},
                      size_t prefix_len = 0);

/// Writes `bytes` to a temporary file in path's directory, fsyncs it and renames it over
/// path, so readers see either the old file or the complete new one (io_guard::transaction:
/// the destination must be a regular file or new, and not one of the run's inputs).
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace fileio
