#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures that Unroll's tests compare against.

Each fixture is an unroll-trace/1 input (params, h0, c0, inputs, targets, loss) plus an "expected" object
computed by PyTorch in float32: every hidden (and cell) state, every output, the loss, every parameter's
gradient, and the total gradient dL/dh_t at every step (the step-by-step cells with retain_grad give the
total derivative through every later step, the quantity BPTT accumulates).

The minGRU and selective cases run in float64 (PyTorch has no minGRU or Mamba module: the cells are written out
below from the papers, and float64 makes them references, not second float32 implementations). For `selective`
the expected "s" and "s_grad" are the H x N state, flattened row-major, and its total gradient.

    pip install torch==2.13.0+cpu
    python3 bench/make_fixtures.py Tests/UnrollCoreTests/Fixtures [NAME ...]
"""
import json, math, os, sys
import torch

torch.set_num_threads(1)


def fmt(x):
    x = float(x)
    if math.isnan(x): return "nan"
    if math.isinf(x): return "inf" if x > 0 else "-inf"
    return float(f"{x:.9g}")


def tolist(t):
    t = t.detach()
    if t.dim() == 0: return fmt(t)
    return [tolist(r) for r in t] if t.dim() > 1 else [fmt(v) for v in t]


def make_cell(kind, i, h):
    if kind in ("rnn_tanh", "rnn_relu"):
        return torch.nn.RNNCell(i, h, nonlinearity=kind[4:])
    if kind == "lstm": return torch.nn.LSTMCell(i, h)
    if kind == "gru": return torch.nn.GRUCell(i, h)
    raise ValueError(kind)


class SSMCell(torch.nn.Module):
    """h_t = lambda * h_{t-1} + relu(W_ih x_t + b_ih), lambda = exp(-exp(nu_log))."""
    def __init__(self, i, h):
        super().__init__()
        self.weight_ih = torch.nn.Parameter(torch.empty(h, i).uniform_(-0.5, 0.5))
        self.bias_ih = torch.nn.Parameter(torch.empty(h).uniform_(-0.5, 0.5))
        lam = torch.empty(h).uniform_(0.8, 0.99)
        self.nu_log = torch.nn.Parameter(torch.log(-torch.log(lam)))

    def forward(self, x, hprev):
        lam = torch.exp(-torch.exp(self.nu_log))
        return lam * hprev + torch.relu(x @ self.weight_ih.T + self.bias_ih)


class MinGRUCell(torch.nn.Module):
    """minGRU (Feng et al. 2024): z = sigmoid(W_z x + b_z), h~ = W_h x + b_h, h = (1 - z) * h_prev + z * h~.
    One Linear for both blocks, z's rows first, as Unroll stacks its gates."""
    def __init__(self, i, h):
        super().__init__()
        self.h = h
        linear = torch.nn.Linear(i, 2 * h)
        self.weight_ih = torch.nn.Parameter(linear.weight.detach().clone())
        self.bias_ih = torch.nn.Parameter(linear.bias.detach().clone())

    def forward(self, x, hprev):
        a = x @ self.weight_ih.T + self.bias_ih
        z, candidate = torch.sigmoid(a[:, :self.h]), a[:, self.h:]
        return (1 - z) * hprev + z * candidate


class SelectiveCell(torch.nn.Module):
    """Mamba's selective SSM (S6) with a real diagonal A, one step, as Unroll's `selective` runs it:
    u = W_ih x + b_ih; [dt_pre; B; C] = W_x u + [b_dt; 0; 0]; dt = softplus(dt_pre); A = -exp(A_log);
    s = exp(dt A) * s_prev + (dt u) B^T; h = s C + D u. The state s is H x N; h is what the readout reads."""
    N = 8

    def __init__(self, i, h):
        super().__init__()
        n = self.N
        self.h = h
        self.weight_ih = torch.nn.Parameter(torch.empty(h, i).uniform_(-0.8, 0.8))
        self.bias_ih = torch.nn.Parameter(torch.empty(h).uniform_(-0.3, 0.3))
        self.weight_x = torch.nn.Parameter(torch.empty(h + 2 * n, h).uniform_(-0.6, 0.6))
        dt = torch.exp(torch.empty(h).uniform_(math.log(0.05), math.log(1.0)))
        self.bias_dt = torch.nn.Parameter(dt + torch.log(-torch.expm1(-dt)))
        self.A_log = torch.nn.Parameter(torch.log(torch.arange(1, n + 1).repeat(h, 1).to(dt.dtype)) + torch.empty(h, n).uniform_(-0.3, 0.3))
        self.D = torch.nn.Parameter(torch.empty(h).uniform_(0.5, 1.5))

    def forward(self, x, sprev):
        h, n = self.h, self.N
        u = x @ self.weight_ih.T + self.bias_ih                      # 1 x H
        sel = u @ self.weight_x.T                                    # 1 x (H + 2N)
        dt = torch.nn.functional.softplus(sel[:, :h] + self.bias_dt)
        B, C = sel[:, h:h + n], sel[:, h + n:]
        A = -torch.exp(self.A_log)                                   # H x N
        s = torch.exp(dt[0][:, None] * A) * sprev + (dt[0] * u[0])[:, None] * B[0][None, :]
        return (s @ C[0] + self.D * u[0])[None, :], s


def run(kind, i, h, o, T, loss, bidirectional, seed, scale=1.0, readout_kind="linear"):
    torch.set_default_dtype(torch.float64 if kind in ("mingru", "selective") else torch.float32)
    torch.manual_seed(seed)
    D = 2 if bidirectional else 1
    custom = {"ssm": SSMCell, "mingru": MinGRUCell, "selective": SelectiveCell}
    cells = [custom[kind](i, h) if kind in custom else make_cell(kind, i, h) for _ in range(D)]
    if scale != 1.0:
        with torch.no_grad():
            for c in cells:
                if hasattr(c, "weight_hh"): c.weight_hh.mul_(scale)
    if readout_kind == "mlp":
        # Unroll's MLP readout: a hidden layer as wide as its input, relu, then the output layer.
        readout = torch.nn.Sequential(torch.nn.Linear(D * h, D * h), torch.nn.ReLU(), torch.nn.Linear(D * h, o))
    else:
        readout = torch.nn.Linear(D * h, o)
    x = torch.randn(T, i)
    target = torch.randn(T, o)
    h0 = torch.randn(D, h) * 0.5
    c0 = torch.randn(D, h) * 0.5
    s0 = torch.randn(D, h, SelectiveCell.N) * 0.5
    states = [[None] * T for _ in range(D)]
    cstates = [[None] * T for _ in range(D)]
    for d, cell in enumerate(cells):
        hp, cp = h0[d:d + 1], (s0[d] if kind == "selective" else c0[d:d + 1])
        order = range(T) if d == 0 else reversed(range(T))
        for t in order:
            xt = x[t:t + 1]
            if kind == "lstm":
                hp, cp = cell(xt, (hp, cp))
                cp.retain_grad(); cstates[d][t] = cp
            elif kind == "selective":
                hp, cp = cell(xt, cp)
                cp.retain_grad(); cstates[d][t] = cp
            else:
                hp = cell(xt, hp)
            hp.retain_grad(); states[d][t] = hp
    hs = torch.cat([torch.cat([states[d][t] for d in range(D)], dim=1) for t in range(T)], dim=0)  # T x DH
    y = readout(hs)
    if loss == "mse_last":
        L = 0.5 * ((y[-1] - target[-1]) ** 2).sum()
    else:
        L = 0.5 * ((y - target) ** 2).sum()
    L.backward()

    # Cross-check the step-by-step cells against PyTorch's whole-sequence modules.
    if kind not in custom:
        mod = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}.get(kind)
        if mod is None:
            seq = torch.nn.RNN(i, h, nonlinearity=kind[4:], bidirectional=bidirectional)
        else:
            seq = mod(i, h, bidirectional=bidirectional)
        with torch.no_grad():
            for d, cell in enumerate(cells):
                sfx = "_l0" + ("_reverse" if d == 1 else "")
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(seq, name + sfx).copy_(getattr(cell, name))
            out = seq(x, (h0, c0) if kind == "lstm" else h0)[0]
        assert torch.allclose(out, hs.detach(), atol=1e-5), f"{kind}: cells disagree with the module"

    params = {}
    grads = {}
    for d, cell in enumerate(cells):
        sfx = "_reverse" if d == 1 else ""
        names = {"ssm": ["weight_ih", "bias_ih", "nu_log"], "mingru": ["weight_ih", "bias_ih"],
                 "selective": ["weight_ih", "bias_ih", "weight_x", "bias_dt", "A_log", "D"]}.get(
            kind, ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        for name in names:
            p = getattr(cell, name)
            params[name + sfx] = tolist(p)
            grads[name + sfx] = tolist(p.grad)
    layers = {"weight_mid": readout[0], "weight_out": readout[2]} if readout_kind == "mlp" else {"weight_out": readout}
    for name, layer in layers.items():
        bias = "bias" + name[len("weight"):]
        params[name] = tolist(layer.weight); grads[name] = tolist(layer.weight.grad)
        params[bias] = tolist(layer.bias); grads[bias] = tolist(layer.bias.grad)

    doc = {
        "format": "unroll-trace/1", "cell": kind, "input_size": i, "hidden_size": h, "output_size": o,
        "params": params,
        "h0": tolist(h0[0]) if D == 1 else tolist(h0),
        "inputs": tolist(x), "targets": tolist(target), "loss": loss,
    }
    if bidirectional: doc["bidirectional"] = True
    if readout_kind != "linear": doc["readout"] = readout_kind
    if kind == "lstm": doc["c0"] = tolist(c0[0]) if D == 1 else tolist(c0)
    if kind == "selective": doc["s0"] = tolist(s0[0].reshape(-1)) if D == 1 else tolist(s0.reshape(D, -1))
    expected = {"loss_value": fmt(L), "y": tolist(y), "grad_params": grads}
    for d in range(D):
        sfx = "_reverse" if d == 1 else ""
        expected["h" + sfx] = [tolist(states[d][t][0]) for t in range(T)]
        expected["h_grad" + sfx] = [tolist(states[d][t].grad[0]) for t in range(T)]
        if kind == "lstm":
            expected["c" + sfx] = [tolist(cstates[d][t][0]) for t in range(T)]
            expected["c_grad" + sfx] = [tolist(cstates[d][t].grad[0]) for t in range(T)]
        if kind == "selective":
            expected["s" + sfx] = [tolist(cstates[d][t].reshape(-1)) for t in range(T)]
            expected["s_grad" + sfx] = [tolist(cstates[d][t].grad.reshape(-1)) for t in range(T)]
    doc["expected"] = expected
    return doc


CASES = [
    # name, cell, I, H, O, T, loss, bidirectional, seed, W_hh scale
    ("rnn_tanh_small", "rnn_tanh", 3, 5, 2, 7, "mse_all", False, 1, 1.0),
    ("rnn_relu_small", "rnn_relu", 3, 5, 2, 7, "mse_all", False, 2, 1.0),
    ("lstm_small", "lstm", 3, 5, 2, 7, "mse_all", False, 3, 1.0),
    ("gru_small", "gru", 3, 5, 2, 7, "mse_all", False, 4, 1.0),
    ("ssm_small", "ssm", 3, 5, 2, 7, "mse_all", False, 5, 1.0),
    ("lstm_bidirectional", "lstm", 2, 4, 1, 6, "mse_all", True, 6, 1.0),
    ("gru_bidirectional", "gru", 2, 4, 1, 6, "mse_last", True, 7, 1.0),
    ("rnn_tanh_wide", "rnn_tanh", 2, 37, 1, 9, "mse_last", False, 8, 1.0),
    ("lstm_wide", "lstm", 2, 33, 1, 9, "mse_last", False, 9, 1.0),
    ("rnn_tanh_long", "rnn_tanh", 2, 8, 1, 1000, "mse_all", False, 10, 1.0),
    ("lstm_long", "lstm", 2, 8, 1, 1000, "mse_all", False, 11, 1.0),
    ("gru_long", "gru", 2, 8, 1, 1000, "mse_all", False, 12, 1.0),
    ("ssm_long", "ssm", 2, 8, 1, 1000, "mse_all", False, 13, 1.0),
    ("mingru_small", "mingru", 3, 5, 2, 7, "mse_all", False, 14, 1.0),
    ("mingru_bidirectional", "mingru", 2, 4, 1, 6, "mse_last", True, 15, 1.0),
    ("mingru_long", "mingru", 2, 8, 1, 1000, "mse_all", False, 16, 1.0),
    ("selective_small", "selective", 3, 5, 2, 7, "mse_all", False, 17, 1.0),
    ("selective_bidirectional", "selective", 2, 4, 1, 6, "mse_last", True, 18, 1.0),
    ("selective_long", "selective", 2, 8, 1, 1000, "mse_all", False, 19, 1.0),
    ("lstm_mlp", "lstm", 3, 5, 2, 7, "mse_all", False, 20, 1.0, "mlp"),
    ("gru_mlp_bidirectional", "gru", 2, 4, 1, 6, "mse_all", True, 21, 1.0, "mlp"),
    ("selective_mlp", "selective", 3, 5, 2, 7, "mse_all", False, 22, 1.0, "mlp"),
    ("rnn_tanh_mlp_long", "rnn_tanh", 2, 8, 3, 1000, "mse_all", False, 23, 1.0, "mlp"),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/UnrollCoreTests/Fixtures"
    only = set(sys.argv[2:])
    os.makedirs(out, exist_ok=True)
    for name, *args in CASES:
        if only and name not in only: continue
        doc = run(*args)
        with open(os.path.join(out, f"torch_{name}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"))
        print("wrote", name)
