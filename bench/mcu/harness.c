/* SPDX-License-Identifier: Apache-2.0 */
/* make bench-mcu: SysTick instruction counter, wrap interrupt, calibration and stack painting
 * (see harness.h). Always compiled with arm-none-eabi-gcc, whatever compiles CMSIS-NN. */
#include "bench/mcu/harness.h"

#define SYST_CSR (*(volatile uint32_t*)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t*)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t*)0xE000E018u)
#define SCB_ICSR (*(volatile uint32_t*)0xE000ED04u)
#define SCB_VTOR (*(volatile uint32_t*)0xE000ED08u)
#define ICSR_PENDSTSET (1u << 26)
#define ICSR_PENDSTCLR (1u << 25)
#define SYST_RELOAD 0xFFFFFFu
#define SYST_HALF 0x800000u
#define STACK_PAINT 0xC5A3E17Bu

extern uint32_t __bss_end__; /* ports/cortex-m/board/sections.ld */

volatile uint32_t g_bench_wraps;
static uint32_t s_start, s_w0;
static bench_calib s_cal;

static int semihost(int op, const void* arg) {
  register int r0 __asm__("r0") = op;
  register const void* r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void bench_write(const char* s) { semihost(0x04, s); }

static void bench_exit(int code) {
  const uint32_t block[2] = {0x20026u, (uint32_t)code};
  semihost(0x20, block);
  semihost(0x18, (const void*)(uintptr_t)(code == 0 ? 0x20026u : 0x20023u));
  for (;;) {
  }
}

static void bench_fault(void) {
  bench_write("bench-mcu: fault or unexpected exception\n");
  bench_exit(98);
}

/* The wrap handler in a fixed number of instructions (its cost is calibrated anyway). */
__attribute__((naked)) static void bench_systick(void) {
  __asm__ volatile(
      "movw r0, #:lower16:g_bench_wraps\n"
      "movt r0, #:upper16:g_bench_wraps\n"
      "ldr r1, [r0]\n"
      "adds r1, r1, #1\n"
      "str r1, [r0]\n"
      "bx lr\n");
}

/* Own vector table (VTOR), so the board's start-up code stays as it is. */
__attribute__((aligned(1024))) static void (*const s_vectors[16])(void) = {
    0,           bench_fault, bench_fault, bench_fault,  bench_fault, bench_fault,
    bench_fault, bench_fault, bench_fault, bench_fault,  bench_fault, bench_fault,
    bench_fault, bench_fault, bench_fault, bench_systick};

__attribute__((naked, noinline)) void bench_loop4(uint32_t n) {
  (void)n;
  __asm__ volatile(
      "1: adds r1, r1, #1\n"
      "nop\n"
      "subs r0, r0, #1\n"
      "bne 1b\n"
      "bx lr\n");
}

void bench_start(void) {
  SCB_ICSR = ICSR_PENDSTCLR;
  g_bench_wraps = 0;
  const uint32_t s = SYST_CVR;
  const uint32_t pending = SCB_ICSR & ICSR_PENDSTSET;
  /* A wrap between the clear and the read: s is already past it, and the handler that runs at
   * cpsie counts it, so it must not count here. */
  s_w0 = (pending && s > SYST_HALF) ? 1u : 0u;
  s_start = s;
  __asm__ volatile("cpsie i" ::: "memory");
}

static uint64_t stop_raw(uint32_t* wraps) {
  __asm__ volatile("cpsid i" ::: "memory");
  const uint32_t e = SYST_CVR;
  uint32_t w = g_bench_wraps;
  const uint32_t pending = SCB_ICSR & ICSR_PENDSTSET;
  if (pending && e > SYST_HALF) ++w; /* wrapped before the read, handler not run yet */
  SCB_ICSR = ICSR_PENDSTCLR;
  w -= s_w0;
  *wraps = w;
  return (uint64_t)w * (SYST_RELOAD + 1u) + (uint64_t)s_start - (uint64_t)e;
}

static uint64_t ticks_to_insns(uint64_t ticks) {
  if (s_cal.dt == 0 || ticks <= s_cal.empty) return 0;
  return ((ticks - s_cal.empty) * s_cal.dn + s_cal.dt / 2) / s_cal.dt;
}

static uint64_t s_last_ticks;

/* Every timed region, the calibration's included, ends through here: same fixed overhead. */
void bench_stop(bench_meas* m) {
  uint32_t w;
  s_last_ticks = stop_raw(&w);
  const uint64_t n = ticks_to_insns(s_last_ticks);
  const uint64_t corr = ((uint64_t)w * (uint64_t)s_cal.per_wrap_x1000 + 500u) / 1000u;
  m->insns = n > corr ? n - corr : 0;
  m->wraps = w;
}

static uint64_t time_loop(uint32_t n, bench_meas* m) {
  bench_start();
  bench_loop4(n);
  bench_stop(m);
  return s_last_ticks;
}

void bench_init(void) {
  __asm__ volatile("cpsid i" ::: "memory");
  SCB_VTOR = (uint32_t)(uintptr_t)s_vectors;
  __asm__ volatile("dsb\n isb" ::: "memory");
  SYST_RVR = SYST_RELOAD;
  SYST_CVR = 0;
  SYST_CSR = 7u; /* ENABLE | TICKINT | CLKSOURCE = processor clock */
  bench_meas m;
  /* Empty region (second of two), then two loops below one wrap: ticks per instruction. */
  for (int i = 0; i < 2; ++i) {
    bench_start();
    bench_stop(&m);
  }
  s_cal.empty = s_last_ticks;
  const uint32_t n1 = 1000, n2 = 1000000; /* 4 M instructions: < 2^24 ticks on every board */
  const uint64_t t1 = time_loop(n1, &m);
  const uint64_t t2 = time_loop(n2, &m);
  s_cal.dt = t2 - t1;
  s_cal.dn = 4ull * (n2 - n1);
  s_cal.check_loop = ticks_to_insns(t1);
  /* A region of several wraps: what each wrap's interrupt adds. */
  const uint32_t n3 = 3000000;
  time_loop(n3, &m);
  s_cal.check_long_expected = s_cal.check_loop + 4ull * (n3 - n1);
  s_cal.check_long_wraps = m.wraps;
  if (m.wraps > 0)
    s_cal.per_wrap_x1000 =
        ((int64_t)m.insns - (int64_t)s_cal.check_long_expected) * 1000 / (int64_t)m.wraps;
  time_loop(n3, &m);
  s_cal.check_long = m.insns;
}

const bench_calib* bench_calibration(void) { return &s_cal; }

static uint32_t* paint_bottom(uintptr_t sp) {
  uintptr_t lo = sp > BENCH_STACK_WINDOW ? sp - BENCH_STACK_WINDOW : 0;
  const uintptr_t bss_end = (uintptr_t)&__bss_end__;
  if (lo < bss_end) lo = bss_end;
  return (uint32_t*)((lo + 3u) & ~(uintptr_t)3u);
}

void bench_stack_paint(uintptr_t sp) {
  uint32_t* p = paint_bottom(sp);
  uint32_t* const top = (uint32_t*)((bench_sp() - 16u) & ~(uintptr_t)3u);
  while (p < top) *p++ = STACK_PAINT;
}

uint32_t bench_stack_used(uintptr_t sp) {
  const uint32_t* p = paint_bottom(sp);
  const uint32_t* const top = (const uint32_t*)sp;
  while (p < top && *p == STACK_PAINT) ++p;
  return (uint32_t)(sp - (uintptr_t)p);
}
