"""PyTorch reference for bench/train/bench.mjs, for a machine with a CUDA GPU.

The same full-batch GD step of the teacher task as nnspectra's training engine:
f(x) = aᵀ tanh(W x / √d) / √n, loss Σ (f - y)² / (2N), only W trained, float32; and the same
monitor pass (singular values and top vectors of W, CK and NTK spectra on 256 samples).
Writes bench/results/train-torch.json; compare steps/s with `webgpu.stepsPerS` of
bench/results/train.json measured on the same machine.

    python3 bench/train/teacher_step.py [--n 1024] [--d 1024] [--N 2048] [--steps 50] [--tf32]
"""
import argparse
import json
import os
import time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--d", type=int, default=1024)
    ap.add_argument("--N", type=int, default=2048)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--kernel-samples", type=int, default=256)
    ap.add_argument("--tf32", action="store_true", help="allow TF32 matmuls (off: true FP32 like WGSL)")
    a = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = a.tf32
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    g = torch.Generator(device="cpu").manual_seed(0)
    d, n, N = a.d, a.n, a.N
    X = torch.randn(N, d, generator=g).to(dev)
    beta = torch.randn(d, generator=g)
    beta = (beta / beta.norm()).to(dev)
    y = torch.nn.functional.softplus(X @ beta) + 0.1 * torch.randn(N, generator=g).to(dev)
    W = torch.randn(n, d, generator=g).to(dev)
    av = torch.randn(n, generator=g).to(dev)
    lr = 1.0

    def step(W):
        # Hand-written backward, as in shaders/train: forward, loss gradient, dW, update.
        Z = X @ W.T / d**0.5
        A = torch.tanh(Z)
        f = A @ av / n**0.5
        gout = (f - y) / N
        dZ = torch.outer(gout, av / n**0.5) * (1 - A * A)
        G = dZ.T @ X / d**0.5
        return W - lr * G

    def sync():
        if dev.type == "cuda":
            torch.cuda.synchronize()

    for _ in range(3):
        W = step(W)
    sync()
    t = time.perf_counter()
    for _ in range(a.steps):
        W = step(W)
    sync()
    step_s = (time.perf_counter() - t) / a.steps

    def monitor(W):
        U, S, Vh = torch.linalg.svd(W.double(), full_matrices=False)
        Xs = X[: a.kernel_samples]
        Z = Xs @ W.T / d**0.5
        A = torch.tanh(Z)
        ck = (A @ A.T / n).double()
        # NTK of W only: (x·x'/d) (1/n) Σ_i a_i² φ'(z_i) φ'(z_i').
        D = (1 - A * A) * av / n**0.5
        ntk = ((Xs @ Xs.T / d) * (D @ D.T)).double()
        ev_ck = torch.linalg.eigvalsh(ck)
        ev_ntk, vec = torch.linalg.eigh(ntk)
        return S, ev_ck, ev_ntk, vec

    monitor(W)
    sync()
    t = time.perf_counter()
    reps = 5
    for _ in range(reps):
        monitor(W)
    sync()
    monitor_s = (time.perf_counter() - t) / reps
    flops = 2 * N * n * d * 2
    out = {
        "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "tf32": a.tf32,
        "task": {"d": d, "n": n, "N": N, "kernelSamples": a.kernel_samples},
        "stepS": step_s,
        "stepsPerS": 1 / step_s,
        "gflops": flops / step_s / 1e9,
        "monitorS": monitor_s,
    }
    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(os.path.join(here, "..", "results"), exist_ok=True)
    with open(os.path.join(here, "..", "results", "train-torch.json"), "w") as fh:
        json.dump(out, fh, indent=2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
