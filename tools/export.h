// SPDX-License-Identifier: Apache-2.0
// Exporting a probe as a C++17 header that firmware compiles in (static const arrays + model).
#pragma once
#include <string>

#include "akp.h"

namespace exporter {

struct header_options {
  std::string name = "probe";  ///< namespace of the generated arrays (made an identifier)
  std::string source;          ///< mentioned in the header's comment (escaped)
  bool f32 = true;             ///< write the float model
  bool s8 = true;              ///< write the int8 model (when the probe has one)
};

/// Why `name` cannot be the namespace of a generated header, or "" if it can: it must be a C
/// identifier ([A-Za-z_][A-Za-z0-9_]*) and not a C or C++ keyword (alternative tokens such as
/// `and` included), a reserved identifier (`__x`, `_X`), a macro the header's includes or GNU
/// mode define (`NULL`, `SIZE_MAX`, `INT8_C`, `linux`, `unix`, ...), `std` or `attnkit`.
std::string identifier_problem(const std::string& name);

/// `text` made a valid C++ identifier: other characters become '_', a leading digit gets a
/// "p_" prefix; empty text gives "probe"; a name identifier_problem() refuses gets a
/// "_probe" suffix (a leading underscore a "p" prefix).
std::string identifier(const std::string& text);

/// `text` (a file name) as it may appear in a // comment of generated code: printable ASCII
/// stays, backslash and every other byte (newline, non-UTF-8 ...) become \xNN.
std::string comment_text(const std::string& text);

/// The header: in namespace `name`, kClasses, kDims, kLabels (classification), kW/kB and the
/// attnkit::probe_f32_model kF32 (standardisation folded in), and for the int8 form kW8,
/// kWScale, kB32 and the attnkit::probe_s8_model kS8. Compiles warning-free as C++17 with
/// g++ and arm-none-eabi-g++ (-Wall -Wextra).
std::string c_header(const akp::probe& p, const header_options& opt);

}  // namespace exporter
