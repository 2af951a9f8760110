#!/usr/bin/env python3
"""Weights both ways between Unroll and PyTorch through safetensors, checked on outputs.

Unroll to PyTorch: `unroll train` a small net, `unroll export` it, load the file into nn.RNN / nn.LSTM /
nn.GRU and an nn.Linear (the README's three lines), run PyTorch on the inputs of `unroll trace --load` of the
same file, and compare every step's hidden state and output with Unroll's trace.

PyTorch to Unroll: build a PyTorch net with its own initialisation, `save_file` its state_dict with the
readout's tensors added (no metadata), `unroll trace --load` that file, and compare the same way.

    pip install torch==2.13.0+cpu safetensors
    python3 bench/check_safetensors.py --unroll .build/release/unroll

Prints the largest difference of each case and exits non-zero when one exceeds 1e-5.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import torch
from safetensors.torch import load_file, save_file

CASES = [  # (cell, bidirectional, hidden)
    ("rnn_tanh", False, 8), ("rnn_relu", False, 8), ("lstm", False, 16), ("gru", False, 16),
    ("lstm", True, 8), ("gru", True, 8),
]


def module(cell, inputs, hidden, bidirectional):
    """The PyTorch module Unroll's cell is."""
    if cell in ("rnn_tanh", "rnn_relu"):
        return torch.nn.RNN(inputs, hidden, nonlinearity=cell[4:], batch_first=True, bidirectional=bidirectional)
    kind = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    return kind(inputs, hidden, batch_first=True, bidirectional=bidirectional)


def largest_difference(trace, rnn, readout):
    """PyTorch on the trace's inputs from zero states, against the trace's h (and h_reverse) and y."""
    x = torch.tensor(trace["inputs"], dtype=torch.float32).unsqueeze(0)
    with torch.no_grad():
        out, _ = rnn(x)
        y = readout(out)
    hidden = trace["hidden_size"]
    worst = 0.0
    for t, step in enumerate(trace["steps"]):
        ours = step["h"] + step.get("h_reverse", [])
        theirs = out[0, t].tolist()
        worst = max(worst, max(abs(a - b) for a, b in zip(ours, theirs)))
        worst = max(worst, max(abs(a - b) for a, b in zip(step["y"], y[0, t].tolist())))
        assert len(ours) == len(theirs) == hidden * (2 if "h_reverse" in step else 1)
    return worst


def run(binary, *args):
    subprocess.run([binary, *args], check=True, capture_output=True, text=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--unroll", default=".build/release/unroll")
    a = ap.parse_args()
    torch.manual_seed(0)
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        def path(name):
            return os.path.join(folder, name)

        print("Unroll to PyTorch: unroll train, unroll export, load_state_dict; largest |difference| over h and y")
        for cell, bidirectional, hidden in CASES:
            flags = ["--cell", cell, "--hidden", str(hidden), "--task", "sine", "--length", "30", "--seed", "2"]
            flags += ["--bidirectional"] if bidirectional else []
            run(a.unroll, "train", *flags, "--steps", "40", "-o", path("run.json"))
            run(a.unroll, "export", path("run.json"), "-o", path("model.safetensors"))
            run(a.unroll, "trace", "--load", path("model.safetensors"), "--task", "sine", "--length", "30", "--seed", "7",
                "-o", path("trace.json"))
            trace = json.load(open(path("trace.json")))
            # The README's three lines.
            sd = load_file(path("model.safetensors"))
            rnn, readout = module(cell, 1, hidden, bidirectional), torch.nn.Linear((2 if bidirectional else 1) * hidden, 1)
            rnn.load_state_dict(sd, strict=False); readout.load_state_dict({"weight": sd["readout.weight"], "bias": sd["readout.bias"]})
            worst = largest_difference(trace, rnn, readout)
            failed |= worst > 1e-5
            print(f"  {cell:9}{' bidirectional' if bidirectional else '':14} H={hidden:<3} {worst:.2e}")

        print("PyTorch to Unroll: save_file(state_dict + readout.*), unroll trace --load; largest |difference|")
        for cell, bidirectional, hidden in CASES:
            rnn, readout = module(cell, 1, hidden, bidirectional), torch.nn.Linear((2 if bidirectional else 1) * hidden, 1)
            tensors = {k: v.contiguous() for k, v in rnn.state_dict().items()}
            tensors.update({"readout.weight": readout.weight.detach().contiguous(), "readout.bias": readout.bias.detach().contiguous()})
            # nn.RNN's relu is not in its tensors: the metadata says which nonlinearity it is.
            save_file(tensors, path("torch.safetensors"), metadata={"cell": cell} if cell == "rnn_relu" else None)
            run(a.unroll, "trace", "--load", path("torch.safetensors"), "--task", "sine", "--length", "30", "--seed", "7",
                "-o", path("trace.json"))
            trace = json.load(open(path("trace.json")))
            assert trace["cell"] == cell, trace["cell"]
            worst = largest_difference(trace, rnn, readout)
            failed |= worst > 1e-5
            print(f"  {cell:9}{' bidirectional' if bidirectional else '':14} H={hidden:<3} {worst:.2e}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
