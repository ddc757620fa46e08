#!/usr/bin/env bash
# `attnkit pe --format q15`: int16 .npy within 1 LSB of round(32768 * PE) from double NumPy,
# and equal bytes on every port.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$BIN" pe --dim 64 --positions 0:4095 --format q15 -o "$tmp/a.npy"
"$BIN" pe --dim 33 --positions 65000:65535 --format q15 --base 100 -o "$tmp/b.npy"
if "$BIN" pe --dim 3 --positions 0:1 --format q15 --base 1.5 -o "$tmp/bad.npy" 2>/dev/null; then
  echo "non-integer base accepted for q15"; exit 1
fi
[ ! -e "$tmp/bad.npy" ]

/usr/bin/python3 - "$tmp" <<'PY'
import sys
import numpy as np
tmp = sys.argv[1]
worst = 0
for name, dim, a, b, base in (("a", 64, 0, 4095, 10000.0), ("b", 33, 65000, 65535, 100.0)):
    got = np.load(f"{tmp}/{name}.npy")
    assert got.dtype == np.int16 and got.shape == (b - a + 1, dim), (got.dtype, got.shape)
    pos = np.arange(a, b + 1, dtype=np.float64)[:, None]
    j = np.arange(dim)
    ang = pos * base ** (-(2 * (j // 2)) / dim)
    ref = np.where(j % 2 == 0, np.sin(ang), np.cos(ang))
    want = np.clip(np.round(ref * 32768.0), -32768, 32767)  # numpy rounds ties to even; no ties here
    worst = max(worst, int(np.abs(got.astype(np.int64) - want).max()))
print("max LSB error", worst)
assert worst <= 1, worst
PY
