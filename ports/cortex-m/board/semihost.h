// SPDX-License-Identifier: Apache-2.0
// Semihosting for test and example firmware: text to the host, exit status to qemu's exit code.
#pragma once
#include <cstdint>

namespace sh {

inline int call(int op, const void* arg) {
  register int r0 asm("r0") = op;
  register const void* r1 asm("r1") = arg;
  asm volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

inline void write(const char* s) { call(0x04, s); }  // SYS_WRITE0

/// Decimal text of v written backwards from the end of buf (no printf: it would pull in the
/// heap); returns its first character.
inline const char* int_text(long long v, char (&buf)[24]) {
  char* p = buf + sizeof buf;
  *--p = '\0';
  const bool neg = v < 0;
  unsigned long long u =
      neg ? 0ull - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
  do {
    *--p = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (neg) *--p = '-';
  return p;
}

inline void write_int(long long v) {
  char buf[24];
  write(int_text(v, buf));
}

[[noreturn]] inline void exit(int code) {
  const uint32_t block[2] = {0x20026u /*ADP_Stopped_ApplicationExit*/, static_cast<uint32_t>(code)};
  call(0x20, block);  // SYS_EXIT_EXTENDED: qemu exits with `code`
  call(0x18, reinterpret_cast<const void*>(code == 0 ? 0x20026u : 0x20023u));  // SYS_EXIT fallback
  for (;;) {
  }
}

}  // namespace sh
