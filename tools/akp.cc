// SPDX-License-Identifier: Apache-2.0
// Encoding, decoding and checking of .akp probe files.
#include "akp.h"

#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <set>

#include "attnkit/quant.h"
#include "fileio.h"

namespace akp {
namespace {

constexpr char kMagic[4] = {'A', 'K', 'P', 'R'};
constexpr size_t kPrefix = 16;  // magic, version, reserved, payload length
constexpr uint32_t kFlagStd = 1, kFlagS8 = 2;

// Little-endian writer.
struct writer {
  std::string out;
  void u16(uint16_t v) {
    for (int i = 0; i < 2; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(v >> (8 * i)));
  }
  void f32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void f32s(const std::vector<float>& v) {
    for (float f : v) f32(f);
  }
  void i32s(const std::vector<int32_t>& v) {
    for (int32_t x : v) u32(static_cast<uint32_t>(x));
  }
};

// Little-endian reader over a range already known to be long enough.
struct reader {
  const unsigned char* p;
  size_t left;
  const std::string& name;
  void need(size_t n) {
    if (n > left) throw error(name + ": inconsistent payload (fields overrun it)");
  }
  uint32_t u32() {
    need(4);
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{p[i]} << (8 * i);
    p += 4;
    left -= 4;
    return v;
  }
  float f32() {
    const uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  std::vector<float> f32s(size_t n) {
    need(n * 4);
    std::vector<float> v(n);
    for (float& f : v) f = f32();
    return v;
  }
  std::vector<int32_t> i32s(size_t n) {
    need(n * 4);
    std::vector<int32_t> v(n);
    for (int32_t& x : v) x = static_cast<int32_t>(u32());
    return v;
  }
};

uint64_t le64(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

// A value in messages: "1e-38", "0.25".
std::string gstr(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

bool all_finite(const std::vector<float>& v) {
  for (float f : v)
    if (!std::isfinite(f)) return false;
  return true;
}

// Payload size implied by the header fields; 0 if it does not fit the limits below.
uint64_t payload_size(task kind, uint32_t flags, uint64_t dims, uint64_t classes) {
  const uint64_t cd = classes * dims;  // both < 2^31: no overflow
  uint64_t n = 16;
  if (kind == task::classification) n += 4 * classes;
  n += 4 * cd + 4 * classes;
  if (flags & kFlagStd) n += 8 * dims;
  if (flags & kFlagS8) n += 4 + 8 * classes + ((cd + 3) & ~uint64_t{3});
  return n;
}

}  // namespace

uint32_t crc32(const void* data, size_t n, uint32_t crc) {
  static uint32_t table[256];
  static const bool init = [] {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    return true;
  }();
  (void)init;
  const unsigned char* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

void validate(const probe& p, const std::string& name) {
  auto bad = [&](const std::string& what) { throw error(name + ": " + what); };
  constexpr uint32_t kMax = uint32_t{1} << 30;
  if (p.dims == 0 || p.classes == 0) bad("dims and classes must be positive");
  if (p.dims >= kMax || p.classes >= kMax || uint64_t{p.dims} * p.classes >= kMax)
    bad("dims x classes is too large");
  if (p.kind != task::classification && p.kind != task::regression) bad("unknown task");
  const size_t cd = size_t{p.dims} * p.classes;
  if (p.kind == task::regression) {
    if (p.classes != 1) bad("a regression probe has exactly 1 output");
    if (!p.labels.empty()) bad("a regression probe has no label map");
  } else {
    if (p.labels.size() != p.classes) bad("label map size differs from the class count");
    if (std::set<int32_t>(p.labels.begin(), p.labels.end()).size() != p.labels.size())
      bad("label map has repeated labels");
  }
  if (p.w.size() != cd || p.b.size() != p.classes) bad("weight or bias size is wrong");
  if (!all_finite(p.w) || !all_finite(p.b)) bad("weights or bias are not finite");
  if (p.standardized) {
    if (p.mean.size() != p.dims || p.std.size() != p.dims) bad("mean/std size is wrong");
    if (!all_finite(p.mean)) bad("mean is not finite");
    for (float s : p.std)
      if (!(s > 0) || !std::isfinite(s)) bad("std must be positive and finite");
    // Scoring folds the standardisation into W and b in float32 (akp::folded): it must not
    // overflow, or every score is NaN and every label the first class.
    for (size_t c = 0; c < p.classes; ++c) {
      double shift = 0;
      for (size_t j = 0; j < p.dims; ++j) {
        const double wj = double(p.w[c * p.dims + j]) / p.std[j];
        if (std::fabs(wj) > FLT_MAX)
          bad("std " + gstr(p.std[j]) + " of feature " + std::to_string(j) +
              " is too small: the weights on raw inputs (w / std) overflow float32");
        shift += wj * p.mean[j];
      }
      if (!(std::fabs(p.b[c] - shift) <= FLT_MAX))
        bad("the bias on raw inputs (b - sum w mean / std) overflows float32 for class " +
            std::to_string(c));
    }
  } else if (!p.mean.empty() || !p.std.empty()) {
    bad("mean/std given for a probe that is not standardised");
  }
  if (p.has_s8) {
    const s8_part& q = p.s8;
    if (!(q.logit_unit > 0) || !std::isfinite(q.logit_unit)) bad("int8 logit unit is invalid");
    if (q.w_scale.size() != p.classes || q.b.size() != p.classes || q.w.size() != cd)
      bad("int8 part sizes are wrong");
    for (float s : q.w_scale)
      if (!(s > 0) || !std::isfinite(s)) bad("int8 weight scales must be positive and finite");
    for (int8_t v : q.w)
      if (v == -128) bad("int8 weights must be in [-127, 127]");
    // The int8 model carries the logit unit and each row's scale / logit unit as Q31
    // multipliers (attnkit::quantize_multiplier): both must be representable.
    attnkit::quant_scale qs;
    if (attnkit::quantize_multiplier(q.logit_unit, &qs) != attnkit::status::ok)
      bad("int8 logit unit " + gstr(q.logit_unit) + " is out of range (at most 2^31)");
    for (size_t c = 0; c < p.classes; ++c)
      if (attnkit::quantize_multiplier(double(q.w_scale[c]) / q.logit_unit, &qs) !=
          attnkit::status::ok)
        bad("int8 scale of class " + std::to_string(c) + " (" + gstr(q.w_scale[c]) +
            ") over the logit unit (" + gstr(q.logit_unit) +
            ") is out of range (the ratio must be below 2^31)");
  }
}

std::string encode(const probe& p) {
  validate(p, "probe");
  const uint32_t flags = (p.standardized ? kFlagStd : 0) | (p.has_s8 ? kFlagS8 : 0);
  writer w;
  w.out.append(kMagic, 4);
  w.u16(kVersion);
  w.u16(0);
  w.u64(payload_size(p.kind, flags, p.dims, p.classes));
  w.u32(static_cast<uint32_t>(p.kind));
  w.u32(flags);
  w.u32(p.dims);
  w.u32(p.classes);
  if (p.kind == task::classification) w.i32s(p.labels);
  w.f32s(p.w);
  w.f32s(p.b);
  if (p.standardized) {
    w.f32s(p.mean);
    w.f32s(p.std);
  }
  if (p.has_s8) {
    w.f32(p.s8.logit_unit);
    w.f32s(p.s8.w_scale);
    w.i32s(p.s8.b);
    for (int8_t v : p.s8.w) w.out.push_back(static_cast<char>(v));
    while (w.out.size() % 4) w.out.push_back(0);
  }
  w.u32(crc32(w.out.data(), w.out.size()));
  return w.out;
}

// The checks that need only the first 16 bytes and the file's size: magic, version, and the
// payload length against the size. `u` holds min(n_have, 16) bytes of a file of `size` bytes.
// Returns the payload length.
static uint64_t check_prefix(const unsigned char* u, size_t n_have, uint64_t size,
                             const std::string& name) {
  const size_t m = n_have < 4 ? n_have : 4;
  if (size < 4 && std::memcmp(u, kMagic, m) == 0)
    throw error(name + ": truncated (" + std::to_string(size) + " bytes, shorter than the header)");
  if (n_have < 4 || std::memcmp(u, kMagic, 4) != 0)
    throw error(name + ": not an .akp probe file (bad magic)");
  if (size < kPrefix + 4 || n_have < kPrefix)
    throw error(name + ": truncated (" + std::to_string(size) + " bytes, shorter than the header)");
  const unsigned version = u[4] | (u[5] << 8);
  if (version != kVersion)
    throw error(name + ": unsupported .akp version " + std::to_string(version) +
                " (this tool reads version " + std::to_string(kVersion) + ")");
  const uint64_t payload = le64(u + 8);
  if (payload > (uint64_t{1} << 40) || kPrefix + payload + 4 > size) {
    const std::string want = payload > (uint64_t{1} << 40)
                                 ? std::string("an impossible size")
                                 : std::to_string(kPrefix + payload + 4) + " bytes";
    throw error(name + ": truncated or corrupt (header says " + want + ", file has " +
                std::to_string(size) + ")");
  }
  if (kPrefix + payload + 4 < size)
    throw error(name + ": " + std::to_string(size - (kPrefix + payload + 4)) +
                " trailing bytes after the CRC (corrupt file)");
  return payload;
}

probe decode(const std::string& bytes, const std::string& name) {
  const auto* u = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  const uint64_t payload = check_prefix(u, n, n, name);
  const size_t body = kPrefix + static_cast<size_t>(payload);
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i) stored |= uint32_t{u[body + i]} << (8 * i);
  if (crc32(u, body) != stored) throw error(name + ": CRC mismatch (the file is corrupted)");

  // The CRC matched: anything inconsistent below was written that way.
  reader r{u + kPrefix, static_cast<size_t>(payload), name};
  probe p;
  const uint32_t kind = r.u32(), flags = r.u32();
  p.dims = r.u32();
  p.classes = r.u32();
  if (kind > 1) throw error(name + ": unknown task " + std::to_string(kind));
  if (flags & ~(kFlagStd | kFlagS8)) throw error(name + ": unknown flags");
  p.kind = static_cast<task>(kind);
  if (p.dims == 0 || p.classes == 0 || p.dims >= (1u << 30) || p.classes >= (1u << 30) ||
      uint64_t{p.dims} * p.classes >= (uint64_t{1} << 30))
    throw error(name + ": invalid dims/classes");
  if (payload_size(p.kind, flags, p.dims, p.classes) != payload)
    throw error(name + ": payload size does not match dims/classes");
  const size_t cd = size_t{p.dims} * p.classes;
  if (p.kind == task::classification) p.labels = r.i32s(p.classes);
  p.w = r.f32s(cd);
  p.b = r.f32s(p.classes);
  p.standardized = flags & kFlagStd;
  if (p.standardized) {
    p.mean = r.f32s(p.dims);
    p.std = r.f32s(p.dims);
  }
  p.has_s8 = flags & kFlagS8;
  if (p.has_s8) {
    p.s8.logit_unit = r.f32();
    p.s8.w_scale = r.f32s(p.classes);
    p.s8.b = r.i32s(p.classes);
    r.need(cd);
    p.s8.w.assign(reinterpret_cast<const int8_t*>(r.p), reinterpret_cast<const int8_t*>(r.p) + cd);
  }
  validate(p, name);
  return p;
}

probe read(const std::string& path) {
  std::string bytes;
  try {
    // The header is checked against the file's size before the rest is read.
    bytes = fileio::read_file(
        path,
        [&path](const std::string& prefix, uint64_t size) {
          check_prefix(reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size(), size,
                       path);
        },
        kPrefix);
  } catch (const fileio::error& e) {
    throw error(e.what());
  }
  return decode(bytes, path);
}

void write(const std::string& path, const probe& p) {
  validate(p, path);
  const std::string bytes = encode(p);
  try {
    fileio::write_file_atomic(path, bytes);
  } catch (const fileio::error& e) {
    throw error(e.what());
  }
}

void folded(const probe& p, std::vector<float>* w, std::vector<float>* b) {
  *w = p.w;
  *b = p.b;
  if (!p.standardized) return;
  for (size_t c = 0; c < p.classes; ++c) {
    double shift = 0;
    for (size_t j = 0; j < p.dims; ++j) {
      const double wj = double(p.w[c * p.dims + j]) / p.std[j];
      (*w)[c * p.dims + j] = static_cast<float>(wj);
      shift += wj * p.mean[j];
    }
    (*b)[c] = static_cast<float>(p.b[c] - shift);
  }
}

}  // namespace akp
