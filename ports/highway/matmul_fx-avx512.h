// SPDX-License-Identifier: Apache-2.0
// Highway port, x86 AVX-512: the int8 products written in raw intrinsics (Highway 1.0.3 has no
// int8 dot product op). matmul_fx.cc's AVX3 targets call them; the other targets run the
// Highway code of matmul_fx.cc.
//   matmul_fx-avx512vnni.cc: matmul_nt_s8_s32 with vpdpbusd, when the CPU has AVX512_VNNI;
//   matmul_fx-avx512bw.cc:   matmul_nn_q15_s8_s32 with vpmaddwd (AVX512BW: every AVX3 CPU).
// Both are compiled with the AVX3 target's flags (HWY_TARGET_STR_AVX3, plus avx512vnni for the
// VNNI file) through a target pragma in the file, so the build needs no flags for them.
#pragma once
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "lib/internal/port_api.h"

namespace attnkit {
namespace highway {

namespace avx512vnni {
#if defined(__x86_64__) || defined(__i386__)
// Whether the CPU has AVX512_VNNI (CPUID leaf 7, ECX bit 11), checked once.
inline bool cpu_supports() {
  static const bool has = [] {
    unsigned eax, ebx, ecx, edx;
    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 && ((ecx >> 11) & 1u) != 0;
  }();
  return has;
}
#endif
// Needs the AVX3 target and cpu_supports().
kernel_sig::matmul_nt_s8_s32 matmul_nt_s8_s32;
}  // namespace avx512vnni

namespace avx512bw {
// Needs the AVX3 target.
kernel_sig::matmul_nn_q15_s8_s32 matmul_nn_q15_s8_s32;
}  // namespace avx512bw

}  // namespace highway
}  // namespace attnkit
