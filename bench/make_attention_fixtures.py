#!/usr/bin/env python3
"""Writes the attention layer's PyTorch fixtures: an input projection, a learned positional embedding and one
nn.TransformerEncoderLayer(norm_first=True, dropout=0, batch_first=True) under a causal mask, in float64, with
every parameter (state_dict names), the inputs, the outputs, (for the shorter cases) each head's weights, and
the gradients of every parameter and input under L = Σ c ∘ output for a random c; and the network Unroll
calls `attention`, that layer with the linear readout and the last step's loss, by the same names.

    python3 bench/make_attention_fixtures.py [out_dir]
"""
import json, os, sys

import torch


class CausalLayer(torch.nn.Module):
    def __init__(self, inputs, width, heads, ff, max_length):
        super().__init__()
        self.input_proj = torch.nn.Linear(inputs, width)
        self.pos_embedding = torch.nn.Parameter(torch.randn(max_length, width))
        self.layer = torch.nn.TransformerEncoderLayer(width, heads, dim_feedforward=ff, dropout=0.0,
                                                      batch_first=True, norm_first=True)

    def forward(self, x):
        t = x.shape[1]
        z = self.input_proj(x) + self.pos_embedding[:t]
        mask = torch.nn.Transformer.generate_square_subsequent_mask(t, dtype=x.dtype)
        return self.layer(z, src_mask=mask, is_causal=True), z, mask


def run(inputs, width, heads, ff, length, seed, keep_weights):
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(seed)
    net = CausalLayer(inputs, width, heads, ff, length)
    with torch.no_grad():
        # LayerNorm's weights and biases away from 1 and 0, so that a mistake in either shows.
        for norm in (net.layer.norm1, net.layer.norm2):
            norm.weight.copy_(1 + 0.3 * torch.randn(width))
            norm.bias.copy_(0.2 * torch.randn(width))
        net.layer.self_attn.in_proj_bias.copy_(0.1 * torch.randn(3 * width))
    net.train()  # the inference fast path is a different kernel; dropout is 0 either way
    x = torch.randn(1, length, inputs, requires_grad=True)
    out, z, mask = net(x)
    # A loss whose gradient at the output is a fixed random matrix: L = Σ c ∘ z₂.
    c = torch.randn(1, length, width)
    (out * c).sum().backward()
    with torch.no_grad():
        doc = {
            "config": {"input_size": inputs, "width": width, "heads": heads, "feed_forward": ff, "length": length},
            "params": {name: p.reshape(-1).tolist() for name, p in net.state_dict().items()},
            "inputs": x.reshape(-1).tolist(),
            "outputs": out.reshape(-1).tolist(),
            "output_gradient": c.reshape(-1).tolist(),
            "grad_params": {name: p.grad.reshape(-1).tolist() for name, p in net.named_parameters()},
            "grad_inputs": x.grad.reshape(-1).tolist(),
        }
        if keep_weights:
            normed = net.layer.norm1(z)
            _, w = net.layer.self_attn(normed, normed, normed, attn_mask=mask, need_weights=True, average_attn_weights=False)
            doc["weights"] = [[w[0, h, t, :t + 1].tolist() for t in range(length)] for h in range(heads)]
    return doc


def run_network(inputs, width, heads, ff, length, outputs, seed):
    """The whole network as Unroll builds `attention`: the layer, then the linear readout (`weight_out`,
    `bias_out`) and the last step's loss ½(ŷ_T − y)² summed over the outputs."""
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(seed)
    net = CausalLayer(inputs, width, heads, ff, length)
    readout = torch.nn.Linear(width, outputs)
    with torch.no_grad():
        net.pos_embedding.mul_(0.02)
        for norm in (net.layer.norm1, net.layer.norm2):
            norm.weight.copy_(1 + 0.3 * torch.randn(width))
            norm.bias.copy_(0.2 * torch.randn(width))
    x = torch.randn(1, length, inputs)
    y = torch.randn(outputs)
    out, _, _ = net(x)
    prediction = readout(out)[0]
    loss = 0.5 * ((prediction[-1] - y) ** 2).sum()
    loss.backward()
    params = {name: p for name, p in net.named_parameters()}
    params["weight_out"], params["bias_out"] = readout.weight, readout.bias
    with torch.no_grad():
        return {
            "config": {"input_size": inputs, "width": width, "heads": heads, "feed_forward": ff, "length": length,
                       "output_size": outputs},
            "params": {name: p.reshape(-1).tolist() for name, p in params.items()},
            "inputs": x.reshape(-1).tolist(),
            "target": y.tolist(),
            "predictions": prediction.reshape(-1).tolist(),
            "loss": loss.item(),
            "grad_params": {name: p.grad.reshape(-1).tolist() for name, p in params.items()},
        }


NETWORK_CASES = [
    # name, I, H, heads, feed-forward, T, outputs, seed
    ("network_adding", 2, 16, 4, 32, 50, 1, 4),
    ("network_long", 2, 8, 2, 16, 1000, 2, 5),
]

CASES = [
    # name, I, H, heads, feed-forward, T, seed, keep the weights
    ("small", 2, 8, 2, 16, 7, 1, True),
    ("four_heads", 3, 16, 4, 32, 40, 2, True),
    ("long", 1, 8, 2, 16, 1000, 3, False),
    # Heads 16 wide take the block products; heads one wide the row-at-a-time path.
    ("wide_heads", 2, 32, 2, 48, 60, 4, True),
    ("one_wide_heads", 1, 8, 8, 16, 60, 5, True),
]

if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "Tests/UnrollCoreTests/Fixtures"
    for name, *args in CASES:
        with open(os.path.join(out, f"attention_{name}.json"), "w") as f:
            json.dump(run(*args), f, separators=(",", ":"))
        print("wrote", name)
    for name, *args in NETWORK_CASES:
        with open(os.path.join(out, f"attention_{name}.json"), "w") as f:
            json.dump(run_network(*args), f, separators=(",", ":"))
        print("wrote", name)
