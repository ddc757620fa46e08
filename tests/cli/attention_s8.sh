#!/usr/bin/env bash
# `attnkit attention --dtype s8`: the dequantised int8 output is within 2% (relative L2) of the
# float path on N(0,1) inputs, and the same on every port (integer kernels, identical bytes).
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp" <<'PY'
import sys
import numpy as np
tmp = sys.argv[1]
rng = np.random.default_rng(4)
n, nk, d, dkv = 96, 70, 64, 48
np.save(f"{tmp}/x.npy", rng.standard_normal((n, d)).astype(np.float32))
np.save(f"{tmp}/kv.npy", rng.standard_normal((nk, dkv)).astype(np.float32))
for name, cols in (("wq", d), ("wk", d), ("wv", d), ("wo", d), ("wkc", dkv), ("wvc", dkv)):
    np.save(f"{tmp}/{name}.npy", (rng.standard_normal((d, cols)) / np.sqrt(cols)).astype(np.float32))
for name in ("bq", "bk", "bv", "bo"):
    np.save(f"{tmp}/{name}.npy", (0.3 * rng.standard_normal(d)).astype(np.float32))
mask = rng.random((n, nk)) < 0.2
np.save(f"{tmp}/mask.npy", mask)
PY

common=(--heads 4 --wq "$tmp/wq.npy" --wo "$tmp/wo.npy"
        --bq "$tmp/bq.npy" --bk "$tmp/bk.npy" --bv "$tmp/bv.npy" --bo "$tmp/bo.npy")
self=(--wk "$tmp/wk.npy" --wv "$tmp/wv.npy")
cross=(--kv "$tmp/kv.npy" --wk "$tmp/wkc.npy" --wv "$tmp/wvc.npy" --mask "$tmp/mask.npy")
# Self-attention (causal) and cross-attention with a boolean mask, float and int8.
"$BIN" attention --x "$tmp/x.npy" "${common[@]}" "${self[@]}" --causal -o "$tmp/self_f32.npy"
"$BIN" attention --x "$tmp/x.npy" "${common[@]}" "${self[@]}" --causal --dtype s8 \
  -o "$tmp/self_s8.npy" --weights "$tmp/self_w8.npy"
"$BIN" attention --x "$tmp/x.npy" "${common[@]}" "${cross[@]}" -o "$tmp/cross_f32.npy"
# Every port compiled in (an unknown --port is a usage error, so absent ones are skipped).
for port in scalar highway xsimd; do
  "$BIN" attention --x "$tmp/x.npy" "${common[@]}" "${cross[@]}" --dtype s8 --port "$port" \
    -o "$tmp/cross_s8_$port.npy" 2>/dev/null || true
done

/usr/bin/python3 - "$tmp" <<'PY'
import glob, sys
import numpy as np
tmp = sys.argv[1]
def rel(a, b):
    return float(np.linalg.norm(a.astype(np.float64) - b) / np.linalg.norm(b))
e_self = rel(np.load(f"{tmp}/self_s8.npy"), np.load(f"{tmp}/self_f32.npy"))
w = np.load(f"{tmp}/self_w8.npy")
assert w.shape == (4, 96, 96) and np.allclose(w.sum(-1), 1, atol=2e-3), w.sum(-1)
assert np.all(np.triu(w[0], 1) == 0)
outs = sorted(glob.glob(f"{tmp}/cross_s8_*.npy"))
assert outs, "no int8 cross-attention output"
ref = np.load(f"{tmp}/cross_f32.npy")
first = np.load(outs[0])
for o in outs[1:]:
    assert np.array_equal(np.load(o), first), o  # same bytes on every port
e_cross = rel(first, ref)
print(f"relative L2 vs float: self {e_self:.4f}, cross {e_cross:.4f}; ports {len(outs)}")
assert e_self <= 0.02 and e_cross <= 0.02
PY
