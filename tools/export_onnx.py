#!/usr/bin/env python3
"""Exports the shipped models to ONNX for the ONNX Runtime backend (src/MusicGen.Live.Models/Onnx).

Run with Debian's PyTorch 1.13 and onnx:  /usr/bin/python3 tools/export_onnx.py [--check]
(apt-get install -y python3-torch python3-onnx). Reads models/*.safetensors through their cards, writes
models/*.onnx next to them and records each file's SHA-256 and size in the card's "onnx" section, which the
C# loader checks exactly as it checks the safetensors. The output is deterministic: the same weights give
the same bytes (--check exits 1 when a written file would differ, for CI).

Graphs (opset 17, float32, batch 1):

phrase-transformer-step.onnx: one decode step of the PhraseTransformer.
  inputs  token int64 [5]        embedding row per field (shift, kind, pitch, duration, velocity; a pedal
                                 event's note fields take row = classes, the "none" row)
          cos, sin float [D/2]   rotary table row of this step's absolute position (computed by the caller in
                                 double precision, as the native Rotary.Row does: positions have no bound)
          mask float [W]         additive mask over the ring slots: 0 for a slot holding one of the last W-1
                                 positions, -inf otherwise (empty, or the slot this step overwrites)
          keys.{i} [H, D, W]     layer i's ring of rotated keys, transposed (the native KvCache layout)
          values.{i} [H, W, D]   layer i's ring of values
  outputs hidden [1, d]          final-norm hidden state (what the field heads read)
          new_key.{i}, new_value.{i} [H*D]  this step's rotated key and value; the caller writes them into
                                 slot position mod W of the rings, so the rings are inputs only (never copied)
  The step attends to the ring (masked) and to its own key, which is what the native step sees after it
  appended its key: the same W most recent positions.

phrase-transformer-heads.onnx: one field head, chosen by an input.
  inputs  hidden float [1, d], field int64 [1] (0..4), chosen int64 [4] (conditioning rows of the fields
          drawn before this one in the step; rows of later fields are ignored)
  outputs logits float [1, maxClasses]: the field's logits first, zeros after them
  conditioned = hidden + cond.{g}[chosen[g]] for g < field (left to right, as the native chain adds them),
  then Linear -> GELU(erf) -> Linear; an If per field so one call runs one head.

stylenet-note*.onnx: one note step of a streaming note StyleNet.
  inputs  features float [1, 1, input], h float [layers, 1, hidden], c float [layers, 1, hidden]
  outputs velocity float [1, 1] (clamp(out * 127, 1, 127), unrounded), h_out, c_out
"""
import hashlib
import io
import json
import math
import os
import struct
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MODELS = os.path.join(ROOT, "models")
OPSET = 17
FIELDS = ["shift", "kind", "pitch", "duration", "velocity"]
STYLENETS = ["stylenet-note", "stylenet-note-large"]


def read_safetensors(path):
    with open(path, "rb") as f:
        blob = f.read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {meta['dtype']}, the exporter reads F32")
        a, b = meta["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(blob[8 + n + a:8 + n + b], dtype="<f4").copy().reshape(meta["shape"]))
    return out


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class PhraseStep(nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        self.d, self.h, self.layers = cfg["model_dim"], cfg["heads"], cfg["layers"]
        self.hd = self.d // self.h
        self.emb = nn.ParameterList([nn.Parameter(w[f"emb.{f}.weight"]) for f in FIELDS])
        self.w = {k: v for k, v in w.items()}
        for k, v in w.items():
            if k.startswith("blocks.") or k.startswith("ln_f."):
                self.register_buffer(k.replace(".", "_"), v)

    def p(self, name):
        return getattr(self, name.replace(".", "_"))

    def forward(self, token, cos, sin, mask, *rings):
        d, h, hd, half = self.d, self.h, self.hd, self.hd // 2
        x = self.emb[0][token[0]]
        for f in range(1, len(FIELDS)):
            x = x + self.emb[f][token[f]]
        x = x.unsqueeze(0)  # [1, d]
        outs = []
        for i in range(self.layers):
            b = f"blocks.{i}."
            keys, values = rings[2 * i], rings[2 * i + 1]
            n = F.layer_norm(x, (d,), self.p(b + "ln1.weight"), self.p(b + "ln1.bias"), 1e-5)
            qkv = F.linear(n, self.p(b + "attn.qkv.weight"), self.p(b + "attn.qkv.bias"))
            q, k, v = qkv[:, :d], qkv[:, d:2 * d], qkv[:, 2 * d:]
            q, k, v = q.reshape(h, hd), k.reshape(h, hd), v.reshape(h, hd)
            q = torch.cat([q[:, :half] * cos - q[:, half:] * sin, q[:, half:] * cos + q[:, :half] * sin], dim=-1)
            k = torch.cat([k[:, :half] * cos - k[:, half:] * sin, k[:, half:] * cos + k[:, :half] * sin], dim=-1)
            q = q * (1.0 / math.sqrt(hd))
            ring = torch.matmul(q.unsqueeze(1), keys) + mask  # [h, 1, W]
            own = (q * k).sum(-1).reshape(h, 1, 1)
            p = torch.softmax(torch.cat([ring, own], dim=-1), dim=-1)
            att = torch.matmul(p[:, :, :-1], values) + p[:, :, -1:] * v.unsqueeze(1)  # [h, 1, hd]
            x = x + F.linear(att.reshape(1, d), self.p(b + "attn.proj.weight"), self.p(b + "attn.proj.bias"))
            n = F.layer_norm(x, (d,), self.p(b + "ln2.weight"), self.p(b + "ln2.bias"), 1e-5)
            m = F.gelu(F.linear(n, self.p(b + "mlp.fc.weight"), self.p(b + "mlp.fc.bias")))
            x = x + F.linear(m, self.p(b + "mlp.proj.weight"), self.p(b + "mlp.proj.bias"))
            outs += [k.reshape(d), v.reshape(d)]
        hidden = F.layer_norm(x, (d,), self.p("ln_f.weight"), self.p("ln_f.bias"), 1e-5)
        return (hidden, *outs)


def export_torch(module, args, inputs, outputs, dynamic, path):
    buf = io.BytesIO()
    torch.onnx.export(module, args, buf, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=True)
    model = onnx.load_from_string(buf.getvalue())
    model.producer_name = "tools/export_onnx.py"
    model.producer_version = f"torch {torch.__version__}"
    return model


def phrase_step(w, cfg):
    d, h, layers = cfg["model_dim"], cfg["heads"], cfg["layers"]
    hd, win = d // h, cfg["window"]
    module = PhraseStep(w, cfg).eval()
    token = torch.zeros(5, dtype=torch.int64)
    cos, sin = torch.ones(hd // 2), torch.zeros(hd // 2)
    mask = torch.zeros(win)
    rings, names, outs, dyn = [], [], ["hidden"], {"mask": {0: "window"}}
    for i in range(layers):
        rings += [torch.zeros(h, hd, win), torch.zeros(h, win, hd)]
        names += [f"keys.{i}", f"values.{i}"]
        outs += [f"new_key.{i}", f"new_value.{i}"]
        dyn[f"keys.{i}"] = {2: "window"}
        dyn[f"values.{i}"] = {1: "window"}
    with torch.no_grad():
        return export_torch(module, (token, cos, sin, mask, *rings), ["token", "cos", "sin", "mask", *names], outs, dyn, None)


def phrase_heads(w, cfg):
    d = cfg["model_dim"]
    classes = [w[f"heads.{f}.out.bias"].shape[0] for f in FIELDS]
    width = max(classes)
    inits, nodes = [], []

    def init(name, array):
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array.astype(np.float32) if array.dtype != np.int64 else array), name))

    for g, f in enumerate(FIELDS[:-1]):
        init(f"cond.{f}", w[f"cond.{f}.weight"].numpy())
        init(f"index.{g}", np.array([g], dtype=np.int64))
    init("half", np.array(0.5, dtype=np.float32))
    init("one", np.array(1.0, dtype=np.float32))
    init("rsqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    for k, f in enumerate(FIELDS):
        fc_w, fc_b = w[f"heads.{f}.fc.weight"].numpy(), w[f"heads.{f}.fc.bias"].numpy()
        out_w, out_b = w[f"heads.{f}.out.weight"].numpy(), w[f"heads.{f}.out.bias"].numpy()
        pad_w = np.zeros((d, width), np.float32)
        pad_w[:, :classes[k]] = out_w.T
        pad_b = np.zeros(width, np.float32)
        pad_b[:classes[k]] = out_b
        init(f"{f}.fc.wt", fc_w.T)
        init(f"{f}.fc.b", fc_b)
        init(f"{f}.out.wt", pad_w)
        init(f"{f}.out.b", pad_b)
        if k < len(FIELDS) - 1:  # the last field is the final else: no comparison, no constant
            init(f"field.{k}", np.array([k], dtype=np.int64))

    def branch(k):
        f = FIELDS[k]
        ns, x = [], "hidden"
        for g in range(k):
            ns.append(helper.make_node("Gather", ["chosen", f"index.{g}"], [f"{f}.row{g}"], axis=0))
            ns.append(helper.make_node("Gather", [f"cond.{FIELDS[g]}", f"{f}.row{g}"], [f"{f}.c{g}"], axis=0))
            ns.append(helper.make_node("Add", [x, f"{f}.c{g}"], [f"{f}.x{g}"]))
            x = f"{f}.x{g}"
        ns += [
            helper.make_node("MatMul", [x, f"{f}.fc.wt"], [f"{f}.fc.mm"]),
            helper.make_node("Add", [f"{f}.fc.mm", f"{f}.fc.b"], [f"{f}.fc"]),
            helper.make_node("Mul", [f"{f}.fc", "rsqrt2"], [f"{f}.g0"]),
            helper.make_node("Erf", [f"{f}.g0"], [f"{f}.g1"]),
            helper.make_node("Add", [f"{f}.g1", "one"], [f"{f}.g2"]),
            helper.make_node("Mul", [f"{f}.fc", f"{f}.g2"], [f"{f}.g3"]),
            helper.make_node("Mul", [f"{f}.g3", "half"], [f"{f}.gelu"]),
            helper.make_node("MatMul", [f"{f}.gelu", f"{f}.out.wt"], [f"{f}.out.mm"]),
            helper.make_node("Add", [f"{f}.out.mm", f"{f}.out.b"], [f"{f}.logits"]),
        ]
        return ns, f"{f}.logits"

    def chain(k):
        # If(field == k) then head k else chain(k + 1); the last field is the final else.
        ns, out = branch(k)
        then_graph = helper.make_graph(ns, f"head_{FIELDS[k]}", [], [helper.make_tensor_value_info(out, TensorProto.FLOAT, [1, width])])
        if k == len(FIELDS) - 2:
            ens, eout = branch(k + 1)
        else:
            ens, eout = chain(k + 1)
        else_graph = helper.make_graph(ens, f"else_{FIELDS[k]}", [], [helper.make_tensor_value_info(eout, TensorProto.FLOAT, [1, width])])
        cond = f"is.{k}"
        return [helper.make_node("Equal", ["field", f"field.{k}"], [cond]),
                helper.make_node("If", [cond], [f"if.{k}"], then_branch=then_graph, else_branch=else_graph)], f"if.{k}"

    ns, out = chain(0)
    ns.append(helper.make_node("Identity", [out], ["logits"]))
    graph = helper.make_graph(
        ns, "phrase_heads",
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, [1, d]),
         helper.make_tensor_value_info("field", TensorProto.INT64, [1]),
         helper.make_tensor_value_info("chosen", TensorProto.INT64, [4])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, width])],
        initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tools/export_onnx.py")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


class NoteStep(nn.Module):
    def __init__(self, w, cfg):
        super().__init__()
        self.lstm = nn.LSTM(cfg["input"], cfg["hidden"], num_layers=cfg["layers"])
        self.head1 = nn.Linear(cfg["hidden"], cfg["head_hidden"])
        self.head2 = nn.Linear(cfg["head_hidden"], 1)
        self.load_state_dict(w)

    def forward(self, features, h, c):
        y, (h2, c2) = self.lstm(features, (h, c))
        v = self.head2(torch.relu(self.head1(y[0])))
        return torch.clamp(v * 127.0, 1.0, 127.0), h2, c2


def stylenet_step(w, cfg):
    if cfg.get("bidirectional") or cfg.get("state_refresh", 0) != 0:
        raise ValueError("the ONNX step covers streaming note StyleNets without state refresh")
    module = NoteStep(w, cfg).eval()
    x = torch.zeros(1, 1, cfg["input"])
    h = torch.zeros(cfg["layers"], 1, cfg["hidden"])
    with torch.no_grad():
        return export_torch(module, (x, h, h.clone()), ["features", "h", "c"], ["velocity", "h_out", "c_out"], None, None)


def write(model, path, check):
    data = model.SerializeToString()
    if check:
        if not os.path.exists(path) or open(path, "rb").read() != data:
            print(f"{path}: differs from a fresh export")
            return False
        return True
    with open(path, "wb") as f:
        f.write(data)
    return True


def entry(path):
    return {"file": os.path.basename(path), "sha256": sha256(path), "bytes": os.path.getsize(path)}


def main():
    check = "--check" in sys.argv
    torch.manual_seed(0)
    ok = True

    card_path = os.path.join(MODELS, "phrase-transformer.json")
    card = json.load(open(card_path))
    if card["config"].get("styles", 0) > 0:
        # The graphs take no style input; the C# ONNX loader refuses styled cards, so no graph is written for one.
        sys.exit(f"{card_path}: the phrase model is conditioned on {card['config']['styles']} styles; the ONNX graphs are style-less (run it natively)")
    w = read_safetensors(os.path.join(MODELS, card["weights"]))
    step_path = os.path.join(MODELS, "phrase-transformer-step.onnx")
    heads_path = os.path.join(MODELS, "phrase-transformer-heads.onnx")
    ok &= write(phrase_step(w, card["config"]), step_path, check)
    ok &= write(phrase_heads(w, card["config"]), heads_path, check)
    if not check:
        card["onnx"] = {"step": entry(step_path), "heads": entry(heads_path), "opset": OPSET, "exporter": "tools/export_onnx.py"}
        with open(card_path, "w") as f:
            f.write(json.dumps(card, indent=2, ensure_ascii=False) + "\n")

    for name in STYLENETS:
        card_path = os.path.join(MODELS, name + ".json")
        card = json.load(open(card_path))
        w = read_safetensors(os.path.join(MODELS, card["weights"]))
        path = os.path.join(MODELS, name + ".onnx")
        ok &= write(stylenet_step(w, card["config"]), path, check)
        if not check:
            card["onnx"] = {"step": entry(path), "opset": OPSET, "exporter": "tools/export_onnx.py"}
            with open(card_path, "w") as f:
                f.write(json.dumps(card, indent=2, ensure_ascii=False) + "\n")

    for p in sorted(os.listdir(MODELS)):
        if p.endswith(".onnx"):
            print(f"{p}: {os.path.getsize(os.path.join(MODELS, p))} bytes, sha256 {sha256(os.path.join(MODELS, p))}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
