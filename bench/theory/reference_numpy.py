"""numpy float64 reference for bench/theory: tanh spectrum at lmax 1024, depths 1, 10, 50, 100 on S².

Same mathematics on a plain Gauss–Legendre rule in t (no graded panels, no complement
tracking): accurate while the kernel is smooth on the scale of the rule (depths <= ~50),
under-resolved deeper. Prints one JSON line: timings and D_l for comparison.
"""
import json
import sys
import time

import numpy as np


def hermite_beta(count=200):
    # trapezoid rule for a_k = E[tanh(Z) h_k(Z)], h_k orthonormal Hermite
    h = 0.04
    x = np.arange(-14, 14 + h / 2, h)
    c = h * np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi) * np.tanh(x)
    a = np.zeros(count)
    hm = np.zeros_like(x)
    hk = np.ones_like(x)
    a[0] = c.sum()
    for k in range(1, count):
        hn = (x * hk - np.sqrt(k - 1) * hm) / np.sqrt(k)
        hm, hk = hk, hn
        a[k] = (c * hk).sum()
    m2 = (c * np.tanh(x)).sum()
    return a * a / m2


def gauss_legendre(n):
    """Nodes/weights by vectorised Newton on the Legendre recurrence (numpy's leggauss is an
    O(n^2) eigen-solve, slow and less accurate at n = 4096)."""
    i = np.arange(n)
    z = (1 - (n - 1) / (8.0 * n ** 3)) * np.cos(np.pi * (4 * i + 3) / (4 * n + 2))
    for _ in range(8):
        p0 = np.ones_like(z)
        p1 = z.copy()
        for k in range(2, n + 1):
            p0, p1 = p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k
        dp = n * (z * p1 - p0) / (z * z - 1)
        z = z - p1 / dp
    w = 2 / ((1 - z * z) * dp * dp)
    return z[::-1].copy(), w[::-1].copy()


def main():
    lmax = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
    depths = [1, 10, 50, 100]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
    t0 = time.perf_counter()
    beta = hermite_beta()
    t, w = gauss_legendre(n)
    t1 = time.perf_counter()
    rho = t.copy()
    rec = {}
    for l in range(1, max(depths) + 1):
        rho = np.polynomial.polynomial.polyval(rho, beta)
        if l in depths:
            rec[l] = rho.copy()
    K = np.stack([rec[d] for d in depths]) * (0.5 * w)
    D = np.zeros((len(depths), lmax + 1))
    pm = np.ones_like(t)
    p = t.copy()
    D[:, 0] = K.sum(axis=1)
    if lmax >= 1:
        D[:, 1] = 3 * (K * p).sum(axis=1)
    for l in range(1, lmax):
        pn = ((2 * l + 1) * t * p - l * pm) / (l + 1)
        pm, p = p, pn
        D[:, l + 1] = (2 * l + 3) * (K * p).sum(axis=1)
    t2 = time.perf_counter()
    print(json.dumps({
        "nodes": n,
        "setup_ms": (t1 - t0) * 1e3,
        "spectrum_ms": (t2 - t1) * 1e3,
        "total_ms": (t2 - t0) * 1e3,
        "depths": depths,
        "D": D.tolist(),
    }))


if __name__ == "__main__":
    main()
