#!/usr/bin/env python3
"""PyTorch 1.13 side of `musicgen bench train`: the same two models, random data, same step.

Run with Debian's torch, OpenBLAS installed (apt-get install libopenblas0-pthread) and the same thread count
as the C# run, e.g.:
  /usr/bin/python3 tools/bench_torch.py --threads 2
(sets OMP_WAIT_POLICY=PASSIVE unless given, and OPENBLAS_CORETYPE for this CPU: SkylakeX with AVX-512).
Prints `bilstm_tokens_per_s=` and `transformer_tokens_per_s=` like the C# bench verb.
A step is forward + backward + clip_grad_norm_(1.0) + AdamW, as in BenchTrainCommand.cs.
"""
import argparse
import os
import sys
import time


def _cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def _args():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--model", default="all", choices=["all", "bilstm", "transformer"])
    p.add_argument("--coretype", default="auto",
                   help="OPENBLAS_CORETYPE; 'auto' picks the widest kernels the CPU supports, 'env' keeps the environment's")
    return p.parse_args()


ARGS = _args()
# Give PyTorch its best before libgomp / OpenBLAS load (both read these at load time): passive OpenMP waits on a
# shared machine, and OpenBLAS kernels for this CPU's vector width (0.3.21 does not know Zen 5 by name).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
if ARGS.coretype == "auto":
    _flags = _cpu_flags()
    os.environ["OPENBLAS_CORETYPE"] = "SkylakeX" if "avx512f" in _flags else "Haswell" if "avx2" in _flags else "Prescott"
elif ARGS.coretype != "env":
    os.environ["OPENBLAS_CORETYPE"] = ARGS.coretype

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from golden_grads import TinyTransformer  # noqa: E402  (same block: pre-norm, rotary half-split, GELU-tanh MLP)


class BiLstmRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(176, 128, num_layers=3, bidirectional=True)
        self.head = nn.Linear(256, 88)

    def forward(self, x):
        return self.head(self.lstm(x)[0])


def timed(name, tokens, warmup, steps, step):
    for _ in range(warmup):
        step()
    # CPU time beside wall time: on a shared machine wall time also counts the other tenants' load.
    c0 = time.process_time()
    t0 = time.perf_counter()
    loss = 0.0
    for _ in range(steps):
        loss = step()
    dt = time.perf_counter() - t0
    cpu = 1000 * (time.process_time() - c0) / steps
    print(f"{name}: {steps} steps in {dt:.3f} s, {1000 * dt / steps:.1f} ms/step, {cpu:.1f} cpu-ms/step, last loss {loss:.4f}")
    return tokens * steps / dt


def bilstm(warmup, steps):
    t, b = 64, 16
    model = BiLstmRegressor()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x = torch.rand(t, b, 176)
    y = torch.rand(t, b, 88)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    return timed("bilstm", t * b, warmup, steps, step)


def transformer(warmup, steps):
    t, b, vocab = 512, 8, 400
    model = TinyTransformer(vocab, 256, 4, 4)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    ids = torch.randint(0, vocab, (b, t))
    targets = torch.randint(0, vocab, (b, t))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).reshape(-1, vocab), targets.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss.item()

    return timed("transformer", t * b, warmup, steps, step)


def main():
    a = ARGS
    with open("/proc/self/maps") as f:
        blas = sorted({line.split()[-1] for line in f if "blas" in line.split()[-1]})
    print("blas:", " ".join(blas) or "none found")
    if not any("openblas" in b for b in blas):
        print("warning: PyTorch is not using OpenBLAS (apt-get install libopenblas0-pthread)", file=sys.stderr)
    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    print(f"threads={a.threads} warmup={a.warmup} steps={a.steps} torch={torch.__version__} "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '')} OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '')}")
    if a.model in ("all", "bilstm"):
        print(f"bilstm_tokens_per_s={bilstm(a.warmup, a.steps):.6f}")
    if a.model in ("all", "transformer"):
        print(f"transformer_tokens_per_s={transformer(a.warmup, a.steps):.6f}")


if __name__ == "__main__":
    main()
