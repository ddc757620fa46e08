// SPDX-License-Identifier: Apache-2.0
// The CLI's .npy reader/writer: all dtypes, orders, byte orders, versions; bad input; atomic
// writes.
#include "npy.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr bool kHostBig = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;

// ---- A test-side encoder, independent of npy.cc, for any dtype/order/version -------------

std::string shape_py(const std::vector<size_t>& s) {
  std::string r = "(";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + (s.size() == 1 ? ",)" : ")");
}

// magic + version + little-endian length + text padded to 64 bytes with '\n' last.
std::string raw_file(int major, int minor, const std::string& dict, const std::string& payload) {
  const size_t prelude = major == 1 ? 10 : 12;
  std::string text = dict;
  while ((prelude + text.size() + 1) % 64 != 0) text += ' ';
  text += '\n';
  std::string out("\x93NUMPY", 6);
  out += static_cast<char>(major);
  out += static_cast<char>(minor);
  for (size_t k = 0; k < prelude - 8; ++k)
    out += static_cast<char>((text.size() >> (8 * k)) & 0xff);
  return out + text + payload;
}

std::string dict_for(const std::string& descr, bool fortran, const std::vector<size_t>& shape) {
  return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") +
         ", 'shape': " + shape_py(shape) + ", }";
}

uint16_t half_bits(double v) {  // exact for the normal halves and zeros used below
  if (v == 0) return std::signbit(v) ? 0x8000 : 0;
  const uint16_t sign = v < 0 ? 0x8000 : 0;
  int e;
  const double m = std::frexp(std::fabs(v), &e);  // |v| = m 2^e, m in [0.5, 1)
  return static_cast<uint16_t>(sign | ((e - 1 + 15) << 10) |
                               static_cast<uint16_t>(std::lround((m * 2 - 1) * 1024)));
}

// Appends v stored as kind/size with the given byte order.
void put(std::string& out, double v, char kind, size_t size, bool big) {
  unsigned char b[8] = {0};
  if (kind == 'f' && size == 2) {
    const uint16_t h = half_bits(v);
    std::memcpy(b, &h, 2);
  } else if (kind == 'f' && size == 4) {
    const float f = static_cast<float>(v);
    std::memcpy(b, &f, 4);
  } else if (kind == 'f') {
    std::memcpy(b, &v, 8);
  } else if (kind == 'u' || kind == 'b') {
    const uint64_t u = static_cast<uint64_t>(v);
    std::memcpy(b, &u, 8);
    if (kHostBig) std::memmove(b, b + 8 - size, size);
  } else {
    const int64_t i = static_cast<int64_t>(v);
    std::memcpy(b, &i, 8);
    if (kHostBig) std::memmove(b, b + 8 - size, size);
  }
  if (big != kHostBig)
    for (size_t k = 0; k < size / 2; ++k) std::swap(b[k], b[size - 1 - k]);
  out.append(reinterpret_cast<char*>(b), size);
}

// Test value k for a dtype: exact in every type, negative where the type allows.
double value(size_t k, char kind, size_t size) {
  switch (kind) {
    case 'f':
      return (static_cast<double>(k) - 5) * 0.25;
    case 'i':
      return size == 1 ? static_cast<double>(k) * 10 - 120 : (static_cast<double>(k) - 12) * 1000;
    case 'u':
      return static_cast<double>(k) * (size == 1 ? 10 : 2000);
    default:
      return k % 3 == 0 ? 1 : 0;
  }
}

struct layout {
  char kind;
  size_t size;
  char order;  // '<', '>', '|', '=' or 0 (none)
};

std::string descr_of(const layout& l) {
  std::string d;
  if (l.order) d += l.order;
  return d + l.kind + std::to_string(l.size);
}

// The payload in file order: C order, or Fortran order (axis 0 fastest).
std::string payload(const layout& l, bool fortran, const std::vector<size_t>& shape) {
  size_t n = 1;
  for (size_t d : shape) n *= d;
  const bool big = l.order == '>' || ((l.order == '=' || l.order == 0) && kHostBig);
  std::string out;
  std::vector<size_t> idx(shape.size(), 0);
  for (size_t f = 0; f < n; ++f) {
    size_t c = f;
    if (fortran) {
      c = 0;
      for (size_t d = 0; d < shape.size(); ++d) c = c * shape[d] + idx[d];
      for (size_t d = 0; d < shape.size(); ++d)
        if (++idx[d] < shape[d])
          break;
        else
          idx[d] = 0;
    }
    put(out, value(c, l.kind, l.size), l.kind, l.size, big);
  }
  return out;
}

std::vector<layout> all_layouts() {
  std::vector<layout> r;
  for (size_t s : {2u, 4u, 8u})
    for (char o : {'<', '>'}) r.push_back({'f', s, o});
  for (char k : {'i', 'u'}) {
    for (char o : {'|', '<', '>'}) r.push_back({k, 1, o});
    for (size_t s : {2u, 4u, 8u})
      for (char o : {'<', '>'}) r.push_back({k, s, o});
  }
  r.push_back({'b', 1, '|'});
  r.push_back({'f', 4, '='});
  r.push_back({'i', 8, 0});
  return r;
}

// ---- Temporary directories --------------------------------------------------------------

struct temp_dir {
  std::string path;
  temp_dir() {
    std::string t = ::testing::TempDir() + "npy_test_XXXXXX";
    if (::mkdtemp(&t[0]) == nullptr) ADD_FAILURE() << "mkdtemp";
    path = t;
  }
  ~temp_dir() {
    for (const std::string& e : entries()) {
      const std::string p = path + "/" + e;
      if (::unlink(p.c_str()) != 0) ::rmdir(p.c_str());
    }
    ::rmdir(path.c_str());
  }
  std::string operator/(const std::string& n) const { return path + "/" + n; }
  std::vector<std::string> entries() const {
    std::vector<std::string> r;
    if (DIR* d = ::opendir(path.c_str())) {
      // readdir64: 32-bit readdir fails (EOVERFLOW) on 64-bit directory offsets, e.g. qemu-arm.
      while (dirent64* e = ::readdir64(d))
        if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0)
          r.push_back(e->d_name);
      ::closedir(d);
    }
    std::sort(r.begin(), r.end());
    return r;
  }
};

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// ---- Round trips ------------------------------------------------------------------------

TEST(Npy, ReadsEveryDtypeOrderByteOrderAndVersion) {
  const std::vector<std::vector<size_t>> shapes = {{2, 3, 4}, {4, 5}, {7}, {}, {3, 0}};
  int cases = 0;
  for (const layout& l : all_layouts())
    for (bool fortran : {false, true})
      for (int major : {1, 2, 3})
        for (const auto& shape : shapes) {
          const std::string bytes =
              raw_file(major, 0, dict_for(descr_of(l), fortran, shape), payload(l, fortran, shape));
          SCOPED_TRACE(descr_of(l) + (fortran ? " F " : " C ") + "v" + std::to_string(major) + " " +
                       shape_py(shape));
          const npy::array<double> a = npy::decode<double>(bytes, "t.npy");
          ASSERT_EQ(a.shape, shape);
          EXPECT_EQ(a.stored.kind, l.kind);
          EXPECT_EQ(a.stored.size, l.size);
          for (size_t k = 0; k < a.data.size(); ++k)
            ASSERT_EQ(a.data[k], value(k, l.kind, l.size)) << "element " << k;
          const npy::array<float> f = npy::decode<float>(bytes, "t.npy");
          for (size_t k = 0; k < f.data.size(); ++k)
            ASSERT_EQ(f.data[k], static_cast<float>(value(k, l.kind, l.size)));
          bool integral = true;
          for (double v : a.data) integral = integral && std::trunc(v) == v;
          if (integral) {
            const npy::array<int64_t> i = npy::decode<int64_t>(bytes, "t.npy");
            for (size_t k = 0; k < i.data.size(); ++k)
              ASSERT_EQ(i.data[k], static_cast<int64_t>(value(k, l.kind, l.size)));
          } else {
            EXPECT_THROW(npy::decode<int64_t>(bytes, "t.npy"), npy::error);
          }
          ++cases;
        }
  EXPECT_EQ(cases, static_cast<int>(all_layouts().size() * 2 * 3 * shapes.size()));
}

TEST(Npy, ReadsFilesInChunksAndTransposesFortran) {
  temp_dir dir;
  // 2.4 MB: more than one 1 MiB read chunk.
  const std::vector<size_t> shape = {600, 500};
  const layout l{'f', 8, '>'};
  const std::string p = dir / "big.npy";
  spit(p, raw_file(1, 0, dict_for(">f8", true, shape), payload(l, true, shape)));
  const npy::array<double> a = npy::read<double>(p);
  ASSERT_EQ(a.shape, shape);
  for (size_t k = 0; k < a.data.size(); ++k) ASSERT_EQ(a.data[k], value(k, 'f', 8));
  for (const layout& m : all_layouts()) {
    if (m.kind == 'f') continue;  // non-integral test values
    spit(p, raw_file(3, 0, dict_for(descr_of(m), true, {3, 4}), payload(m, true, {3, 4})));
    const npy::array<int32_t> b = npy::read<int32_t>(p);
    for (size_t k = 0; k < b.data.size(); ++k)
      ASSERT_EQ(b.data[k], value(k, m.kind, m.size)) << descr_of(m);
  }
}

TEST(Npy, Float16SpecialValues) {
  const std::vector<std::pair<uint16_t, double>> cases = {{0x0000, 0.0},
                                                          {0x8000, -0.0},
                                                          {0x3c00, 1.0},
                                                          {0xc100, -2.5},
                                                          {0x7bff, 65504.0},
                                                          {0x0001, std::ldexp(1.0, -24)},
                                                          {0x03ff, std::ldexp(1023.0, -24)},
                                                          {0x0400, std::ldexp(1.0, -14)},
                                                          {0x3555, 0.333251953125},
                                                          {0x7c00, INFINITY},
                                                          {0xfc00, -INFINITY}};
  std::string data;
  for (auto& c : cases) data.append(reinterpret_cast<const char*>(&c.first), 2);
  if (kHostBig)
    for (size_t k = 0; k < data.size(); k += 2) std::swap(data[k], data[k + 1]);
  const std::string bytes = raw_file(1, 0, dict_for("<f2", false, {cases.size()}), data);
  const npy::array<double> a = npy::decode<double>(bytes, "h.npy");
  for (size_t k = 0; k < cases.size(); ++k) {
    EXPECT_EQ(a.data[k], cases[k].second) << k;
    EXPECT_EQ(std::signbit(a.data[k]), std::signbit(cases[k].second)) << k;
  }
  const uint16_t nan = 0x7e00;
  const npy::array<float> n =
      npy::decode<float>(raw_file(1, 0, dict_for("<f2", false, {}),
                                  kHostBig ? std::string("\x7e\x00", 2)
                                           : std::string(reinterpret_cast<const char*>(&nan), 2)),
                         "n.npy");
  EXPECT_TRUE(std::isnan(n.data[0]));
}

TEST(Npy, IntegerTargetsRejectInexactValues) {
  auto one = [](const std::string& descr, const std::string& bytes) {
    return raw_file(1, 0, dict_for(descr, false, {1}), bytes);
  };
  auto le8 = [](uint64_t u) {
    std::string s;
    for (int k = 0; k < 8; ++k) s += static_cast<char>((u >> (8 * k)) & 0xff);
    return s;
  };
  // int64 extremes are exact.
  EXPECT_EQ(npy::decode<int64_t>(one("<i8", le8(0x8000000000000000ull)), "a").data[0], INT64_MIN);
  EXPECT_EQ(npy::decode<int64_t>(one("<i8", le8(INT64_MAX)), "a").data[0], INT64_MAX);
  EXPECT_EQ(npy::decode<double>(one("<u8", le8(UINT64_MAX)), "a").data[0], 18446744073709551615.0);
  EXPECT_THROW(npy::decode<int64_t>(one("<u8", le8(UINT64_MAX)), "a"), npy::error);
  EXPECT_THROW(npy::decode<int32_t>(one("<i8", le8(1ull << 31)), "a"), npy::error);
  EXPECT_EQ(npy::decode<int32_t>(one("<i8", le8(static_cast<uint64_t>(-(1ll << 31)))), "a").data[0],
            INT32_MIN);
  double v = 2.5;
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  try {
    npy::decode<int64_t>(one("<f8", le8(bits)), "frac.npy");
    ADD_FAILURE() << "no error";
  } catch (const npy::error& e) {
    EXPECT_NE(std::string(e.what()).find("frac.npy: element 0 (2.5)"), std::string::npos)
        << e.what();
  }
  for (double bad : {std::nan(""), double{INFINITY}, 9.3e18}) {
    std::memcpy(&bits, &bad, 8);
    EXPECT_THROW(npy::decode<int64_t>(one("<f8", le8(bits)), "a"), npy::error) << bad;
  }
  v = 1e300;  // out of float32 range is an error, infinity is not
  std::memcpy(&bits, &v, 8);
  EXPECT_THROW(npy::decode<float>(one("<f8", le8(bits)), "a"), npy::error);
  v = -INFINITY;
  std::memcpy(&bits, &v, 8);
  EXPECT_EQ(npy::decode<float>(one("<f8", le8(bits)), "a").data[0], -INFINITY);
}

TEST(Npy, HeaderSyntaxVariantsNumpyAccepts) {
  const std::string f4(4, '\0');  // one float 0.0 (or four int8 zeros)
  const std::vector<std::pair<std::string, std::vector<size_t>>> ok = {
      {"{'shape': (1,), 'fortran_order': False, 'descr': '<f4'}", {1}},
      {"{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (1,)}", {1}},
      {"  {  'descr'  :  '<f4' ,\n 'fortran_order':False,'shape':( 1 , ),  }  ", {1}},
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (1L,), }", {1}},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1), }", {1, 1}},
      {"{'descr':'<f4','fortran_order':False,'shape':(1,1,)}", {1, 1}},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (), }", {}},
      {"{'descr': 'f4', 'fortran_order': False, 'shape': (), }", {}},
      {"{'descr': '|i1', 'fortran_order': False, 'shape': (4,), }", {4}},
      {"{'descr': '<u1', 'fortran_order': False, 'shape': (2, 2), }", {2, 2}},
  };
  for (const auto& c : ok) {
    SCOPED_TRACE(c.first);
    EXPECT_EQ(npy::decode<double>(raw_file(1, 0, c.first, f4), "ok.npy").shape, c.second);
  }
  // Empty arrays need no data at all.
  EXPECT_EQ(npy::decode<float>(raw_file(1, 0, dict_for("<f8", false, {0, 7}), ""), "e").shape,
            (std::vector<size_t>{0, 7}));
}

// ---- Malformed input --------------------------------------------------------------------

struct bad_case {
  const char* label;
  std::string bytes;
  const char* message;  // expected in what()
};

std::vector<bad_case> malformed() {
  const std::string d4(4, '\0');
  const std::string good = raw_file(1, 0, dict_for("<f4", false, {1}), d4);
  std::string wrong_magic = good;
  wrong_magic[1] = 'n';
  std::string v4 = good;
  v4[6] = 4;
  std::string v11 = good;
  v11[7] = 1;
  std::string hlen_past = good;
  hlen_past[8] = '\xff';
  hlen_past[9] = '\x7f';
  std::string v2_hlen_huge = raw_file(2, 0, dict_for("<f4", false, {1}), d4);
  v2_hlen_huge[11] = '\x7f';
  // 2^(bits/2) squared overflows size_t; so does (SIZE_MAX / 8 + 1) * 8 bytes.
  const std::string half = std::to_string(size_t{1} << (4 * sizeof(size_t)));
  const std::string eighth = std::to_string(SIZE_MAX / 8 + 1);
  static const char nul_dict[] = "{'descr': '<f4\0', 'fortran_order': False, 'shape': (1,)}";
  auto dict = [&](const std::string& text, const std::string& data = std::string(4, '\0')) {
    return raw_file(1, 0, text, data);
  };
  return {
      {"empty file", "", "too short"},
      {"truncated magic", std::string("\x93NUMP", 5), "too short"},
      {"wrong magic", wrong_magic, "bad magic"},
      {"not npy at all", std::string(64, 'x'), "bad magic"},
      {"version 4.0", v4, "version 4.0"},
      {"version 1.1", v11, "version 1.1"},
      {"v2 length field cut", good.substr(0, 6) + "\x02" + std::string("\0\x10\0", 3),
       "header length field"},
      {"v1 header length past EOF", hlen_past, "past the end"},
      {"v2 header length past EOF", v2_hlen_huge, "past the end"},
      {"truncated inside header", good.substr(0, 40), "past the end"},
      {"header is garbage", dict("hello world"), "malformed header"},
      {"header is a list", dict("['descr', '<f4']"), "malformed header"},
      {"unterminated dict", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)"),
       "malformed header"},
      {"unterminated string", dict("{'descr: '<f4', 'fortran_order': False, 'shape': (1,)}"),
       "malformed header"},
      {"text after dict", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)} x"),
       "after the dict"},
      {"missing shape", dict("{'descr': '<f4', 'fortran_order': False}"), "missing key 'shape'"},
      {"missing descr", dict("{'fortran_order': False, 'shape': (1,)}"), "missing key 'descr'"},
      {"extra key", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}"),
       "unexpected key 'x'"},
      {"duplicate key",
       dict("{'descr': '<f4', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}"),
       "duplicate key"},
      {"fortran_order not bool", dict("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}"),
       "True or False"},
      {"shape is a list", dict("{'descr': '<f4', 'fortran_order': False, 'shape': [1]}"),
       "not a list"},
      {"shape (1) is an int", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1)}"),
       "trailing comma"},
      {"negative dimension", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,)}"),
       "negative"},
      {"float dimension", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1.5,)}"),
       "non-negative integers"},
      {"dimension beyond uint64",
       dict("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,)}"),
       "too large"},
      {"shape product overflow",
       dict("{'descr': '<f4', 'fortran_order': False, 'shape': (" + half + ", " + half + ")}"),
       "more elements than fit"},
      {"byte count overflow",
       dict("{'descr': '<f8', 'fortran_order': False, 'shape': (" + eighth + ",)}"),
       "too many bytes"},
      {"zero-size shape with data",
       dict("{'descr': '<f4', 'fortran_order': False, 'shape': (0, " + half + ", " + half + ")}"),
       "unexpected bytes"},
      {"data too short", dict(dict_for("<f4", false, {2})), "truncated"},
      {"data too long", dict(dict_for("<f4", false, {1}), std::string(5, '\0')),
       "1 unexpected bytes"},
      {"complex dtype", dict(dict_for("<c8", false, {1}), std::string(8, '\0')), "complex"},
      {"object dtype", dict(dict_for("|O", false, {1}), std::string(8, '\0')), "unsupported dtype"},
      {"bytes dtype", dict(dict_for("|S3", false, {1}), std::string(3, '\0')), "byte string"},
      {"unicode dtype", dict(dict_for("<U2", false, {1}), std::string(8, '\0')), "unicode"},
      {"datetime dtype", dict(dict_for("<M8[ns]", false, {1}), std::string(8, '\0')), "datetime"},
      {"long double", dict(dict_for("<f16", false, {1}), std::string(16, '\0')), "long double"},
      {"structured dtype", dict("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}"),
       "structured"},
      {"descr without size", dict(dict_for("<f", false, {1})), "invalid dtype descr"},
      {"descr odd size", dict(dict_for("<f3", false, {1})), "invalid dtype descr"},
      {"descr unknown kind", dict(dict_for("<x4", false, {1})), "invalid dtype descr"},
      {"descr trailing junk", dict(dict_for("<f4x", false, {1})), "invalid dtype descr"},
      {"descr double order", dict(dict_for("<<f4", false, {1})), "invalid dtype descr"},
      {"descr leading zero", dict(dict_for("<f04", false, {1})), "invalid dtype descr"},
      {"descr empty", dict(dict_for("", false, {1})), "invalid dtype descr"},
      {"'|' on multi-byte", dict(dict_for("|f4", false, {1})), "invalid dtype descr"},
      {"bool of size 2", dict(dict_for("|b2", false, {1}), std::string(2, '\0')),
       "invalid dtype descr"},
      {"escape in string", dict("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (1,)}"),
       "escape"},
      {"NUL in header", dict(std::string(nul_dict, sizeof nul_dict - 1)), "control byte"},
      {"non-ASCII in header",
       dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}\xc3\xa9"), "non-ASCII"},
      {"True prefix", dict("{'descr': '<f4', 'fortran_order': Truest, 'shape': (1,)}"),
       "True or False"},
  };
}

TEST(Npy, MalformedInputGivesOneLineErrorNamingTheFile) {
  temp_dir dir;
  const std::vector<bad_case> cases = malformed();
  EXPECT_GE(cases.size(), 15u);
  for (const bad_case& c : cases) {
    SCOPED_TRACE(c.label);
    // Both the in-memory and the file path, for every output type.
    const std::string p = dir / "bad.npy";
    spit(p, c.bytes);
    for (int via_file = 0; via_file < 2; ++via_file) {
      try {
        if (via_file)
          npy::read<float>(p);
        else
          npy::decode<int64_t>(c.bytes, p);
        ADD_FAILURE() << "accepted";
      } catch (const npy::error& e) {
        const std::string m = e.what();
        EXPECT_EQ(m.rfind(p + ": ", 0), 0u) << m;
        EXPECT_NE(m.find(c.message), std::string::npos) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
      }
    }
  }
}

TEST(Npy, FileLevelErrors) {
  temp_dir dir;
  EXPECT_THROW(npy::read<float>(dir / "missing.npy"), npy::error);
  try {
    npy::read<float>(dir / "missing.npy");
  } catch (const npy::error& e) {
    EXPECT_EQ(std::string(e.what()),
              dir / "missing.npy" + ": cannot open: No such file or directory");
  }
  EXPECT_THROW(npy::read<float>(dir.path), npy::error);  // a directory
  // Every prefix of a valid file is rejected, never crashes.
  const float v[6] = {1, 2, 3, 4, 5, 6};
  const std::string good = npy::encode<float>({2, 3}, v);
  for (size_t n = 0; n < good.size(); ++n)
    EXPECT_THROW(npy::decode<float>(good.substr(0, n), "p"), npy::error) << n;
}

// ---- Writer ----------------------------------------------------------------------------

template <class T>
void write_round_trip(const char* descr, const temp_dir& dir) {
  SCOPED_TRACE(descr);
  for (const std::vector<size_t>& shape :
       std::vector<std::vector<size_t>>{{}, {0}, {7}, {2, 3}, {2, 0, 3}, {3, 1, 4}}) {
    size_t n = 1;
    for (size_t d : shape) n *= d;
    std::vector<T> data(n);
    for (size_t k = 0; k < n; ++k) data[k] = static_cast<T>(static_cast<double>(k) * 3 - 17);
    const std::string p = dir / "w.npy";
    npy::write(p, shape, data.data());
    const std::string bytes = slurp(p);
    EXPECT_EQ(bytes, npy::encode(shape, data.data()));
    // numpy's layout: version 1.0, header padded to 64 bytes, ends in '\n'.
    ASSERT_GE(bytes.size(), 10u);
    EXPECT_EQ(bytes[6], 1);
    const size_t hlen = static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9])
                                                                   << 8;
    EXPECT_EQ((10 + hlen) % 64, 0u);
    EXPECT_EQ(bytes[9 + hlen], '\n');
    EXPECT_NE(bytes.find(std::string("'descr': '") + descr + "'"), std::string::npos);
    EXPECT_NE(bytes.find("'shape': " + shape_py(shape) + ", }"), std::string::npos);
    const npy::array<double> back = npy::read<double>(p);
    EXPECT_EQ(back.shape, shape);
    for (size_t k = 0; k < n; ++k) EXPECT_EQ(back.data[k], static_cast<double>(data[k]));
  }
}

TEST(NpyWrite, RoundTripsEveryWritableType) {
  temp_dir dir;
  write_round_trip<float>(kHostBig ? ">f4" : "<f4", dir);
  write_round_trip<double>(kHostBig ? ">f8" : "<f8", dir);
  write_round_trip<int16_t>(kHostBig ? ">i2" : "<i2", dir);
  write_round_trip<int32_t>(kHostBig ? ">i4" : "<i4", dir);
  write_round_trip<int64_t>(kHostBig ? ">i8" : "<i8", dir);
  // The extreme float values and int64 survive exactly.
  const float f[4] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::denorm_min(),
                      -0.0f, INFINITY};
  npy::write(dir / "f.npy", {4}, f);
  const npy::array<float> fb = npy::read<float>(dir / "f.npy");
  EXPECT_EQ(std::memcmp(fb.data.data(), f, sizeof f), 0);
  const int64_t i[2] = {INT64_MIN, INT64_MAX};
  npy::write(dir / "i.npy", {2}, i);
  EXPECT_EQ(npy::read<int64_t>(dir / "i.npy").data, std::vector<int64_t>(i, i + 2));
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"f.npy", "i.npy", "w.npy"}));
}

TEST(NpyWrite, HugeHeaderSwitchesToVersion2) {
  temp_dir dir;
  const std::vector<size_t> shape(25000, 1);  // "1, " x 25000 > 65535 header bytes
  const float v = 42;
  npy::write(dir / "v2.npy", shape, &v);
  const std::string bytes = slurp(dir / "v2.npy");
  EXPECT_EQ(bytes[6], 2);
  const size_t hlen = static_cast<unsigned char>(bytes[8]) |
                      static_cast<size_t>(static_cast<unsigned char>(bytes[9])) << 8 |
                      static_cast<size_t>(static_cast<unsigned char>(bytes[10])) << 16;
  EXPECT_GT(hlen, 65535u);
  EXPECT_EQ((12 + hlen) % 64, 0u);
  const npy::array<float> a = npy::read<float>(dir / "v2.npy");
  EXPECT_EQ(a.shape, shape);
  EXPECT_EQ(a.data, std::vector<float>{42});
  // The largest shape that still fits version 1.0 stays 1.0.
  const std::vector<size_t> small(20000, 1);
  EXPECT_EQ(npy::encode(small, &v)[6], 1);
}

TEST(NpyWrite, ReplacesAtomicallyAndCleansUpOnFailure) {
  temp_dir dir;
  const float a[2] = {1, 2}, b[3] = {3, 4, 5};
  const std::string p = dir / "out.npy";
  npy::write(p, {2}, a);
  // Output == input: the input is read first, then replaced only on success.
  const npy::array<float> in = npy::read<float>(p);
  npy::write(p, {3}, b);
  EXPECT_EQ(in.data, std::vector<float>(a, a + 2));
  EXPECT_EQ(npy::read<float>(p).data, std::vector<float>(b, b + 3));
  EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.npy"});

  // A missing directory: nothing created anywhere.
  EXPECT_THROW(npy::write(dir / "no/such/dir.npy", {2}, a), npy::error);
  // A directory as the destination.
  ASSERT_EQ(::mkdir((dir / "sub").c_str(), 0755), 0);
  try {
    npy::write(dir / "sub", {2}, a);
    ADD_FAILURE() << "wrote over a directory";
  } catch (const npy::error& e) {
    EXPECT_EQ(std::string(e.what()), dir / "sub" + ": is a directory");
  }
  EXPECT_THROW(npy::write(dir / "sub/", {2}, a), npy::error);
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.npy", "sub"}));

  // A set of outputs: a failing second member leaves the first destination untouched.
  {
    npy::output_set set;
    set.add(dir / "first.npy", {2}, a);
    set.add(p, {2}, a);
    EXPECT_THROW(set.add(dir / "no/dir.npy", {2}, a), npy::error);
    EXPECT_THROW(set.add(p, {2}, a), npy::error);  // the same destination twice
  }                                                // not committed: temporaries removed
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"out.npy", "sub"}));
  EXPECT_EQ(npy::read<float>(p).data, std::vector<float>(b, b + 3));
  {
    npy::output_set set;
    set.add(dir / "first.npy", {2}, a);
    set.add(dir / "second.npy", {3}, b);
    set.commit();
  }
  EXPECT_EQ(dir.entries(), (std::vector<std::string>{"first.npy", "out.npy", "second.npy", "sub"}));

  // The file gets ordinary permissions (0666 less the umask), not mkstemp's 0600.
  const mode_t old = ::umask(022);
  npy::write(p, {2}, a);
  ::umask(old);
  struct stat st;
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
}

}  // namespace
