// SPDX-License-Identifier: Apache-2.0
// NumPy .npy reading (v1-v3, any byte order, C/Fortran order) and atomic writing for the CLI.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace npy {

/// Every problem with a file: what() is one line, "<file>: <problem>".
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Element type as stored. kind: 'f' float, 'i' signed int, 'u' unsigned int, 'b' bool.
struct dtype {
  char kind = 'f';
  size_t size = 4;
  bool big_endian = false;
  std::string str() const;  ///< e.g. "<f4", "|b1"
};

/// A parsed and validated header.
struct header {
  int major = 1, minor = 0;
  dtype type;
  bool fortran_order = false;
  std::vector<size_t> shape;  ///< () for a scalar
  size_t count = 1;           ///< product of shape (checked)
  size_t data_offset = 0;     ///< bytes before the data
  size_t data_bytes = 0;      ///< count * type.size (checked)
};

/// An array converted to T, always in C (row-major) order.
template <class T>
struct array {
  std::vector<size_t> shape;
  std::vector<T> data;
  dtype stored;  ///< the type the file held
};

/// "(3, 4)", "(3,)", "()" as Python prints a shape.
std::string shape_str(const std::vector<size_t>& shape);

/// Parses the fixed prefix and header dict of an .npy whose total size is file_size.
/// `prefix` must hold at least the header (the data may follow). name is used in messages.
/// Throws npy::error naming the problem (magic, version, lengths, dict syntax, dtype,
/// shape overflow, data length not matching file_size exactly).
header parse_header(const char* prefix, size_t prefix_len, size_t file_size,
                    const std::string& name);

/// Reads a whole file, converting any supported dtype to T (float, double, int32_t, int64_t).
/// Integer targets reject non-integral or out-of-range values. Fortran order is transposed.
template <class T>
array<T> read(const std::string& path);

/// Same as read, from bytes in memory (name is used in messages).
template <class T>
array<T> decode(const std::string& bytes, const std::string& name);

/// The bytes of a v1.0 .npy (v2.0 if the header exceeds 65535 bytes), C order, native
/// byte order. T: float, double, int16_t, int32_t, int64_t.
template <class T>
std::string encode(const std::vector<size_t>& shape, const T* data);

/// Writes several files all-or-nothing as far as the OS allows (io_guard::transaction): add()
/// checks the destination (a regular file or a new one, in an existing directory, not an input
/// of this run, not another output of it) and writes and fsyncs a temporary file next to it;
/// commit() renames them into place. Until commit, no destination is touched; the destructor
/// removes any temporaries left over (and directories made by make_dir).
class output_set {
 public:
  output_set();
  ~output_set();
  output_set(const output_set&) = delete;
  output_set& operator=(const output_set&) = delete;

  template <class T>
  void add(const std::string& path, const std::vector<size_t>& shape, const T* data);
  /// A file that is not an .npy (a PNG, a probe, a header), in the same all-or-nothing set.
  void add_file(const std::string& path, const std::string& bytes);
  /// Creates a directory for the files added next (removed again unless committed).
  void make_dir(const std::string& path);
  void commit();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  void add_raw(const std::string& path, const std::string& head, const void* data, size_t bytes);
};

/// One file, atomically (an output_set with one member).
template <class T>
void write(const std::string& path, const std::vector<size_t>& shape, const T* data) {
  output_set out;
  out.add(path, shape, data);
  out.commit();
}

}  // namespace npy
