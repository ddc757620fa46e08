#!/usr/bin/env bash
# examples/multihead: runs, exits 0 (its permutation-equivariance check passed) and prints every
# section of the exercise: both head counts with outputs and weights, the explanation, the swap.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$BUILD/bin/example_multihead
[ -x "$BIN" ] || { echo "missing $BIN (make examples BUILD=$BUILD)"; exit 1; }
out=$("$BIN")
echo "$out"
for want in \
  "inputs X (N x D):" \
  "== H = 1 (head dim 6, scores scaled by 1/sqrt(6) = 0.4082) ==" \
  "== H = 3 (head dim 2, scores scaled by 1/sqrt(2) = 0.7071) ==" \
  "attention weights, head 1 " "attention weights, head 3 " \
  "== Why the two differ ==" "1/sqrt(2) instead of 1/sqrt(6)" \
  "== Swapping inputs 1 and 2 ==" \
  "H = 1: outputs 1 and 2 swapped, others unchanged: yes" \
  "H = 3: outputs 1 and 2 swapped, others unchanged: yes" \
  "permutation equivariance: OK"; do
  grep -qF -- "$want" <<<"$out" || { echo "missing from the output: $want"; exit 1; }
done
# H = 1 prints one weight matrix, H = 3 three more, and each has N = 5 rows.
[ "$(grep -c '^attention weights, head' <<<"$out")" -eq 4 ] || { echo "expected 4 weight matrices"; exit 1; }
# The two outputs must differ (the point of the exercise): compare the first output row.
row1=$(grep -A1 '^output y (N x D):' <<<"$out" | sed -n 2p)
row3=$(grep -A1 '^output y (N x D):' <<<"$out" | sed -n 5p)
[ -n "$row1" ] && [ "$row1" != "$row3" ] || { echo "H = 1 and H = 3 outputs look identical"; exit 1; }
echo "example_multihead: ok"
