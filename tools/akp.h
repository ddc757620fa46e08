// SPDX-License-Identifier: Apache-2.0
// The .akp linear-probe file: a trained probe (float, optionally int8) with its label map.
//
// Layout (all little-endian):
//   0   "AKPR"               magic
//   4   u16 version (1), u16 reserved (0)
//   8   u64 payload bytes P
//   16  payload: u32 task (0 classification, 1 regression), u32 flags (1 standardised,
//       2 has int8), u32 dims, u32 classes (outputs; 1 for regression)
//       classification only: i32 labels[classes]       (class index -> the user's label)
//       f32 w[classes * dims], f32 b[classes]          (on standardised inputs if flag 1)
//       flag 1: f32 mean[dims], f32 std[dims]           (x_std = (x - mean) / std)
//       flag 2: f32 logit_unit, f32 w_scale[classes], i32 b[classes], i8 w[classes * dims],
//               zero padding to a multiple of 4        (on raw inputs, standardisation folded)
//   16+P u32 CRC-32 (IEEE, as zlib) of bytes [0, 16 + P)
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace akp {

/// A file that cannot be read as a probe: what() is one line, "<file>: <problem>".
struct error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class task : uint32_t { classification = 0, regression = 1 };

/// The int8 form, as attnkit::probe_s8_model (scheme in attnkit/quant.h): symmetric int8
/// rows w[c] with real scale w_scale[c] (max|w_c| / 127), bias and logits in int32 units of
/// logit_unit. Inputs are quantised per vector at run time. Works on raw inputs
/// (standardisation folded in before quantising).
struct s8_part {
  float logit_unit = 0;        ///< real value of one int32 logit
  std::vector<float> w_scale;  ///< classes
  std::vector<int32_t> b;      ///< classes, in logit units
  std::vector<int8_t> w;       ///< classes x dims
};

struct probe {
  task kind = task::classification;
  uint32_t dims = 0;
  uint32_t classes = 0;         ///< outputs: 1 for regression
  std::vector<int32_t> labels;  ///< classification: classes entries, distinct
  std::vector<float> w;         ///< classes x dims
  std::vector<float> b;         ///< classes
  bool standardized = false;
  std::vector<float> mean, std;  ///< dims each, when standardized (std > 0)
  bool has_s8 = false;
  s8_part s8;
};

constexpr uint16_t kVersion = 1;

/// CRC-32 (IEEE 802.3 polynomial, reflected, as zlib's crc32); chain by passing crc back.
uint32_t crc32(const void* data, size_t n, uint32_t crc = 0);

/// Throws error unless the fields are consistent (sizes, finite values, std > 0, ...).
void validate(const probe& p, const std::string& name);

/// The file bytes of a validated probe.
std::string encode(const probe& p);

/// Parses file bytes. Throws error naming the problem: not an .akp file, unsupported
/// version, truncated (expected N bytes, got M), trailing bytes, CRC mismatch, or an
/// inconsistent field.
probe decode(const std::string& bytes, const std::string& name);

probe read(const std::string& path);

/// Writes atomically (temporary file + rename).
void write(const std::string& path, const probe& p);

/// Float weights and bias on raw inputs: standardisation folded into W and b
/// (w'_cj = w_cj / std_j, b'_c = b_c - sum_j w'_cj mean_j). Same as w/b when not standardised.
void folded(const probe& p, std::vector<float>* w, std::vector<float>* b);

}  // namespace akp
