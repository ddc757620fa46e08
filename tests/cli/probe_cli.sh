#!/usr/bin/env bash
# `attnkit gen/probe` end to end on small synthetic data: train (JSON fields, int8, --save-split,
# regression), eval, predict, export; the exported header compiles warning-free for the host and
# for arm-none-eabi (Cortex-M4) and, linked with libattnkit, predicts what `probe predict` does;
# a corrupted or truncated .akp fails with a clear message and exit code 1.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
LIB=$(cd "$BUILD/lib" && pwd)/libattnkit.a
ROOT=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

"$BIN" gen esm-like -o data --n 600 --dim 64 --seq-len 30 --length 20 --seed 5 --quiet
"$BIN" probe train --x data/embeddings.npy --y data/labels_AA.npy --quantize s8 --seed 1 \
  --save-split split.npy --json --quiet -o aa.akp > train.json
"$BIN" probe train --x data/embeddings.npy --y data/labels_pos.npy --task regression \
  --standardize --quantize s8 --json --quiet -o pos.akp > reg.json
"$BIN" probe eval --probe aa.akp --x data/embeddings.npy --y data/labels_AA.npy --json > eval.json
"$BIN" probe eval --probe aa.akp --x data/embeddings.npy --y data/labels_AA.npy --dtype f32 | grep -q "accuracy"
"$BIN" probe predict --probe aa.akp --x data/embeddings.npy -o pred.npy --scores scores.npy
"$BIN" probe predict --probe aa.akp --x data/embeddings.npy --dtype s8 -o pred8.npy
"$BIN" probe export --probe aa.akp -o probe_aa.h

/usr/bin/python3 - <<'PY'
import json
import numpy as np
t = json.load(open("train.json"))
for k in ("train_accuracy", "test_accuracy", "n_train", "n_test", "n_classes", "seconds",
          "s8_train_accuracy", "s8_test_accuracy"):
    assert k in t, k
assert t["n_train"] == 480 and t["n_test"] == 120, t
assert t["n_classes"] == len(np.unique(np.load("data/labels_AA.npy")[np.load("split.npy") == 0]))
assert 0.05 < t["test_accuracy"] <= 1 and abs(t["s8_test_accuracy"] - t["test_accuracy"]) <= 0.05, t
split = np.load("split.npy")
assert split.shape == (600,) and split.sum() == 120
r = json.load(open("reg.json"))
assert r["test_r2"] > 0.1 and abs(r["s8_test_r2"] - r["test_r2"]) < 0.02, r
e = json.load(open("eval.json"))
assert e["dtype"] == "s8" and e["n"] == 600 and sum(c["n"] for c in e["per_class"]) == 600, e
pred, y = np.load("pred.npy"), np.load("data/labels_AA.npy")
assert pred.shape == (600,) and pred.dtype == np.int64
assert np.load("scores.npy").shape == (600, t["n_classes"])
assert (np.load("pred8.npy") == pred).mean() > 0.95
# eval's float accuracy on everything agrees with predict.
print("float accuracy on all rows:", (pred == y).mean())
np.save("x_first.npy", np.load("data/embeddings.npy")[:50])
PY

# The header compiles warning-free for the host and for a Cortex-M4.
printf '#include "probe_aa.h"\nsize_t use() { return probe_aa::kF32.classes + probe_aa::kS8.dims; }\n' > use.cc
g++ -std=c++17 -Wall -Wextra -Wpedantic -Werror -I"$ROOT/lib" -I. -c use.cc -o use_host.o
if command -v arm-none-eabi-g++ >/dev/null; then
  arm-none-eabi-g++ -std=c++17 -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 \
    -fno-exceptions -fno-rtti -Wall -Wextra -Wpedantic -Werror -I"$ROOT/lib" -I. -c use.cc -o use_m4.o
else
  echo "arm-none-eabi-g++ not installed: Cortex-M4 compile skipped"
fi

# Linked with the library, the header predicts the same labels as `probe predict`.
/usr/bin/python3 - <<'PY'
import numpy as np
x = np.load("x_first.npy")
vals = ",".join("%.9gf" % v for v in x.ravel())
open("run.cc", "w").write(f"""#include <cstdio>
#include "probe_aa.h"
static const float kX[] = {{{vals}}};
int main() {{
  float logits[probe_aa::kClasses];
  for (size_t i = 0; i < {len(x)}; ++i) {{
    int32_t label;
    if (attnkit::probe_f32(probe_aa::kF32, kX + i * probe_aa::kDims, 1, logits, &label) !=
        attnkit::status::ok) return 2;
    std::printf("%d\\n", int(label));
  }}
}}
""")
PY
# The library's compiler and link flags (a sanitizer build's library needs its runtime).
${TEST_CXX:-g++} -std=c++17 -O1 -I"$ROOT/lib" -I. run.cc "$LIB" -o run
./run > run.txt
/usr/bin/python3 -c '
import numpy as np
got = np.loadtxt("run.txt", dtype=np.int64); want = np.load("pred.npy")[:50]
assert (got == want).all(), (got, want)'

# Broken files: one clear line, exit 1.
head -c 100 aa.akp > cut.akp
set +e
"$BIN" probe eval --probe cut.akp --x data/embeddings.npy --y data/labels_AA.npy 2> err.txt
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "truncated" err.txt
/usr/bin/python3 -c '
b = bytearray(open("aa.akp", "rb").read()); b[200] ^= 0x10; open("flip.akp", "wb").write(b)'
set +e
"$BIN" probe predict --probe flip.akp --x data/embeddings.npy -o never.npy 2> err.txt
rc=$?
set -e
[ "$rc" -eq 1 ] && grep -q "CRC mismatch" err.txt && [ ! -e never.npy ]
# Bad option values are usage errors (exit 2).
set +e
"$BIN" probe train --x data/embeddings.npy --y data/labels_AA.npy --test-fraction 1.5 -o x.akp 2>/dev/null
rc=$?
set -e
[ "$rc" -eq 2 ]
echo "probe CLI OK"
