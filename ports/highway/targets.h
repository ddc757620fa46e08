// SPDX-License-Identifier: Apache-2.0
// Highway port: which SIMD targets were compiled and which the CPU supports; lets tests and
// benchmarks force one target so every compiled target is exercised. No allocation.
#pragma once
#include <cstddef>
#include <cstdint>

namespace attnkit {
namespace highway {

/// Writes up to `cap` target bits (HWY_AVX3, HWY_AVX2, ...) that are both compiled into this
/// build and supported by this CPU, best first; returns how many there are.
size_t supported_targets(int64_t* out, size_t cap);

/// Highway's name for a target bit ("AVX3", "AVX2", "SSE4", "SCALAR", ...).
const char* target_name(int64_t target);

/// Forces dispatch to `target` (one bit from supported_targets); 0 restores normal dispatch.
void force_target(int64_t target);

/// Name of the target the next dispatched call will use.
const char* current_target();

}  // namespace highway
}  // namespace attnkit
