/* SPDX-License-Identifier: Apache-2.0 */
/* make bench-mcu: CMSIS-NN code-size probe, one per function set (-DKEEP_<name>), built like
 * the CMSIS-NN objects; report.py sums the .text/.rodata taken from libcmsisnn.a. */
#include <stdint.h>

#include "arm_nnfunctions.h"

static volatile uintptr_t g_keep;
#define KEEP(f) (g_keep = g_keep + (uintptr_t)(f))

int main(void) {
#if defined(KEEP_softmax_s8)
  KEEP(&arm_softmax_s8);
#elif defined(KEEP_softmax_s16)
  KEEP(&arm_softmax_s16);
#elif defined(KEEP_softmax_s8_s16)
  KEEP(&arm_softmax_s8_s16);
#elif defined(KEEP_fully_connected_s8)
  KEEP(&arm_fully_connected_s8);
  KEEP(&arm_fully_connected_s8_get_buffer_size);
#if defined(ARM_MATH_MVEI) /* TFLM's Prepare computes the kernel sums on Helium only */
  KEEP(&arm_vector_sum_s8);
#endif
#elif defined(KEEP_attention)
  KEEP(&arm_batch_matmul_s8);
  KEEP(&arm_softmax_s8);
  KEEP(&arm_fully_connected_s8_get_buffer_size);
#elif defined(KEEP_mha)
  KEEP(&arm_batch_matmul_s8);
  KEEP(&arm_softmax_s8);
  KEEP(&arm_fully_connected_s8);
  KEEP(&arm_fully_connected_s8_get_buffer_size);
  KEEP(&arm_vector_sum_s8);
  KEEP(&arm_transpose_s8);
#else
#error "size_probe_cmsis.c: define one KEEP_<name>"
#endif
  return 0;
}
