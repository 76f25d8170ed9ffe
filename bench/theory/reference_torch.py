"""PyTorch float64 reference for bench/theory (for a machine with torch and a GPU; not run in CI).

Same computation as reference_numpy.py — tanh spectrum on S² at lmax 1024, depths 1, 10, 50,
100, on a plain Gauss–Legendre rule in t — on `cuda` when available. Prints one JSON line with
timings; compare with bench/results/theory.json. Usage: python3 reference_torch.py [lmax] [nodes]
"""
import json
import sys
import time

import numpy as np
import torch

from reference_numpy import gauss_legendre, hermite_beta


def main():
    lmax = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    depths = [1, 10, 50, 100]
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    beta = torch.tensor(hermite_beta(), dtype=torch.float64, device=dev)
    t_np, w_np = gauss_legendre(n)
    t = torch.tensor(t_np, dtype=torch.float64, device=dev)
    w = torch.tensor(w_np, dtype=torch.float64, device=dev)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    rho = t.clone()
    rec = []
    for l in range(1, max(depths) + 1):
        acc = torch.zeros_like(rho)
        for b in torch.flip(beta, [0]):  # Horner
            acc = acc * rho + b
        rho = acc
        if l in depths:
            rec.append(rho.clone())
    K = torch.stack(rec) * (0.5 * w)
    D = torch.zeros((len(depths), lmax + 1), dtype=torch.float64, device=dev)
    pm = torch.ones_like(t)
    p = t.clone()
    D[:, 0] = K.sum(dim=1)
    if lmax >= 1:
        D[:, 1] = 3 * (K * p).sum(dim=1)
    for l in range(1, lmax):
        pn = ((2 * l + 1) * t * p - l * pm) / (l + 1)
        pm, p = p, pn
        D[:, l + 1] = (2 * l + 3) * (K * p).sum(dim=1)
    if dev.type == "cuda":
        torch.cuda.synchronize()
    t1 = time.perf_counter()
    print(json.dumps({"device": str(dev), "nodes": n, "spectrum_ms": (t1 - t0) * 1e3, "D_l1": D[:, 1].tolist()}))


if __name__ == "__main__":
    main()
