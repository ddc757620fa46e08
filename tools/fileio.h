// SPDX-License-Identifier: Apache-2.0
// Whole-file reads and atomic whole-file writes (temp file + fsync + rename) for the host tool.
#pragma once
#include <stdexcept>
#include <string>

namespace fileio {

/// Every I/O problem: what() is one line, "<path>: <problem>".
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The whole file as bytes.
std::string read_file(const std::string& path);

/// Writes `bytes` to a temporary file in path's directory, fsyncs it and renames it over
/// path, so readers see either the old file or the complete new one.
void write_file_atomic(const std::string& path, const std::string& bytes);

}  // namespace fileio
