#!/usr/bin/env bash
# `attnkit pe` against a double-precision NumPy formula: max |error| <= 3e-7 for positions < 2^20.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name dim positions [extra options]
cases=(
  "a 1280 0:4095"
  "b 1280 1048000:1048575"
  "c 77 0:4095"
  "d 77 1048000:1048575"
  "e 1 1048575:1048575"
  "f 64 0:300 --base 500"
  "g 3 0:0 --format f32"
)
for c in "${cases[@]}"; do
  read -r name dim pos extra <<< "$c"
  # shellcheck disable=SC2086
  "$BIN" pe --dim "$dim" --positions "$pos" $extra -o "$tmp/$name.npy"
done
# The top of the uint32 range works (accuracy is only promised below 2^20).
"$BIN" pe --dim 5 --positions 4294967290:4294967295 -o "$tmp/top.npy"

/usr/bin/python3 - "$tmp" "${cases[@]}" <<'PY'
import sys
import numpy as np
tmp, cases = sys.argv[1], sys.argv[2:]
worst = 0.0
for c in cases:
    f = c.split()
    name, dim, (a, b) = f[0], int(f[1]), map(int, f[2].split(":"))
    base = float(f[f.index("--base") + 1]) if "--base" in f else 10000.0
    got = np.load(f"{tmp}/{name}.npy")
    assert got.dtype == np.float32 and got.shape == (b - a + 1, dim), (name, got.dtype, got.shape)
    pos = np.arange(a, b + 1, dtype=np.float64)[:, None]
    j = np.arange(dim)
    ang = pos * base ** (-(2 * (j // 2)) / dim)
    ref = np.where(j % 2 == 0, np.sin(ang), np.cos(ang))
    err = float(np.max(np.abs(got.astype(np.float64) - ref)))
    print(f"pe {name}: D={dim} positions {a}:{b} base {base:g}: max abs error {err:.3g}")
    assert err <= 3e-7, (name, err)
    worst = max(worst, err)
top = np.load(f"{tmp}/top.npy")
assert top.shape == (6, 5) and np.all(np.abs(top) <= 1), top
print(f"pe: worst max abs error {worst:.3g} (limit 3e-7)")
PY
