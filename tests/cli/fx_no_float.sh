#!/usr/bin/env bash
# Build check: the fixed-point kernel sources (*_fx.cc) compile for a soft-float Cortex-M4 and
# reference no floating-point helper (__aeabi_f*/__aeabi_d*, conversions) and no libm. The host
# build already compiles them with -mgeneral-regs-only; this adds the bare-metal view and
# prints their .text sizes. Passes (with a note) when arm-none-eabi-g++ is not installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v arm-none-eabi-g++ >/dev/null; then
  echo "arm-none-eabi-g++ not installed: skipped"
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in ports/scalar/*_fx.cc lib/src/*_fx.cc; do
  arm-none-eabi-g++ -std=c++17 -Os -mcpu=cortex-m4 -mthumb -mfloat-abi=soft -fno-exceptions \
    -fno-rtti -ffunction-sections -Wall -Wextra -Werror -Ilib -Ilib/src -I. -Iports/scalar \
    -c "$f" -o "$out/$(echo "$f" | tr / _).o"
done
arm-none-eabi-size "$out"/*.o
undef=$(arm-none-eabi-nm -u "$out"/*.o | awk 'NF == 2 {print $2}' | sort -u)
echo "undefined symbols:" $undef
bad=$(echo "$undef" | grep -E '^__aeabi_(f|d|[iul]+2[fd]|[fd]2)|^(sin|cos|exp|log|pow|sqrt|floor|round|ldexp|frexp)f?$' || true)
if [ -n "$bad" ]; then
  echo "floating point in the fixed-point kernels:" $bad
  exit 1
fi
echo "no floating point: ok"
