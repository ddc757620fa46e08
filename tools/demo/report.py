#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes report.md for `make demo`: the measured figures and the worksheet's answers derived
# from them (only numpy is needed).
"""Usage: report.py OUT_DIR DATA_DIR ATTENTION.npy"""
import json
import os
import sys

import numpy as np


def load_json(path):
    with open(path) as f:
        return json.load(f)


def pct(v):
    return "n/a" if v is None else f"{100 * v:.1f} %"


def ranges(idx):
    """[0,1,2,5,6] -> '0-2, 5-6'"""
    idx = sorted(idx)
    if not idx:
        return "none"
    out, start, prev = [], idx[0], idx[0]
    for i in idx[1:] + [None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ", ".join(out)


def pe_section(out):
    d = np.load(os.path.join(out, "pe_dot.npy")).astype(np.float64)
    pos, dot = d[:, 0].astype(int), d[:, 1]
    ref = 100
    r = int(np.where(pos == ref)[0][0])
    peak = int(pos[np.argmax(dot)])
    kmax = min(r, len(dot) - 1 - r)
    asym = max(abs(dot[r + k] - dot[r - k]) for k in range(1, kmax + 1))
    mono = 0  # strict decrease on both sides up to this distance
    while mono + 1 <= kmax and dot[r + mono + 1] < dot[r + mono] and dot[r - mono - 1] < dot[r - mono]:
        mono += 1
    at = {k: dot[r + k] for k in (1, 2, 5, 10, 25, 50, 99) if r + k < len(dot)}
    far = dot[np.abs(pos - ref) >= 20]
    return {
        "peak": peak, "peak_value": dot[r], "asym": asym, "mono": mono, "at": at,
        "far_min": far.min(), "far_max": far.max(), "min": dot.min(), "argmin": int(pos[np.argmin(dot)]),
    }


def probe_section(out, data):
    aa, ps = load_json(os.path.join(out, "probe_AA.json")), load_json(os.path.join(out, "probe_pos.json"))
    ridge = load_json(os.path.join(out, "probe_pos_ridge.json"))
    test = np.load(os.path.join(out, "split.npy")) == 1
    y_aa, y_pos = np.load(os.path.join(data, "labels_AA.npy")), np.load(os.path.join(data, "labels_pos.npy"))
    p_aa, p_pos = np.load(os.path.join(out, "pred_AA.npy")), np.load(os.path.join(out, "pred_pos.npy"))
    _, counts = np.unique(y_aa[test], return_counts=True)
    err = np.abs(p_pos[test] - y_pos[test])
    wrong = err[err > 0]
    # How separate are the token and position parts? Centred class means of each label kind.
    x = np.load(os.path.join(data, "embeddings.npy")).astype(np.float64)
    x = x - x.mean(0)
    mu = np.stack([x[y_aa == a].mean(0) for a in np.unique(y_aa)])
    nu = np.stack([x[y_pos == p].mean(0) for p in np.unique(y_pos)])
    mu /= np.linalg.norm(mu, axis=1, keepdims=True)
    nu /= np.linalg.norm(nu, axis=1, keepdims=True)
    cross = np.abs(mu @ nu.T).mean()
    return {
        "aa": aa, "pos": ps, "ridge": ridge, "aa_chance": counts.max() / counts.sum(),
        "pos_classes": len(np.unique(y_pos)), "pos_chance": 1.0 / len(np.unique(y_pos)),
        "pos_within": {k: float((err <= k).mean()) for k in (1, 2, 5)},
        "pos_wrong_median": float(np.median(wrong)) if wrong.size else 0.0,
        "cross_cos": float(cross), "dim": x.shape[1], "n": x.shape[0],
    }


def attention_section(path):
    a = np.load(path).astype(np.float64)
    if a.ndim == 2:
        a = a[None]
    L, T = a.shape[0], a.shape[1]
    rows = []
    for l in range(L):
        m = a[l]
        am = m.argmax(1)
        q = np.arange(T)
        local = float((np.abs(am - q) <= 2).mean())
        first = float((am == 0).mean())
        last = float((am == T - 1).mean())
        p = m / np.maximum(m.sum(1, keepdims=True), 1e-30)
        ent = float((-(p * np.log(np.maximum(p, 1e-30))).sum(1)).mean() / np.log(T))
        diag = float(np.mean([m[i, max(0, i - 1):i + 2].sum() / max(m[i].sum(), 1e-30) for i in range(T)]))
        kind = ("local" if local >= 0.5 else "first token" if first >= 0.5 else
                "last token" if last >= 0.5 else "broad" if ent >= 0.85 else "mixed")
        rows.append({"layer": l, "local": local, "first": first, "last": last, "entropy": ent,
                     "diag_mass": diag, "kind": kind, "max": float(m.max())})
    return {"L": L, "T": T, "rows": rows}


def main():
    out, data, att = sys.argv[1], sys.argv[2], sys.argv[3]
    pe = pe_section(out)
    pr = probe_section(out, data)
    at = attention_section(att)
    steps = []
    with open(os.path.join(out, "steps.log")) as f:
        for line in f:
            t, name = line.rstrip("\n").split(" ", 1)
            steps.append((name, float(t)))
    total = dict((n, t) for n, t in steps).get("total", sum(t for _, t in steps))
    with open(os.path.join(out, "data_source.txt")) as f:
        source = f.read().strip()
    synthetic = "synthetic" in source
    aa, ps, ridge = pr["aa"], pr["pos"], pr["ridge"]
    kinds = {}
    for r in at["rows"]:
        kinds.setdefault(r["kind"], []).append(r["layer"])

    md = []
    w = md.append
    w("# Worksheet 2, end to end with attnkit\n")
    if synthetic:
        w("> **The data are synthetic.** `attnkit gen esm-like` made them: embeddings = token embedding +"
          " learned-style positional embedding + noise, and the attention maps come from attnkit's own"
          " `mha_f32` with hand-set weights (local, `<cls>`/`<eos>`, same-residue, segment and broad"
          " heads). Real ESM-1b files with the same names drop in unchanged:"
          " `make demo DATA=data/worksheet2`.\n")
    else:
        w(f"> Data: {source}\n")
    w(f"Generated by `make demo` in {total:.1f} s; every number below is measured from the files in"
      " this directory.\n")

    w("## 2.1 Sinusoidal positional encodings\n")
    w("![PE heatmap](pe_heatmap.png)\n")
    w("`attnkit plot pe --dim 100 --positions 1:200`: x = position, y = encoding dimension, diverging"
      " colour map on [-1, 1]. Low dimensions oscillate fast along the position axis, high dimensions"
      " slowly (wavelengths from 2π to 10000·2π), so each position gets a distinct pattern.\n")
    w("![PE dot products](pe_dot.png)\n")
    at_txt = ", ".join(f"{k}: {v:.1f}" for k, v in pe["at"].items())
    w("**Do you see a pattern?** Yes:\n")
    w(f"- The dot product PE(100)·PE(p) peaks at p = {pe['peak']} with value {pe['peak_value']:.2f}"
      f" (= d/2: each of the 50 sin/cos pairs contributes sin² + cos² = 1).")
    w(f"- It is symmetric around the reference: |PE(100)·PE(100+k) − PE(100)·PE(100−k)| ≤ {pe['asym']:.1e}"
      f" for every k, because the sum over frequency pairs is Σ cos(ω_i k), a function of the offset k only.")
    w(f"- It falls off with distance (by offset {at_txt}), strictly for the first {pe['mono']} steps on"
      f" each side, then levels off into ripples between {pe['far_min']:.1f} and {pe['far_max']:.1f} for"
      f" |p − 100| ≥ 20 (minimum {pe['min']:.1f} at p = {pe['argmin']}).\n")
    w("**What it means for attention:** with the encodings alone the score q·k = PE(i)·PE(j) depends only"
      " on the offset i − j: the same for every pair at the same distance (translation invariant), largest"
      " for the token itself and its neighbours, so softmax attention on positions alone favours nearby"
      " tokens. It cannot tell left from right (symmetric) and does not go to zero far away (the ripple"
      " floor), so distant tokens keep a share of the attention; learned W_q, W_k can rotate the"
      " frequency pairs (PE(p+k) is a linear function of PE(p)) to prefer a given offset or direction.\n")

    w("## 2.2 Token type and position from the sum\n")
    w(f"{pr['n']} embeddings of dimension {pr['dim']}; logistic-regression probes"
      " (`attnkit probe train`, scikit-learn's objective, C = 1) on a shuffled 80/20 split (seed 0);"
      " int8 = the same probe quantised (int8 weights, per-class scales, int32 bias).\n")
    w("| probe | classes | test accuracy (float) | test accuracy (int8) | chance | train accuracy | fit time |")
    w("|---|---:|---:|---:|---:|---:|---:|")
    w(f"| amino acid (labels_AA) | {aa['n_classes']} | {pct(aa['test_accuracy'])} | {pct(aa.get('s8_test_accuracy'))} |"
      f" {pct(pr['aa_chance'])} (majority) | {pct(aa['train_accuracy'])} | {aa['seconds']:.2f} s |")
    w(f"| position (labels_pos) | {ps['n_classes']} | {pct(ps['test_accuracy'])} | {pct(ps.get('s8_test_accuracy'))} |"
      f" {pct(pr['pos_chance'])} (1/{pr['pos_classes']}) | {pct(ps['train_accuracy'])} | {ps['seconds']:.2f} s |\n")
    pw = pr["pos_within"]
    w(f"Position test predictions within ±1 of the truth: {pct(pw[1])}, within ±2: {pct(pw[2])},"
      f" within ±5: {pct(pw[5])}; the median miss is {pr['pos_wrong_median']:.0f} positions."
      f" Position as a number (ridge regression): test R² = {ridge['test_r2']:.3f},"
      f" MAE = {ridge['test_mae']:.1f} positions (int8: R² {ridge.get('s8_test_r2', float('nan')):.3f}).\n")
    lost = aa["test_accuracy"] < 2 * pr["aa_chance"] or ps["test_accuracy"] < 5 * pr["pos_chance"]
    w("**Does adding token and position embeddings lose information?** " + (
        "Not much, measurably: " if not lost else "Partly: ") +
      f"a linear probe reads the amino acid back at {pct(aa['test_accuracy'])} (chance {pct(pr['aa_chance'])})"
      f" and the exact position among {pr['pos_classes']} at {pct(ps['test_accuracy'])} (chance"
      f" {pct(pr['pos_chance'])}), with most misses landing on a neighbouring position. Both kinds of"
      " information survive the sum because in a 1280-dimensional space the token and position parts lie"
      f" in nearly orthogonal directions: the mean |cos| between centred amino-acid means and centred"
      f" position means is {pr['cross_cos']:.3f} (two random directions: 1/√{pr['dim']} ="
      f" {1 / np.sqrt(pr['dim']):.3f}). The gap between train accuracy ({pct(aa['train_accuracy'])} /"
      f" {pct(ps['train_accuracy'])}) and test accuracy points at the noise and the few training"
      f" examples per position (about {ps['n_train'] / max(1, ps['n_classes']):.0f}) rather than at the"
      " addition. Quantised to int8 the probes change test accuracy by"
      f" {100 * (aa.get('s8_test_accuracy', aa['test_accuracy']) - aa['test_accuracy']):+.1f} and"
      f" {100 * (ps.get('s8_test_accuracy', ps['test_accuracy']) - ps['test_accuracy']):+.1f} points.\n")
    w("The amino-acid probe as firmware input: [`probe_aa.h`](probe_aa.h) (`static const` arrays,"
      " `probe_aa::kF32` for `attnkit::probe_f32` and `probe_aa::kS8` for `attnkit::probe_s8`,"
      " compiles warning-free for the host and Cortex-M4).\n")

    w("## 2.3 Attention maps\n")
    w(f"![attention grid](attention_grid.png)\n")
    w(f"`{os.path.basename(att)}`: {at['L']} layers of {at['T']} × {at['T']} (each panel scaled to its own"
      " maximum; [shared colour scale](attention_grid_shared.png), [first layer](attention_first.png),"
      " [last layer](attention_last.png)).\n")
    w("| layer | kind | rows whose top key is within ±2 | top key = first token | top key = last token |"
      " mass on i−1..i+1 | row entropy / log T |")
    w("|---:|---|---:|---:|---:|---:|---:|")
    for r in at["rows"]:
        w(f"| {r['layer']} | {r['kind']} | {pct(r['local'])} | {pct(r['first'])} | {pct(r['last'])} |"
          f" {pct(r['diag_mass'])} | {r['entropy']:.2f} |")
    w("")
    w("**Interesting patterns and their interpretation** (measured per layer above):\n")
    if "local" in kinds:
        w(f"- **Diagonal bands** in layers {ranges(kinds['local'])}: most tokens attend most to themselves"
          " or a neighbour (offsets ±1, ±2 show as parallel lines). These heads mix each residue with its"
          " sequence neighbours, the positional-encoding effect of 2.1.")
    if "first token" in kinds or "last token" in kinds:
        ls = sorted(kinds.get("first token", []) + kinds.get("last token", []))
        w(f"- **Vertical lines at the first/last column** in layers {ranges(ls)}: every query's top key is"
          " the `<cls>`/`<eos>` token. Such heads have nothing specific to attend to and park their weight"
          " on a special token (an attention sink, a no-op).")
    if "mixed" in kinds or "broad" in kinds:
        ls = sorted(kinds.get("mixed", []) + kinds.get("broad", []))
        w(f"- **Structured or broad maps** in layers {ranges(ls)}: off-diagonal stripes and speckle (queries"
          " attending to residues of the same type), square blocks along the diagonal (segments attending"
          " within themselves, as secondary-structure elements would), and near-uniform rows (averaging"
          " context).")
    if synthetic:
        w("\nWith the synthetic file these patterns are there by construction (the generator sets local,"
          " sink, same-residue, segment and broad heads and takes the maximum over heads), so the table"
          " checks that the picture shows what was put in; on real ESM-1b maps the same statistics say"
          " which layers are positional, which are sinks and which carry contact-like structure.\n")

    w("## The exercises' numerical side\n")
    for name, title in (("encodings", "Position-encoding properties (`examples/encodings.cc`)"),
                        ("multihead", "Multi-head self-attention, N = 5, D = 6 (`examples/multihead.cc`)")):
        with open(os.path.join(out, f"example_{name}.txt")) as f:
            text = f.read().rstrip()
        w(f"### {title}\n")
        w("```\n" + text + "\n```\n")

    w("## Files and timings\n")
    w("| step | seconds |")
    w("|---|---:|")
    for n, t in steps:
        w(f"| {n} | {t:.2f} |")
    w("")
    w("Pictures: [pe_heatmap.png](pe_heatmap.png), [pe_dot.png](pe_dot.png),"
      " [attention_grid.png](attention_grid.png), [attention_grid_shared.png](attention_grid_shared.png),"
      " [attention_first.png](attention_first.png), [attention_last.png](attention_last.png)."
      " Probes: probe_AA.akp, probe_pos.akp, probe_pos_ridge.akp (JSON summaries next to them).\n")
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    main()
