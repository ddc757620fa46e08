#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The worksheet end to end (`make demo`): pictures, probes, exported header, attention grid,
# examples, and report.md in $OUT. DATA=dir uses real files with the worksheet's names instead
# of generating the synthetic stand-in.
set -euo pipefail
BUILD=${BUILD:-build/host}
OUT=${OUT:-out/demo}
BIN=$BUILD/bin/attnkit
t0=$EPOCHREALTIME
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
mkdir -p "$OUT"
log="$OUT/steps.log"
: > "$log"
step() {  # step NAME command...: runs it, records its wall time
  local name=$1; shift
  local s=$EPOCHREALTIME
  echo "== $name" >&2
  "$@"
  echo "$(elapsed "$s") $name" >> "$log"
}

if [ -n "${DATA:-}" ]; then
  data=$DATA
  echo "using the files in $data" > "$OUT/data_source.txt"
else
  data=$OUT/data
  step "generate synthetic ESM-like data" "$BIN" gen esm-like -o "$data" --seed 0 > "$OUT/data_source.txt"
fi
att=$(ls "$data"/attention_head_max_*.npy | head -1)

# Exercise 2.1: the encodings and their dot products.
step "PE heatmap (d=100, positions 1-200)" \
  "$BIN" plot pe --dim 100 --positions 1:200 -o "$OUT/pe_heatmap.png"
step "PE dot products with position 100" \
  "$BIN" plot pe-dot --dim 100 --positions 1:200 --ref 100 -o "$OUT/pe_dot.png" --save "$OUT/pe_dot.npy"

# Exercise 2.2: can a linear probe read token type and position back from the sum?
for task in AA pos; do
  step "probe $task (80/20 shuffled split, float + int8)" \
    "$BIN" probe train --x "$data/embeddings.npy" --y "$data/labels_$task.npy" --test-fraction 0.2 \
      --seed 0 --quantize s8 --save-split "$OUT/split.npy" --json --quiet -o "$OUT/probe_$task.akp" \
      > "$OUT/probe_$task.json"
  step "probe $task predictions" \
    "$BIN" probe predict --probe "$OUT/probe_$task.akp" --x "$data/embeddings.npy" -o "$OUT/pred_$task.npy"
done
step "position as a number (ridge)" \
  "$BIN" probe train --x "$data/embeddings.npy" --y "$data/labels_pos.npy" --task regression \
    --test-fraction 0.2 --seed 0 --quantize s8 --json --quiet -o "$OUT/probe_pos_ridge.akp" \
    > "$OUT/probe_pos_ridge.json"
step "export the amino-acid probe as a C++ header" \
  "$BIN" probe export --probe "$OUT/probe_AA.akp" --name probe_aa -o "$OUT/probe_aa.h"

# Exercise 2.3: the attention maps.
step "attention grid (all layers)" "$BIN" plot attention "$att" -o "$OUT/attention_grid.png"
step "attention grid (shared colour scale)" \
  "$BIN" plot attention "$att" --shared-scale -o "$OUT/attention_grid_shared.png"
nl=$(/usr/bin/python3 -c "import numpy as np, sys; print(np.load(sys.argv[1], mmap_mode='r').shape[0])" "$att")
step "first and last layer up close" \
  "$BIN" plot attention "$att" --layers "0:0" -o "$OUT/attention_first.png"
"$BIN" plot attention "$att" --layers "$((nl - 1)):$((nl - 1))" -o "$OUT/attention_last.png"

# The exercises' numerical side: encodings, and the N = 5, D = 6 multi-head example.
for ex in encodings multihead; do
  if [ -x "$BUILD/bin/example_$ex" ]; then
    step "example_$ex" "$BUILD/bin/example_$ex" > "$OUT/example_$ex.txt"
  else
    echo "(example_$ex not built)" > "$OUT/example_$ex.txt"
  fi
done

echo "$(elapsed "$t0") total" >> "$log"
/usr/bin/python3 tools/demo/report.py "$OUT" "$data" "$att"
echo "demo: $OUT/report.md ($(elapsed "$t0") s)"
