// SPDX-License-Identifier: Apache-2.0
// NumPy .npy reader and atomic writer: every header field is validated before it is used.
// Large files on 32-bit hosts (off_t, fstat); no off_t crosses npy.h.
#define _FILE_OFFSET_BITS 64
#include "npy.h"

#include "io_guard.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <type_traits>

namespace npy {
namespace {

constexpr bool kHostBigEndian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
constexpr char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicLen = 6;

[[noreturn]] void fail(const std::string& name, const std::string& what) {
  throw error(name + ": " + what);
}

std::string sys_error() { return std::strerror(errno); }

// Header text quoted in a message: one line and short (keys and descrs come from the file).
std::string clip(const std::string& s) {
  std::string t;
  for (char c : s) {
    if (t.size() >= 40) return t + "...";
    t += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Header dict: a Python literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }

struct dict_parser {
  const std::string& s;
  const std::string& name;
  size_t i = 0;

  [[noreturn]] void bad(const std::string& what) const {
    fail(name, "malformed header: " + what + " at offset " + std::to_string(i) + " of '" +
                   printable() + "'");
  }
  // The header text for messages, trimmed and cut short (it can be megabytes long).
  std::string printable() const {
    std::string t;
    for (char c : s) {
      if (t.size() >= 80) return t + "...";
      t += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    }
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t;
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool eat(char c) {
    ws();
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
  void expect(char c, const char* what) {
    if (!eat(c)) bad(std::string("expected ") + what);
  }
  std::string string_lit() {
    ws();
    if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) bad("expected a quoted string");
    const char q = s[i++];
    std::string out;
    while (i < s.size() && s[i] != q) {
      if (s[i] == '\\') bad("escape sequences are not supported");
      out += s[i++];
    }
    if (i >= s.size()) bad("unterminated string");
    ++i;
    return out;
  }
  bool word(const char* w) {
    ws();
    const size_t n = std::strlen(w);
    if (s.compare(i, n, w) != 0) return false;
    // The keyword must end here ("Truest" is not True).
    if (i + n < s.size() && (std::isalnum(static_cast<unsigned char>(s[i + n])) || s[i + n] == '_'))
      return false;
    i += n;
    return true;
  }
  bool bool_lit() {
    if (word("True")) return true;
    if (word("False")) return false;
    bad("fortran_order must be True or False");
  }
  size_t dim() {
    ws();
    if (i < s.size() && s[i] == '-') bad("negative dimension in shape");
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i])))
      bad("shape must be a tuple of non-negative integers");
    uint64_t v = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      const unsigned d = static_cast<unsigned>(s[i++] - '0');
      if (v > (std::numeric_limits<uint64_t>::max() - d) / 10)
        fail(name, "shape dimension is too large");
      v = v * 10 + d;
    }
    if (i < s.size() && (s[i] == 'L' || s[i] == 'l')) ++i;  // Python 2 long, as numpy accepts
    if (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '.'))
      bad("shape must be a tuple of non-negative integers");
    if (v > std::numeric_limits<size_t>::max()) fail(name, "shape dimension is too large");
    return static_cast<size_t>(v);
  }
  std::vector<size_t> shape_tuple() {
    if (!eat('(')) {
      ws();
      if (i < s.size() && s[i] == '[') bad("shape must be a tuple, not a list");
      bad("shape must be a tuple");
    }
    std::vector<size_t> shape;
    if (eat(')')) return shape;
    for (;;) {
      shape.push_back(dim());
      if (eat(')')) {
        // Python: (3) is the integer 3, not a tuple.
        if (shape.size() == 1) bad("a 1-element shape needs a trailing comma, as (3,)");
        return shape;
      }
      expect(',', "',' or ')' in shape");
      if (eat(')')) return shape;
    }
  }
};

// descr such as '<f4', '>i8', '|b1', '|u1'; '=' and no order mean native.
dtype parse_descr(const std::string& d, const std::string& name) {
  const std::string q = "'" + clip(d) + "'";
  size_t i = 0;
  char order = '=';
  if (i < d.size() && d[i] != '\0' && std::strchr("<>|=", d[i]) != nullptr) order = d[i++];
  if (i >= d.size()) fail(name, "invalid dtype descr " + q);
  const char kind = d[i++];
  if (kind != '\0' && std::strchr("cOSUVMma", kind) != nullptr) {
    const char* what = kind == 'c'                  ? "complex"
                       : kind == 'O'                ? "Python object"
                       : kind == 'S' || kind == 'a' ? "byte string"
                       : kind == 'U'                ? "unicode string"
                       : kind == 'V'                ? "void/structured"
                                                    : "datetime";
    fail(name, "unsupported dtype " + q + " (" + what + "); use float, int, uint or bool");
  }
  if (kind == '\0' || std::strchr("fiub", kind) == nullptr) fail(name, "invalid dtype descr " + q);
  if (i >= d.size() || d[i] == '0') fail(name, "invalid dtype descr " + q);
  size_t size = 0;
  for (; i < d.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(d[i])) || size > 1000)
      fail(name, "invalid dtype descr " + q);
    size = size * 10 + static_cast<size_t>(d[i] - '0');
  }
  const bool ok = kind == 'f'   ? size == 2 || size == 4 || size == 8
                  : kind == 'b' ? size == 1
                                : size == 1 || size == 2 || size == 4 || size == 8;
  if (!ok) {
    if (kind == 'f' && (size == 12 || size == 16))
      fail(name, "unsupported dtype " + q + " (long double)");
    fail(name, "invalid dtype descr " + q);
  }
  if (order == '|' && size > 1)
    fail(name, "invalid dtype descr " + q + " (byte order '|' on a multi-byte type)");
  dtype t;
  t.kind = kind;
  t.size = size;
  t.big_endian = size > 1 && (order == '>' || (order == '=' && kHostBigEndian));
  return t;
}

bool mul_ok(size_t a, size_t b, size_t* out) { return !__builtin_mul_overflow(a, b, out); }

// Reads the magic, version and header length; returns the offset of the end of the header.
size_t header_end(const char* p, size_t n, size_t file_size, const std::string& name, int* major,
                  int* minor, size_t* prelude) {
  if (file_size < kMagicLen + 4 || n < kMagicLen + 2)
    fail(name, "too short to be an .npy file (" + std::to_string(file_size) + " bytes)");
  if (std::memcmp(p, kMagic, kMagicLen) != 0) fail(name, "not an .npy file (bad magic)");
  *major = static_cast<unsigned char>(p[6]);
  *minor = static_cast<unsigned char>(p[7]);
  if (*major < 1 || *major > 3 || *minor != 0)
    fail(name, "unsupported .npy format version " + std::to_string(*major) + "." +
                   std::to_string(*minor) + " (1.0, 2.0 and 3.0 are supported)");
  const size_t len_bytes = *major == 1 ? 2 : 4;
  *prelude = kMagicLen + 2 + len_bytes;
  if (file_size < *prelude || n < *prelude) fail(name, "file ends inside the header length field");
  size_t hlen = 0;
  for (size_t k = 0; k < len_bytes; ++k)
    hlen |= static_cast<size_t>(static_cast<unsigned char>(p[8 + k])) << (8 * k);
  if (hlen > file_size - *prelude)
    fail(name, "header length " + std::to_string(hlen) + " runs past the end of the file (" +
                   std::to_string(file_size) + " bytes)");
  return *prelude + hlen;
}

header parse_dict(const std::string& text, const std::string& name) {
  for (unsigned char c : text)
    if (c >= 0x80 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t'))
      fail(name, "malformed header: non-ASCII or control byte in the header");
  dict_parser ps{text, name};
  header h;
  bool have_descr = false, have_order = false, have_shape = false;
  ps.expect('{', "'{'");
  if (!ps.eat('}')) {
    for (;;) {
      const std::string key = ps.string_lit();
      ps.expect(':', "':' after key");
      if (key == "descr") {
        if (have_descr) ps.bad("duplicate key 'descr'");
        have_descr = true;
        ps.ws();
        if (ps.i < text.size() && text[ps.i] == '[')
          fail(name, "unsupported dtype: structured arrays are not supported");
        h.type = parse_descr(ps.string_lit(), name);
      } else if (key == "fortran_order") {
        if (have_order) ps.bad("duplicate key 'fortran_order'");
        have_order = true;
        h.fortran_order = ps.bool_lit();
      } else if (key == "shape") {
        if (have_shape) ps.bad("duplicate key 'shape'");
        have_shape = true;
        h.shape = ps.shape_tuple();
      } else {
        ps.bad("unexpected key '" + clip(key) + "'");
      }
      if (ps.eat('}')) break;
      ps.expect(',', "',' or '}'");
      if (ps.eat('}')) break;
    }
  }
  ps.ws();
  if (ps.i != text.size()) ps.bad("unexpected text after the dict");
  if (!have_descr || !have_order || !have_shape)
    fail(name, std::string("malformed header: missing key '") +
                   (!have_descr   ? "descr"
                    : !have_order ? "fortran_order"
                                  : "shape") +
                   "'");
  h.count = 1;
  for (size_t d : h.shape)
    if (!mul_ok(h.count, d, &h.count))
      fail(name, "shape " + shape_str(h.shape) + " has more elements than fit in memory");
  if (!mul_ok(h.count, h.type.size, &h.data_bytes))
    fail(name, "shape " + shape_str(h.shape) + " of " + h.type.str() + " is too many bytes");
  return h;
}

void check_data_length(const header& h, size_t file_size, const std::string& name) {
  const size_t have = file_size - h.data_offset;
  if (have < h.data_bytes)
    fail(name, "data is truncated: shape " + shape_str(h.shape) + " of " + h.type.str() +
                   " needs " + std::to_string(h.data_bytes) + " bytes, the file has " +
                   std::to_string(have));
  if (have > h.data_bytes)
    fail(name, std::to_string(have - h.data_bytes) + " unexpected bytes after the data (shape " +
                   shape_str(h.shape) + " of " + h.type.str() + ")");
}

// ---------------------------------------------------------------------------------------------
// Element conversion

float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exp = (h >> 10) & 0x1fu, mant = h & 0x3ffu;
  if (exp == 0) {  // zero or subnormal: mant * 2^-24
    const float f = std::ldexp(static_cast<float>(mant), -24);
    return sign ? -f : f;
  }
  const uint32_t bits =
      exp == 31 ? sign | 0x7f800000u | (mant << 13) : sign | ((exp + 112) << 23) | (mant << 13);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <class U>
U load(const char* p, bool swap) {
  U v;
  std::memcpy(&v, p, sizeof v);
  if (swap) {
    if constexpr (sizeof(U) == 2) v = __builtin_bswap16(v);
    if constexpr (sizeof(U) == 4) v = __builtin_bswap32(v);
    if constexpr (sizeof(U) == 8) v = __builtin_bswap64(v);
  }
  return v;
}

template <class F, class U>
F bits_to(U bits) {
  static_assert(sizeof(F) == sizeof(U), "same width");
  F f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

template <class T>
const char* type_name() {
  if (std::is_same<T, float>::value) return "float32";
  if (std::is_same<T, double>::value) return "float64";
  if (std::is_same<T, int32_t>::value) return "int32";
  return "int64";
}

// One stored value (held as double, int64 or uint64 exactly) to T, or an error.
template <class T>
struct converter {
  const std::string& name;
  size_t index;

  [[noreturn]] void cannot(const std::string& v) const {
    fail(name, "element " + std::to_string(index) + " (" + v + ") cannot be converted to " +
                   type_name<T>() + " exactly");
  }
  T from_double(double v) const {
    if constexpr (std::is_floating_point<T>::value) {
      if (std::is_same<T, float>::value && std::isfinite(v) && std::fabs(v) > FLT_MAX) {
        std::ostringstream o;
        o << v;
        fail(name,
             "element " + std::to_string(index) + " (" + o.str() + ") is out of the float32 range");
      }
      return static_cast<T>(v);
    } else {
      // 2^63 is exact in double; the range is [-2^63, 2^63) for int64.
      const double lo = static_cast<double>(std::numeric_limits<T>::min());
      const double hi = -lo;
      if (!(v >= lo && v < hi) || std::trunc(v) != v) {
        std::ostringstream o;
        o << v;
        cannot(o.str());
      }
      return static_cast<T>(v);
    }
  }
  T from_int(int64_t v) const {
    if constexpr (std::is_floating_point<T>::value) {
      return static_cast<T>(v);
    } else {
      if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max())
        cannot(std::to_string(v));
      return static_cast<T>(v);
    }
  }
  T from_uint(uint64_t v) const {
    if constexpr (std::is_floating_point<T>::value) {
      return static_cast<T>(v);
    } else {
      if (v > static_cast<uint64_t>(std::numeric_limits<T>::max())) cannot(std::to_string(v));
      return static_cast<T>(v);
    }
  }
};

// Converts n stored elements starting at flat index first.
template <class T>
void convert(const dtype& t, const char* raw, size_t n, size_t first, T* out,
             const std::string& name) {
  const bool swap = t.big_endian != kHostBigEndian;
  converter<T> c{name, first};
  for (size_t k = 0; k < n; ++k, ++c.index) {
    const char* p = raw + k * t.size;
    switch (t.kind) {
      case 'f':
        out[k] = t.size == 2   ? c.from_double(half_to_float(load<uint16_t>(p, swap)))
                 : t.size == 4 ? c.from_double(bits_to<float>(load<uint32_t>(p, swap)))
                               : c.from_double(bits_to<double>(load<uint64_t>(p, swap)));
        break;
      case 'i':
        out[k] = c.from_int(t.size == 1   ? static_cast<int8_t>(*p)
                            : t.size == 2 ? static_cast<int16_t>(load<uint16_t>(p, swap))
                            : t.size == 4 ? static_cast<int32_t>(load<uint32_t>(p, swap))
                                          : static_cast<int64_t>(load<uint64_t>(p, swap)));
        break;
      case 'u':
        out[k] = c.from_uint(t.size == 1   ? static_cast<unsigned char>(*p)
                             : t.size == 2 ? load<uint16_t>(p, swap)
                             : t.size == 4 ? load<uint32_t>(p, swap)
                                           : load<uint64_t>(p, swap));
        break;
      default:  // 'b'
        out[k] = c.from_int(*p != 0 ? 1 : 0);
        break;
    }
  }
}

// Fortran (column-major) element order to C order.
template <class T>
std::vector<T> fortran_to_c(const std::vector<T>& f, const std::vector<size_t>& shape) {
  const size_t nd = shape.size();
  if (f.empty() || nd < 2) return f;
  std::vector<T> c(f.size());
  std::vector<size_t> stride(nd), idx(nd, 0);
  stride[nd - 1] = 1;
  for (size_t d = nd - 1; d > 0; --d) stride[d - 1] = stride[d] * shape[d];
  size_t off = 0;
  for (size_t k = 0; k < f.size(); ++k) {
    c[off] = f[k];
    for (size_t d = 0; d < nd; ++d) {  // odometer: axis 0 varies fastest in Fortran order
      off += stride[d];
      if (++idx[d] < shape[d]) break;
      off -= stride[d] * shape[d];
      idx[d] = 0;
    }
  }
  return c;
}

template <class T>
void finish(array<T>& a, const header& h) {
  a.shape = h.shape;
  a.stored = h.type;
  if (h.fortran_order) a.data = fortran_to_c(a.data, h.shape);
}

struct fd_holder {
  int fd = -1;
  ~fd_holder() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads exactly n bytes; false at end of file.
bool read_full(int fd, char* p, size_t n) {
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

template <class T>
const char* descr_of() {
  if (std::is_same<T, float>::value) return kHostBigEndian ? ">f4" : "<f4";
  if (std::is_same<T, double>::value) return kHostBigEndian ? ">f8" : "<f8";
  if (std::is_same<T, int16_t>::value) return kHostBigEndian ? ">i2" : "<i2";
  if (std::is_same<T, int32_t>::value) return kHostBigEndian ? ">i4" : "<i4";
  return kHostBigEndian ? ">i8" : "<i8";
}

// The magic, version, length and padded dict exactly as numpy 1.24 writes them.
std::string make_header(const char* descr, const std::vector<size_t>& shape) {
  const std::string dict = std::string("{'descr': '") + descr +
                           "', 'fortran_order': False, 'shape': " + shape_str(shape) + ", }";
  const size_t hlen = dict.size() + 1;  // + '\n'
  for (int major = 1; major <= 2; ++major) {
    const size_t prelude = major == 1 ? 10 : 12;
    const size_t pad = 64 - (prelude + hlen) % 64;
    const size_t total = hlen + pad;
    if (major == 1 && total > 65535) continue;
    std::string out(kMagic, kMagicLen);
    out += static_cast<char>(major);
    out += '\0';
    for (size_t k = 0; k < prelude - 8; ++k) out += static_cast<char>((total >> (8 * k)) & 0xff);
    out += dict;
    out.append(pad, ' ');
    out += '\n';
    return out;
  }
  throw error("npy: header too large");  // unreachable: 4 GB of header text
}

template <class T>
size_t checked_bytes(const std::vector<size_t>& shape) {
  size_t n = 1;
  for (size_t d : shape)
    if (!mul_ok(n, d, &n)) throw error("npy: shape " + shape_str(shape) + " overflows");
  if (!mul_ok(n, sizeof(T), &n)) throw error("npy: shape " + shape_str(shape) + " overflows");
  return n;
}

}  // namespace

std::string dtype::str() const {
  std::string s(1, size == 1 ? '|' : big_endian ? '>' : '<');
  s += kind;
  s += std::to_string(size);
  return s;
}

std::string shape_str(const std::vector<size_t>& shape) {
  std::string s = "(";
  for (size_t k = 0; k < shape.size(); ++k) {
    if (k) s += ", ";
    s += std::to_string(shape[k]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

header parse_header(const char* prefix, size_t prefix_len, size_t file_size,
                    const std::string& name) {
  int major = 0, minor = 0;
  size_t prelude = 0;
  const size_t end = header_end(prefix, prefix_len, file_size, name, &major, &minor, &prelude);
  if (prefix_len < end) fail(name, "file ends inside the header");
  header h = parse_dict(std::string(prefix + prelude, end - prelude), name);
  h.major = major;
  h.minor = minor;
  h.data_offset = end;
  check_data_length(h, file_size, name);
  return h;
}

template <class T>
array<T> decode(const std::string& bytes, const std::string& name) {
  const header h = parse_header(bytes.data(), bytes.size(), bytes.size(), name);
  array<T> a;
  a.data.resize(h.count);
  convert(h.type, bytes.data() + h.data_offset, h.count, 0, a.data.data(), name);
  finish(a, h);
  return a;
}

template <class T>
array<T> read(const std::string& path) {
  fd_holder f;
  uint64_t size64 = 0;
  try {
    f.fd = io_guard::open_input(path, &size64);
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
  if (size64 > SIZE_MAX) fail(path, "too large for this machine");
  const size_t size = static_cast<size_t>(size64);

  // The prelude first, then exactly the header it announces (validated against the size).
  std::string head(size < 12 ? size : 12, '\0');
  if (!read_full(f.fd, &head[0], head.size())) fail(path, "read error or file shrank");
  int major = 0, minor = 0;
  size_t prelude = 0;
  const size_t end = header_end(head.data(), head.size(), size, path, &major, &minor, &prelude);
  const size_t have = head.size();
  head.resize(end);
  if (end > have && !read_full(f.fd, &head[have], end - have))
    fail(path, "read error or file shrank");
  // The data is read below, from exactly `end`.
  if (have > end && ::lseek(f.fd, static_cast<off_t>(end), SEEK_SET) < 0)
    fail(path, "cannot seek: " + sys_error());
  const header h = parse_header(head.data(), head.size(), size, path);

  array<T> a;
  try {
    a.data.resize(h.count);
  } catch (const std::bad_alloc&) {
    fail(path, "out of memory for " + shape_str(h.shape) + " elements (" +
                   std::to_string(h.count * sizeof(T)) + " bytes)");
  }
  constexpr size_t kChunk = size_t{1} << 20;  // a multiple of every item size
  std::vector<char> buf(h.data_bytes < kChunk ? h.data_bytes : kChunk);
  for (size_t done = 0; done < h.data_bytes;) {
    const size_t n = h.data_bytes - done < kChunk ? h.data_bytes - done : kChunk;
    if (!read_full(f.fd, buf.data(), n)) fail(path, "read error or file shrank");
    const size_t first = done / h.type.size;
    convert(h.type, buf.data(), n / h.type.size, first, a.data.data() + first, path);
    done += n;
  }
  char extra;
  if (read_full(f.fd, &extra, 1)) fail(path, "file grew while being read");
  finish(a, h);
  return a;
}

template <class T>
std::string encode(const std::vector<size_t>& shape, const T* data) {
  const size_t bytes = checked_bytes<T>(shape);
  std::string out = make_header(descr_of<T>(), shape);
  out.append(reinterpret_cast<const char*>(data), bytes);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Atomic output

struct output_set::impl {
  io_guard::transaction t;
};

output_set::output_set() : impl_(new impl) {}

output_set::~output_set() = default;

template <class T>
void output_set::add(const std::string& path, const std::vector<size_t>& shape, const T* data) {
  const size_t bytes = checked_bytes<T>(shape);
  add_raw(path, make_header(descr_of<T>(), shape), data, bytes);
}

void output_set::add_file(const std::string& path, const std::string& bytes) {
  add_raw(path, std::string(), bytes.data(), bytes.size());
}

void output_set::add_raw(const std::string& path, const std::string& head, const void* data,
                         size_t bytes) {
  try {
    impl_->t.add(path, {{head.data(), head.size()}, {data, bytes}});
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
}

void output_set::make_dir(const std::string& path) {
  try {
    impl_->t.make_dir(path);
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
}

void output_set::commit() {
  try {
    impl_->t.commit();
  } catch (const io_guard::error& e) {
    throw error(e.what());
  }
}

#define NPY_READ(T)                              \
  template array<T> read<T>(const std::string&); \
  template array<T> decode<T>(const std::string&, const std::string&);
NPY_READ(float)
NPY_READ(double)
NPY_READ(int32_t)
NPY_READ(int64_t)
#undef NPY_READ

#define NPY_WRITE(T)                                                    \
  template std::string encode<T>(const std::vector<size_t>&, const T*); \
  template void output_set::add<T>(const std::string&, const std::vector<size_t>&, const T*);
NPY_WRITE(float)
NPY_WRITE(double)
NPY_WRITE(int16_t)
NPY_WRITE(int32_t)
NPY_WRITE(int64_t)
#undef NPY_WRITE

}  // namespace npy
