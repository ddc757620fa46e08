// SPDX-License-Identifier: Apache-2.0
// Training kernels for any CPU (the compiler's default ISA).
#define Eigen EigenTrainBase  // keeps this copy's Eigen instantiations apart from the others
#define TRAIN_K_NS base
#define TRAIN_K_NAME "baseline"
#include "train_kernel.inc"
