/* SPDX-License-Identifier: Apache-2.0 */
/* make bench-mcu: instruction counting under qemu-system-arm -icount, shared by the attnkit side
 * (main.cc, g++) and the CMSIS-NN side (cmsis_side.c, built with CMSIS-NN's compiler). C and
 * C++. The timer and the stack painter live in harness.c (always gcc), so both sides pay the
 * same fixed overhead, which the calibration removes.
 *
 * Time source: SysTick on the processor clock. With -icount shift=S the virtual clock advances
 * 2^S ns per executed instruction, so SysTick ticks convert to instructions exactly once the
 * ratio is calibrated (a 4-instruction loop at two lengths). The 24-bit counter wraps every
 * ~5.2 M (an386/an500) or ~4.1 M (an547) instructions: its interrupt counts the wraps, and the
 * handler's own instructions (calibrated on a long loop) are subtracted per wrap. Interrupts are
 * masked everywhere except inside a timed region. */
#ifndef ATTNKIT_BENCH_MCU_HARNESS_H
#define ATTNKIT_BENCH_MCU_HARNESS_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct bench_meas {
  uint64_t insns; /* executed instructions of the timed statement (calibrated) */
  uint32_t stack; /* bytes of stack below the caller's SP touched by the statement (painted) */
  uint32_t wraps; /* SysTick wraps inside the timed region (corrected for) */
} bench_meas;

typedef struct bench_calib {
  uint64_t dt, dn;        /* dt ticks per dn instructions (from the two short loops) */
  uint64_t empty;         /* ticks of an empty timed region */
  int64_t per_wrap_x1000; /* instructions the wrap interrupt adds per wrap, x1000 */
  uint64_t check_loop;    /* measured instructions of bench_loop4(1000): expect 4001 + call */
  uint64_t check_long;    /* measured instructions of a region of several wraps */
  uint64_t check_long_expected;
  uint32_t check_long_wraps;
} bench_calib;

/* Sets up SysTick, the vector table (VTOR) with the wrap handler, and calibrates. */
void bench_init(void);
const bench_calib* bench_calibration(void);

/* Timed region: bench_start(); statement; bench_stop(&m) fills m.insns and m.wraps. */
void bench_start(void);
void bench_stop(bench_meas* m);

/* Stack high-water mark: paint BENCH_STACK_WINDOW bytes below sp, run, scan. */
#define BENCH_STACK_WINDOW 49152u
void bench_stack_paint(uintptr_t sp);
uint32_t bench_stack_used(uintptr_t sp);

/* Exactly 4 n + 1 instructions (n >= 1). */
void bench_loop4(uint32_t n);

static inline uintptr_t bench_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/* Runs STMT twice: once with the stack painted (interrupts masked, so no exception frame lands
 * on the painted stack) for the high-water mark, once timed. STMT must be repeatable. */
#define BENCH_CALL(m, STMT)                   \
  do {                                        \
    const uintptr_t bench_sp_ = bench_sp();   \
    bench_stack_paint(bench_sp_);             \
    STMT;                                     \
    (m)->stack = bench_stack_used(bench_sp_); \
    bench_start();                            \
    STMT;                                     \
    bench_stop(m);                            \
  } while (0)

/* Semihosting output (SYS_WRITE0). */
void bench_write(const char* s);

#ifdef __cplusplus
}
#endif
#endif
