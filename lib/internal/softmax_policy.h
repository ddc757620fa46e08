// SPDX-License-Identifier: Apache-2.0
// Internal: what softmax does with rows that are not all finite, defined once for every port
// (softmax.h documents it). The ports keep their own vectorised max and NaN scans and call
// these for the rows the scans flag; the finite rows take each port's exp path.
//   - a NaN anywhere in the row: every output is NaN;
//   - every entry -inf (a fully masked row): every output is 0;
//   - some entries +inf: they share the mass equally, every other output is 0.
#pragma once
#include <cstddef>
#include <limits>

namespace attnkit {

// softmax_f32 of the row x[0..n) whose maximum (NaN ignored) is `max` and which holds a NaN
// iff has_nan. Writes y and returns true when the row is one of the cases above; returns false,
// y untouched, when every entry is finite (the port computes exp(x - max) / sum). With has_nan
// the value of `max` does not matter (a vector max may have lost lanes to the NaN). y may alias x.
inline bool softmax_special_row_f32(const float* x, size_t n, float max, bool has_nan, float* y) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (has_nan) {
    for (size_t i = 0; i < n; ++i) y[i] = std::numeric_limits<float>::quiet_NaN();
    return true;
  }
  if (max == -kInf) {  // fully masked row: all zeros
    for (size_t i = 0; i < n; ++i) y[i] = 0.0f;
    return true;
  }
  if (max == kInf) {  // +inf entries share the mass
    size_t c = 0;
    for (size_t i = 0; i < n; ++i) c += x[i] == max;
    for (size_t i = 0; i < n; ++i) y[i] = x[i] == max ? 1.0f / static_cast<float>(c) : 0.0f;
    return true;
  }
  return false;
}

// The same policy for one row of softmax_online_f32 (port_api.inc), in place: `max` is the new
// running maximum max(*m, row max), NaN ignored. When it is -inf, nothing is visible yet: the
// state stays (*corr = 1) and the row contributes 0. When it is +inf, each +inf score weighs 1
// (the final division by *l shares the mass equally, as in softmax_f32) and every finite
// weight seen so far is dropped (*corr = 0, unless *m was +inf already). NaN scores stay NaN
// (and reach *l when the row counts). Returns false, row untouched, for a finite max.
inline bool softmax_online_special_row_f32(float* row, size_t n, float max, float* m, float* l,
                                           float* corr) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  if (max == -kInf) {  // nothing visible yet: keep the state, contribute nothing
    *corr = 1.0f;
    for (size_t j = 0; j < n; ++j) row[j] = row[j] != row[j] ? row[j] : 0.0f;
    return true;
  }
  if (max != kInf) return false;
  *corr = *m == kInf ? 1.0f : 0.0f;
  for (size_t j = 0; j < n; ++j)
    row[j] = row[j] == kInf ? 1.0f : (row[j] != row[j] ? row[j] : 0.0f);
  double sum = 0.0;
  for (size_t j = 0; j < n; ++j) sum += row[j];
  *m = max;
  *l = static_cast<float>(*l * *corr + sum);
  return true;
}

}  // namespace attnkit
