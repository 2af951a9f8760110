#!/usr/bin/env python3
"""Times Unroll and PyTorch on the same configurations in one run, one thread each, and prints the ratios.

    pip install torch==2.13.0+cpu
    python3 bench/compare_pytorch.py                 # the full table (a few minutes)
    python3 bench/compare_pytorch.py --quick         # T=1000 only, shorter timing
    python3 bench/compare_pytorch.py --training      # one training update (H=64, batch 64, T=50, Adam, clipping)
    python3 bench/compare_pytorch.py --explorer      # a key's whole frame against the same work in PyTorch and numpy
    python3 bench/compare_pytorch.py --attention     # the causal attention layer against nn.TransformerEncoderLayer

Unroll's side is `unroll bench --json` built in release mode; PyTorch's side runs nn.RNN / nn.LSTM / nn.GRU
(oneDNN where PyTorch uses it), a readout and the same loss, with torch.set_num_threads(1). The diagonal
linear recurrence (ssm) and minGRU have no PyTorch module, so they run as the natural per-step loop (minGRU's
projections for all steps at once first), and beside it as the log-space parallel form the minGRU paper trains
with (cumsum and logcumsumexp over the sequence, checked against the loop). "stepwise" is what a
step-through viewer does: one cell call per timestep with the state read back (nn.*Cell in a Python loop).
Ratios above 1 mean Unroll is faster.

--explorer sets Unroll's whole key-to-frame (`unroll bench --explorer --json`: recompute and render, the spectrum
on the second core) against what PyTorch and numpy take for the same work alone: forward and BPTT of the same
net with its readout and loss, and numpy.linalg.svd and eigvals of the candidate recurrent block in float64.
PyTorch's side is timed with one thread and with every core, and the faster counts.

--attention sets `unroll bench --attention --json` (the layer alone: the whole sequence forward, forward and
backward, one cached token at t = 10, 100, 1000) and `unroll bench --training --cells attention` against
PyTorch's nn.TransformerEncoderLayer(norm_first=True, dropout=0, batch_first=True) under a causal mask
(scaled_dot_product_attention inside), after the same input projection and learned positions, one thread.
PyTorch's token is its natural decoding loop: the token's projections, its key and value written into
preallocated cache tensors, scaled_dot_product_attention over the cache, the output projection and the
feed-forward block, with the layer's own modules.
"""
import argparse, math, json, os, subprocess, sys, time

import numpy

import torch

torch.set_num_threads(1)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def best_time(fn, seconds):
    fn()
    best, spent, runs = float("inf"), 0.0, 0
    while spent < seconds or runs < 3:
        t0 = time.perf_counter(); fn(); dt = time.perf_counter() - t0
        best = min(best, dt); spent += dt; runs += 1
    return best


class SSM(torch.nn.Module):
    def __init__(self, i, h):
        super().__init__()
        self.weight_ih = torch.nn.Parameter(torch.randn(h, i) * 0.1)
        self.bias_ih = torch.nn.Parameter(torch.zeros(h))
        self.nu_log = torch.nn.Parameter(torch.log(-torch.log(torch.rand(h) * 0.09 + 0.9)))

    def forward(self, x):
        lam = torch.exp(-torch.exp(self.nu_log))
        u = torch.relu(x @ self.weight_ih.T + self.bias_ih)
        h = torch.zeros(u.shape[1], u.shape[2])
        out = []
        for t in range(u.shape[0]):
            h = lam * h + u[t]
            out.append(h)
        return torch.stack(out)

    def parallel(self, x):
        u = torch.relu(x @ self.weight_ih.T + self.bias_ih)
        return parallel_linear_recurrence((-torch.exp(self.nu_log)).expand_as(u), u)


def parallel_linear_recurrence(log_a, b):
    """h_t = a_t * h_{t-1} + b_t from h_{-1} = 0 for every t at once, in log space (Heinsen 2023, the minGRU
    paper's parallel mode): with a*_t = cumsum(log a), h_t = exp(a*_t) * cumsum(b_k exp(-a*_k)), each sum taken
    by logcumsumexp so nothing overflows; b's two signs are summed apart (log needs b > 0)."""
    a_star = torch.cumsum(log_a, dim=0)
    def part(v):
        return torch.exp(a_star + torch.logcumsumexp(torch.log(v.clamp_min(1e-30)) - a_star, dim=0))
    return part(torch.relu(b)) - part(torch.relu(-b))


class MinGRU(torch.nn.Module):
    """minGRU's natural PyTorch form: both projections for every step at once, then the loop over h."""
    def __init__(self, i, h):
        super().__init__()
        self.h = h
        self.linear = torch.nn.Linear(i, 2 * h)

    def forward(self, x):
        a = self.linear(x)
        z, candidate = torch.sigmoid(a[..., :self.h]), a[..., self.h:]
        h = torch.zeros(a.shape[1], self.h)
        out = []
        for t in range(a.shape[0]):
            h = (1 - z[t]) * h + z[t] * candidate[t]
            out.append(h)
        return torch.stack(out)

    def decay_at_rest(self):
        return 1 - torch.sigmoid(self.linear.bias[:self.h])

    def parallel(self, x):
        a = self.linear(x)
        z, candidate = torch.sigmoid(a[..., :self.h]), a[..., self.h:]
        return parallel_linear_recurrence(torch.log1p(-z), z * candidate)


class Selective(torch.nn.Module):
    """The selective SSM (S6, real diagonal A, N = 8) in its natural PyTorch form, as Mamba's reference
    `selective_scan_ref` runs it: u, delta, B and C for every step at once, then the loop over the state."""
    N = 8

    def __init__(self, i, h):
        super().__init__()
        n = self.N
        self.h = h
        self.in_proj = torch.nn.Linear(i, h)
        self.x_proj = torch.nn.Linear(h, h + 2 * n, bias=False)
        dt = torch.exp(torch.rand(h) * (math.log(0.1) - math.log(0.001)) + math.log(0.001))
        self.dt_bias = torch.nn.Parameter(dt + torch.log(-torch.expm1(-dt)))
        self.A_log = torch.nn.Parameter(torch.log(torch.arange(1, n + 1, dtype=torch.float32)).repeat(h, 1))
        self.D = torch.nn.Parameter(torch.ones(h))

    def projections(self, x):
        u = self.in_proj(x)
        sel = self.x_proj(u)
        dt = torch.nn.functional.softplus(sel[..., :self.h] + self.dt_bias)
        return u, dt, sel[..., self.h:self.h + self.N], sel[..., self.h + self.N:]

    def forward(self, x):
        u, dt, B, C = self.projections(x)                         # T x batch x ...
        A = -torch.exp(self.A_log)
        decay = torch.exp(dt.unsqueeze(-1) * A)                   # T x batch x H x N
        drive = (dt * u).unsqueeze(-1) * B.unsqueeze(-2)
        s = torch.zeros(x.shape[1], self.h, self.N)
        out = []
        for t in range(x.shape[0]):
            s = decay[t] * s + drive[t]
            out.append((s * C[t].unsqueeze(-2)).sum(-1) + self.D * u[t])
        return torch.stack(out)

    def step(self, x_t, s):
        u, dt, B, C = self.projections(x_t)
        s = torch.exp(dt.unsqueeze(-1) * -torch.exp(self.A_log)) * s + (dt * u).unsqueeze(-1) * B.unsqueeze(-2)
        return (s * C.unsqueeze(-2)).sum(-1) + self.D * u, s

    def decay_at_rest(self):
        u = self.in_proj.bias
        dt = torch.nn.functional.softplus(self.x_proj.weight[:self.h] @ u + self.dt_bias)
        return torch.exp(dt.unsqueeze(-1) * -torch.exp(self.A_log)).reshape(-1)


CUSTOM = {"ssm": SSM, "mingru": MinGRU, "selective": Selective}


def torch_time(cell, hidden, length, pass_, seconds, inputs=2):
    x = torch.randn(length, 1, inputs)
    target = torch.randn(length, 1, 1)
    readout = torch.nn.Linear(hidden, 1)
    if cell in CUSTOM:
        net = CUSTOM[cell](inputs, hidden)
        run = lambda: net(x)
    else:
        if cell in ("rnn_tanh", "rnn_relu"):
            net = torch.nn.RNN(inputs, hidden, nonlinearity=cell[4:])
            step_cell = torch.nn.RNNCell(inputs, hidden, nonlinearity=cell[4:])
        elif cell == "lstm":
            net, step_cell = torch.nn.LSTM(inputs, hidden), torch.nn.LSTMCell(inputs, hidden)
        else:
            net, step_cell = torch.nn.GRU(inputs, hidden), torch.nn.GRUCell(inputs, hidden)
        run = lambda: net(x)[0]
    if pass_ == "forward":
        def fn():
            with torch.no_grad():
                out = run()
                (0.5 * ((readout(out) - target) ** 2).sum()).item()
    elif pass_ == "backward":
        def fn():
            out = run()
            loss = 0.5 * ((readout(out) - target) ** 2).sum()
            loss.backward()
    else:  # stepwise
        if cell == "ssm":
            lam = torch.exp(-torch.exp(net.nu_log)).detach()
            def fn():
                with torch.no_grad():
                    h = torch.zeros(1, hidden)
                    for t in range(length):
                        h = lam * h + torch.relu(x[t] @ net.weight_ih.T + net.bias_ih)
                        h[0, 0].item()
        elif cell == "selective":
            def fn():
                with torch.no_grad():
                    s = torch.zeros(1, hidden, Selective.N)
                    for t in range(length):
                        h, s = net.step(x[t], s)
                        h[0, 0].item()
        elif cell == "mingru":
            def fn():
                with torch.no_grad():
                    h = torch.zeros(1, hidden)
                    for t in range(length):
                        a = net.linear(x[t])
                        z = torch.sigmoid(a[:, :hidden])
                        h = (1 - z) * h + z * a[:, hidden:]
                        h[0, 0].item()
        else:
            def fn():
                with torch.no_grad():
                    h = torch.zeros(1, hidden); c = torch.zeros(1, hidden)
                    for t in range(length):
                        if cell == "lstm":
                            h, c = step_cell(x[t], (h, c))
                        else:
                            h = step_cell(x[t], h)
                        h[0, 0].item()
    return best_time(fn, seconds) * 1e6 / length


def torch_parallel_time(cell, hidden, length, pass_, seconds, inputs=2):
    """µs per step of the log-space parallel form of ssm or minGRU (None for the other cells and for the
    stepwise pass), after checking it gives the loop's states."""
    if cell not in ("ssm", "mingru") or pass_ == "stepwise":
        return None
    x = torch.randn(length, 1, inputs)
    target = torch.randn(length, 1, 1)
    readout = torch.nn.Linear(hidden, 1)
    net = CUSTOM[cell](inputs, hidden)
    with torch.no_grad():
        loop, parallel = net(x), net.parallel(x)
        assert torch.allclose(loop, parallel, rtol=1e-3, atol=1e-4), f"{cell}: the parallel form disagrees with the loop"
    if pass_ == "forward":
        def fn():
            with torch.no_grad():
                (0.5 * ((readout(net.parallel(x)) - target) ** 2).sum()).item()
    else:
        def fn():
            (0.5 * ((readout(net.parallel(x)) - target) ** 2).sum()).backward()
    return best_time(fn, seconds) * 1e6 / length


def torch_train_step_ms(cell, seconds, hidden=64, batch=64, length=50):
    """One Adam update with norm clipping at 1 on the adding problem, as unroll bench --training times it."""
    x = torch.rand(length, batch, 2); x[:, :, 1] = 0
    x[0, :, 1] = 1; x[length - 1, :, 1] = 1
    target = (x[0, :, 0] + x[length - 1, :, 0]).unsqueeze(1)
    if cell in CUSTOM:
        net = CUSTOM[cell](2, hidden)
        run = lambda: net(x)
    else:
        net = {"rnn_tanh": lambda: torch.nn.RNN(2, hidden), "lstm": lambda: torch.nn.LSTM(2, hidden),
               "gru": lambda: torch.nn.GRU(2, hidden)}[cell]()
        run = lambda: net(x)[0]
    readout = torch.nn.Linear(hidden, 1)
    params = list(net.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    def fn():
        opt.zero_grad()
        loss = ((readout(run()[-1]) - target) ** 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    return best_time(fn, seconds) * 1000


def torch_key_work_ms(cell, hidden, length, bidirectional, seconds, inputs=2):
    """Forward + BPTT of the net with its readout and loss, then the spectrum of its candidate block."""
    x = torch.randn(length, 1, inputs)
    target = torch.randn(length, 1, 1)
    directions = 2 if bidirectional else 1
    if cell in CUSTOM:
        nets = [CUSTOM[cell](inputs, hidden) for _ in range(directions)]
        run = lambda: torch.cat([nets[0](x)] + ([nets[1](x.flip(0)).flip(0)] if bidirectional else []), dim=2)
        diagonal = torch.exp(-torch.exp(nets[0].nu_log)) if cell == "ssm" else nets[0].decay_at_rest()
        block = torch.diag(diagonal).detach().double().numpy()
    else:
        make = {"rnn_tanh": lambda: torch.nn.RNN(inputs, hidden, bidirectional=bidirectional),
                "rnn_relu": lambda: torch.nn.RNN(inputs, hidden, nonlinearity="relu", bidirectional=bidirectional),
                "lstm": lambda: torch.nn.LSTM(inputs, hidden, bidirectional=bidirectional),
                "gru": lambda: torch.nn.GRU(inputs, hidden, bidirectional=bidirectional)}[cell]
        net = make()
        run = lambda: net(x)[0]
        gate = {"lstm": 2, "gru": 2}.get(cell, 0)
        block = net.weight_hh_l0.detach()[gate * hidden:(gate + 1) * hidden].double().numpy()
    readout = torch.nn.Linear(directions * hidden, 1)
    def fn():
        loss = 0.5 * ((readout(run()) - target) ** 2).sum()
        loss.backward()
        numpy.linalg.svd(block, compute_uv=False)
        numpy.linalg.eigvals(block)
    best = float("inf")
    for threads in sorted({1, os.cpu_count() or 1}):
        torch.set_num_threads(threads)
        best = min(best, best_time(fn, seconds))
    torch.set_num_threads(1)
    return best * 1000


class CausalLayer(torch.nn.Module):
    """An input projection, learned positions and one pre-norm causal transformer layer: Unroll's `attention`."""
    def __init__(self, inputs, width, heads, ff, max_length):
        super().__init__()
        self.input_proj = torch.nn.Linear(inputs, width)
        self.pos_embedding = torch.nn.Parameter(0.02 * torch.randn(max_length, width))
        self.layer = torch.nn.TransformerEncoderLayer(width, heads, dim_feedforward=ff, dropout=0.0,
                                                      batch_first=True, norm_first=True)
        self.heads = heads

    def forward(self, x):
        t = x.shape[1]
        mask = torch.nn.Transformer.generate_square_subsequent_mask(t)
        return self.layer(self.input_proj(x) + self.pos_embedding[:t], src_mask=mask, is_causal=True)

    def decode(self, x_t, t, keys, values):
        """Token t (1 × inputs) against the cache of tokens 0 … t − 1, whose key and value it appends."""
        layer, h = self.layer, self.heads
        width = keys.shape[-1] * h
        z = self.input_proj(x_t) + self.pos_embedding[t]
        q, k, v = torch.nn.functional.linear(layer.norm1(z), layer.self_attn.in_proj_weight,
                                             layer.self_attn.in_proj_bias).chunk(3, dim=-1)
        keys[:, t] = k.view(h, -1)
        values[:, t] = v.view(h, -1)
        context = torch.nn.functional.scaled_dot_product_attention(q.view(h, 1, -1), keys[:, :t + 1], values[:, :t + 1])
        z = z + layer.self_attn.out_proj(context.reshape(1, width))
        return z + layer.linear2(torch.relu(layer.linear1(layer.norm2(z))))


def torch_attention_times(width, heads, length, seconds):
    """The layer at batch 1: forward ms, forward + backward ms, and µs per cached token at t = 10, 100, 1000."""
    net = CausalLayer(1, width, heads, 2 * width, max(length, 1000))
    x = torch.randn(1, length, 1)
    upstream = torch.randn(1, length, width)
    with torch.no_grad():
        forward = best_time(lambda: net(x), seconds)
    def both():
        net.zero_grad(set_to_none=True)
        (net(x) * upstream).sum().backward()
    backward = best_time(both, seconds)
    tokens = []
    with torch.no_grad():
        stream = torch.randn(1000, 1)
        keys = torch.zeros(heads, 1000, width // heads)
        values = torch.zeros(heads, 1000, width // heads)
        for position in [p for p in (10, 100, 1000) if p <= length]:
            for t in range(position - 1):
                net.decode(stream[t:t + 1], t, keys, values)
            tokens.append(best_time(lambda: net.decode(stream[position - 1:position], position - 1, keys, values), seconds / 3) * 1e6)
    return forward * 1000, backward * 1000, tokens


def torch_attention_train_step_ms(seconds, hidden=64, heads=4, batch=64, length=50):
    """One Adam update with norm clipping at 1 on the adding problem (the last step's output), as
    `unroll bench --training --cells attention` times it."""
    x = torch.rand(batch, length, 2); x[:, :, 1] = 0
    x[:, 0, 1] = 1; x[:, length - 1, 1] = 1
    target = (x[:, 0, 0] + x[:, length - 1, 0]).unsqueeze(1)
    net = CausalLayer(2, hidden, heads, 2 * hidden, length)
    readout = torch.nn.Linear(hidden, 1)
    params = list(net.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=1e-3)
    def fn():
        opt.zero_grad()
        loss = ((readout(net(x)[:, -1]) - target) ** 2).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
    return best_time(fn, seconds) * 1000


def attention_table(binary, hidden, heads, lengths, seconds):
    cmd = [binary, "bench", "--attention", "--json", "--seconds", str(seconds), "--hidden", *hidden, "--heads", *heads,
           "--length", *lengths]
    ours = [json.loads(l) for l in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()]
    print(f"causal attention layer, feed-forward 2H, batch 1, one thread; PyTorch {torch.__version__}")
    print("ms for the whole sequence; µs for one cached token at t = 10, 100, 1000; speed-up = torch / unroll")
    print(f"{'H':>4}{'heads':>6}{'T':>6}{'fwd ms':>9}{'torch':>8}{'x':>6}{'f+b ms':>9}{'torch':>8}{'x':>6}   tokens µs (unroll / torch, x)")
    for row in ours:
        f, b, tokens = torch_attention_times(row["hidden"], row["heads"], row["length"], seconds)
        pairs = ", ".join(f"{u:.1f}/{t:.1f} {t / u:.1f}x" for u, t in zip(row["token_us"], tokens))
        print(f"{row['hidden']:>4}{row['heads']:>6}{row['length']:>6}{row['forward_ms']:>9.2f}{f:>8.2f}{f / row['forward_ms']:>5.1f}x"
              f"{row['backward_ms']:>9.2f}{b:>8.2f}{b / row['backward_ms']:>5.1f}x   {pairs}", flush=True)
    cmd = [binary, "bench", "--training", "--json", "--seconds", str(max(seconds, 1)), "--cells", "attention"]
    row = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[0])
    t = torch_attention_train_step_ms(max(seconds, 1))
    print("training update: H=64, 4 heads, feed-forward 128, batch 64, adding T=50, Adam 1e-3, clipping at 1")
    print(f"unroll {row['ms_per_step']:.2f} ms, torch {t:.2f} ms, {t / row['ms_per_step']:.1f}x", flush=True)


def explorer_table(binary, cells, hidden, lengths, seconds):
    cmd = [binary, "bench", "--explorer", "--json", "--repeats", "5", "--cells", *cells, "--hidden", *hidden, "--length", *lengths]
    ours = [json.loads(l) for l in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()]
    print(f"a key's frame in Unroll (recompute + render) against the same work alone in PyTorch {torch.__version__} and numpy {numpy.__version__}")
    print("unroll: the slowest key's median; 'first' is the frame the key brings, 'whole' the frame with the gradient")
    print("and spectrum in it (the same unless the key left them to a worker); the speed-up is of the whole")
    print(f"{'cell':9}{'bidir':>6}{'H':>5}{'T':>6}{'first ms':>10}{'whole ms':>10}{'torch ms':>10}{'speed-up':>10}")
    groups = {}
    for row in ours:
        groups.setdefault((row["cell"], row["bidirectional"], row["hidden"], row["length"]), []).append(row)
    for (cell, bidirectional, h, t), rows in groups.items():
        first = max(r["ms_median"] for r in rows)
        whole = max(r["filled_ms_median"] for r in rows)
        theirs = torch_key_work_ms(cell, h, t, bidirectional, seconds)
        print(f"{cell:9}{'yes' if bidirectional else 'no':>6}{h:>5}{t:>6}{first:>10.2f}{whole:>10.2f}{theirs:>10.2f}{theirs / whole:>9.1f}x", flush=True)


def training_table(binary, cells, seconds):
    cmd = [binary, "bench", "--training", "--json", "--seconds", str(max(seconds, 1)), "--cells", *cells]
    ours = [json.loads(l) for l in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()]
    print("training update: H=64, batch 64, adding T=50, Adam 1e-3, norm clipping at 1, one thread")
    print(f"{'cell':9}{'unroll ms':>11}{'torch ms':>11}{'speed-up':>10}")
    for row in ours:
        t = torch_train_step_ms(row["cell"], seconds)
        print(f"{row['cell']:9}{row['ms_per_step']:>11.2f}{t:>11.2f}{t / row['ms_per_step']:>9.1f}x", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--cells", default="rnn_tanh,lstm,gru,ssm,mingru")
    ap.add_argument("--hidden", default="16,64,256")
    ap.add_argument("--length", default=None)
    ap.add_argument("--passes", default="forward,backward,stepwise")
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--unroll", default=None, help="path to a release unroll binary (default: build one)")
    ap.add_argument("--training", action="store_true", help="time whole training updates instead")
    ap.add_argument("--explorer", action="store_true", help="time a key's whole frame against the same work in PyTorch")
    ap.add_argument("--attention", action="store_true", help="time the attention layer against nn.TransformerEncoderLayer")
    ap.add_argument("--heads", default="4", help="with --attention: heads asked for (each width takes the most that divide it)")
    a = ap.parse_args()
    lengths = a.length or ("1000" if a.quick else "100,1000")
    seconds = a.seconds or (0.15 if a.quick else 0.4)
    binary = a.unroll
    if binary is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "unroll"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, ".build", "release", "unroll")
    if a.training:
        training_table(binary, a.cells.split(","), seconds)
        return
    if a.attention:
        attention_table(binary, a.hidden.split(","), a.heads.split(","), lengths.split(","), seconds)
        return
    if a.explorer:
        explorer_table(binary, a.cells.split(","), a.hidden.split(","), lengths.split(","), seconds)
        return
    cmd = [binary, "bench", "--json", "--seconds", str(seconds), "--cells", *a.cells.split(","),
           "--hidden", *a.hidden.split(","), "--length", *lengths.split(","), "--pass", *a.passes.split(",")]
    ours = [json.loads(line) for line in subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()]
    peak = ours[0]["peak_gflops"] if ours else float("nan")
    print(f"one thread; PyTorch {torch.__version__}; measured FMA peak {peak:.1f} GFLOP/s")
    print("torch µs: PyTorch's module, or its natural loop; parallel µs: ssm's and minGRU's log-space parallel form")
    print(f"{'cell':9}{'H':>5}{'T':>6}  {'pass':9}{'unroll µs':>11}{'torch µs':>11}{'speed-up':>10}"
          f"{'parallel µs':>13}{'speed-up':>10}{'unroll GFLOP/s':>16}{'of peak':>9}")
    for row in ours:
        t = torch_time(row["cell"], row["hidden"], row["length"], row["pass"], seconds)
        p = torch_parallel_time(row["cell"], row["hidden"], row["length"], row["pass"], seconds)
        parallel = f"{p:>13.3f}{p / row['us_per_step']:>9.1f}x" if p is not None else f"{'':>13}{'':>10}"
        print(f"{row['cell']:9}{row['hidden']:>5}{row['length']:>6}  {row['pass']:9}{row['us_per_step']:>11.3f}{t:>11.3f}"
              f"{t / row['us_per_step']:>9.1f}x{parallel}{row['gflops']:>16.1f}{100 * row['gflops'] / peak:>8.1f}%", flush=True)


if __name__ == "__main__":
    main()
