"""NumPy reference for bench/sample/bench.mjs, run in the same benchmark run on the same CPU.

Network evaluation: batched random ReLU MLPs (normalized He init), float32 BLAS matmuls,
on the same number of points; SHT: rfft along rings + Legendre table matmul (float64 table),
the same algorithm as the nnspectra kernels; above lmax 511, where the table would not fit in
memory (4.3 GB at 1023), the Legendre values are made order by order by the same recursion
(vectorised over rings) and each order is one matrix-vector product. Prints one JSON object.
"""
import json
import sys
import time

import numpy as np


def median_time(f, reps):
    f()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return float(np.median(ts))


def legendre_table(lmax, x):
    """Orthonormal lambda_lm(x) for all (l, m), m-major packed, float64."""
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


def sht_fly(f, lmax, x, w):
    """Analysis of fields f [batch, nlat, nlon] without a table: the recursion over l runs for all
    orders at once (step i gives l = m + i for every m), vectorised over orders and rings, and
    each step's values meet the weighted ring coefficients at once. Memory O(lmax * nlat)."""
    nlon = f.shape[2]
    mc = lmax + 1
    F = np.fft.rfft(f, axis=2)[:, :, :mc] * (2 * np.pi / nlon)  # [batch, nlat, m]
    wF = np.transpose(F * w[None, :, None], (0, 2, 1))  # [batch, m, nlat]
    m = np.arange(mc, dtype=float)
    logs = np.log2(np.sqrt(np.maximum(0, (1 - x) * (1 + x))))
    c = -0.5 * np.log2(4 * np.pi) + np.concatenate([[0], np.cumsum(0.5 * np.log2((2 * m[1:] + 1) / (2 * m[1:])))])
    with np.errstate(under="ignore"):
        p1 = np.exp2(c[:, None] + m[:, None] * logs[None, :])  # lambda_mm, [m, nlat]
    p0 = np.zeros_like(p1)
    out = np.zeros((f.shape[0], mc, mc), dtype=complex)  # [batch, l, m]
    for i in range(mc):
        n = mc - i
        if i > 0:
            mm, l = m[:n], m[:n] + i
            if i == 1:
                p1, p0 = (np.sqrt(2 * mm + 3))[:, None] * x[None, :] * p1[:n], p1[:n]
            else:
                a = np.sqrt((4 * l * l - 1) / (l * l - mm * mm))
                b = np.sqrt(((l - 1) ** 2 - mm * mm) / (4 * (l - 1) ** 2 - 1))
                p1, p0 = a[:, None] * (x[None, :] * p1[:n] - b[:, None] * p0[:n]), p1[:n]
        idx = np.arange(n)
        out[:, idx + i, idx] = np.einsum("mj,bmj->bm", p1, wF[:, :n, :])
    return out


def main():
    cfg = json.loads(sys.argv[1])
    res = {"numpy": np.__version__}
    # --- network evaluation
    n, depth, K, M, d = cfg["width"], cfg["depth"], cfg["networks"], cfg["points"], 3
    rng = np.random.default_rng(0)
    X = rng.standard_normal((d, M)).astype(np.float32)
    X /= np.linalg.norm(X, axis=0, keepdims=True)

    def run():
        for _ in range(K):
            h = np.maximum(rng.standard_normal((n, d), dtype=np.float32) @ X, 0)
            for _ in range(depth - 1):
                W = rng.standard_normal((n, n), dtype=np.float32) * np.float32(np.sqrt(2.0 / n))
                h = np.maximum(W @ h, 0)
            w = rng.standard_normal((1, n), dtype=np.float32) * np.float32(np.sqrt(2.0 / n))
            _ = w @ h

    t = median_time(run, 3)
    macs = K * M * (n * d + (depth - 1) * n * n + n)
    res["network"] = {"seconds": t, "gflops": 2 * macs / t / 1e9, "includesWeightGeneration": True}
    # --- SHT per field (float64, rfft + Legendre matmul)
    sht = {}
    for lmax, batch in cfg["sht"]:
        nlat, nlon = lmax + 1, 2 * lmax + 2
        x, w = np.polynomial.legendre.leggauss(nlat)
        if lmax > 511:
            f = rng.standard_normal((batch, nlat, nlon))
            t = time.perf_counter()
            sht_fly(f, lmax, x, w)
            ts = time.perf_counter() - t
            sht[str(lmax)] = {"msPerField": 1e3 * ts / batch, "batch": batch, "legendre": "recursion per order"}
            continue
        T = legendre_table(lmax, x) * w  # [ntri, nlat]
        mm = np.concatenate([np.full(lmax + 1 - m, m) for m in range(lmax + 1)])
        f = rng.standard_normal((batch, nlat, nlon))

        def one():
            F = np.fft.rfft(f, axis=2)[:, :, : lmax + 1] * (2 * np.pi / nlon)
            # a_lm = sum_j T[idx, j] F[:, j, m(idx)]
            a = np.einsum("ij,bji->bi", T, F[:, :, mm])
            return a

        ts = median_time(one, 3)
        sht[str(lmax)] = {"msPerField": 1e3 * ts / batch, "batch": batch}
    res["sht"] = sht
    print(json.dumps(res))


if __name__ == "__main__":
    main()
