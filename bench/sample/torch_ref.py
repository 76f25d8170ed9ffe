"""PyTorch reference for the sample-and-project pipeline (run where PyTorch + CUDA exist, e.g.
a GPU machine: `python3 bench/sample/torch_ref.py`), to set beside `node bench/sample/bench.mjs --w1`.

Workload W1: 256 ReLU networks, normalized He init, inputs on the
Gauss-Legendre x equiangular grid of S^2 for lmax = 63 (64 x 128 = 8192 points), width 1024,
depth 4; then the forward real SHT and C_l of every network. FP32 with TF32 off (the fair
comparison with WGSL f32 FMA), and TF32 on for information. Prints one JSON object.
"""
import json
import math
import time

import numpy as np
import torch


def legendre_table(lmax, x):
    nlat = len(x)
    out = np.zeros(((lmax + 1) * (lmax + 2) // 2, nlat))
    s = np.sqrt(np.maximum(0, 1 - x * x))
    pmm = np.full(nlat, 1 / np.sqrt(4 * np.pi))
    idx = 0
    for m in range(lmax + 1):
        if m > 0:
            pmm = pmm * np.sqrt((2 * m + 1) / (2 * m)) * s
        out[idx] = pmm
        if m < lmax:
            p0, p1 = pmm, np.sqrt(2 * m + 3) * x * pmm
            out[idx + 1] = p1
            for l in range(m + 2, lmax + 1):
                a = np.sqrt((4 * l * l - 1) / (l * l - m * m))
                b = np.sqrt(((l - 1) ** 2 - m * m) / (4 * (l - 1) ** 2 - 1))
                p0, p1 = p1, a * (x * p1 - b * p0)
                out[idx + l - m] = p1
        idx += lmax + 1 - m
    return out


def make_sht(lmax, nlat, nlon, dev):
    try:
        from torch_harmonics import RealSHT  # type: ignore

        sht = RealSHT(nlat, nlon, lmax=lmax + 1, mmax=lmax + 1, grid="legendre-gauss", norm="ortho").to(dev)

        def power(f):  # f [B, nlat, nlon] -> C_l [B, lmax+1]
            c = sht(f)  # [B, l, m] complex
            w = torch.ones(lmax + 1, device=dev)
            w[1:] = 2.0
            return (c.abs() ** 2 * w).sum(-1) / (2 * torch.arange(lmax + 1, device=dev) + 1)

        return power, "torch-harmonics RealSHT"
    except Exception:
        x, wq = np.polynomial.legendre.leggauss(nlat)
        T = torch.tensor(legendre_table(lmax, x) * wq, dtype=torch.float32, device=dev)  # [ntri, nlat]
        mm = torch.tensor(np.concatenate([np.full(lmax + 1 - m, m) for m in range(lmax + 1)]), device=dev)
        ll = torch.tensor(np.concatenate([np.arange(m, lmax + 1) for m in range(lmax + 1)]), device=dev)
        norm = torch.where(mm == 0, 1.0, 2.0).float()

        def power(f):
            F = torch.fft.rfft(f, dim=-1)[..., : lmax + 1] * (2 * math.pi / nlon)  # [B, nlat, m]
            G = F[:, :, mm]  # [B, nlat, ntri]
            a = torch.einsum("ij,bji->bi", T.to(torch.complex64), G)
            p = torch.zeros(f.shape[0], lmax + 1, device=dev).index_add_(1, ll, (a.abs() ** 2) * norm)
            return p / (2 * torch.arange(lmax + 1, device=dev) + 1)

        return power, "rfft + Legendre matmul (torch-harmonics not installed)"


def main():
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    K, n, L, lmax = 256, 1024, 4, 63
    if dev == "cpu":
        K, n = 4, 256
    nlat, nlon = lmax + 1, 2 * lmax + 2
    x, _ = np.polynomial.legendre.leggauss(nlat)
    th = np.arccos(x)
    ph = 2 * np.pi * np.arange(nlon) / nlon
    P = np.stack([np.outer(np.sin(th), np.cos(ph)), np.outer(np.sin(th), np.sin(ph)), np.outer(np.cos(th), np.ones(nlon))], 0).reshape(3, -1)
    X = torch.tensor(P, dtype=torch.float32, device=dev)
    M = X.shape[1]
    power, sht_name = make_sht(lmax, nlat, nlon, dev)
    chunk = 32 if dev == "cuda" else K

    def network_fields():
        out = []
        for k0 in range(0, K, chunk):
            kc = min(chunk, K - k0)
            h = torch.relu(torch.randn(kc, n, 3, device=dev) @ X)
            for _ in range(L - 1):
                W = torch.randn(kc, n, n, device=dev) * math.sqrt(2.0 / n)
                h = torch.relu(torch.bmm(W, h))
            w = torch.randn(kc, 1, n, device=dev) * math.sqrt(2.0 / n)
            out.append(torch.bmm(w, h)[:, 0])
        return torch.cat(out)

    def pipeline():
        f = network_fields().reshape(K, nlat, nlon)
        return power(f)

    def timed(fn, reps):
        fn()
        if dev == "cuda":
            torch.cuda.synchronize()
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            fn()
            if dev == "cuda":
                torch.cuda.synchronize()
            ts.append(time.perf_counter() - t)
        return float(np.median(ts))

    macs = K * M * (3 * n + (L - 1) * n * n + n)
    res = {"device": torch.cuda.get_device_name() if dev == "cuda" else "cpu", "torch": torch.__version__, "sht": sht_name,
           "config": {"networks": K, "width": n, "depth": L, "lmax": lmax, "points": M}, "usefulTflop": 2 * macs / 1e12}
    for tf32 in (False, True):
        torch.backends.cuda.matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32
        tn = timed(network_fields, 5)
        tp = timed(pipeline, 5)
        res["tf32" if tf32 else "fp32"] = {"networkMs": 1e3 * tn, "networkTflops": 2 * macs / tn / 1e12, "pipelineMs": 1e3 * tp}
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
