// SPDX-License-Identifier: Apache-2.0
// Minimal Cortex-M start-up: vector table, .data/.bss set-up, FPU enable, static constructors,
// main(), and main's return value as the semihosting exit status (HardFault exits 99).
#include <cstdint>

#include "ports/cortex-m/board/semihost.h"

extern "C" {
extern uint32_t __etext, __data_start__, __data_end__, __bss_start__, __bss_end__, __StackTop;
extern void (*__init_array_start[])(), (*__init_array_end[])();
int main();

[[noreturn]] void Reset_Handler() {
  const uint32_t* src = &__etext;
  for (uint32_t* dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  // CP10/CP11 full access before any FP or MVE instruction (else a NOCP UsageFault).
  *reinterpret_cast<volatile uint32_t*>(0xE000ED88) |= (0xFu << 20);
  asm volatile("dsb\n isb" ::: "memory");
#endif
  for (auto f = __init_array_start; f < __init_array_end; ++f) (*f)();
  sh::exit(main());
}

[[noreturn]] void Fault_Handler() {
  sh::write("HardFault/NMI/unexpected exception\n");
  sh::exit(99);
}

__attribute__((section(".isr_vector"), used)) void* const g_vectors[16] = {
    &__StackTop,
    reinterpret_cast<void*>(Reset_Handler),
    reinterpret_cast<void*>(Fault_Handler),  // NMI
    reinterpret_cast<void*>(Fault_Handler),  // HardFault
    reinterpret_cast<void*>(Fault_Handler),  // MemManage
    reinterpret_cast<void*>(Fault_Handler),  // BusFault
    reinterpret_cast<void*>(Fault_Handler),  // UsageFault
};
}
