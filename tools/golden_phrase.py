#!/usr/bin/env python3
"""Writes the golden full pass of a small style-conditioned PhraseTransformer for the C# model tests
(tests/MusicGen.Live.Models.Tests/Golden/phrase_style.safetensors).

Run with Debian's PyTorch:  /usr/bin/python3 tools/golden_phrase.py
The model is built here from the description in PhraseTransformerModel.cs, independently of the C# code:
input = sum of one embedding row per field (emb.{field}.weight, last row = "none") + the style row
(emb.style.weight [styles + 1, d], last row = no style), pre-norm decoder blocks with half-split rotary
attention (causal; the sequence is shorter than the window), final LayerNorm, then per field f in order
shift, kind, pitch, duration, velocity: logits = out(GELU(fc(h))) and h += cond.{f}[chosen value].

Config (the C# test uses the same): layers 2, d 32, heads 4, MLP 64, window 32, shiftBins 8, durationBins 6,
velocityBins 4, pitches 60..71, styles 2. Tensors written besides the weights:
  tokens [T, 5]             embedding rows of T events (pedal events' note fields = the "none" row)
  hidden.s0/.s1/.none [T, d] final-norm hidden rows with style 0, 1 and no style
  logprob.s1 [T-1, 5]       log-probability of each field of event t+1 from row t (style 1, teacher forced;
                            0 for a field the event does not have)
"""
import math
import os
import sys

import torch
import torch.nn.functional as F

from golden_io import rotary_half_split, write_safetensors

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "MusicGen.Live.Models.Tests", "Golden")
FIELDS = ["shift", "kind", "pitch", "duration", "velocity"]
CFG = dict(layers=2, d=32, heads=4, mlp=64, styles=2)
CLASSES = [8, 3, 12, 6, 4]


def weights(g):
    d, mlp = CFG["d"], CFG["mlp"]
    w = {}
    for f, n in zip(FIELDS, CLASSES):
        w[f"emb.{f}.weight"] = torch.randn(n + 1, d, generator=g) * 0.5
        w[f"heads.{f}.fc.weight"] = torch.randn(d, d, generator=g) / math.sqrt(d)
        w[f"heads.{f}.fc.bias"] = torch.randn(d, generator=g) * 0.1
        w[f"heads.{f}.out.weight"] = torch.randn(n, d, generator=g) / math.sqrt(d)
        w[f"heads.{f}.out.bias"] = torch.randn(n, generator=g) * 0.1
    for f, n in zip(FIELDS[:-1], CLASSES[:-1]):
        w[f"cond.{f}.weight"] = torch.randn(n + 1, d, generator=g) * 0.3
    w["emb.style.weight"] = torch.randn(CFG["styles"] + 1, d, generator=g) * 0.5
    for i in range(CFG["layers"]):
        b = f"blocks.{i}."
        for ln in ("ln1", "ln2"):
            w[b + ln + ".weight"] = 1 + 0.1 * torch.randn(d, generator=g)
            w[b + ln + ".bias"] = 0.1 * torch.randn(d, generator=g)
        for name, (o, i_) in {"attn.qkv": (3 * d, d), "attn.proj": (d, d), "mlp.fc": (mlp, d), "mlp.proj": (d, mlp)}.items():
            w[b + name + ".weight"] = torch.randn(o, i_, generator=g) / math.sqrt(i_)
            w[b + name + ".bias"] = 0.1 * torch.randn(o, generator=g)
    w["ln_f.weight"] = 1 + 0.1 * torch.randn(d, generator=g)
    w["ln_f.bias"] = 0.1 * torch.randn(d, generator=g)
    return w


def hidden_rows(w, tokens, style_row):
    d, h = CFG["d"], CFG["heads"]
    hd = d // h
    t = tokens.shape[0]
    x = sum(w[f"emb.{f}.weight"][tokens[:, k]] for k, f in enumerate(FIELDS)) + w["emb.style.weight"][style_row]
    mask = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
    for i in range(CFG["layers"]):
        b = f"blocks.{i}."
        n = F.layer_norm(x, (d,), w[b + "ln1.weight"], w[b + "ln1.bias"], 1e-5)
        q, k, v = F.linear(n, w[b + "attn.qkv.weight"], w[b + "attn.qkv.bias"]).split(d, dim=-1)
        q, k, v = (z.reshape(t, h, hd).transpose(0, 1) for z in (q, k, v))
        q, k = rotary_half_split(q), rotary_half_split(k)
        s = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        p = torch.softmax(s.masked_fill(mask, float("-inf")), dim=-1)
        x = x + F.linear((p @ v).transpose(0, 1).reshape(t, d), w[b + "attn.proj.weight"], w[b + "attn.proj.bias"])
        n = F.layer_norm(x, (d,), w[b + "ln2.weight"], w[b + "ln2.bias"], 1e-5)
        x = x + F.linear(F.gelu(F.linear(n, w[b + "mlp.fc.weight"], w[b + "mlp.fc.bias"])), w[b + "mlp.proj.weight"], w[b + "mlp.proj.bias"])
    return F.layer_norm(x, (d,), w["ln_f.weight"], w["ln_f.bias"], 1e-5)


def field_logprobs(w, hidden, tokens):
    out = torch.zeros(tokens.shape[0] - 1, len(FIELDS))
    for t in range(tokens.shape[0] - 1):
        u = hidden[t].clone()
        for k, f in enumerate(FIELDS):
            value = int(tokens[t + 1, k])
            if value == CLASSES[k]:  # a pedal event has no note fields
                continue
            logits = F.linear(F.gelu(F.linear(u, w[f"heads.{f}.fc.weight"], w[f"heads.{f}.fc.bias"])), w[f"heads.{f}.out.weight"], w[f"heads.{f}.out.bias"])
            out[t, k] = torch.log_softmax(logits.double(), dim=-1)[value].float()
            if k < len(FIELDS) - 1:
                u = u + w[f"cond.{f}.weight"][value]
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(20261202)
    w = weights(g)
    t = 14
    tokens = torch.stack([torch.randint(0, n, (t,), generator=g) for n in CLASSES], dim=1)
    tokens[:, 1] = 0  # notes, but for:
    for row, kind in ((4, 1), (9, 2)):  # pedal down, pedal up: note fields take the "none" row
        tokens[row, 1] = kind
        for k in (2, 3, 4):
            tokens[row, k] = CLASSES[k]
    with torch.no_grad():
        out = dict(w)
        out["tokens"] = tokens.float()
        for name, row in (("s0", 0), ("s1", 1), ("none", CFG["styles"])):
            out[f"hidden.{name}"] = hidden_rows(w, tokens, row)
        out["logprob.s1"] = field_logprobs(w, out["hidden.s1"], tokens)
    path = os.path.join(OUT, "phrase_style.safetensors")
    write_safetensors(path, out, "tools/golden_phrase.py")
    print(path, os.path.getsize(path), file=sys.stderr)


if __name__ == "__main__":
    main()
