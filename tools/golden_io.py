"""What the golden-file scripts share: the safetensors writer and the half-split rotary embedding.

Imported by golden_forward.py and golden_phrase.py (run from anywhere: Python puts this folder on the path).
"""
import json
import struct

import torch


def write_safetensors(path, tensors, generator):
    """Writes safetensors by hand: 8-byte little-endian header length, JSON header (names sorted, padded to 8
    bytes with spaces, `generator` and the torch version in __metadata__), then the raw F32 data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        t = tensors[name].detach().to(torch.float32).contiguous()
        data = t.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"generator": generator, "torch": torch.__version__}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rotary_half_split(x, theta=10000.0):
    """x [..., T, D] (float32): pairs (i, i + D/2) rotated by pos * theta^(-2i/D), as the C# Rotary kernel
    (the GPT-NeoX / rotate_half convention); angles in float64, applied in float32."""
    d = x.shape[-1]
    half = d // 2
    pos = torch.arange(x.shape[-2], dtype=torch.float64)
    inv = theta ** (-2.0 * torch.arange(half, dtype=torch.float64) / d)
    ang = pos[:, None] * inv[None, :]
    cos, sin = torch.cos(ang).float(), torch.sin(ang).float()
    a, b = x[..., :half], x[..., half:]
    return torch.cat([a * cos - b * sin, b * cos + a * sin], dim=-1)
