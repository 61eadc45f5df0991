#!/usr/bin/env python3
"""Writes golden forward passes for the C# runtime tests (tests/MusicGen.Live.Tensors.Tests/Golden/).

Run with Debian's PyTorch 1.13:  /usr/bin/python3 tools/golden_forward.py
Each file is safetensors (written by hand here: 8-byte little-endian header length, JSON header, raw
F32 data) holding the module's state_dict under its PyTorch names plus "input" and "output".

(a) bilstm.safetensors: nn.LSTM(176, 32, num_layers=3, bidirectional=True, batch_first=True), x [2, 9, 176].
(c) transformer.safetensors: token embedding (vocab 50) -> 2 such blocks (d=32, 4 heads, MLP 64) with a
    sliding attention WINDOW of 8 (a token sees itself and the 7 before it) -> LayerNorm -> Linear head
    (no bias); tokens [20], logits [20, 50]. Checks the stack, the window mask and the names C# loads.
(b) decoder_block.safetensors: a pre-norm decoder block (LayerNorm -> causal MHA with rotary -> residual,
    LayerNorm -> Linear 4d -> GELU(erf) -> Linear -> residual), d=64, 4 heads, x [2, 12, 64].
    Rotary is the HALF-SPLIT convention (GPT-NeoX / rotate_half): element i pairs with i + D/2,
    angle = pos * theta^(-2i/D), theta = 10000 -- implemented by hand below, as the C# Rotary kernel.
"""
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_io import rotary_half_split, write_safetensors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "MusicGen.Live.Tensors.Tests", "Golden")


class Attention(nn.Module):
    def __init__(self, d, heads, window=None):
        super().__init__()
        self.heads = heads
        self.window = window
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)

    def forward(self, x):
        bsz, t, d = x.shape
        q, k, v = self.qkv(x).split(d, dim=-1)
        shape = (bsz, t, self.heads, d // self.heads)
        q, k, v = (z.view(shape).transpose(1, 2) for z in (q, k, v))
        q, k = rotary_half_split(q), rotary_half_split(k)
        s = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        if self.window is not None:
            mask |= torch.tril(torch.ones(t, t, dtype=torch.bool), diagonal=-self.window)
        p = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1)
        return self.proj((p @ v).transpose(1, 2).reshape(bsz, t, d))


class Mlp(nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.fc = nn.Linear(d, hidden)
        self.proj = nn.Linear(hidden, d)

    def forward(self, x):
        return self.proj(F.gelu(self.fc(x)))


class Block(nn.Module):
    def __init__(self, d, heads, mlp, window=None):
        super().__init__()
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attention(d, heads, window)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = Mlp(d, mlp)

    def forward(self, x):
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class Transformer(nn.Module):
    def __init__(self, vocab, d, heads, mlp, layers, window):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList([Block(d, heads, mlp, window) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)

    def forward(self, tokens):
        x = self.tok_emb(tokens)
        for b in self.blocks:
            x = b(x)
        return self.head(self.ln_f(x))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(1234)
    with torch.no_grad():
        lstm = nn.LSTM(176, 32, num_layers=3, bidirectional=True, batch_first=True)
        x = torch.randn(2, 9, 176)
        y, _ = lstm(x)
        t = {"lstm." + k: v for k, v in lstm.state_dict().items()}
        t["input"], t["output"] = x, y
        write_safetensors(os.path.join(OUT, "bilstm.safetensors"), t, "tools/golden_forward.py")

        uni = nn.LSTM(176, 32, num_layers=2, batch_first=True)
        x = torch.randn(1, 7, 176)
        y, _ = uni(x)
        t = {"lstm." + k: v for k, v in uni.state_dict().items()}
        t["input"], t["output"] = x, y
        write_safetensors(os.path.join(OUT, "lstm_uni.safetensors"), t, "tools/golden_forward.py")

        block = Block(64, 4, 256)
        # LayerNorm's default init is the identity: perturb it so the golden file tests the affine part too.
        for ln in (block.ln1, block.ln2):
            ln.weight.add_(0.1 * torch.randn(64))
            ln.bias.add_(0.1 * torch.randn(64))
        x = torch.randn(2, 12, 64)
        y = block(x)
        t = dict(block.state_dict())
        t["input"], t["output"] = x, y
        write_safetensors(os.path.join(OUT, "decoder_block.safetensors"), t, "tools/golden_forward.py")

        model = Transformer(vocab=50, d=32, heads=4, mlp=64, layers=2, window=8)
        tokens = torch.randint(0, 50, (1, 20))
        logits = model(tokens)[0]
        t = dict(model.state_dict())
        t["tokens"], t["logits"] = tokens[0].float(), logits
        write_safetensors(os.path.join(OUT, "transformer.safetensors"), t, "tools/golden_forward.py")
    for f in sorted(os.listdir(OUT)):
        print(f, os.path.getsize(os.path.join(OUT, f)), file=sys.stderr)


if __name__ == "__main__":
    main()
