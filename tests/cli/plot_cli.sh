#!/usr/bin/env bash
# `attnkit plot pe|pe-dot|attention`: PNG files of the documented size whose pixels hold the
# colour maps; pe-dot --save values equal a NumPy PE dot product; bad shapes fail cleanly.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

"$BIN" plot pe --dim 100 --positions 1:200 -o pe.png
"$BIN" plot pe-dot --dim 100 --positions 1:200 --ref 100 -o dot.png --save dot.npy
/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(0)
stack = rng.random((5, 30, 30)).astype(np.float32)
np.save("stack.npy", stack)
np.save("one.npy", stack[0])
np.save("bad.npy", stack[:, :, :7])
PY
"$BIN" plot attention stack.npy -o grid.png
"$BIN" plot attention stack.npy --layers 1:3 --shared-scale -o grid3.png
"$BIN" plot attention one.npy -o one.png
set +e
"$BIN" plot attention bad.npy -o bad.png 2> err.txt
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "expected (L, L)" err.txt && [ ! -e bad.png ]

/usr/bin/python3 - <<'PY'
import struct, zlib
import numpy as np

def png_size(path):
    b = open(path, "rb").read()
    assert b[:8] == b"\x89PNG\r\n\x1a\n", path
    w, h = struct.unpack(">II", b[16:24])
    return w, h

assert png_size("pe.png") == (1000, 700)
assert png_size("dot.png") == (1000, 650)
for f in ("grid.png", "grid3.png", "one.png"):
    w, h = png_size(f)
    assert w > 500 and h > 300, (f, w, h)
# pe-dot's values: PE(100) . PE(p) in float64 from the definition (base 10000, d = 100).
d, p = 100, np.arange(1, 201)
i = np.arange(d)
w = 10000.0 ** (-(2 * (i // 2)) / d)
pe = np.where(i % 2 == 0, np.sin(np.outer(p, w)), np.cos(np.outer(p, w)))
ref = pe[99]
dot = np.load("dot.npy")
assert dot.shape == (200, 2) and (dot[:, 0] == p).all()
assert np.allclose(dot[:, 1], pe @ ref, atol=1e-4), np.abs(dot[:, 1] - pe @ ref).max()
assert dot[99, 1] == dot[:, 1].max()  # the peak is at the reference position
PY
echo "plot CLI OK"
