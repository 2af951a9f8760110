#!/usr/bin/env python3
"""Writes the float64 references for Unroll's analysis numbers, computed independently with PyTorch.

For each configuration, `unroll trace` gives the weights and the sequence (only its inputs are read).
PyTorch then recomputes the forward pass in float64 and, from the exact Jacobian of every step (autograd),
the triangle of spectral norms ||dh_t/dh_k||_2 for 0 <= k <= t < T, forward direction, with the LSTM's c_k
held fixed (the state pair's Jacobian, projected on h at both ends). The norms are the largest singular
values of the explicit products, from LAPACK (torch.linalg.matrix_norm(ord=2)). It also gives the singular
values and eigenvalue moduli of every recurrent block.

A second kind of fixture checks the gradient through time where the state overflows float32: PyTorch
float32 gives nan there, and so must Unroll.

    pip install torch==2.13.0+cpu
    swift build -c release --product unroll
    python3 bench/make_analysis_fixtures.py Tests/UnrollCoreTests/Fixtures
"""
import json, math, os, subprocess, sys, tempfile
import torch

torch.set_num_threads(1)
UNROLL = os.environ.get("UNROLL", ".build/release/unroll")

# name, the `unroll trace` model options
JACOBIAN_CASES = [
    # The configuration the warm-started power iteration missed by up to half: identity W_hh at radius 1.5.
    ("identity_radius", "--cell rnn_tanh --hidden 33 --length 200 --task copy --seed 236033 --init identity --radius 1.5"),
    # Top singular values close together: orthogonal W_hh, and a radius just under 1.
    ("orthogonal", "--cell rnn_tanh --hidden 16 --length 60 --task random --seed 3 --init orthogonal"),
    ("radius_near_one", "--cell rnn_tanh --hidden 12 --length 80 --task adding --seed 4 --radius 0.99"),
    ("relu_identity", "--cell rnn_relu --hidden 10 --length 50 --task random --seed 5 --init identity"),
    ("lstm", "--cell lstm --hidden 8 --length 40 --task adding --seed 6 --forget-bias 2"),
    ("gru", "--cell gru --hidden 8 --length 40 --task sine --seed 7 --init orthogonal"),
    # Diagonal lambda: every Jacobian is diag(lambda)^(t-k), so sigma_1 and sigma_2 can be equal.
    ("ssm", "--cell ssm --hidden 8 --length 60 --task random --seed 8 --radius 0.98"),
    # A nan input at step 10 (edited in below): every Jacobian through the steps it reaches is nan.
    ("nan_input", "--cell gru --hidden 6 --length 30 --task random --seed 9"),
]

# name, the `unroll trace` model options: the spectra of every recurrent block only
SPECTRUM_CASES = [
    ("lstm_64", "--cell lstm --hidden 64 --length 2 --seed 10"),
    ("rnn_tanh_orthogonal_48", "--cell rnn_tanh --hidden 48 --length 2 --seed 11 --init orthogonal --radius 0.9"),
    ("gru_33", "--cell gru --hidden 33 --length 2 --seed 12"),
]

# Edits to a case's trace input before the reference is computed.
EDITS = {"nan_input": lambda doc: doc["inputs"][10].__setitem__(0, "nan")}

# name, the `unroll trace` model options: states that overflow float32
OVERFLOW_CASES = [
    ("rnn_relu_overflow", "--cell rnn_relu --hidden 8 --length 200 --task random --seed 5 --radius 3.0"),
]


def fmt(x):
    x = float(x)
    if math.isnan(x): return "nan"
    if math.isinf(x): return "inf" if x > 0 else "-inf"
    return float(f"{x:.12g}")


def num(v):
    if isinstance(v, str): return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[v]
    return float(v)


def tensor(v, dtype):
    if isinstance(v, list): return torch.tensor([[num(a) for a in r] if isinstance(r, list) else num(r) for r in v], dtype=dtype)
    return torch.tensor(num(v), dtype=dtype)


def unroll_trace(options):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "trace.json")
        subprocess.run([UNROLL, "trace", *options.split(), "-o", path], check=True)
        with open(path) as f:
            return json.load(f)


def trace_input(doc):
    """The fields of a trace that decide the computation, as `unroll trace --load` reads them."""
    keys = ["format", "cell", "input_size", "hidden_size", "output_size", "params", "h0", "c0", "inputs", "targets", "loss"]
    return {k: doc[k] for k in keys if k in doc}


class Model:
    def __init__(self, doc, dtype):
        self.cell, self.H, self.dtype = doc["cell"], doc["hidden_size"], dtype
        self.p = {k: tensor(v, dtype) for k, v in doc["params"].items()}
        self.x = tensor(doc["inputs"], dtype)
        self.target = tensor(doc["targets"], dtype)
        self.loss = doc.get("loss", "mse_last")
        h0 = doc.get("h0")
        c0 = doc.get("c0")
        self.h0 = tensor(h0, dtype) if h0 is not None else torch.zeros(self.H, dtype=dtype)
        self.c0 = tensor(c0, dtype) if c0 is not None else torch.zeros(self.H, dtype=dtype)

    def step(self, x, h, c):
        p, H = self.p, self.H
        if self.cell == "ssm":
            lam = torch.exp(-torch.exp(p["nu_log"]))
            return lam * h + torch.relu(p["weight_ih"] @ x + p["bias_ih"]), c
        gi = p["weight_ih"] @ x + p["bias_ih"]
        gh = p["weight_hh"] @ h + p["bias_hh"]
        if self.cell == "rnn_tanh": return torch.tanh(gi + gh), c
        if self.cell == "rnn_relu": return torch.relu(gi + gh), c
        if self.cell == "lstm":
            a = gi + gh
            i, f, g, o = torch.sigmoid(a[:H]), torch.sigmoid(a[H:2 * H]), torch.tanh(a[2 * H:3 * H]), torch.sigmoid(a[3 * H:])
            c2 = f * c + i * g
            return o * torch.tanh(c2), c2
        if self.cell == "gru":
            r = torch.sigmoid(gi[:H] + gh[:H])
            z = torch.sigmoid(gi[H:2 * H] + gh[H:2 * H])
            n = torch.tanh(gi[2 * H:] + r * gh[2 * H:])
            return (1 - z) * n + z * h, c
        raise ValueError(self.cell)

    def states(self):
        hs, cs, h, c = [], [], self.h0, self.c0
        for t in range(self.x.shape[0]):
            h, c = self.step(self.x[t], h, c)
            hs.append(h); cs.append(c)
        return hs, cs


def jacobian_norms(doc):
    m = Model(doc, torch.float64)
    H = m.H
    hs, cs = m.states()
    T = len(hs)
    pair = m.cell == "lstm"
    # The Jacobian of step t's state with respect to the state before it.
    steps = [None]
    for t in range(1, T):
        if pair:
            f = lambda s: torch.cat(m.step(m.x[t], s[:H], s[H:]))
            steps.append(torch.autograd.functional.jacobian(f, torch.cat([hs[t - 1], cs[t - 1]])))
        else:
            steps.append(torch.autograd.functional.jacobian(lambda s: m.step(m.x[t], s, m.c0)[0], hs[t - 1]))
    width = 2 * H if pair else H
    norms = [[0.0] * (t + 1) for t in range(T)]
    for k in range(T):
        norms[k][k] = 1.0
        product = torch.eye(width, dtype=torch.float64)[:, :H]  # perturb h_k only; c_k is held
        for t in range(k + 1, T):
            product = steps[t] @ product
            block = product[:H]
            norms[t][k] = fmt(torch.linalg.matrix_norm(block, ord=2)) if torch.isfinite(block).all() else "nan"
    return norms


def spectra(doc):
    """Singular values and eigenvalue moduli of every recurrent block, largest first (float64 LAPACK)."""
    H, cell = doc["hidden_size"], doc["cell"]
    if cell == "ssm":
        blocks = [torch.diag(torch.exp(-torch.exp(tensor(doc["params"]["nu_log"], torch.float64))))]
    else:
        whh = tensor(doc["params"]["weight_hh"], torch.float64)
        blocks = [whh[g * H:(g + 1) * H] for g in range(whh.shape[0] // H)]
    out = []
    for b in blocks:
        sv = torch.linalg.svdvals(b)
        moduli = torch.sort(torch.linalg.eigvals(b).abs(), descending=True).values
        out.append({"singular_values": [fmt(v) for v in sv], "eigenvalue_moduli": [fmt(v) for v in moduli]})
    return out


def hidden_gradient_norms(doc):
    """||dL/dh_t|| for every t in float32, the total derivative through every later step."""
    m = Model(doc, torch.float32)
    for v in m.p.values(): v.requires_grad_(True)
    hs, h, c = [], m.h0, m.c0
    for t in range(m.x.shape[0]):
        h, c = m.step(m.x[t], h, c)
        h.retain_grad(); hs.append(h)
    y = torch.stack(hs) @ m.p["weight_out"].T + m.p["bias_out"]
    if m.loss == "mse_last":
        L = 0.5 * ((y[-1] - m.target[-1]) ** 2).sum()
    else:
        L = 0.5 * ((y - m.target) ** 2).sum()
    L.backward()
    return [fmt(torch.linalg.vector_norm(h.grad)) for h in hs], fmt(L)


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/UnrollCoreTests/Fixtures"
    os.makedirs(out, exist_ok=True)
    for name, options in JACOBIAN_CASES:
        doc = trace_input(unroll_trace(options))
        EDITS.get(name, lambda doc: None)(doc)
        doc["expected"] = {"options": options, "jacobian_norms": jacobian_norms(doc), "spectra": spectra(doc)}
        with open(os.path.join(out, f"analysis_jacobians_{name}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print("wrote jacobians", name)
    for name, options in SPECTRUM_CASES:
        doc = trace_input(unroll_trace(options))
        doc["expected"] = {"options": options, "spectra": spectra(doc)}
        with open(os.path.join(out, f"analysis_spectra_{name}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print("wrote spectra", name)
    for name, options in OVERFLOW_CASES:
        doc = trace_input(unroll_trace(options))
        norms, loss = hidden_gradient_norms(doc)
        doc["expected"] = {"options": options, "h_grad_norm": norms, "loss_value": loss}
        with open(os.path.join(out, f"analysis_{name}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print("wrote overflow", name)
