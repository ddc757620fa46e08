#!/usr/bin/env bash
# Bad-input catalogue: broken files and arguments fed to every attnkit command. Each must exit
# with 2 (usage error) or 1 (data error), never a signal or a hang; print exactly one line on
# stderr that names the offending file or option and the problem; and leave the directory as it
# was (no output, no temporary file, no directory, inputs intact). Run by `make test` for the
# host and ASan builds. Classes: truncated, corrupt and foreign files; overflowing shapes; bad
# dimensions and dtypes; NaN/inf; mismatched labels; empty files and directories; unwritable
# outputs; outputs that are inputs; FIFOs and devices (as inputs and as outputs); symbolic and
# hard links; outputs of one run that name the same file; names too long; a file-size limit
# and a full stdout mid-run; signals mid-write and stale temporaries; a closed stdout pipe;
# oversized files read whole; finite values that overflow float32 or int8; empty numbers;
# C/C++ keywords as export names. Everything runs unprivileged-safe: no case can touch a
# system file even if the tool regressed (device outputs use a private device node as root).
set -uo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
ROOT=$(pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
cd "$tmp"

# Inputs, written without numpy: .npy files built byte by byte, .akp from a real training run.
/usr/bin/python3 - <<'PY'
import math, struct

def npy(name, descr, shape, payload, major=1, header=None, fortran=False):
    if header is None:
        s = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
        header = "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (
            repr(descr), "True" if fortran else "False", s)
    pre = 10 if major == 1 else 12
    pad = 64 - (pre + len(header) + 1) % 64
    h = (header + " " * pad + "\n").encode()
    ln = struct.pack("<H", len(h)) if major == 1 else struct.pack("<I", len(h))
    data = b"\x93NUMPY" + bytes([major, 0]) + ln + h + payload
    open(name, "wb").write(data)
    return data

def f32(name, rows, cols, fill=None):
    vals = [math.sin(1.7 * i + 0.3) for i in range(rows * cols)]
    if fill:
        for i, v in fill.items():
            vals[i] = v
    return npy(name, "<f4", (rows, cols), struct.pack("<%df" % len(vals), *vals))

def i64(name, vals):
    return npy(name, "<i8", (len(vals),), struct.pack("<%dq" % len(vals), *vals))

x = f32("x.npy", 4, 6)
f32("w66.npy", 6, 6)
f32("x_nan.npy", 4, 6, {5: float("nan")})
f32("x_inf.npy", 4, 6, {0: float("inf")})
f32("w_inf.npy", 6, 6, {7: float("-inf")})
npy("x_f64big.npy", "<f8", (4, 6), struct.pack("<24d", *([1.0] * 23 + [1e300])))
# Embeddings and labels for the probe commands: 40 x 3, two classes.
emb = f32("emb.npy", 40, 3)
i64("y.npy", [i % 2 for i in range(40)])
i64("y_short.npy", [i % 2 for i in range(39)])
i64("y_one_class.npy", [7] * 40)
npy("y_2d.npy", "<i8", (2, 20), struct.pack("<40q", *[i % 2 for i in range(40)]))
npy("y_frac.npy", "<f8", (40,), struct.pack("<40d", *[0.5 + (i % 2) for i in range(40)]))
npy("y_nan.npy", "<f8", (40,), struct.pack("<40d", *([1.0] * 39 + [float("nan")])))
f32("emb_nan.npy", 40, 3, {10: float("nan")})
f32("emb_inf.npy", 40, 3, {11: float("-inf")})
f32("emb_d4.npy", 5, 4)

# Broken .npy files.
open("trunc_data.npy", "wb").write(x[:-5])
open("trunc_header.npy", "wb").write(x[:40])
open("short.npy", "wb").write(b"\x93NUM")
open("empty.npy", "wb").write(b"")
open("bad_magic.npy", "wb").write(b"\x93NUMPZ" + x[6:])
open("text.npy", "wb").write(b"x,y\n1.5,2\n3,4.25\n")
open("bad_version.npy", "wb").write(x[:6] + b"\x07\x00" + x[8:])
open("hlen_past_end.npy", "wb").write(b"\x93NUMPY\x01\x00\xff\xff{'descr': '<f4', ")
open("hlen_v2_past_end.npy", "wb").write(b"\x93NUMPY\x02\x00\x00\x00\x00\x80" + b"{" * 40)
npy("overflow_shape.npy", "<f4", (2**40, 2**40), b"")
npy("overflow_bytes.npy", "<f4", (2**62, 4), b"")
npy("neg_dim.npy", "<f4", None, b"", header="{'descr': '<f4', 'fortran_order': False, 'shape': (-1, 6), }")
npy("zero_rows.npy", "<f4", (0, 6), b"")
npy("complex.npy", "<c8", (4, 6), b"\0" * 192)
npy("object.npy", "|O", (4, 6), b"\0" * 192)
npy("unicode.npy", "<U4", (4, 6), b"\0" * 384)
npy("longdouble.npy", "<f16", (4, 6), b"\0" * 384)
npy("datetime.npy", "<M8[s]", (4, 6), b"\0" * 192)
npy("structured.npy", None, None, b"\0" * 96,
    header="{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (4, 6), }")
npy("bad_dict.npy", "<f4", None, b"\0" * 96,
    header="{'descr': '<f4', 'fortran_order': False, 'shape': (4, 6), 'extra': 1}")
npy("trailing.npy", "<f4", (4, 6), b"\0" * 100)
# Finite values whose products or sums overflow float32, or exceed int8 quantisation's range.
npy("x_big.npy", "<f4", (4, 6), struct.pack("<24f", *([3e38] * 24)))
npy("emb_big.npy", "<f4", (40, 3), struct.pack("<120f", *[3e38 * (-1) ** (i // 3) for i in range(120)]))
npy("y_big.npy", "<f8", (40,), struct.pack("<40d", *([1e300] * 40)))
npy("x_s8big.npy", "<f4", (4, 6), struct.pack("<24f", *([3e11] * 24)))
npy("emb_s8big.npy", "<f4", (40, 3), struct.pack("<120f", *([3e11] * 120)))
# Masks: 0.5 is no int8 mask value; NaN is no mask value at all.
npy("mask_half.npy", "<f4", (4, 4), struct.pack("<16f", *[0.5 if i % 5 == 0 else 0 for i in range(16)]))
npy("mask_nan.npy", "<f4", (4, 4), struct.pack("<16f", *([0.0] * 6 + [float("nan")] + [0.0] * 9)))
# A legal stack of 10000 1 x 1 attention maps (too many panels for one image), and two 4 x 4.
npy("stack_10000.npy", "<f4", (10000, 1, 1), struct.pack("<10000f", *([0.5] * 10000)))
npy("stack_2.npy", "<f4", (2, 4, 4), struct.pack("<32f", *[(i % 7) / 7 for i in range(32)]))
# A feature that is constant up to 6e-7: standardised, its weights on raw inputs are huge, and
# the int8 form must still get representable scales.
near = []
for i in range(200):
    near += [math.sin(1.3 * i), math.cos(0.7 * i), math.sin(0.11 * i), 1 + 3e-7 * (i % 3)]
npy("emb_near.npy", "<f4", (200, 4), struct.pack("<800f", *near))
i64("y_near.npy", [2 if i % 3 == 2 else int(math.sin(1.3 * i) > 0) for i in range(200)])
PY
mkdir adir
"$BIN" probe train --x emb.npy --y y.npy --quiet -o p.akp > /dev/null || { echo "setup failed"; exit 1; }
"$BIN" probe train --x emb.npy --y y.npy --quiet --quantize s8 -o p8.akp > /dev/null ||
  { echo "setup failed"; exit 1; }
/usr/bin/python3 - <<'PY'
import struct, zlib

def akp(name, dims, w, b, labels, mean=None, std=None, s8=None):
    """An .akp file (layout in tools/akp.h) with a valid CRC."""
    classes = len(b)
    flags = (1 if std else 0) | (2 if s8 else 0)
    pay = struct.pack("<4I", 0, flags, dims, classes) + struct.pack("<%di" % classes, *labels)
    pay += struct.pack("<%df" % len(w), *w) + struct.pack("<%df" % classes, *b)
    if std:
        pay += struct.pack("<%df" % dims, *mean) + struct.pack("<%df" % dims, *std)
    if s8:
        unit, scales, b32, w8 = s8
        pay += struct.pack("<f", unit) + struct.pack("<%df" % classes, *scales)
        pay += struct.pack("<%di" % classes, *b32) + struct.pack("<%db" % len(w8), *w8)
        pay += b"\0" * (-len(w8) % 4)
    body = b"AKPR" + struct.pack("<HHQ", 1, 0, len(pay)) + pay
    open(name, "wb").write(body + struct.pack("<I", zlib.crc32(body)))

w = [0.5, -0.25, 1.0, -1.0, 0.75, 0.1]
# std 1e-38: w / std overflows float32 (NaN scores, every label class 0, before the fix).
akp("std_tiny.akp", 3, [4.0] + w[1:], [0.0, 0.1], [0, 1], mean=[0, 0, 0], std=[1e-38, 1, 1])
# Folded weights 3e38 fit float32, but their sums on the inputs do not.
akp("std_small.akp", 3, [3.0, 3.0, 0, 3.0, 3.0, 0], [0.0, 0.1], [0, 1], mean=[0, 0, 0],
    std=[1e-38, 1e-38, 1])
# int8 row scale / logit unit = 1e10 * 65536 >= 2^31: no Q31 multiplier exists.
akp("s8_scale.akp", 3, w, [0.0, 0.1], [0, 1], s8=(2.0 ** -16, [1e10, 0.01], [0, 0], [1, 2, 3, 4, 5, 6]))
b = open("p.akp", "rb").read()
open("trunc.akp", "wb").write(b[:len(b) // 2])
open("bad_magic.akp", "wb").write(b"AKPX" + b[4:])
open("empty.akp", "wb").write(b"")
open("crc.akp", "wb").write(b[:-1] + bytes([b[-1] ^ 0x55]))
open("payload_past_end.akp", "wb").write(b[:8] + (10**12).to_bytes(8, "little") + b[16:])
PY
echo "read-only input" > ro.txt && chmod 444 ro.txt

# Name, type, inode, size, mode and mtime (ns) of every entry: a file written, replaced (a new
# inode), created or removed, or a FIFO or device replaced by a regular file, is a change. One
# process per snapshot: the catalogue takes two per case.
snapshot() { find . \( -type d -printf '%p %y %i %m\n' \) -o -printf '%p %y %i %s %m %T@\n' | LC_ALL=C sort; }
before=$(snapshot)
cases=0 failures=0
# PRE: what runs the tool (a hang is a failure, not a stuck suite). STDOUT: where its stdout goes.
PRE=(timeout -k 5 60)
STDOUT=out.txt

# bad CODE NAME -- command...: exit CODE, one stderr line containing NAME (the file or option)
# and no signal, no stdout, directory unchanged.
bad() {
  local code=$1 name=$2
  shift 3
  cases=$((cases + 1))
  local rc=0
  : > out.txt
  "${PRE[@]}" "$BIN" "$@" > "$STDOUT" 2> err.txt || rc=$?
  local lines msg out problem=""
  lines=$(wc -l < err.txt); msg=$(cat err.txt); out=$(cat out.txt)
  rm -f out.txt err.txt
  [ "$rc" -ge 128 ] && problem="killed by signal $((rc - 128))"
  [ "$rc" -eq 124 ] && problem="timed out (hung)"
  [ "$rc" -eq "$code" ] || problem="$problem; exit $rc, expected $code"
  [ "$lines" -eq 1 ] || problem="$problem; $lines stderr lines"
  [[ "$msg" == *"$name"* ]] || problem="$problem; message does not name '$name'"
  [ -z "$out" ] || problem="$problem; wrote to stdout"
  if [ "$(snapshot)" != "$before" ]; then
    problem="$problem; directory changed: $(diff <(echo "$before") <(snapshot) | grep '^[<>]' | head -3 | tr '\n' ' ')"
    rm -rf -- .*.tmp* out.npy out.png pred.npy p2.akp probe.h split.npy newdir 2> /dev/null
    before=$(snapshot)
  fi
  if [ -n "$problem" ]; then
    echo "FAIL [$rc] attnkit $*: ${problem#; }"
    echo "     stderr: $msg"
    failures=$((failures + 1))
  else
    echo "ok   [$rc] $msg"
  fi
}

W=(--wq w66.npy --wk w66.npy --wv w66.npy --wo w66.npy)
att() { bad "$1" "$2" -- attention --x "$3" --heads 2 "${W[@]}" -o out.npy; }

# Truncated files.
att 1 "trunc_data.npy: data is truncated" trunc_data.npy
att 1 "trunc_header.npy:" trunc_header.npy
att 1 "short.npy:" short.npy
bad 1 "trunc.akp:" -- probe predict --probe trunc.akp --x emb.npy -o pred.npy
# Wrong magic or version; not the format at all.
att 1 "bad_magic.npy: not an .npy file" bad_magic.npy
att 1 "text.npy: not an .npy file" text.npy
att 1 "bad_version.npy:" bad_version.npy
bad 1 "bad_magic.akp:" -- probe eval --probe bad_magic.akp --x emb.npy --y y.npy
bad 1 "x.npy:" -- probe predict --probe x.npy --x emb.npy -o pred.npy
bad 1 "crc.akp:" -- probe export --probe crc.akp -o probe.h
# Header lengths past the end; trailing garbage; malformed header.
att 1 "hlen_past_end.npy:" hlen_past_end.npy
att 1 "hlen_v2_past_end.npy:" hlen_v2_past_end.npy
bad 1 "payload_past_end.akp:" -- probe predict --probe payload_past_end.akp --x emb.npy -o pred.npy
att 1 "trailing.npy:" trailing.npy
att 1 "bad_dict.npy:" bad_dict.npy
# Shapes whose product overflows; negative and zero dimensions.
att 1 "overflow_shape.npy:" overflow_shape.npy
att 1 "overflow_bytes.npy:" overflow_bytes.npy
att 1 "neg_dim.npy:" neg_dim.npy
att 1 "zero_rows.npy:" zero_rows.npy
bad 1 "zero_rows.npy:" -- probe train --x zero_rows.npy --y y.npy --quiet -o p2.akp
bad 2 "--dim" -- pe --dim 0 --positions 0:3 -o out.npy
bad 2 "--dim" -- pe --dim -3 --positions 0:3 -o out.npy
bad 2 "--heads" -- attention --x x.npy --heads 0 "${W[@]}" -o out.npy
bad 2 "--heads" -- attention --x x.npy --heads -2 "${W[@]}" -o out.npy
bad 2 "--positions" -- pe --dim 4 --positions 9:3 -o out.npy
bad 2 "--dim" -- plot pe --dim 0 --positions 0:3 -o out.png
bad 1 "too large" -- pe --dim 18446744073709551615 --positions 0:4294967295 -o out.npy
# Unsupported dtypes.
att 1 "complex.npy: unsupported dtype" complex.npy
att 1 "object.npy: unsupported dtype" object.npy
att 1 "unicode.npy: unsupported dtype" unicode.npy
att 1 "longdouble.npy: unsupported dtype" longdouble.npy
att 1 "datetime.npy: unsupported dtype" datetime.npy
att 1 "structured.npy: unsupported dtype" structured.npy
att 1 "x_f64big.npy:" x_f64big.npy
# NaN and inf where a command cannot use them.
bad 1 "emb_nan.npy:" -- probe train --x emb_nan.npy --y y.npy --quiet -o p2.akp
bad 1 "emb_inf.npy:" -- probe train --x emb_inf.npy --y y.npy --quiet -o p2.akp
bad 1 "y_nan.npy:" -- probe train --x emb.npy --y y_nan.npy --task regression --quiet -o p2.akp
bad 1 "emb_nan.npy:" -- probe predict --probe p.akp --x emb_nan.npy -o pred.npy
bad 1 "emb_inf.npy:" -- probe eval --probe p.akp --x emb_inf.npy --y y.npy
att 1 "x_nan.npy:" x_nan.npy
att 1 "x_inf.npy:" x_inf.npy
bad 1 "w_inf.npy:" -- attention --x x.npy --heads 2 --wq w_inf.npy --wk w66.npy --wv w66.npy --wo w66.npy -o out.npy
# Labels that do not fit the embeddings.
bad 1 "y_short.npy:" -- probe train --x emb.npy --y y_short.npy --quiet -o p2.akp
bad 1 "y_one_class.npy:" -- probe train --x emb.npy --y y_one_class.npy --quiet -o p2.akp
bad 1 "y_2d.npy:" -- probe train --x emb.npy --y y_2d.npy --quiet -o p2.akp
bad 1 "y_frac.npy:" -- probe train --x emb.npy --y y_frac.npy --quiet -o p2.akp
bad 1 "y_short.npy:" -- probe eval --probe p.akp --x emb.npy --y y_short.npy
bad 1 "emb_d4.npy:" -- probe predict --probe p.akp --x emb_d4.npy -o pred.npy
# Empty files; a directory where a file belongs.
att 1 "empty.npy:" empty.npy
bad 1 "empty.akp:" -- probe predict --probe empty.akp --x emb.npy -o pred.npy
att 1 "adir:" adir
bad 1 "adir:" -- probe predict --probe adir --x emb.npy -o pred.npy
bad 1 "adir:" -- plot attention adir -o out.png
bad 1 "adir" -- attention --x x.npy --heads 2 "${W[@]}" -o adir
bad 1 "adir" -- probe train --x emb.npy --y y.npy --quiet -o adir
# Unwritable output paths (the suite may run as root, so no chmod tricks).
bad 1 "nodir/y.npy" -- attention --x x.npy --heads 2 "${W[@]}" -o nodir/y.npy
bad 1 "x.npy/y.npy" -- pe --dim 4 --positions 0:3 -o x.npy/y.npy
bad 1 "/proc/attnkit-out.npy" -- pe --dim 4 --positions 0:3 -o /proc/attnkit-out.npy
bad 1 "nodir/p.akp" -- probe train --x emb.npy --y y.npy --quiet -o nodir/p.akp
bad 1 "nodir/probe.h" -- probe export --probe p.akp -o nodir/probe.h
bad 1 "nodir/out.png" -- plot pe --dim 8 --positions 0:7 -o nodir/out.png
# An output that is also an input (under any spelling or link): refused, nothing replaced.
ln -s x.npy x_link.npy && before=$(snapshot)
bad 1 "x.npy: is also an input" -- attention --x x.npy --heads 2 "${W[@]}" -o x.npy
bad 1 "x_link.npy: is also an input" -- attention --x x.npy --heads 2 "${W[@]}" -o x_link.npy
bad 1 "w66.npy: is also an input" -- attention --x x.npy --heads 2 "${W[@]}" -o out.npy --weights w66.npy
bad 1 "./emb.npy: is also an input" -- probe predict --probe p.akp --x emb.npy -o ./emb.npy
bad 1 "p.akp: is also an input" -- probe export --probe p.akp -o p.akp
bad 1 "y.npy: is also an input" -- probe train --x emb.npy --y y.npy --quiet --save-split y.npy -o p2.akp

# ---- Round two (issue 17): FIFOs, devices, links, colliding outputs, long names, limits,
# stdout, signals, overflow, keywords. ---------------------------------------------------------
mkfifo fifo.npy fifo.akp
ln -s fifo.npy fifo_link.npy
ln -s missing/none.npy dangling.npy
ln x.npy x_hard.npy
cp x.npy prev.npy && ln -s prev.npy prev_link.npy && ln prev.npy prev_hard.npy
long255=$(printf 'n%.0s' $(seq 255)) long256=$(printf 'n%.0s' $(seq 256))
# A device node as an output: our own node when root (a regressed tool could replace it, and
# nothing else); /dev/null otherwise (an unprivileged tool cannot replace it anyway).
dev=""
if [ "$(id -u)" = 0 ]; then
  mknod nulldev c 1 3 2> /dev/null && dev=nulldev
else
  dev=/dev/null
fi
before=$(snapshot)

# An input that is a FIFO (no writer: open(2) would block forever) or a device.
att 1 "fifo.npy: not a regular file (a FIFO)" fifo.npy
att 1 "fifo_link.npy: not a regular file (a FIFO)" fifo_link.npy
bad 1 "fifo.akp: not a regular file (a FIFO)" -- probe predict --probe fifo.akp --x emb.npy -o pred.npy
bad 1 "fifo.npy: not a regular file (a FIFO)" -- probe train --x emb.npy --y fifo.npy --quiet -o p2.akp
bad 1 "fifo.npy: not a regular file (a FIFO)" -- plot attention fifo.npy -o out.png
att 1 "/dev/null: not a regular file (a character device)" /dev/null
bad 1 "/dev/null: not a regular file (a character device)" -- probe eval --probe /dev/null --x emb.npy --y y.npy
# An output that is a FIFO or a device is refused, never replaced by a regular file.
bad 1 "fifo.npy: is a FIFO; outputs must be regular files" -- pe --dim 4 --positions 0:3 -o fifo.npy
bad 1 "fifo_link.npy: is a FIFO" -- probe export --probe p.akp -o fifo_link.npy
bad 1 "fifo.akp: is a FIFO" -- probe train --x emb.npy --y y.npy --quiet -o fifo.akp
if [ -n "$dev" ]; then
  bad 1 "$dev: is a character device" -- pe --dim 4 --positions 0:3 -o "$dev"
  bad 1 "$dev: is a character device" -- plot pe --dim 8 --positions 0:7 -o "$dev"
else
  echo "note: mknod refused: device-output cases skipped (FIFO cases cover the same check)"
fi
# Symbolic and hard links.
bad 1 "dangling.npy: is a symbolic link to a missing file" -- pe --dim 4 --positions 0:3 -o dangling.npy
bad 1 "x_hard.npy: is also an input" -- attention --x x.npy --heads 2 "${W[@]}" -o x_hard.npy
bad 2 "prev_link.npy and --output prev.npy name the same file" -- attention --x x.npy --heads 2 "${W[@]}" -o prev.npy --weights prev_link.npy
bad 2 "prev_hard.npy and --output prev.npy name the same file" -- attention --x x.npy --heads 2 "${W[@]}" -o prev.npy --weights prev_hard.npy
# Two outputs of one run that resolve to the same file.
bad 2 "--save d.png and --output d.png name the same file" -- plot pe-dot --dim 8 --positions 0:9 --ref 3 --save d.png -o d.png
bad 2 "--save-split p2.akp and --output p2.akp name the same file" -- probe train --x emb.npy --y y.npy --quiet --save-split p2.akp -o p2.akp
bad 2 "--weights ./out.npy and --output out.npy name the same file" -- attention --x x.npy --heads 2 "${W[@]}" -o out.npy --weights ./out.npy
bad 2 "--scores ./pred.npy and --output pred.npy name the same file" -- probe predict --probe p.akp --x emb.npy --scores ./pred.npy -o pred.npy
bad 2 "name the same file" -- attention --x x.npy --heads 2 "${W[@]}" -o adir/../out.npy --weights out.npy
# Names too long for the file system (the temporary's name always fits: see below).
bad 1 "$long256: file name too long (256 bytes" -- pe --dim 4 --positions 0:3 -o "$long256"
bad 2 "--id" -- gen esm-like -o newdir --n 10 --dim 8 --seq-len 4 --length 3 --id "$long255" --quiet
# A failure after the work: no side output, no directory left behind.
bad 1 "nodir/p.akp" -- probe train --x emb.npy --y y.npy --quiet --save-split split.npy -o nodir/p.akp
bad 1 "y_one_class.npy:" -- probe train --x emb.npy --y y_one_class.npy --quiet --save-split split.npy -o p2.akp
# A file-size limit mid-write (SIGXFSZ ignored: EFBIG, cleaned up like any write error).
PRE=(timeout -k 5 60 bash -c 'ulimit -f 16; exec "$0" "$@"')
bad 1 "embeddings.npy: cannot write: File too large" -- gen esm-like -o newdir --n 100 --dim 64 --seq-len 10 --length 8 --quiet
bad 1 "out.npy: cannot write: File too large" -- pe --dim 64 --positions 0:999 -o out.npy
PRE=(timeout -k 5 60)
# stdout that cannot be written: an error, and no output committed.
if [ -w /dev/full ]; then
  STDOUT=/dev/full
  bad 1 "stdout: cannot write: No space left on device" -- probe eval --probe p.akp --x emb.npy --y y.npy
  bad 1 "stdout: cannot write" -- probe train --x emb.npy --y y.npy --json --quiet --save-split split.npy -o p2.akp
  bad 1 "stdout: cannot write" -- gen esm-like -o newdir --n 10 --dim 8 --seq-len 4 --length 3
  bad 1 "stdout: cannot write" -- --help
  STDOUT=out.txt
else
  echo "note: no /dev/full: full-stdout cases skipped"
fi
# Finite values whose products overflow float32, or that int8 cannot quantise; numbers the
# probe cannot hold: an error naming the file, never a silent NaN or an all-zero probe.
att 1 "x_big.npy and the weights overflow float32" x_big.npy
bad 1 "emb_big.npy: features too large for float32 training" -- probe train --x emb_big.npy --y y.npy --quiet -o p2.akp
bad 1 "y_big.npy: target 0 (1e+300)" -- probe train --x emb.npy --y y_big.npy --task regression --quiet -o p2.akp
bad 2 "--C: 1e-320 is out of range" -- probe train --x emb.npy --y y.npy --C 1e-320 --quiet -o p2.akp
bad 1 "std_tiny.akp: std 1e-38 of feature 0 is too small" -- probe predict --probe std_tiny.akp --x emb.npy -o pred.npy
bad 1 "emb.npy: 26 of 80 values are not finite" -- probe predict --probe std_small.akp --x emb.npy -o pred.npy
bad 1 "s8_scale.akp: int8 scale of class 0" -- probe eval --probe s8_scale.akp --x emb.npy --y y.npy
bad 1 "x_s8big.npy: element 0" -- attention --x x_s8big.npy --heads 2 "${W[@]}" --dtype s8 -o out.npy
bad 1 "emb_s8big.npy: row 0" -- probe predict --probe p8.akp --x emb_s8big.npy --dtype s8 -o pred.npy
bad 1 "emb_s8big.npy: row 0" -- probe eval --probe p8.akp --x emb_s8big.npy --y y.npy
M=(attention --x x.npy --heads 2 "${W[@]}" -o out.npy)
bad 1 "mask_half.npy: element 0 (row 0, column 0) is 0.5" -- "${M[@]}" --mask mask_half.npy --dtype s8
bad 1 "mask_nan.npy: element 6 (row 1, column 2) is nan" -- "${M[@]}" --mask mask_nan.npy
bad 1 "stack_10000.npy (10000 layers; draw fewer with --layers" -- plot attention stack_10000.npy -o out.png
# Empty or non-finite numbers are not 0.
bad 2 "--test-fraction: '' is not" -- probe train --x emb.npy --y y.npy --test-fraction "" --quiet -o p2.akp
bad 2 "--test-fraction: 'nan' is not" -- probe train --x emb.npy --y y.npy --test-fraction nan --quiet -o p2.akp
bad 2 "--C: '' is not" -- probe train --x emb.npy --y y.npy --C "" --quiet -o p2.akp
bad 2 "--width: '' is not" -- plot pe --dim 8 --positions 0:7 --width "" -o out.png
bad 2 "--panel: '' is not" -- plot attention stack_2.npy --panel "" -o out.png
# Export names that would not compile: keywords, macros, reserved names.
for n in int and NULL INT8_C __x linux my-probe; do
  bad 2 "--name: '$n'" -- probe export --probe p.akp --name "$n" -o probe.h
done

# ok NAME -- command...: exits 0 (what it writes is checked, then removed, by the caller).
ok() {
  local name=$1
  shift 2
  cases=$((cases + 1))
  local rc=0
  "${PRE[@]}" "$BIN" "$@" > ok_out.txt 2> ok_err.txt || rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL [$rc] $name: attnkit $*"; echo "     stderr: $(cat ok_err.txt)"
    failures=$((failures + 1)); return 1
  fi
  echo "ok   [0] $name"
}
# settle: the checks of an `ok` case passed or failed; the directory is restored either way.
settle() {
  if ! "$@"; then echo "FAIL: $*"; failures=$((failures + 1)); fi
  rm -rf -- ok_out.txt ok_err.txt out.npy out.png probe.h int.h p2.akp "$long255" use.o .*.tmp*
  [ "$(snapshot)" == "$before" ] || { echo "FAIL: directory changed"; failures=$((failures + 1)); before=$(snapshot); }
}
# The longest legal name is written (its temporary's name is shortened to fit NAME_MAX).
ok "255-byte output name" -- pe --dim 4 --positions 0:3 -o "$long255" && settle test -s "$long255"
# A 5000-character title is cut short, not an error.
title=$(printf 'T%.0s' $(seq 5000))
ok "5000-character title (plot pe)" -- plot pe --dim 8 --positions 0:7 --title "$title" -o out.png &&
  settle test -s out.png
ok "5000-character title (plot attention)" -- plot attention stack_2.npy --title "$title" -o out.png &&
  settle test -s out.png
ok "--layers picks from a stack too large to draw whole" -- plot attention stack_10000.npy --layers 0:15 -o out.png &&
  settle test -s out.png
ok "--quantize s8 with a near-constant standardised feature" -- probe train --x emb_near.npy \
  --y y_near.npy --standardize --quantize s8 --quiet -o p2.akp && settle test -s p2.akp
# A keyword output name becomes a usable namespace; a file name with a newline stays in its
# comment; both headers compile.
compiles() { printf '#include "%s"\n' "$1" > use.cc && g++ -std=c++17 -Wall -Wextra -Wpedantic -Werror \
  -I"$ROOT/lib" -I. -c use.cc -o use.o && rm -f use.cc; }
ok "export -o int.h" -- probe export --probe p.akp -o int.h &&
  settle eval 'grep -q "^namespace int_probe {" int.h && compiles int.h'
cp p8.akp $'nl\nname.akp' && before=$(snapshot)
ok "export of a probe whose name holds a newline" -- probe export --probe $'nl\nname.akp' -o probe.h &&
  settle eval 'grep -q "from nl\\\\x0aname.akp; do not edit" probe.h && compiles probe.h'
rm -f $'nl\nname.akp' && before=$(snapshot)
# --json is valid JSON (UTF-8) whatever bytes a file name holds.
cp p.akp $'p\xff.akp' && before=$(snapshot)
ok "--json with a non-UTF-8 file name" -- probe eval --probe $'p\xff.akp' --x emb.npy --y y.npy --json &&
  settle /usr/bin/python3 -c '
import json, sys
d = json.loads(open("ok_out.txt", "rb").read().decode("utf-8"))
assert d["probe"] == "p\ufffd.akp", d["probe"]'
rm -f $'p\xff.akp' && before=$(snapshot)

# Signals, pipes and big files, driven from Python in a subdirectory.
mkdir sig
cases_py=$(cd sig && PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 - "$BIN" <<'PY'
import os, resource, signal, subprocess, sys, time
BIN = sys.argv[1]
cases = fails = 0

def check(name, cond, detail=""):
    global cases, fails
    cases += 1
    if cond:
        print("ok   " + name, file=sys.stderr)
    else:
        fails += 1
        print("FAIL " + name + ": " + detail, file=sys.stderr)

def temps():
    return sorted(f for f in os.listdir(".") if ".attnkit-" in f and f.endswith(".tmp"))

def default_signals():
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)

def stopped(pid):
    """True once the process is stopped, None if /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("T", "t")
    except OSError:
        return None

def stop_mid_write(dim):
    """Starts a large `pe` write; stops the process (SIGSTOP) once its temporary exists."""
    # Default dispositions in the child: a parent that ignores SIGINT or SIGHUP (a background
    # job, nohup) would pass that on, and an ignored signal stays ignored (as it should).
    p = subprocess.Popen([BIN, "pe", "--dim", str(dim), "--positions", "0:65535", "-o", "big.npy"],
                         stderr=subprocess.PIPE, preexec_fn=default_signals)
    while p.poll() is None:
        if temps():
            p.send_signal(signal.SIGSTOP)
            while p.poll() is None and stopped(p.pid) is False:
                pass  # until the kernel has actually stopped it
            if p.poll() is None and temps():
                return p
            p.send_signal(signal.SIGCONT)  # renamed in between: let it finish, try again
    p.wait()
    return None

# SIGINT, SIGTERM, SIGHUP mid-write: the process dies of the signal, leaving no temporary and
# no output. (A run that finished before it could be stopped is retried with more data.)
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    p = None
    for dim in (128, 512, 1024):
        p = stop_mid_write(dim)
        if p:
            break
        os.remove("big.npy")
    if not p:
        check(f"{sig.name} mid-write", False, "could not stop the writer mid-write")
        continue
    p.send_signal(sig)
    p.send_signal(signal.SIGCONT)
    p.wait()
    check(f"{sig.name} mid-write: no temporary, no output, dies of the signal",
          p.returncode == -sig and not temps() and not os.path.exists("big.npy"),
          f"rc {p.returncode}, left {os.listdir('.')}")

# SIGKILL cannot be handled: the temporary stays until a later run writing the same file
# finds it stale (process gone, a minute old) and removes it; a live process's is kept.
p = None
for dim in (128, 512, 1024):
    p = stop_mid_write(dim)
    if p:
        break
    os.remove("big.npy")
if p:
    p.kill()
    p.wait()
    stale = temps()
    live = ".big.npy.attnkit-%d-0.tmp" % os.getpid()  # this script is alive
    fresh = ".big.npy.attnkit-%d-7.tmp" % p.pid        # dead, but young
    legacy = ".big.npy.tmp%d-0" % p.pid                  # the naming before round two
    for f in (live, fresh, legacy):
        open(f, "w").close()
    old = time.time() - 120
    for f in stale + [live, legacy]:
        os.utime(f, (old, old))
    r = subprocess.run([BIN, "pe", "--dim", "4", "--positions", "0:3", "-o", "big.npy"],
                       stderr=subprocess.PIPE)
    check("stale temporaries of a killed run removed by the next run; live and young ones kept",
          len(stale) == 1 and r.returncode == 0 and temps() == sorted([live, fresh]) and
          not os.path.exists(legacy),
          f"stale {stale}, after {os.listdir('.')}, rc {r.returncode} {r.stderr!r}")
    for f in temps() + ["big.npy"]:
        os.remove(f)
else:
    check("SIGKILL mid-write", False, "could not stop the writer mid-write")

# A closed pipe on stdout: an error (exit 1, one line naming stdout), not death by SIGPIPE.
subprocess.run([BIN, "gen", "esm-like", "-o", "d", "--n", "40", "--dim", "3", "--seq-len", "4",
                "--length", "3", "--quiet"], check=True)
for args in (["probe", "train", "--x", "d/embeddings.npy", "--y", "d/labels_AA.npy", "--quiet",
              "-o", "p.akp"],
             ["probe", "eval", "--probe", "p.akp", "--x", "d/embeddings.npy", "--y",
              "d/labels_AA.npy"]):
    r_fd, w_fd = os.pipe()
    os.close(r_fd)
    if args[1] == "train":
        r = subprocess.run([BIN] + args, stdout=w_fd, stderr=subprocess.PIPE)
        ok = r.returncode == 1 and not os.path.exists("p.akp")
        subprocess.run([BIN] + args, check=True, stdout=subprocess.DEVNULL)
    else:
        r = subprocess.run([BIN] + args, stdout=w_fd, stderr=subprocess.PIPE)
        ok = r.returncode == 1
    os.close(w_fd)
    err = r.stderr.decode()
    check(f"closed stdout pipe ({' '.join(args[:2])}): exit 1, not SIGPIPE",
          ok and err.count("\n") == 1 and "stdout: cannot write: Broken pipe" in err,
          f"rc {r.returncode}, stderr {err!r}")

# A 1 GiB (sparse) file whose header says 100 payload bytes: refused from its first 16 bytes,
# never read whole (peak memory stays small).
with open("big.akp", "wb") as f:
    f.write(b"AKPR" + (1).to_bytes(2, "little") + b"\0\0" + (100).to_bytes(8, "little"))
    f.truncate(1 << 30)
r = subprocess.run([BIN, "probe", "predict", "--probe", "big.akp", "--x", "d/embeddings.npy",
                    "-o", "pred.npy"], stderr=subprocess.PIPE)
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
check("oversized .akp refused before it is read",
      r.returncode == 1 and b"big.akp: 1073741704 trailing bytes" in r.stderr and rss_mb < 512,
      f"rc {r.returncode}, peak {rss_mb:.0f} MB, {r.stderr!r}")
os.remove("big.akp")
print(f"{cases} {fails}")
PY
)
rm -rf sig
read -r py_cases py_fails <<< "${cases_py:-0 1}"
cases=$((cases + py_cases)); failures=$((failures + py_fails))
[ "$(snapshot)" == "$before" ] || { echo "FAIL: directory changed"; failures=$((failures + 1)); }

echo "$cases cases, $failures failures"
[ "$cases" -ge 130 ] && [ "$failures" -eq 0 ]

