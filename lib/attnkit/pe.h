// SPDX-License-Identifier: Apache-2.0
// Sinusoidal positional encodings ("Attention is all you need", section 3.5).
#pragma once
#include "attnkit/status.h"

namespace attnkit {

/// PE(pos, 2i) = sin(pos * w_i), PE(pos, 2i+1) = cos(pos * w_i), w_i = base^(-2i/d).
/// Odd d works: the last element is a sine. `base` must be finite and > 1 (default 10000).
/// Accuracy: max |error| <= 3e-7 against a double-precision reference for every
/// pos < 2^20 (the angle is formed and reduced in double, so it does not grow with pos).
/// Writes d floats to out.
status pe_f32(uint32_t pos, size_t d, float* out, float base = 10000.0f);

/// Table of `count` consecutive positions starting at pos0: row k = PE(pos0 + k), count x d,
/// row-major. pos0 + count - 1 must fit in uint32_t. Same accuracy as pe_f32.
status pe_table_f32(uint32_t pos0, size_t count, size_t d, float* out, float base = 10000.0f);

/// Q15 encodings without floating point at run time: row k of out (count x d int16) is
/// round(32768 * PE(pos0 + k)) for the same PE as pe_table_f32 with an integer base >= 2
/// (+1.0 clamps to 32767). Accuracy: within 1 LSB of the correctly rounded value (tested
/// exhaustively for pos <= 65535). Tables: 384 bytes; stack: 256 bytes.
/// Returns bad_argument if base < 2, bad_size if d > 2^31.
status pe_table_q15(uint32_t pos0, size_t count, size_t d, int16_t* out, uint32_t base = 10000);

/// One row: d Q15 values of PE(pos).
status pe_q15(uint32_t pos, size_t d, int16_t* out, uint32_t base = 10000);

}  // namespace attnkit
