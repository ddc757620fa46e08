// SPDX-License-Identifier: Apache-2.0
// C++ header export of .akp probes.
#include "export.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "train.h"

namespace exporter {
namespace {

// Shortest text that reads back as the same float, as a float literal.
std::string float_literal(float v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", double(v));
  std::string s = buf;
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s + "f";
}

template <class T, class F>
void array(std::string& out, const char* type, const std::string& name, const std::string& size,
           const std::vector<T>& v, F fmt, size_t per_line) {
  out += "static const " + std::string(type) + " " + name + "[" + size + "] = {";
  for (size_t i = 0; i < v.size(); ++i) {
    out += (i % per_line == 0) ? "\n    " : " ";
    out += fmt(v[i]);
    out += ',';
  }
  out += "\n};\n";
}

// C11, C23 and C++20 keywords, C++ alternative tokens, and names that are macros after the
// header's includes (<cstddef>, <cstdint>) or in GNU mode (g++'s default -std=gnu++17).
const char* const kReserved[] = {
    // C++ keywords and alternative tokens
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
    "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
    "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
    "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast",
    "struct", "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef",
    "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t",
    "while", "xor", "xor_eq",
    // C keywords that C++ lacks
    "restrict", "typeof", "typeof_unqual", "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool",
    "_Complex", "_Decimal128", "_Decimal32", "_Decimal64", "_Generic", "_Imaginary", "_Noreturn",
    "_Static_assert", "_Thread_local",
    // macros and names that would clash
    "NULL", "offsetof", "EOF", "linux", "unix", "i386", "std", "attnkit", "main", "errno", "assert",
    "SIZE_MAX", "PTRDIFF_MIN", "PTRDIFF_MAX", "SIG_ATOMIC_MIN", "SIG_ATOMIC_MAX", "WCHAR_MIN",
    "WCHAR_MAX", "WINT_MIN", "WINT_MAX", "INTMAX_MIN", "INTMAX_MAX", "UINTMAX_MAX", "INTPTR_MIN",
    "INTPTR_MAX", "UINTPTR_MAX", "INTMAX_C", "UINTMAX_C"};

// INT8_MIN, UINT16_MAX, INT_LEAST8_MAX, UINT_FAST64_MAX, INT32_C, ...: <cstdint>'s macros,
// U?INT(_LEAST|_FAST)?[0-9]+_(MIN|MAX|C).
bool stdint_macro(const std::string& s) {
  size_t i = s.compare(0, 1, "U") == 0 ? 1 : 0;
  if (s.compare(i, 3, "INT") != 0) return false;
  i += 3;
  for (const char* kind : {"_LEAST", "_FAST"})
    if (s.compare(i, std::strlen(kind), kind) == 0) i += std::strlen(kind);
  const size_t digits = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits) return false;
  const std::string tail = s.substr(i);
  return tail == "_MIN" || tail == "_MAX" || tail == "_C";
}

bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string identifier_problem(const std::string& name) {
  if (name.empty()) return "is empty";
  for (char c : name)
    if (!ident_char(c)) return "is not a C identifier (letters, digits and '_' only)";
  if (name[0] >= '0' && name[0] <= '9') return "is not a C identifier (it starts with a digit)";
  for (const char* k : kReserved)
    if (name == k) return "is a C/C++ keyword or a name the header's includes define";
  if (stdint_macro(name)) return "is a <cstdint> macro";
  if (name.find("__") != std::string::npos ||
      (name[0] == '_' && name.size() > 1 && ((name[1] >= 'A' && name[1] <= 'Z'))))
    return "is reserved for the implementation (a double underscore, or '_' and a capital)";
  return "";
}

std::string identifier(const std::string& text) {
  std::string s;
  for (char c : text) s += ident_char(c) ? c : '_';
  if (s.empty()) return "probe";
  if (s[0] >= '0' && s[0] <= '9') s = "p_" + s;
  if (identifier_problem(s).empty()) return s;
  // "int" -> "int_probe"; "__x" or "_X..." -> "p__x_probe" has "__" too: drop underscores
  // until no run of two is left.
  if (s[0] == '_') s = "p" + s;
  std::string t;
  for (char c : s)
    if (!(c == '_' && !t.empty() && t.back() == '_')) t += c;
  if (!t.empty() && t.back() == '_') t.pop_back();
  t += "_probe";
  return identifier_problem(t).empty() ? t : "probe";
}

std::string comment_text(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

namespace {
// Labels and biases: INT32_MIN as an expression, since -2147483648 is minus a long literal.
std::string int32_literal(int32_t v) {
  return v == INT32_MIN ? std::string("(-2147483647 - 1)") : std::to_string(v);
}
}  // namespace

std::string c_header(const akp::probe& p, const header_options& opt) {
  akp::validate(p, opt.source.empty() ? "probe" : opt.source);
  if (opt.s8 && !p.has_s8) throw std::invalid_argument("the probe has no int8 form to export");
  const std::string ns = identifier(opt.name);
  const bool cls = p.kind == akp::task::classification;
  std::string h;
  h += "// Generated by `attnkit probe export`" +
       (opt.source.empty() ? std::string() : " from " + comment_text(opt.source)) +
       "; do not edit.\n";
  h += "// Linear probe, " + std::string(cls ? "classification: " : "regression: ") +
       std::to_string(p.classes) + (cls ? " classes" : " output") + " x " + std::to_string(p.dims) +
       " dims.\n";
  if (p.standardized) h += "// Standardisation is folded into W and b: pass raw embeddings.\n";
  h += "// Float: attnkit::probe_f32(" + ns + "::kF32, x, batch, logits, labels);\n";
  if (opt.s8)
    h += "// Int8:  attnkit::quantize_rows_s8(x, batch, kDims, xq, nullptr, xs);\n"
         "//        attnkit::probe_s8(" +
         ns +
         "::kS8, xq, xs, batch, logits, labels);\n"
         "//        (logits in units of kS8.logit_scale)\n";
  h += "#pragma once\n#include <cstddef>\n#include <cstdint>\n\n#include \"attnkit/probe.h\"\n\n";
  h += "namespace " + ns + " {\n\n";
  h += "constexpr size_t kClasses = " + std::to_string(p.classes) + ";\n";
  h += "constexpr size_t kDims = " + std::to_string(p.dims) + ";\n";
  auto i32 = [](int32_t v) { return int32_literal(v); };
  if (cls) array(h, "int32_t", "kLabels", "kClasses", p.labels, i32, 12);
  const char* labels = cls ? "kLabels" : "nullptr";
  if (opt.f32) {
    std::vector<float> w, b;
    akp::folded(p, &w, &b);
    h += "\n";
    array(h, "float", "kW", "kClasses * kDims", w, float_literal, 8);
    array(h, "float", "kB", "kClasses", b, float_literal, 8);
    h += "static const attnkit::probe_f32_model kF32 = {kClasses, kDims, kW, kB, " +
         std::string(labels) + "};\n";
  }
  if (opt.s8) {
    std::vector<attnkit::quant_scale> qs;
    const attnkit::probe_s8_model m = train::s8_model(p, &qs);
    auto i8 = [](int8_t v) { return std::to_string(int(v)); };
    auto qsf = [](const attnkit::quant_scale& s) {
      return "{" + int32_literal(s.multiplier) + ", " + int32_literal(s.shift) + "}";
    };
    h += "\n";
    array(h, "int8_t", "kW8", "kClasses * kDims", p.s8.w, i8, 20);
    h += "// Row scale / logit unit, as Q31 multiplier and shift (attnkit/quant.h).\n";
    array(h, "attnkit::quant_scale", "kWScale", "kClasses", qs, qsf, 4);
    array(h, "int32_t", "kB32", "kClasses", p.s8.b, i32, 8);
    h += "// One logit unit is " + float_literal(p.s8.logit_unit) + " (real).\n";
    h += "static const attnkit::probe_s8_model kS8 = {kClasses, kDims, kW8, kWScale, kB32, " +
         qsf(m.logit_scale) + ", " + labels + "};\n";
  }
  h += "\n}  // namespace " + ns + "\n";
  return h;
}

}  // namespace exporter
