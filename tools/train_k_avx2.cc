// SPDX-License-Identifier: Apache-2.0
// Training kernels built with AVX2 + FMA (flags set in tools/tools.mk); x86-64 only.
#if defined(__x86_64__) && defined(__AVX2__) && defined(__FMA__)
#define Eigen EigenTrainAvx2  // keeps this copy's Eigen instantiations apart from the others
#define TRAIN_K_NS avx2
#define TRAIN_K_NAME "avx2"
#include "train_kernel.inc"
#endif
