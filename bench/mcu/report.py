#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make bench-mcu: firmware output (+ size-probe link maps) -> build/bench/mcu-<target>.json and
a table on stdout; with --doc, the Cortex-M section of docs/PERFORMANCE.md from those JSON files.

    report.py --run build/bench-mcu-cortex-m4/bench.out --json build/bench/mcu-cortex-m4.json \
        --target cortex-m4 --sizes build/bench-mcu-cortex-m4/size [--cmsis-dir DIR ...]
    report.py --doc docs/PERFORMANCE.md build/bench/mcu-*.json

Standard library only. The docs section sits between two marker comments and is replaced in
place (appended when absent), so the rest of the file is left as it is.
"""
import argparse
import json
import os
import re
import sys

DOC_BEGIN = "<!-- bench-mcu: begin (make bench-mcu; bench/mcu/report.py --doc) -->"
DOC_END = "<!-- bench-mcu: end -->"
CORES = ["cortex-m4", "cortex-m7", "cortex-m55"]
CORE_NAME = {"cortex-m4": "M4", "cortex-m7": "M7", "cortex-m55": "M55"}

NOTES = {
    "int32-logits-vs-int16-logits+LUT": "attnkit: int32 logits, exact 2^-x in Q31, Q15 out; "
    "arm_softmax_s16: the same values as int16, TFLM's 513-entry exp and 1/(1+x) LUTs, Q15 out",
    "int8-logits-as-int32;Q16-out-halved": "arm_softmax_s8_s16: int8 logits (TFLite scaling), "
    "int16 out with scale 1/65536 and zero point -32768, compared as (y + 32768) / 2",
    "int32-logits-saturated-to-int8": "probe_s8 returns int32 logits; compared with the int8 "
    "output after saturating them (same requantisation, scale per tensor, no bias)",
    "bytes-equal-to-attention_s8": "output bytes equal attention_s8's",
    "DIFFERS-from-attention_s8": "OUTPUT DIFFERS from attention_s8's",
}


def parse_run(path):
    meta, strings, rows, ended = {}, {}, [], False
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("@M ") or line.startswith("@R "):
                kv = dict(tok.split("=", 1) for tok in line[3:].split() if "=" in tok)
                (meta.update(kv) if line.startswith("@M") else rows.append(kv))
            elif line.startswith("@S "):
                k, _, v = line[3:].partition("=")
                strings[k] = v.strip()
            elif line.startswith("@END"):
                ended = True
    if not ended:
        sys.exit("report.py: %s: the firmware did not finish (no @END)" % path)
    return meta, strings, rows


SECTION_RE = re.compile(r"^\s+0x([0-9a-fA-F]+)\s+0x([0-9a-fA-F]+)\s+(\S.*)$")


def map_bytes(path):
    """Bytes per archive in a GNU ld map: {'libattnkit.a': {'text': n, 'data': n}, ...}."""
    out = {}
    started, pending = False, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not started:
                started = line.startswith("Linker script and memory map")
                continue
            m = re.match(r"^ (\.[^\s]+)\s*(.*)$", line)
            if m:
                name, rest = m.group(1), m.group(2)
                if not rest.strip():
                    pending = name
                    continue
                line, pending = " " * 16 + rest, name
            if pending is None:
                continue
            m = SECTION_RE.match(line)
            name, pending = pending, None
            if not m:
                continue
            size, src = int(m.group(2), 16), m.group(3).strip()
            am = re.search(r"([^/\s]+\.a)\(", src)
            lib = am.group(1) if am else os.path.basename(src)
            kind = ("text" if name.startswith((".text", ".rodata")) else
                    "data" if name.startswith((".data", ".bss")) else None)
            if kind and size:
                out.setdefault(lib, {"text": 0, "data": 0})[kind] += size
    return out


RUNTIME_LIBS = ("libgcc.a", "libc_nano.a", "libc.a", "libm.a", "libg_nano.a", "libnosys.a")


def sizes(dirpath, prefix, lib):
    res = {}
    if not dirpath or not os.path.isdir(dirpath):
        return res
    for fn in sorted(os.listdir(dirpath)):
        if fn.startswith(prefix) and fn.endswith(".elf.map"):
            b = map_bytes(os.path.join(dirpath, fn))
            res[fn[len(prefix):-len(".elf.map")]] = {
                "text": b.get(lib, {}).get("text", 0),
                "data": b.get(lib, {}).get("data", 0),
                "runtime_text": sum(b.get(r, {}).get("text", 0) for r in RUNTIME_LIBS),
            }
    return res


def num(v, default=None):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def build_json(a):
    meta, strings, rows = parse_run(a.run)
    ak_sizes = sizes(a.sizes, "ak_", "libattnkit.a")
    cm_sizes = sizes(a.sizes, "cm_", "libcmsisnn.a")
    have_cm = meta.get("cmsis") == "1"
    config = None
    if a.attnkit_config and os.path.exists(a.attnkit_config):
        with open(a.attnkit_config, encoding="utf-8") as f:
            config = f.read().strip()
    version = None
    if a.cmsis_dir and os.path.exists(os.path.join(a.cmsis_dir, "VERSION")):
        with open(os.path.join(a.cmsis_dir, "VERSION"), encoding="utf-8") as f:
            version = f.readline().strip().rstrip(".")
    cases = []
    for r in rows:
        units = num(r.get("units"), 1) or 1
        ak = {
            "insns": num(r["ak_insns"]), "stack": num(r["ak_stack"]), "scratch": num(r["ak_scratch"]),
            "status": num(r["ak_status"]), "size_key": r.get("ak_size"),
            "text": ak_sizes.get(r.get("ak_size"), {}).get("text"),
        }
        ak["per_unit"] = round(ak["insns"] / units, 2)
        if "ak_rel_e6" in r:
            ak["rel_l2"] = num(r["ak_rel_e6"]) / 1e6
        case = {"kernel": r["kernel"], "shape": r["shape"], "unit": r["unit"], "units": units,
                "anchor": r["anchor"] if "cm_insns" in r else None, "attnkit": ak}
        if "cm_insns" in r:
            cm = {
                "insns": num(r["cm_insns"]), "stack": num(r["cm_stack"]),
                "scratch": num(r["cm_scratch"]), "status": num(r["cm_status"]),
                "size_key": r.get("cm_size"), "text": cm_sizes.get(r.get("cm_size"), {}).get("text"),
            }
            cm["per_unit"] = round(cm["insns"] / units, 2)
            if "cm_inter" in r:
                cm["intermediate_bytes"] = num(r["cm_inter"])
            if "cm_rel_e6" in r:
                cm["rel_l2"] = num(r["cm_rel_e6"]) / 1e6
            case["cmsis_nn"] = cm
            case["ratio"] = round(ak["insns"] / cm["insns"], 3) if cm["insns"] else None
            eq = num(r.get("eq"), -1)
            case["bytes_equal"] = None if eq < 0 else bool(eq)
            case["mismatches"] = num(r.get("mism"), 0)
            case["max_diff"] = num(r.get("maxdiff"), 0)
            for k in ("clamped", "below_diff_min"):
                if k in r:
                    case[k] = num(r[k])
        if "note" in r:
            case["note"] = NOTES.get(r["note"], r["note"].replace("-", " "))
        cases.append(case)
    doc = {
        "target": a.target, "variant": a.variant, "board": a.board, "qemu": a.qemu, "icount_shift": a.icount_shift,
        "unit": "instructions executed under qemu -icount per call (not cycles)",
        "attnkit": {"compiler": strings.get("attnkit_compiler") or a.attnkit_cc,
                    "library_config": config, "bench_flags": a.bench_flags,
                    "port": meta.get("attnkit_port")},
        "cmsis_nn": ({"dir": os.path.abspath(a.cmsis_dir) if a.cmsis_dir else None,
                      "version": version, "compiler": strings.get("cmsis_compiler") or a.cmsis_cc,
                      "flags": a.cmsis_flags, "isa": strings.get("cmsis_isa")}
                     if have_cm else None),
        "calibration": {k[4:]: num(v) for k, v in meta.items() if k.startswith("cal_")},
        "text_bytes": {"attnkit": ak_sizes, "cmsis_nn": cm_sizes},
        "cases": cases,
    }
    return doc


def fmt_int(v):
    return "-" if v is None else "{:,}".format(v)


def eq_text(c):
    if "cmsis_nn" not in c:
        return "-"
    if c.get("bytes_equal") is None:
        return "n/a" + (" (max %d LSB)" % c["max_diff"] if c.get("max_diff") else "")
    if c["bytes_equal"]:
        return "yes"
    return "NO (%d differ, max %d)" % (c.get("mismatches", 0), c.get("max_diff", 0))


def scratch_text(c):
    ak = fmt_int(c["attnkit"]["scratch"])
    if "cmsis_nn" not in c:
        return ak
    cm = c["cmsis_nn"]
    s = fmt_int(cm["scratch"])
    if cm.get("intermediate_bytes"):
        s += " + " + fmt_int(cm["intermediate_bytes"])
    return "%s / %s" % (ak, s)


def pair(c, key):
    ak = fmt_int(c["attnkit"].get(key))
    return ak if "cmsis_nn" not in c else "%s / %s" % (ak, fmt_int(c["cmsis_nn"].get(key)))


def rel_text(c):
    ak = c["attnkit"].get("rel_l2")
    if ak is None:
        return ""
    cm = c.get("cmsis_nn", {}).get("rel_l2")
    return "%.2f%%" % (100 * ak) + ("" if cm is None else " / %.2f%%" % (100 * cm))


def print_table(d):
    cm = d["cmsis_nn"]
    print("\nbench-mcu %s (%s, qemu -icount shift=%s): instructions per call, not cycles" %
          (d["target"], d["board"], d["icount_shift"]))
    print("attnkit: %s, port %s" % (d["attnkit"]["compiler"], d["attnkit"]["port"]))
    if cm:
        print("CMSIS-NN: %s; %s; code path %s" % (cm["version"] or cm["dir"], cm["compiler"], cm["isa"]))
    else:
        print("CMSIS-NN: anchor MISSING (set CMSIS_NN_DIR to a CMSIS-NN checkout): attnkit alone")
    cal = d["calibration"]
    print("calibration: %s ticks per %s instructions; loop check %s vs %s over %s wraps" %
          (cal.get("dt"), cal.get("dn"), cal.get("long"), cal.get("long_expected"), cal.get("long_wraps")))
    hdr = ["kernel", "shape", "attnkit", "/unit", "anchor", "CMSIS-NN", "ratio", "bytes equal",
           "stack B", "scratch B (+inter)", ".text B", "rel L2"]
    out = [hdr]
    for c in d["cases"]:
        a = c["attnkit"]
        m = c.get("cmsis_nn")
        out.append([c["kernel"], c["shape"], fmt_int(a["insns"]), "%.2f/%s" % (a["per_unit"], c["unit"]),
                    c["anchor"] or "-", fmt_int(m["insns"]) if m else "-",
                    "%.2f" % c["ratio"] if c.get("ratio") else "-", eq_text(c), pair(c, "stack"),
                    scratch_text(c), pair(c, "text"), rel_text(c)])
    w = [max(len(r[i]) for r in out) for i in range(len(hdr))]
    for i, r in enumerate(out):
        print("  ".join(x.ljust(w[j]) if j in (0, 1, 4, 7) else x.rjust(w[j]) for j, x in enumerate(r)))
        if i == 0:
            print("  ".join("-" * x for x in w))
    bad = [c for c in d["cases"] if c["attnkit"]["status"] or (c.get("cmsis_nn") or {}).get("status")]
    for c in bad:
        print("WARNING: %s %s returned a non-zero status" % (c["kernel"], c["shape"]))
    print("ratio = attnkit / CMSIS-NN instructions (below 1: attnkit executes fewer). "
          "scratch: attnkit *_scratch_size / CMSIS-NN *_get_buffer_size (+ intermediate int8 tensors "
          "the CMSIS-NN composition keeps alive at once). rel L2: dequantised output vs a float "
          "reference on the same int8 inputs.")


# ---- docs --------------------------------------------------------------------------------------

# Issue 12's targets: worst ratio over the shapes of a kernel (M4 and M7 / M55).
TARGETS = [
    ("softmax_s8", "arm_softmax_s8", 0.8, 1.0),
    ("probe_s8", "arm_fully_connected_s8", 0.8, 1.0),
    ("attention_s8", "bmm+softmax+bmm", 0.7, 0.8),
]


def target_rows(by, cores):
    L = ["| issue 12 target (worst ratio over the shapes) |" + "".join(" %s |" % CORE_NAME[c] for c in cores),
         "|---|" + "---|" * len(cores)]
    for kernel, anchor, t_dsp, t_mve in TARGETS:
        row = "| `%s` vs `%s`: <= %s on M4/M7, <= %s on M55 |" % (kernel, anchor, t_dsp, t_mve)
        for c in cores:
            rs = [x["ratio"] for x in by[c]["cases"]
                  if x["kernel"] == kernel and x.get("anchor") == anchor and x.get("ratio")]
            if not rs:
                row += " - |"
                continue
            t = t_mve if c == "cortex-m55" else t_dsp
            worst = max(rs)
            row += " %.2f: %s |" % (worst, "met" if worst <= t else "missed by %.1fx" % (worst / t))
        L.append(row)
    L.append("")
    L.append("| stack + scratch <= CMSIS-NN's stack + buffer + intermediate tensors (bytes, worst shape) |" +
             "".join(" %s |" % CORE_NAME[c] for c in cores))
    L.append("|---|" + "---|" * len(cores))
    pairs = []
    for c in cores:
        for x in by[c]["cases"]:
            if x.get("cmsis_nn") and (x["kernel"], x["anchor"]) not in pairs:
                pairs.append((x["kernel"], x["anchor"]))
    for kernel, anchor in pairs:
        row = "| `%s` vs `%s` |" % (kernel, anchor)
        for c in cores:
            worst = None
            for x in by[c]["cases"]:
                m = x.get("cmsis_nn")
                if x["kernel"] != kernel or x["anchor"] != anchor or not m:
                    continue
                ak = x["attnkit"]["stack"] + x["attnkit"]["scratch"]
                cm = m["stack"] + m["scratch"] + (m.get("intermediate_bytes") or 0)
                if worst is None or ak / cm > worst[0] / worst[1]:
                    worst = (ak, cm, x["shape"])
            row += (" %s vs %s (%s): %s |" % (fmt_int(worst[0]), fmt_int(worst[1]), worst[2],
                                              "met" if worst[0] <= worst[1] else "over")
                    if worst else " - |")
        L.append(row)
    return L


def doc_section(docs):
    by = {d["target"]: d for d in docs if not d.get("variant")}
    variants = {}
    for d in docs:
        if d.get("variant"):
            variants.setdefault(d["target"], []).append(d)
    cores = [c for c in CORES if c in by]
    L = [DOC_BEGIN, "", "## Cortex-M (instructions under qemu)", ""]
    L.append("Generated by `make bench-mcu` (firmware in `bench/mcu/`, table by "
             "`bench/mcu/report.py` from `build/bench/mcu-<core>.json`); do not edit by hand. "
             "attnkit's integer kernels and their CMSIS-NN counterparts run in one firmware on "
             "identical inputs under `qemu-system-arm -icount shift=7`; SysTick, calibrated in the "
             "firmware, counts the **instructions executed per call** (exact to a few instructions: "
             "the calibration loop is checked across counter wraps).")
    L.append("")
    L.append("**An instruction is not a cycle.** qemu counts every instruction as one: on a real "
             "M4 a load takes 2 cycles and a taken branch 2-4, on M7 two instructions can issue "
             "together, and on M55 a 128-bit Helium (MVE) instruction takes about 2 cycles (two "
             "beats) while low-overhead loop ends are nearly free. Compare like with like (same "
             "core, same row); a ratio here is a ratio of work, not of time. M7 executes the same "
             "Thumb-2 + DSP code as M4, so its counts differ from M4's only where gcc's tuning for "
             "the core changes the code; its dual issue and caches are not modelled. Counts depend "
             "on the data (branches, flushed exponentials): they are for the inputs described below.")
    L.append("")
    for c in cores:
        d = by[c]
        cm = d["cmsis_nn"]
        cc = (d["attnkit"]["compiler"] or "?").split(" (")[0]
        line = "- %s (`%s`): attnkit built by %s, `%s`; " % (CORE_NAME[c], d["board"], cc,
                                                           d["attnkit"].get("bench_flags") or "")
        if cm:
            flags = " ".join((cm["flags"] or "").split()[1:])
            line += "CMSIS-NN by %s, `%s`, its %s code path" % (cm["compiler"].split(" (")[0], flags, cm["isa"])
        else:
            line += "CMSIS-NN **missing** (attnkit alone)"
        L.append(line)
        for v in variants.get(c, []):
            vm = v["cmsis_nn"]
            if vm:
                L.append("  - also CMSIS-NN by %s (`CMSIS_CC=%s`), its %s code path: column \"%s CMSIS-NN (%s)\"" % (
                    vm["compiler"].split(" (")[0], v["variant"].replace("cmsis-", ""), vm["isa"], CORE_NAME[c],
                    v["variant"].replace("cmsis-", "")))
    anyd = by[cores[0]] if cores else None
    if anyd and anyd["cmsis_nn"]:
        L.append("- CMSIS-NN: %s (Apache-2.0), a benchmark anchor only, never linked into libattnkit." %
                 (anyd["cmsis_nn"]["version"] or anyd["cmsis_nn"]["dir"]))
    L.append("")
    L.append("Ratio = attnkit / CMSIS-NN instructions (below 1: attnkit executes fewer); "
             "attnkit cells also give instructions per element or per multiply-accumulate.")
    L.append("")
    cols = []
    for c in cores:
        cols.append((c, None))
        for v in variants.get(c, []):
            if v["cmsis_nn"]:
                cols.append((c, v))
    hdr = "| kernel | shape | anchor |"
    sep = "|---|---|---|"
    for c, v in cols:
        if v is None:
            hdr += " %s attnkit | %s CMSIS-NN | %s ratio |" % ((CORE_NAME[c],) * 3)
            sep += "---:|---:|---:|"
        else:
            name = v["variant"].replace("cmsis-", "")
            hdr += " %s CMSIS-NN (%s) | ratio |" % (CORE_NAME[c], name)
            sep += "---:|---:|"
    L.append(hdr)
    L.append(sep)
    keys = []
    for c in cores:
        for case in by[c]["cases"]:
            k = (case["kernel"], case["shape"], case["anchor"])
            if k not in keys:
                keys.append(k)

    def find(d, k):
        return next((x for x in d["cases"] if (x["kernel"], x["shape"], x["anchor"]) == k), None)

    for k in keys:
        row = "| `%s` | %s | %s |" % (k[0], k[1], ("`%s`" % k[2]) if k[2] else "-")
        for c, v in cols:
            case = find(v or by[c], k)
            if v is None:
                if not case:
                    row += " | | |"
                    continue
                a = case["attnkit"]
                m = case.get("cmsis_nn")
                row += " %s (%s/%s) | %s | %s |" % (
                    fmt_int(a["insns"]), ("%.1f" % a["per_unit"]), case["unit"],
                    fmt_int(m["insns"]) if m else "-",
                    ("**%.2f**" % case["ratio"]) if case.get("ratio") else "-")
            else:
                m = case.get("cmsis_nn") if case else None
                base = find(by[c], k)
                ratio = (base["attnkit"]["insns"] / m["insns"]) if (m and base and m["insns"]) else None
                row += " %s | %s |" % (fmt_int(m["insns"]) if m else "-", ("%.2f" % ratio) if ratio else "-")
        L.append(row)
    L.append("")
    if any(by[c]["cmsis_nn"] for c in cores):
        L.extend(target_rows(by, cores))
        L.append("")
    for c in cores:
        d = by[c]
        L.append("<details><summary>%s: output bytes, stack, scratch, code size, accuracy</summary>" % CORE_NAME[c])
        L.append("")
        L.append("| kernel | shape | anchor | bytes equal | stack B attnkit / CMSIS-NN | scratch B attnkit / CMSIS-NN (+ intermediate tensors) | .text B attnkit / CMSIS-NN | rel L2 attnkit / CMSIS-NN |")
        L.append("|---|---|---|---|---:|---:|---:|---:|")
        for case in d["cases"]:
            L.append("| `%s` | %s | %s | %s | %s | %s | %s | %s |" % (
                case["kernel"], case["shape"], ("`%s`" % case["anchor"]) if case["anchor"] else "-",
                eq_text(case), pair(case, "stack"), scratch_text(case), pair(case, "text"), rel_text(case)))
        L.append("")
        L.append("</details>")
        L.append("")
    L.append("How the pairs are set up (details in `bench/mcu/main.cc` and `bench/mcu/cmsis_side.c`):")
    L.append("")
    L.append("- Both libraries at `-Os`. Inputs from a fixed LCG per case; quantisation parameters, LUTs, "
             "Helium kernel sums (TFLM's Prepare) and float references are made outside the timed region.")
    L.append("- `softmax_s8` (rows) vs `arm_softmax_s8`: the same TFLite parameters, int8 logits over "
             "[-128, 127] with input scale 1/20: no entry falls below `diff_min` (each exponential is "
             "computed) and a row's exponential sum stays below 512, where CMSIS-NN's C path is "
             "defined; bytes compared.")
    L.append("- `softmax_s32_q15` vs `arm_softmax_s16`: the same logits as int32 (attnkit) and int16 "
             "(CMSIS-NN, with TFLM's 513-entry exp and 1/(1+x) LUTs), scale 5/32768 so max - x stays "
             "in the LUT's [-10, 0]. Both give Q15 probabilities by different approximations, so the "
             "largest difference is shown instead of byte equality. vs `arm_softmax_s8_s16`: int8 "
             "logits as in `softmax_s8`; CMSIS-NN's int16 output (scale 1/65536, zero point -32768) "
             "is halved to Q15 for the comparison.")
    L.append("- `probe_s8` vs `arm_fully_connected_s8`: one weight scale for every row (CMSIS-NN's "
             "fully connected is per tensor), no bias, no label or probabilities; attnkit's int32 logits "
             "saturated to int8 (none needed saturating) are compared with CMSIS-NN's int8 output.")
    L.append("- `attention_s8` / `attention_s8_stream` vs the TFLM composition `arm_batch_matmul_s8` "
             "(Q K^T) + `arm_softmax_s8` + `arm_batch_matmul_s8` (P V): Q, K, V int8 in [-127, 127] "
             "with one scale (real values in [-1.7, 1.7]), the score and output scales calibrated on "
             "these inputs (largest magnitude of the float reference -> 127), "
             "V passed already transposed (TFLM transposes it at run time: not counted). Causal: "
             "CMSIS-NN has no mask, so each row's softmax runs over its visible prefix and the rest is "
             "set to -128 (probability 0); both matmuls stay full. The outputs differ in kind "
             "(attnkit: per-row output scales and Q15 weights; CMSIS-NN: int8 probabilities in steps "
             "of 1/256, which dominate its error, and one output scale), so instead of bytes the "
             "relative L2 error of each "
             "against a float reference on the same int8 inputs is given. `attention_s8_stream`'s "
             "bytes equal `attention_s8`'s (checked in the firmware).")
    L.append("- `mha_s8` vs four `arm_fully_connected_s8` projections, `arm_transpose_s8` to and from "
             "head-major layout, and the composition above with the heads as the batch (intermediate "
             "scales calibrated on a float run of the same int8 model). Intermediate tensors: the "
             "largest set alive at once between two ops.")
    L.append("- Stack: bytes below the caller's stack pointer the call wrote (painted stack; 16-24 "
             "bytes of it are the painter's own frame). `.text`: code and read-only data the kernel "
             "pulls from the library archive into a firmware (`--gc-sections`; libgcc/libc apart).")
    L.append("")
    L.append(DOC_END)
    return "\n".join(L)


def write_doc(path, jsons):
    docs = []
    for p in jsons:
        with open(p, encoding="utf-8") as f:
            docs.append(json.load(f))
    if not docs:
        sys.exit("report.py --doc: no build/bench/mcu-*.json (run make bench-mcu first)")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Performance\n"
    sec = doc_section(docs)
    if DOC_BEGIN in text and DOC_END in text:
        a = text.index(DOC_BEGIN)
        b = text.index(DOC_END) + len(DOC_END)
        text = text[:a] + sec + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + sec + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    print("wrote the Cortex-M section of %s (%s)" % (path, ", ".join(d["target"] for d in docs)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run")
    ap.add_argument("--json")
    ap.add_argument("--target")
    ap.add_argument("--board")
    ap.add_argument("--icount-shift", type=int, default=7)
    ap.add_argument("--qemu")
    ap.add_argument("--attnkit-cc")
    ap.add_argument("--attnkit-config")
    ap.add_argument("--bench-flags")
    ap.add_argument("--sizes")
    ap.add_argument("--cmsis-dir")
    ap.add_argument("--cmsis-cc")
    ap.add_argument("--cmsis-flags")
    ap.add_argument("--variant")
    ap.add_argument("--doc")
    ap.add_argument("jsons", nargs="*")
    a = ap.parse_args()
    if a.doc:
        write_doc(a.doc, a.jsons)
        return
    d = build_json(a)
    if a.json:
        os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(d, f, indent=1)
            f.write("\n")
    print_table(d)
    if a.json:
        print("wrote %s" % a.json)


if __name__ == "__main__":
    main()
