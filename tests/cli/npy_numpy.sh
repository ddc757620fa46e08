#!/usr/bin/env bash
# .npy interoperability with NumPy: inputs NumPy writes in any supported dtype, byte order,
# memory order and format version give bit-identical results; our outputs are byte-identical
# to what np.save writes for the same array.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$BIN" "$tmp" <<'PY'
import subprocess, sys
import numpy as np
from numpy.lib import format as npformat

binary, tmp = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(3)
# Small integers are exact in every dtype, so every variant holds the same float32 values.
x = rng.integers(-3, 4, size=(5, 8)).astype(np.float32)
w = {n: (rng.integers(-4, 5, size=(8, 8)) / 8).astype(np.float32) for n in ("wq", "wk", "wv", "wo")}
for n, a in w.items():
    np.save(f"{tmp}/{n}.npy", a)

def run(xpath, out):
    subprocess.run([binary, "attention", "--x", xpath, "--heads", "2", "-o", out,
                    "--weights", out + ".a.npy"] +
                   [a for n in w for a in (f"--{n}", f"{tmp}/{n}.npy")], check=True)
    return open(out, "rb").read(), open(out + ".a.npy", "rb").read()

np.save(f"{tmp}/x.npy", x)
base = run(f"{tmp}/x.npy", f"{tmp}/y.npy")
variants = 0
for dt in ["<f2", ">f2", "<f4", ">f4", "<f8", ">f8", "|i1", "<i2", ">i2", "<i4", ">i4", "<i8", ">i8"]:
    for order in "CF":
        for version in [(1, 0), (2, 0), (3, 0)]:
            a = np.asarray(x.astype(dt), order=order)
            path = f"{tmp}/x_{dt[1:]}{'be' if dt[0] == '>' else ''}_{order}_{version[0]}.npy"
            with open(path, "wb") as f:
                npformat.write_array(f, a, version=version)
            assert run(path, f"{tmp}/yv.npy") == base, path
            variants += 1
print(f"{variants} NumPy input variants give bit-identical outputs")

# Outputs: what np.save writes for the same array, byte for byte.
for path in [f"{tmp}/y.npy", f"{tmp}/y.npy.a.npy"]:
    a = np.load(path)
    assert a.dtype == np.float32 and a.flags.c_contiguous
    np.save(f"{tmp}/resaved.npy", a)
    assert open(path, "rb").read() == open(f"{tmp}/resaved.npy", "rb").read(), path
subprocess.run([binary, "pe", "--dim", "7", "--positions", "3:9", "-o", f"{tmp}/pe.npy"], check=True)
np.save(f"{tmp}/resaved.npy", np.load(f"{tmp}/pe.npy"))
assert open(f"{tmp}/pe.npy", "rb").read() == open(f"{tmp}/resaved.npy", "rb").read()
print("outputs are byte-identical to np.save")
PY
