#!/usr/bin/env bash
# `attnkit probe train` solves scikit-learn's LogisticRegression(C) objective: on the same split
# its coefficients match sklearn's (tight tolerance on both sides) and its test accuracy is
# within 0.5 points. Skips (passes) when scikit-learn is not installed.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! /usr/bin/python3 -c 'import sklearn' 2>/dev/null; then
  echo "scikit-learn not installed: skipped"; exit 0
fi
cd "$tmp"
"$BIN" gen esm-like -o data --n 800 --dim 32 --seq-len 40 --length 10 --seed 9 --quiet
for C in 0.1 1; do
  "$BIN" probe train --x data/embeddings.npy --y data/labels_AA.npy --C $C --tol 1e-7 \
    --max-iter 2000 --save-split split.npy --json --quiet -o p$C.akp > p$C.json
  "$BIN" probe predict --probe p$C.akp --x data/embeddings.npy --scores s$C.npy -o l$C.npy
  /usr/bin/python3 - "$C" <<'PY'
import json, sys, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression
C = float(sys.argv[1])
x = np.load("data/embeddings.npy").astype(np.float64)
y = np.load("data/labels_AA.npy")
test = np.load("split.npy") == 1
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    m = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(x[~test], y[~test])
ours = json.load(open(f"p{sys.argv[1]}.json"))
ref_scores = x @ m.coef_.T + m.intercept_
scores = np.load(f"s{sys.argv[1]}.npy")
# Softmax scores are defined up to a per-row constant; compare centred scores.
a = scores - scores.mean(1, keepdims=True)
b = ref_scores - ref_scores.mean(1, keepdims=True)
err = np.abs(a - b).max() / np.abs(b).max()
acc = m.score(x[test], y[test])
print(f"C={C}: relative score difference {err:.2e}, test accuracy ours {ours['test_accuracy']:.4f} sklearn {acc:.4f}")
assert err < 2e-3, err
assert ours["test_accuracy"] >= acc - 0.005
PY
done
echo "sklearn parity OK"
