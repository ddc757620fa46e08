// SPDX-License-Identifier: Apache-2.0
// Training kernels built with AVX-512 F/VL/DQ/BW (flags set in tools/tools.mk); x86-64 only.
#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512VL__) && \
    defined(__AVX512DQ__) && defined(__AVX512BW__)
#define Eigen EigenTrainAvx512  // keeps this copy's Eigen instantiations apart from the others
#define TRAIN_K_NS avx512
#define TRAIN_K_NAME "avx512"
#include "train_kernel.inc"
#endif
