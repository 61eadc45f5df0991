#!/usr/bin/env python3
"""Averages the weights of several checkpoints (stochastic weight averaging, Izmailov et al. 2018).

Usage: average_weights.py OUT.safetensors IN1.safetensors [IN2.safetensors ...] [--prefix model.]
(one input with --prefix m1. extracts member 1 of an ensemble file; --prefix "" reads files without one, such as
the epoch-NNN.safetensors that keep_epoch_weights leaves in a run folder)

Reads each input's tensors whose name starts with the prefix (the training loop's checkpoints keep the model's
parameters as "model.{name}", beside Adam's moments), averages them element-wise (Python floats: float64), and writes them
without the prefix: the layout of a run's best.safetensors, which eval and the model cards read.
"""
import json
import struct
import sys

from array import array


def read(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {meta['dtype']}, only F32 is averaged")
        start, end = meta["data_offsets"]
        values = array("f")
        values.frombytes(data[start:end])
        if sys.byteorder != "little":
            values.byteswap()
        tensors[name] = (tuple(meta["shape"]), values)
    return tensors


def write(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        shape, values = tensors[name]
        values = array("f", values)
        if sys.byteorder != "little":
            values.byteswap()
        blob = values.tobytes()
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


def main(argv):
    prefix = "model."
    if "--prefix" in argv:
        i = argv.index("--prefix")
        prefix = argv[i + 1]
        del argv[i : i + 2]
    if len(argv) < 2:
        raise SystemExit(__doc__)
    out, inputs = argv[0], argv[1:]
    total = None
    for path in inputs:
        t = {k[len(prefix):]: (shape, [float(x) for x in v]) for k, (shape, v) in read(path).items() if k.startswith(prefix)}
        if not t:
            raise SystemExit(f"{path}: no tensor named {prefix}*")
        if total is None:
            total = t
        elif t.keys() != total.keys() or any(t[k][0] != total[k][0] for k in t):
            raise SystemExit(f"{path}: its tensors differ in names or shapes from {inputs[0]}")
        else:
            for k, (_, values) in t.items():
                acc = total[k][1]
                for i, x in enumerate(values):
                    acc[i] += x
    write(out, {k: (shape, [x / len(inputs) for x in acc]) for k, (shape, acc) in total.items()})
    print(f"averaged {len(inputs)} checkpoints, {len(total)} tensors -> {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
