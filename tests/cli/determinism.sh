#!/usr/bin/env bash
# `probe train` and `probe export` are deterministic: the same inputs, options and seed give
# byte-identical .akp files and C headers whatever the output path (its length shifts the heap,
# and with it the alignment of the training buffers), the thread count, or the environment's
# size (which shifts the stack). Classification (float and int8, raw and standardised) and
# ridge regression.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

"$BIN" gen esm-like -o data --n 400 --dim 48 --seq-len 30 --length 20 --seed 5 --quiet
# Output directories whose names make paths of 16 lengths, 8 bytes apart (with malloc-aligned
# training buffers, about a third of them gave different weights); each case uses every second
# or fourth.
dirs=(.)
for n in $(seq 8 8 120); do dirs+=("$(printf 'a%.0s' $(seq "$n"))"); done
for d in "${dirs[@]}"; do mkdir -p "$d"; done
pad=$(printf 'x%.0s' $(seq 3000))
failures=0

# same LABEL STEP -- train options...: every variant's .akp and header equal the first one's.
# Variant i writes into every STEP-th directory with --threads i % 3 (0: all cores), every
# other one with a 3 kB variable in its environment.
same() {
  local label=$1 step=$2
  shift 3
  local i=0 first_akp="" first_h="" d t k
  for ((k = 0; k < ${#dirs[@]}; k += step)); do
    d=${dirs[k]}
    t=$((i % 3))
    i=$((i + 1))
    local akp="$d/p$i.akp" h="$d/p$i.h"
    if [ $((i % 2)) -eq 0 ]; then
      env PAD="$pad" "$BIN" probe train "$@" --threads "$t" --quiet -o "$akp" > /dev/null
    else
      "$BIN" probe train "$@" --threads "$t" --quiet -o "$akp" > /dev/null
    fi
    "$BIN" probe export --probe "$akp" --name probe -o "$h"
    sed -i 1d "$h"  # the first line names the source file
    if [ -z "$first_akp" ]; then
      first_akp=$akp first_h=$h
    elif ! cmp -s "$akp" "$first_akp" || ! cmp -s "$h" "$first_h"; then
      echo "FAIL $label: ${#akp}-byte path $akp (threads $t) differs from $first_akp"
      failures=$((failures + 1))
      return
    fi
  done
  echo "ok   $label: $i runs, identical .akp and header bytes"
}

same "classification, int8" 2 -- --x data/embeddings.npy --y data/labels_AA.npy --quantize s8 --seed 1
same "classification, standardised, int8" 4 -- --x data/embeddings.npy --y data/labels_pos.npy \
  --standardize --quantize s8 --seed 2 --C 0.5
same "ridge regression, standardised, int8" 4 -- --x data/embeddings.npy --y data/labels_pos.npy \
  --task regression --standardize --quantize s8 --seed 3
[ "$failures" -eq 0 ]
