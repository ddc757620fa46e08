#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Turns Google Benchmark's JSON from attnkit_bench (make bench) into the ratio tables.

Every benchmark is named OP/IMPL/SIZE. For each OP and SIZE the tables give attnkit's time
(IMPL "attnkit" = the default port), its throughput, and for every other IMPL the ratio
    IMPL time / attnkit time      (higher is better for attnkit; 2.00 = twice as fast)
Times are CPU times (the machine is shared; descheduled time is not the kernel's), the
minimum over repetitions when there are several. GFLOP/s are compared with the FMA peak the
benchmark measured at start-up. Prints the tables; with --doc also writes docs/PERFORMANCE.md.

    /usr/bin/python3 bench/report.py build/bench/results.json [--doc docs/PERFORMANCE.md]
"""
import argparse
import json
import os
import re
import subprocess
import sys

UNIT = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}  # -> microseconds
ANCHOR_ORDER = ["xnnpack", "openblas", "eigen", "naive"]


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration" or b.get("error_occurred"):
            continue
        parts = b["run_name"].split("/")
        if len(parts) != 3:
            continue
        t = b["cpu_time"] * UNIT[b.get("time_unit", "ns")]
        prev = runs.get(b["run_name"])
        if prev is None or t < prev["t"]:
            runs[b["run_name"]] = dict(b, t=t, op=parts[0], impl=parts[1], size=parts[2])
    return data.get("context", {}), runs


def ordered(seq):
    seen, out = set(), []
    for s in seq:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def impl_order(impls):
    ports = [i for i in impls if i.startswith("attnkit") and i != "attnkit"]
    anchors = [a for a in ANCHOR_ORDER if a in impls]
    rest = [i for i in impls if i not in ports and i not in anchors and i != "attnkit"]
    return ports + anchors + rest


def fmt_time(us):
    if us >= 1e4:
        return "%.1f ms" % (us / 1e3)
    if us >= 1e3:
        return "%.2f ms" % (us / 1e3)
    if us >= 10:
        return "%.1f µs" % us
    return "%.2f µs" % us


def fmt_ratio(r):
    return "—" if r is None else ("%.2f" % r if r < 100 else "%.0f" % r)


def fmt_sci(v):
    return "%.1e" % v


class Report:
    def __init__(self, ctx, runs):
        self.ctx, self.runs = ctx, runs
        self.peak = float(ctx.get("fma_peak_gflops", "0") or 0)
        self.ghz = float(ctx.get("clock_ghz_est", "0") or 0)
        self.ops = ordered(r["op"] for r in runs.values())
        self.train = None

    def get(self, op, impl, size):
        return self.runs.get("%s/%s/%s" % (op, impl, size))

    def ratio(self, op, impl, size, base="attnkit"):
        a, b = self.get(op, impl, size), self.get(op, base, size)
        return a["t"] / b["t"] if a and b else None

    def gflops(self, run):
        return run["FLOPS"] / 1e9 if run and "FLOPS" in run else None

    def pct_peak(self, run, int8=False):
        g = self.gflops(run)
        peak = float(self.ctx.get("s8_vnni_peak_gops", 0) or 0) if int8 else self.peak
        return 100.0 * g / peak if g is not None and peak > 0 else None

    # One markdown table per op.
    def table(self, op):
        rows = [r for r in self.runs.values() if r["op"] == op]
        sizes = ordered(r["size"] for r in rows)
        impls = impl_order(ordered(r["impl"] for r in rows))
        has_flops = any("FLOPS" in r for r in rows if r["impl"] == "attnkit")
        err_key = next((k for k in ("max_abs_err", "max_rel_err", "rel_l2", "argmax_agree") if any(k in r for r in rows)), None)
        head = ["size", "attnkit"]
        int8 = op.endswith("_s8")
        if has_flops:
            head += ["Gop/s", "% VNNI peak"] if int8 else ["GFLOP/s", "% peak"]
        elif any("items_per_second" in r for r in rows):
            head += ["Gelem/s", "elem/cycle"]
        head += ["× " + i for i in impls]
        if err_key:
            head += ["%s attnkit" % err_key] + ["%s %s" % (err_key, i) for i in impls
                                                if not i.startswith("attnkit")]
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for s in sizes:
            base = self.get(op, "attnkit", s)
            if base is None:
                continue
            cells = [s, fmt_time(base["t"])]
            if has_flops:
                g, p = self.gflops(base), self.pct_peak(base, int8)
                cells += ["%.1f" % g if g is not None else "—", "%.0f%%" % p if p is not None else "—"]
            elif "items_per_second" in base:
                ge = base["items_per_second"] / 1e9
                cells += ["%.2f" % ge, "%.2f" % (ge / self.ghz) if self.ghz else "—"]
            cells += [fmt_ratio(self.ratio(op, i, s)) for i in impls]
            if err_key:
                fe = (lambda v: "%.3f" % v) if err_key == "argmax_agree" else fmt_sci
                cells.append(fe(base[err_key]) if err_key in base else "—")
                for i in impls:
                    if i.startswith("attnkit"):
                        continue
                    r = self.get(op, i, s)
                    cells.append(fe(r[err_key]) if r and err_key in r else "—")
            out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out)

    def raw_table(self):
        out = ["| benchmark | CPU time | GFLOP/s (int8: Gop/s) | % peak (int8: of VNNI peak) | Gelem/s | check |",
               "|---|---|---|---|---|---|"]
        for name, r in self.runs.items():
            g, p = self.gflops(r), self.pct_peak(r, r["op"].endswith("_s8") and r["impl"] != "attnkit-f32")
            checks = ", ".join("%s=%.2g" % (k, r[k]) for k in
                               ("max_rel_err", "max_abs_err", "rel_diff", "argmax_agree") if k in r)
            ge = r.get("items_per_second")
            out.append("| %s | %s | %s | %s | %s | %s |" % (
                name, fmt_time(r["t"]), "%.1f" % g if g is not None else "",
                "%.0f%%" % p if p is not None else "", "%.3g" % (ge / 1e9) if ge else "", checks))
        return "\n".join(out)

    # ---- targets of issue 6 -------------------------------------------------------------
    def sizes(self, op, pred=lambda s: True):
        return [r["size"] for r in self.runs.values()
                if r["op"] == op and r["impl"] == "attnkit" and pred(r["size"])]

    def min_ratio(self, op, impl, sizes):
        vals = [(self.ratio(op, impl, s), s) for s in sizes]
        vals = [v for v in vals if v[0] is not None]
        return min(vals) if vals else (None, None)

    def fastest(self, op, size):
        runs = [r for r in self.runs.values() if r["op"] == op and r["size"] == size]
        return min(runs, key=lambda r: r["t"]) if runs else None

    def epc(self, run):  # elements per cycle
        return run["items_per_second"] / 1e9 / self.ghz if self.ghz and run else 0.0

    def targets(self):
        T = []  # (target, measured, met: True/False/None, note)
        ctx = self.ctx
        l2 = float(ctx.get("read_l2_gbs", 0) or 0)
        wmem = float(ctx.get("write_mem_gbs", 0) or 0)

        # softmax: rows <= 64K floats (256 KiB in, 256 KiB out) are L2-resident.
        big = self.sizes("softmax_f32", lambda s: s.isdigit() and int(s) >= 1024)
        rx, sx = self.min_ratio("softmax_f32", "xnnpack", big)
        rn, sn = self.min_ratio("softmax_f32", "naive", big)
        note = ""
        if big:
            n = big[-1]
            b = self.get("softmax_f32", "attnkit", n)
            note = ("n=%s: %.2f elements/cycle, %.0f GB/s in+out against %.0f GB/s L2 read bandwidth, so "
                    "not memory bound (the row is L2-resident)." % (
                        n, self.epc(b), b["bytes_per_second"] / 1e9, l2))
            f = self.fastest("softmax_f32", n)
            if f and f["impl"] != "attnkit":
                note += (" %s does %.2f elements/cycle here (max rel. error %.1e vs attnkit's %.1e): the "
                         "limit is attnkit's kernel (exp polynomial schedule, passes over the row), "
                         "not the core." % (f["impl"], self.epc(f), f.get("max_rel_err", 0),
                                            b.get("max_rel_err", 0)))
            else:
                note += " attnkit is the fastest implementation measured."
        T.append(("softmax_f32 ≥ 1.2× XNNPACK, rows ≥ 1,024", self.fmt_min(rx, sx), self.met(rx, 1.2), note,
                  self.close(rx, 1.2)))
        T.append(("softmax_f32 ≥ 5× naive, rows ≥ 1,024", self.fmt_min(rn, sn), self.met(rn, 5.0),
                  "naive = glibc expf per element, 3 passes.", self.close(rn, 5.0)))

        # pe: output-bound at best (no input); compare with the store bandwidth.
        ds = self.sizes("pe_table_f32")
        rp, sp = self.min_ratio("pe_table_f32", "naive", ds)
        errs = [self.get("pe_table_f32", "attnkit", s).get("max_abs_err") for s in ds]
        errs = [e for e in errs if e is not None]
        nerrs = [self.get("pe_table_f32", "naive", s) for s in ds]
        nerr = max((r.get("max_abs_err", 0) for r in nerrs if r), default=None)
        acc_ok = bool(errs) and max(errs) <= 3e-7
        note = "attnkit max abs. error %s over every table (bound 3e-7); the textbook float loop reaches %s." % (
            fmt_sci(max(errs)) if errs else "—", fmt_sci(nerr) if nerr is not None else "—")
        if sp and wmem:
            b, nv = self.get("pe_table_f32", "attnkit", sp), self.get("pe_table_f32", "naive", sp)
            store = 4.0 * 4096 * int(sp.split("-d")[1]) / (wmem * 1e9) * 1e6
            note += (" At %s attnkit makes %.2f elements/cycle in %s; 10× naive needs ≤ %s, and "
                     "storing the table at the measured %.0f GB/s takes %s, so the target is %s." % (
                         sp, self.epc(b), fmt_time(b["t"]), fmt_time(nv["t"] / 10), wmem, fmt_time(store),
                         "within the store bound: compute (sin/cos evaluation) is the limit"
                         if store < nv["t"] / 10 else "beyond the store bandwidth of this machine"))
        met = self.met(rp, 10.0)
        acc = "" if not errs else ", accuracy within 3e-7" if acc_ok else ", accuracy NOT within 3e-7"
        T.append(("pe_table_f32 ≥ 10× naive, same accuracy bound", self.fmt_min(rp, sp) + acc,
                  (met and acc_ok) if met is not None else None, note, self.close(rp, 10.0)))

        # mha: 8 n E^2 projection FLOPs + 4 E pairs attention FLOPs, all GEMM-shaped: compute bound.
        for size in ("N512-E512-H8", "N512-E512-H8-causal"):
            b = self.get("mha_f32", "attnkit", size)
            if not b:
                continue
            p = self.pct_peak(b)
            e = self.get("mha_f32", "eigen", size)
            re_ = self.ratio("mha_f32", "eigen", size)
            n, E = 512, 512
            pairs = n * (n + 1) / 2 if size.endswith("causal") else n * n
            proj = 8.0 * n * E * E / (8.0 * n * E * E + 4.0 * E * pairs)
            rmem = float(ctx.get("read_mem_gbs", 0) or 0)
            note = ("Compute bound: %.0f%% of the FLOPs are the four 512×512×512 projections (85 FLOP per "
                    "byte of operands, against a machine balance of %.0f FLOP/byte from memory), the rest "
                    "8 heads of QKᵀ and PV with head dim 64. " % (
                        100 * proj, self.peak / rmem if rmem else float("nan")))
            if e:
                pe_ = self.pct_peak(e)
                note += "Eigen (-O3 -march=native) reaches %.0f%% of peak; 1.5× Eigen needs %.0f%% of peak" % (
                    pe_, 1.5 * pe_)
                note += " — above what a GEMM sustains in practice (~80-90%)." if 1.5 * pe_ > 85 else "."
            att = self.get("attention_f32", "attnkit", "N512-d64" + ("-causal" if size.endswith("causal") else ""))
            if att:
                note += " The per-head attention alone runs at %.0f%% of peak (attention_f32 N512-d64)." % (
                    self.pct_peak(att))
            # The limit, from measured rates: attnkit's large GEMM (probe_f32 B256-C250) sets the
            # projections' time; what 1.5x Eigen leaves for the 8 heads follows.
            gemm = self.get("probe_f32", "attnkit", "B256-D1280-C250")
            if e and att and gemm and self.peak and re_ is not None and re_ < 1.5:
                fl_proj = 8.0 * n * E * E
                fl_att = 4.0 * E * pairs
                t_goal = (fl_proj + fl_att) / (self.gflops(e) * 1e9) / 1.5  # seconds
                t_proj = fl_proj / (self.gflops(gemm) * 1e9)
                left = t_goal - t_proj
                need = fl_att / left / 1e9 / self.peak * 100 if left > 0 else float("inf")
                note += (" Missed by %.0f%% (%.2f× of 1.5×). Limit: at attnkit's measured GEMM rate "
                         "(%.0f%% of peak, probe_f32 B256-C250) the projections alone take %.2f ms of "
                         "the %.2f ms that 1.5× Eigen allows, leaving %.2f ms for the 8 heads: %s of "
                         "peak for attention, against the %.0f%% measured." % (
                             100 * (1 - re_ / 1.5), re_, self.pct_peak(gemm), 1e3 * t_proj,
                             1e3 * t_goal, 1e3 * max(left, 0.0),
                             ("%.0f%%" % need) if left > 0 else "no time", self.pct_peak(att)))
                # Measured split inside mha: the 8 heads at their standalone time, the rest is
                # the projections (and the head views' strided access).
                t_heads = 8 * att["t"] * 1e-6  # t is in microseconds
                t_in = b["t"] * 1e-6 - t_heads
                if t_in > 0:
                    rate = fl_proj / t_in / 1e9
                    note += (" Measured inside mha (its time minus 8 × attention_f32 N512-d64%s): the "
                             "projections take %.2f ms, %.0f%% of peak, not the %.0f%% of the large "
                             "GEMM; at that rate 1.5× Eigen would leave %.2f ms for the heads, which "
                             "take %.2f ms." % (
                                 "-causal" if size.endswith("causal") else "", 1e3 * t_in,
                                 100 * rate / self.peak, self.pct_peak(gemm),
                                 1e3 * max(t_goal - t_in, 0.0), 1e3 * t_heads))
            label = "mha_f32 %s" % size
            T.append((label + " ≥ 50% of FMA peak",
                      "%.0f%% (%.1f of %.1f GFLOP/s)" % (p, self.gflops(b), self.peak), p >= 50.0, note,
                      self.close(p, 50.0)))
            T.append((label + " ≥ 1.5× Eigen", fmt_ratio(re_) + "×" if re_ else "—", self.met(re_, 1.5),
                      "see the line above", self.close(re_, 1.5)))

        # probe: batch 256 is a GEMM (compute bound), batch 1 a GEMV (bandwidth bound).
        bs = self.sizes("probe_f32", lambda s: s.startswith("B256-"))
        ro, so = self.min_ratio("probe_f32", "openblas", bs)
        note = ""
        if so:
            b = self.get("probe_f32", "attnkit", so)
            note = "GEMM, compute bound: %s runs at %.0f%% of peak. " % (so, self.pct_peak(b))
        try:
            l2_size = int(subprocess.run(["getconf", "LEVEL2_CACHE_SIZE"], capture_output=True,
                                         text=True, check=False).stdout.strip() or 0)
        except (ValueError, OSError):
            l2_size = 0
        for s1 in self.sizes("probe_f32", lambda s: s.startswith("B1-")):
            r = self.get("probe_f32", "attnkit", s1)
            o = self.get("probe_f32", "openblas", s1)
            if r and l2:
                wbytes = 4 * 1280 * int(s1.rsplit("-C", 1)[1])
                where = ""
                if l2_size > 0:
                    where = "; %d KiB of weights, %s the %d KiB L2" % (
                        wbytes // 1024, "inside" if wbytes <= l2_size else "larger than", l2_size // 1024)
                note += ("Batch 1 (%s: a GEMV, one FMA per weight loaded, bandwidth bound%s) streams %.0f GB/s "
                         "vs %.0f GB/s measured L2 read bandwidth%s. " % (
                             s1, where, r["bytes_per_second"] / 1e9, l2,
                             "; OpenBLAS sgemv %.0f GB/s" % (o["bytes_per_second"] / 1e9) if o else ""))
        T.append(("probe_f32 batch 256 ≥ OpenBLAS sgemm", self.fmt_min(ro, so), self.met(ro, 1.0), note.strip(),
                  self.close(ro, 1.0)))

        s8 = self.sizes("probe_s8")
        if s8:
            rs, ss = self.min_ratio("probe_s8", "attnkit-f32", s8)
            worst = self.get("probe_s8", "attnkit", ss) if ss else None
            note = ""
            if worst:
                note = ("int8 path %.1f Gop/s at %s vs the f32 path's %.1f GFLOP/s. " % (
                    self.gflops(worst), ss, self.gflops(self.get("probe_s8", "attnkit-f32", ss))))
                vnni = float(ctx.get("s8_vnni_peak_gops", 0) or 0)
                need = 2.0 * self.gflops(self.get("probe_s8", "attnkit-f32", ss))
                if vnni > 0:
                    note += ("The measured AVX-512 VNNI peak is %.0f Gop/s (%.1f× the f32 FMA peak): the int8 "
                             "path runs at %.0f%% of it, and 2× float needs %.0f Gop/s (%.0f%% of it). " % (
                                 vnni, vnni / self.peak if self.peak else 0, 100 * self.gflops(worst) / vnni,
                                 need, 100 * need / vnni))
                sc = self.ratio("probe_s8", "attnkit-scalar", ss)
                if sc is not None and 0.85 < sc < 1.15:
                    note += ("Every port runs it at the scalar port's speed: no SIMD int8 dot product "
                             "is in use yet.")
            per = ", ".join("%s %s×" % (s_, fmt_ratio(self.ratio("probe_s8", "attnkit-f32", s_))) for s_ in s8
                            if self.ratio("probe_s8", "attnkit-f32", s_) is not None)
            T.append(("probe_s8 ≥ 2× probe_f32 (every size)", self.fmt_min(rs, ss) + "; " + per,
                      self.met(rs, 2.0), note, self.close(rs, 2.0)))
        else:
            T.append(("probe_s8 ≥ 2× probe_f32", "not measured", None,
                      "probe_s8 was not in the library when this ran."))
        for op, f32 in (("attention_s8", "attention_f32"), ("mha_s8", "mha_f32")):
            ss = self.sizes(op)
            if not ss:
                continue
            r, s_ = self.min_ratio(op, "attnkit-f32", ss)
            errs = [self.get(op, "attnkit", s).get("rel_l2") for s in ss]
            errs = [e for e in errs if e is not None]
            T.append(("%s vs %s (no speed target; issue 4: rel. L2 error ≤ 2%%)" % (op, f32),
                      "%s, max rel. L2 error %.2f%%" % (self.fmt_min(r, s_), 100 * max(errs) if errs else float("nan")),
                      None if not errs else max(errs) <= 0.02,
                      "ratio = f32 time / int8 time; status is the accuracy bound."))
        T.append(self.train_target())
        return T

    def train_target(self):
        """The row for `make bench-train`'s results (train.json beside results.json), if any."""
        t = self.train
        if not t or not t.get("rows"):
            return ("probe training ≥ 5× scikit-learn", "not measured here", None,
                    "Run `make bench-train` (needs scikit-learn) before the report to fill this row.")
        rows = t["rows"]
        worst = min(rows, key=lambda r: r["speedup"])
        meas = ", ".join("%d classes %.1f× fit (%.3f s vs %.3f s), %.1f× whole process; accuracy "
                         "%.4f vs %.4f" % (r["classes"], r["speedup"], r["attnkit_fit_s"],
                                           r["sklearn_s"], r.get("process_speedup", 0),
                                           r["attnkit_acc"], r["sklearn_acc"]) for r in rows)
        note = ("`make bench-train` %s: %d × %d synthetic embeddings, scikit-learn %s "
                "LogisticRegression() defaults, best of %d, same thread count. The target compares "
                "fit with fit; the whole `attnkit probe train` process (start, load, fit, score, "
                "write) is shown against the same fit-only scikit-learn time. Iterations: %s. "
                "Equal accuracy = within 0.5 points." % (
                    t.get("date", "?"), t["n"], t["dim"], t.get("sklearn", "?"), t.get("repeat", 1),
                    "; ".join("%d classes attnkit %s, sklearn %s" % (
                        r["classes"], r["attnkit_iters"], r["sklearn_iters"]) for r in rows)))
        return ("probe training ≥ 5× scikit-learn at equal accuracy", meas,
                all(r["met"] for r in rows), note, self.close(worst["speedup"], 5.0))

    @staticmethod
    def close(r, target):
        """Within 5% of the target: a single run on a shared machine cannot decide it."""
        return r is not None and abs(r / target - 1.0) < 0.05

    @staticmethod
    def met(r, target):
        return None if r is None else r >= target

    @staticmethod
    def fmt_min(r, s):
        return "—" if r is None else "%s× (worst: %s)" % (fmt_ratio(r), s)


def machine_lines(ctx):
    model, fam, mod, flags = "unknown", "", "", ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                k, _, v = line.partition(":")
                k, v = k.strip(), v.strip()
                if k == "model name" and model == "unknown":
                    model = v
                elif k == "cpu family" and not fam:
                    fam = v
                elif k == "model" and not mod:
                    mod = v
                elif k == "flags" and not flags:
                    flags = v.split()
    except OSError:
        pass
    zen = {"23": "Zen/Zen 2", "25": "Zen 3/Zen 4", "26": "Zen 5"}.get(fam, "") if "AMD" in model else ""
    isa = [f for f in ("avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16",
                       "avx_vnni") if f in flags]
    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                                text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "lib", "ports"],
                               capture_output=True, text=True, check=False).stdout.split("\n")
        dirty = [d[3:] for d in dirty if d.strip()]
    except OSError:
        commit, dirty = "unknown", []
    versions = []
    for pkg in ("libxnnpack0", "libopenblas0-pthread", "libeigen3-dev", "libhwy-dev", "libxsimd-dev",
                "libbenchmark-dev"):
        try:
            v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                               text=True, check=False).stdout.strip()
        except OSError:
            v = ""
        if v:
            versions.append("%s %s" % (pkg, v))
    perf = "not checked"
    try:
        p = subprocess.run(["perf", "stat", "-x,", "-e", "cycles", "true"], capture_output=True,
                           text=True, check=False, timeout=20)
        perf = ("hardware counters not supported on this machine (`perf stat -e cycles` reports "
                "<not supported>), so the bounds below are reasoned from measured peaks and bandwidths"
                if "not supported" in p.stderr or "not counted" in p.stderr
                else "hardware counters available")
    except (OSError, subprocess.SubprocessError):
        perf = "perf not installed"
    lines = [
        "- CPU: %s (family %s, model %s%s), %s logical CPUs; ISA: %s" % (
            model, fam, mod, ", " + zen if zen else "", ctx.get("num_cpus", "?"), ", ".join(isa)),
        "- Measured at start-up: FMA peak **%s GFLOP/s** single core with %s, clock ≈ %s GHz "
        "(%s FLOP/cycle); AVX2 FMA %s GFLOP/s; int8 AVX-512 VNNI %s Gop/s; read bandwidth %s GB/s (L2-resident) and %s GB/s "
        "(128 MiB), write %s GB/s (memset 128 MiB)" % (
            ctx.get("fma_peak_gflops", "?"), ctx.get("fma_peak_isa", "?"), ctx.get("clock_ghz_est", "?"),
            ctx.get("fma_peak_flop_per_cycle", "?"), ctx.get("fma_avx2_gflops", "?"),
            ctx.get("s8_vnni_peak_gops", "?"),
            ctx.get("read_l2_gbs", "?"), ctx.get("read_mem_gbs", "?"), ctx.get("write_mem_gbs", "?")),
        "- Compiler: %s" % ctx.get("ATTNKIT_BENCH_CXX", "?"),
        "- attnkit built as shipped: `%s`; ports %s (default first)" % (
            " ".join(ctx.get("ATTNKIT_BENCH_LIB_FLAGS", "?").split()), ctx.get("attnkit_ports", "?")),
        "- Anchors: Eigen and naive loops built with `%s`; XNNPACK and OpenBLAS from Debian "
        "(OpenBLAS core %s, 1 thread)" % (" ".join(ctx.get("ATTNKIT_BENCH_FLAGS", "?").split()),
                                          ctx.get("openblas_core", "?")),
        "- Packages: %s" % (", ".join(versions) or "?"),
        "- Date: %s; load average at start %s; commit %s%s" % (
            ctx.get("date", "?"), ", ".join("%.1f" % x for x in ctx.get("load_avg", [])), commit,
            " (uncommitted changes in %s)" % ", ".join(dirty[:8]) + (" …" if len(dirty) > 8 else "")
            if dirty else ""),
        "- perf: %s" % perf,
    ]
    return lines


TITLES = {
    "softmax_f32": "softmax_f32 — one row of n logits",
    "pe_table_f32": "pe_table_f32 — 4,096 positions × d",
    "attention_f32": "attention_f32 — self-attention, n queries = n keys, head dim d",
    "mha_f32": "mha_f32 — multi-head self-attention, N tokens, d_model E, H heads",
    "probe_f32": "probe_f32 — logits = W x + b, batch B, D = 1,280, C classes",
    "probe_s8": "probe_s8 — int8 probe vs the float probe (column attnkit-f32)",
    "attention_s8": "attention_s8 — int8 attention vs attention_f32 (column attnkit-f32); rel_l2 = error of the dequantised output",
    "mha_s8": "mha_s8 — int8 multi-head attention vs mha_f32 (column attnkit-f32)",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("results")
    ap.add_argument("--doc", help="write this markdown file (docs/PERFORMANCE.md)")
    args = ap.parse_args()
    ctx, runs = load(args.results)
    if not runs:
        print("no benchmark results in %s" % args.results, file=sys.stderr)
        return 1
    rep = Report(ctx, runs)
    train = os.path.join(os.path.dirname(os.path.abspath(args.results)), "train.json")
    if os.path.exists(train):
        with open(train) as f:
            rep.train = json.load(f)
    tables = []
    for op in rep.ops:
        tables.append("### %s\n\n%s" % (TITLES.get(op, op), rep.table(op)))
    targets = rep.targets()
    mark = {True: "**met**", False: "**missed**", None: "not measured"}
    tgt = ["| target | measured | status | why / notes |", "|---|---|---|---|"]
    for t in targets:
        name, measured, met, note = t[:4]
        status = mark[met]
        if len(t) > 4 and t[4] and met is not None:
            status += " (within 5%: noise can flip it; `make bench BENCH_REPS=3`)"
        tgt.append("| %s | %s | %s | %s |" % (name, measured, status, note))
    machine = machine_lines(ctx)
    summary = "\n\n".join(tables)
    print("\n".join(machine))
    print()
    print("Ratios = IMPL time / attnkit time (higher is better for attnkit).\n")
    print(summary)
    print("\n### Targets (issue 6)\n")
    print("\n".join(tgt))
    if args.doc:
        doc = [
            "# Performance",
            "",
            "Generated by `make bench` (bench/report.py from `build/bench/results.json`); do not edit by hand.",
            "Every number below comes from one run of one process: attnkit and the anchors on the same inputs,",
            "single-threaded. A column `× IMPL` is IMPL's time divided by attnkit's (default port) time, so",
            "**higher is better for attnkit**; `× attnkit-scalar` is the speed-up over the portable scalar port.",
            "Times are CPU time (minimum over repetitions); `% peak` compares GFLOP/s with the FMA peak",
            "measured at start-up; `elem/cycle` uses the measured clock.",
            "",
            "Anchors are given their strongest settings: Eigen and the naive loops are compiled with",
            "`-O3 -march=native` (`make bench BENCH_ARCH=` builds them portable), while attnkit is built",
            "exactly as shipped (no `-march`, runtime dispatch). OpenBLAS 0.3.21 does not recognise Zen 5",
            "and would pick its AVX2 (Haswell) kernels, so the run forces its AVX-512 SkylakeX kernels",
            "(`BENCH_OPENBLAS_CORE`). XNNPACK is Debian's 2022 snapshot with its own runtime dispatch.",
            "A single run on a shared machine moves by a few per cent; a target within 5% of its",
            "threshold is flagged, and `make bench BENCH_REPS=3` keeps the fastest of three.",
            "",
            "## Machine",
            "",
        ] + machine + [
            "",
            "## Targets (issue 6)",
            "",
        ] + tgt + [
            "",
            "## Ratios",
            "",
            summary,
            "",
            "## All measurements",
            "",
            "<details><summary>every OP/IMPL/SIZE</summary>",
            "",
            rep.raw_table(),
            "",
            "</details>",
            "",
        ]
        # The Cortex-M section belongs to `make bench-mcu` (bench/mcu/report.py): keep it.
        if os.path.exists(args.doc):
            with open(args.doc) as f:
                old = f.read()
            m = re.search(r"<!-- bench-mcu: begin.*?<!-- bench-mcu: end -->\n?", old, re.S)
            if m:
                doc += [m.group(0)]
        os.makedirs(os.path.dirname(os.path.abspath(args.doc)), exist_ok=True)
        tmp = args.doc + ".tmp"
        with open(tmp, "w") as f:
            f.write("\n".join(doc))
        os.replace(tmp, args.doc)
        print("\nwrote %s" % args.doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
