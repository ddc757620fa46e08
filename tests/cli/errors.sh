#!/usr/bin/env bash
# CLI error handling: usage errors exit 2, data errors exit 1, always with one line on stderr,
# nothing on stdout, and no output (or temporary) file left behind; inputs are never damaged.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
failures=0

# Valid inputs: d_model 6, 2 heads, 4 tokens; cross source 5 x 3.
/usr/bin/python3 - <<'PY'
import numpy as np
r = np.random.default_rng(1)
for name, shape in [("x", (4, 6)), ("kv", (5, 3)), ("w66", (6, 6)), ("w65", (6, 5)),
                    ("w63", (6, 3)), ("b6", (6,)), ("b5", (5,)), ("m44", (4, 4)), ("m45", (4, 5)),
                    ("x3d", (2, 4, 6)), ("empty", (0, 6))]:
    np.save(f"{name}.npy", r.standard_normal(shape).astype(np.float32))
np.save("c8.npy", np.zeros((4, 6), np.complex64))
open("bad_magic.npy", "wb").write(b"\x93NUMPZ\x01\x00" + open("x.npy", "rb").read()[8:])
open("truncated.npy", "wb").write(open("x.npy", "rb").read()[:-5])
open("text.npy", "w").write("not numpy\n")
PY
snapshot() { ls -A; find . -type f | sort | xargs -d '\n' sha256sum; }
before=$(snapshot)

# expect CODE PATTERN -- command...: exit code, one stderr line matching PATTERN, no stdout,
# directory unchanged (no outputs, no temporaries, inputs intact).
expect() {
  local code=$1 pattern=$2
  shift 3
  local rc=0
  "$BIN" "$@" > out.txt 2> err.txt || rc=$?
  local lines; lines=$(wc -l < err.txt)
  local msg; msg=$(cat err.txt)
  rm -f out.txt err.txt
  local problem=""
  [ "$rc" -eq "$code" ] || problem="exit $rc, expected $code"
  [ "$lines" -eq 1 ] || problem="$problem; $lines stderr lines"
  [[ "$msg" == *"$pattern"* ]] || problem="$problem; message lacks '$pattern'"
  [ "$(snapshot)" == "$before" ] || problem="$problem; directory changed"
  if [ -n "$problem" ]; then
    echo "FAIL: attnkit $*: $problem"; echo "  stderr: $msg"; failures=$((failures + 1))
    rm -f y.npy a.npy pe.npy
  else
    echo "ok   [$rc] $msg"
  fi
}
W=(--wq w66.npy --wk w66.npy --wv w66.npy --wo w66.npy)
A=(attention --x x.npy --heads 2 "${W[@]}")

# Usage errors: exit 2.
expect 2 "subcommand is required" --
expect 2 "not expected" -- pe --dim 4 --positions 0:3 -o pe.npy --bogus
expect 2 "--dim is required" -- pe --positions 0:3 -o pe.npy
expect 2 "--dim: 0 is out of range" -- pe --dim 0 --positions 0:3 -o pe.npy
expect 2 "--dim: '-4' is not" -- pe --dim -4 --positions 0:3 -o pe.npy
expect 2 "--dim: '0x10' is not" -- pe --dim 0x10 --positions 0:3 -o pe.npy
expect 2 "A must be <= B" -- pe --dim 4 --positions 5:3 -o pe.npy
expect 2 "expected A:B" -- pe --dim 4 --positions 7 -o pe.npy
expect 2 "4294967296 is out of range" -- pe --dim 4 --positions 0:4294967296 -o pe.npy
expect 2 "--base: must be finite and > 1" -- pe --dim 4 --positions 0:3 --base 1 -o pe.npy
expect 2 "--base: must be finite and > 1" -- pe --dim 4 --positions 0:3 --base 1e39 -o pe.npy
expect 2 "--format" -- pe --dim 4 --positions 0:3 --format i16 -o pe.npy
expect 2 "--heads: 0 is out of range" -- attention --x x.npy --heads 0 "${W[@]}" -o y.npy
expect 2 "--heads: 'two' is not" -- attention --x x.npy --heads two "${W[@]}" -o y.npy
expect 2 "--wo is required" -- attention --x x.npy --heads 2 --wq w66.npy --wk w66.npy --wv w66.npy -o y.npy
expect 2 "--port" -- "${A[@]}" -o y.npy --port nonesuch
expect 2 "same file" -- "${A[@]}" -o y.npy --weights y.npy

# Data errors: exit 1.
expect 1 "missing.npy: cannot open: No such file" -- attention --x missing.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "bad_magic.npy: not an .npy file (bad magic)" -- attention --x bad_magic.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "truncated.npy: data is truncated" -- attention --x truncated.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "text.npy: not an .npy file" -- attention --x text.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "c8.npy: unsupported dtype '<c8'" -- attention --x c8.npy --heads 2 "${W[@]}" -o y.npy
expect 1 ".: not a regular file" -- attention --x . --heads 2 "${W[@]}" -o y.npy
expect 1 "w65.npy: expected shape (6, 6), got (6, 5)" -- attention --x x.npy --heads 2 --wq w65.npy --wk w66.npy --wv w66.npy --wo w66.npy -o y.npy
expect 1 "w66.npy: expected shape (6, 3), got (6, 6)" -- "${A[@]}" --kv kv.npy -o y.npy
expect 1 "b5.npy: expected shape (6,), got (5,)" -- "${A[@]}" --bk b5.npy -o y.npy
expect 1 "w66.npy: expected a non-empty 1-D array (D,), got shape (6, 6)" -- "${A[@]}" --bo w66.npy -o y.npy
expect 1 "m45.npy: expected shape (4, 4), got (4, 5)" -- "${A[@]}" --mask m45.npy -o y.npy
expect 1 "x3d.npy: expected a non-empty 2-D array (N, D), got shape (2, 4, 6)" -- attention --x x3d.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "empty.npy: expected a non-empty 2-D array (N, D), got shape (0, 6)" -- attention --x empty.npy --heads 2 "${W[@]}" -o y.npy
expect 1 "not divisible by --heads 4" -- attention --x x.npy --heads 4 "${W[@]}" -o y.npy
expect 1 "cannot create a file in 'nodir'" -- "${A[@]}" -o nodir/y.npy
expect 1 "cannot create a file in 'nodir'" -- "${A[@]}" -o y.npy --weights nodir/a.npy
expect 1 "x.npy: is also an input" -- attention --x x.npy --heads 2 --wq w66.npy --wk w65.npy --wv w66.npy --wo w66.npy -o x.npy
expect 1 "too large" -- pe --dim 18446744073709551615 --positions 0:1 -o pe.npy
mkdir adir && before=$(snapshot)
expect 1 "adir: is a directory" -- pe --dim 4 --positions 0:3 -o adir

# An output may not replace an input (tools/io_guard.h): refused, the input intact.
cp x.npy xin.npy && before=$(snapshot)
expect 1 "xin.npy: is also an input" -- attention --x xin.npy --heads 2 "${W[@]}" -o xin.npy
# --help on every command, --version.
for c in "" pe attention; do
  # shellcheck disable=SC2086
  "$BIN" $c --help | grep -q "^Usage: attnkit" || { echo "FAIL: $c --help"; failures=$((failures + 1)); }
done
"$BIN" --version | grep -q "^attnkit [0-9]" || { echo "FAIL: --version"; failures=$((failures + 1)); }
echo "$failures failures"
[ "$failures" -eq 0 ]
