// SPDX-License-Identifier: Apache-2.0
// Exporting a probe as a C++17 header that firmware compiles in (static const arrays + model).
#pragma once
#include <string>

#include "akp.h"

namespace exporter {

struct header_options {
  std::string name = "probe";  ///< namespace of the generated arrays (a C++ identifier)
  std::string source;          ///< mentioned in the header's comment
  bool f32 = true;             ///< write the float model
  bool s8 = true;              ///< write the int8 model (when the probe has one)
};

/// `text` made a valid C++ identifier: other characters become '_', a leading digit gets a
/// "p_" prefix; empty text gives "probe".
std::string identifier(const std::string& text);

/// The header: in namespace `name`, kClasses, kDims, kLabels (classification), kW/kB and the
/// attnkit::probe_f32_model kF32 (standardisation folded in), and for the int8 form kW8,
/// kWScale, kB32 and the attnkit::probe_s8_model kS8. Compiles warning-free as C++17 with
/// g++ and arm-none-eabi-g++ (-Wall -Wextra).
std::string c_header(const akp::probe& p, const header_options& opt);

}  // namespace exporter
