#!/usr/bin/env python3
"""Writes golden gradients of one training step for the C# autograd tests.

Uses Debian's python3-torch (1.13): run with /usr/bin/python3 tools/golden_grads.py
Outputs tests/MusicGen.Live.Tensors.Tests/Golden/grads_bilstm.json and grads_transformer.json.

Parameters and inputs are drawn in float32 (so C# sees the exact same values); the step itself is computed
in float64, so the golden values are the true gradients of those float32 inputs.
Layouts follow PyTorch: nn.LSTM is time-major [T, B, In]; parameter names are state_dict names.
Rotary attention uses the half-split (GPT-NeoX / LLaMA) convention: pairs (x[i], x[i + d/2]) rotate by
angle pos * base^(-2i/d) with base 10000, applied to q and k of each head.
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "MusicGen.Live.Tensors.Tests", "Golden")


def tensor_json(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(name, params, inputs, loss, grads, config):
    os.makedirs(OUT, exist_ok=True)
    doc = {
        "generator": "tools/golden_grads.py",
        "torch": torch.__version__,
        "config": config,
        "params": {k: tensor_json(v) for k, v in params.items()},
        "inputs": {k: tensor_json(v) for k, v in inputs.items()},
        "loss": float(loss),
        "grads": {k: tensor_json(v) for k, v in grads.items()},
    }
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
    print("wrote", path)


class BiLstmRegressor(nn.Module):
    def __init__(self, n_in, hidden, layers, n_out):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, num_layers=layers, bidirectional=True)
        self.head = nn.Linear(2 * hidden, n_out)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.head(y)


def bilstm():
    torch.manual_seed(1234)
    cfg = {"input": 6, "hidden": 5, "layers": 2, "output": 4, "seq": 4, "batch": 3}
    model = BiLstmRegressor(cfg["input"], cfg["hidden"], cfg["layers"], cfg["output"])
    x = torch.randn(cfg["seq"], cfg["batch"], cfg["input"])
    target = torch.randn(cfg["seq"], cfg["batch"], cfg["output"])
    params = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model = model.double()
    loss = F.mse_loss(model(x.double()), target.double())
    loss.backward()
    grads = {k: p.grad for k, p in model.named_parameters()}
    write("grads_bilstm.json", params, {"x": x, "target": target}, loss.item(), grads, cfg)


def rotary(x, base=10000.0):
    # x: [B, heads, T, hd]; half-split convention.
    _, _, t, hd = x.shape
    half = hd // 2
    inv = base ** (-torch.arange(0, half, dtype=torch.float64) * 2.0 / hd)
    ang = torch.arange(t, dtype=torch.float64)[:, None] * inv[None, :]
    cos, sin = torch.cos(ang).to(x.dtype), torch.sin(ang).to(x.dtype)
    x1, x2 = x[..., :half], x[..., half:]
    return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], dim=-1)


class Attn(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)


class Mlp(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, 4 * d)
        self.proj = nn.Linear(4 * d, d)


class Block(nn.Module):
    """Pre-norm decoder block: x + attn(ln1(x)); x + mlp(ln2(x)); MLP is Linear-GELU(exact)-Linear.

    Module names match the inference DecoderBlock (ln1, attn.qkv, attn.proj, ln2, mlp.fc, mlp.proj)."""

    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.attn = Attn(d)
        self.ln2 = nn.LayerNorm(d)
        self.mlp = Mlp(d)

    def forward(self, x):
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.attn.qkv(self.ln1(x)).split(d, dim=-1)
        q, k, v = (z.view(b, t, self.heads, hd).transpose(1, 2) for z in (q, k, v))
        q, k = rotary(q), rotary(k)
        att = (q @ k.transpose(-2, -1)) / math.sqrt(hd)
        mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        att = att.masked_fill(mask, float("-inf")).softmax(dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.attn.proj(y)
        return x + self.mlp.proj(F.gelu(self.mlp.fc(self.ln2(x))))


class TinyTransformer(nn.Module):
    """Names match the inference Transformer: tok_emb, blocks.{i}, ln_f, head (no bias)."""

    def __init__(self, vocab, d, heads, layers):
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, d)
        self.blocks = nn.ModuleList([Block(d, heads) for _ in range(layers)])
        self.ln_f = nn.LayerNorm(d)
        self.head = nn.Linear(d, vocab, bias=False)

    def forward(self, ids):
        x = self.tok_emb(ids)
        for blk in self.blocks:
            x = blk(x)
        return self.head(self.ln_f(x))


def transformer():
    torch.manual_seed(4321)
    cfg = {"vocab": 11, "d": 8, "heads": 2, "layers": 2, "seq": 6, "batch": 2}
    model = TinyTransformer(cfg["vocab"], cfg["d"], cfg["heads"], cfg["layers"])
    # Non-trivial norm parameters so their gradients are checked away from the identity.
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "ln" in name:
                p.add_(0.1 * torch.randn_like(p))
    ids = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["seq"]))
    targets = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["seq"]))
    params = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model = model.double()
    logits = model(ids)
    loss = F.cross_entropy(logits.reshape(-1, cfg["vocab"]), targets.reshape(-1))
    loss.backward()
    grads = {k: p.grad for k, p in model.named_parameters()}
    write("grads_transformer.json", params, {"ids": ids.float(), "targets": targets.float()}, loss.item(), grads, cfg)


def optimizers():
    """Three steps of Adam (L2 decay) and AdamW on fixed gradients, with global-norm clipping to 0.5 first."""
    torch.manual_seed(99)
    p0 = torch.randn(37)
    grads = [torch.randn(37) * (i + 1) for i in range(3)]
    doc = {"p0": p0, "g0": grads[0], "g1": grads[1], "g2": grads[2]}
    for name, cls, wd in (("adam", torch.optim.Adam, 0.1), ("adamw", torch.optim.AdamW, 0.1)):
        p = nn.Parameter(p0.clone().double())
        opt = cls([p], lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=wd)
        for i, g in enumerate(grads):
            p.grad = g.clone().double()
            torch.nn.utils.clip_grad_norm_([p], 0.5)
            opt.step()
            doc[f"{name}_after{i}"] = p.detach().clone()
    cfg = {"lr": 0.01, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6, "weight_decay": 0.1, "clip": 0.5}
    write("grads_optim.json", {}, doc, 0.0, {}, cfg)


if __name__ == "__main__":
    torch.set_num_threads(1)
    bilstm()
    transformer()
    optimizers()
