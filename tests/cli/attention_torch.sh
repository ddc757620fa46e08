#!/usr/bin/env bash
# `attnkit attention` against torch.nn.MultiheadAttention (float64) on every port: self, cross
# (kdim = vdim != embed_dim), causal (--causal and the same mask as a float or bool --mask),
# no biases; outputs and per-head weights within 1e-5.
set -euo pipefail
BUILD=${BUILD:-build/host}
BIN=$(cd "$BUILD/bin" && pwd)/attnkit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$BIN" "$tmp" <<'PY'
import subprocess, sys
import numpy as np
import torch

binary, tmp = sys.argv[1], sys.argv[2]
ports = subprocess.run([binary, "--version"], check=True, capture_output=True,
                       text=True).stdout.split("ports:")[1].strip(" )\n").split()
torch.manual_seed(0)
rng = np.random.default_rng(0)

def f32(a):  # values both sides use: rounded to float32 once
    return np.ascontiguousarray(np.asarray(a, dtype=np.float64).astype(np.float32))

def save(name, a):
    path = f"{tmp}/{name}.npy"
    np.save(path, f32(a))
    return path

def run_case(label, nq, e, heads, nk=None, kdim=None, bias=True, mask=None, causal=False):
    cross = nk is not None
    nk = nk if cross else nq
    kdim = kdim or e
    m = torch.nn.MultiheadAttention(e, heads, bias=bias, batch_first=True, dtype=torch.float64,
                                    kdim=kdim if cross else None, vdim=kdim if cross else None)
    with torch.no_grad():
        for p in m.parameters():  # float32-exact parameters; nonzero biases
            if p.dim() == 1:
                p.normal_(0, 0.5)
            p.copy_(torch.from_numpy(f32(p.numpy())))
    x = f32(rng.standard_normal((nq, e)))
    kv = f32(rng.standard_normal((nk, kdim))) if cross else x
    if m._qkv_same_embed_dim:
        wq, wk, wv = np.split(m.in_proj_weight.detach().numpy(), 3)
    else:
        wq, wk, wv = (m.q_proj_weight.detach().numpy(), m.k_proj_weight.detach().numpy(),
                      m.v_proj_weight.detach().numpy())
    args = [binary, "attention", "--x", save("x", x), "--heads", str(heads),
            "--wq", save("wq", wq), "--wk", save("wk", wk), "--wv", save("wv", wv),
            "--wo", save("wo", m.out_proj.weight.detach().numpy()),
            "-o", f"{tmp}/y.npy", "--weights", f"{tmp}/a.npy"]
    if cross:
        args += ["--kv", save("kv", kv)]
    if bias:
        bq, bk, bv = np.split(m.in_proj_bias.detach().numpy(), 3)
        args += ["--bq", save("bq", bq), "--bk", save("bk", bk), "--bv", save("bv", bv),
                 "--bo", save("bo", m.out_proj.bias.detach().numpy())]
    attn_mask = None
    if causal:
        attn_mask = torch.nn.Transformer.generate_square_subsequent_mask(nq).double()
    if mask == "causal":
        args.append("--causal")
    elif mask == "float":
        np.save(f"{tmp}/m.npy", attn_mask.numpy().astype(np.float32))
        args += ["--mask", f"{tmp}/m.npy"]
    elif mask == "bool":
        np.save(f"{tmp}/m.npy", np.isinf(attn_mask.numpy()))
        args += ["--mask", f"{tmp}/m.npy"]
    tx = torch.from_numpy(x.astype(np.float64))[None]
    tkv = torch.from_numpy(kv.astype(np.float64))[None]
    with torch.no_grad():
        y_ref, a_ref = m(tx, tkv, tkv, need_weights=True, average_attn_weights=False,
                         attn_mask=attn_mask)
    y_ref, a_ref = y_ref[0].numpy(), a_ref[0].numpy()
    worst = 0.0
    for port in ports:
        subprocess.run(args + ["--port", port], check=True)
        y, a = np.load(f"{tmp}/y.npy"), np.load(f"{tmp}/a.npy")
        assert y.dtype == np.float32 and y.shape == (nq, e), (y.dtype, y.shape)
        assert a.dtype == np.float32 and a.shape == (heads, nq, nk), (a.dtype, a.shape)
        ey = float(np.max(np.abs(y - y_ref)))
        ea = float(np.max(np.abs(a - a_ref)))
        print(f"{label:28s} port {port:8s} max abs error: output {ey:.2e}, weights {ea:.2e}")
        assert ey <= 1e-5 and ea <= 1e-5, (label, port, ey, ea)
        if causal:  # hidden keys get exactly zero weight
            assert np.all(a[:, np.triu_indices(nq, 1)[0], np.triu_indices(nq, 1)[1]] == 0)
        worst = max(worst, ey, ea)
    return worst

results = {
    "self": run_case("self N=13 E=24 H=4", 13, 24, 4),
    "self-big": run_case("self N=100 E=64 H=4", 100, 64, 4),
    "self-nobias": run_case("self no bias N=7 E=12 H=3", 7, 12, 3, bias=False),
    "cross": run_case("cross 9x17 E=24 kdim=10 H=3", 9, 24, 3, nk=17, kdim=10),
    "cross-big": run_case("cross 40x150 E=32 kdim=20 H=2", 40, 32, 2, nk=150, kdim=20),
    "causal": run_case("causal N=16 E=32 H=8", 16, 32, 8, causal=True, mask="causal"),
    "causal-big": run_case("causal N=90 E=16 H=2", 90, 16, 2, causal=True, mask="causal"),
    "mask-float": run_case("causal as float mask", 16, 32, 8, causal=True, mask="float"),
    "mask-bool": run_case("causal as bool mask", 16, 32, 8, causal=True, mask="bool"),
}
print("attention vs torch, worst max abs error: " +
      ", ".join(f"{k} {v:.2e}" for k, v in results.items()))
PY
