#!/usr/bin/env bash
# Bad-input catalogue: broken files and arguments fed to every attnkit command. Each must exit
# with 2 (usage error) or 1 (data error), never a signal; print exactly one line on stderr that
# names the offending file or option and the problem; and leave the directory as it was (no
# output, no temporary file, inputs intact). Run by `make test` for the host and ASan builds.
set -uo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
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
PY
mkdir adir
"$BIN" probe train --x emb.npy --y y.npy --quiet -o p.akp > /dev/null || { echo "setup failed"; exit 1; }
/usr/bin/python3 - <<'PY'
b = open("p.akp", "rb").read()
open("trunc.akp", "wb").write(b[:len(b) // 2])
open("bad_magic.akp", "wb").write(b"AKPX" + b[4:])
open("empty.akp", "wb").write(b"")
open("crc.akp", "wb").write(b[:-1] + bytes([b[-1] ^ 0x55]))
open("payload_past_end.akp", "wb").write(b[:8] + (10**12).to_bytes(8, "little") + b[16:])
PY
echo "read-only input" > ro.txt && chmod 444 ro.txt

snapshot() { find . -printf '%p %s %m\n' | sort; find . -type f -print0 | sort -z | xargs -0 sha256sum; }
before=$(snapshot)
cases=0 failures=0

# bad CODE NAME -- command...: exit CODE, one stderr line containing NAME (the file or option)
# and no signal, no stdout, directory unchanged.
bad() {
  local code=$1 name=$2
  shift 3
  cases=$((cases + 1))
  local rc=0
  "$BIN" "$@" > out.txt 2> err.txt || rc=$?
  local lines msg out problem=""
  lines=$(wc -l < err.txt); msg=$(cat err.txt); out=$(cat out.txt)
  rm -f out.txt err.txt
  [ "$rc" -ge 128 ] && problem="killed by signal $((rc - 128))"
  [ "$rc" -eq "$code" ] || problem="$problem; exit $rc, expected $code"
  [ "$lines" -eq 1 ] || problem="$problem; $lines stderr lines"
  [[ "$msg" == *"$name"* ]] || problem="$problem; message does not name '$name'"
  [ -z "$out" ] || problem="$problem; wrote to stdout"
  if [ "$(snapshot)" != "$before" ]; then
    problem="$problem; directory changed: $(diff <(echo "$before") <(snapshot) | grep '^[<>]' | head -3 | tr '\n' ' ')"
    rm -rf -- .*.tmp* out.npy out.png pred.npy p2.akp probe.h 2> /dev/null
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

echo "$cases cases, $failures failures"
[ "$cases" -ge 30 ] && [ "$failures" -eq 0 ]
