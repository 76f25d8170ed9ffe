"""Independent high-precision check of deep high-disorder spectra (run after `npx vite build`).

K_{L+1}(cos θ) is composed in mpmath at 50 digits from the closed-form layer maps (erf, sin),
then projected on a θ-rule graded toward 0 and π (float64 Gauss–Legendre panels; the kernel is
exact to 1e-50, so the only error is the rule's). Compares with `nnspectra theory --json`.
Writes bench/results/theory-accuracy.json.
"""
import json
import os
import subprocess
import time

import mpmath as mp
import numpy as np

mp.mp.dps = 50
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

MAPS = {
    "erf": lambda r, c=mp.asin(mp.mpf(2) / 3): mp.asin(2 * r / 3) / c,
    "sin": lambda r, s=mp.sinh(1): mp.sinh(r) / s,
}


def theta_rule(lmax):
    g, w = np.polynomial.legendre.leggauss(30)
    h = min(np.pi / 6, 48 / (lmax + 16))
    br = [0.0] + [1e-16 * 2.0 ** k for k in range(200) if 1e-16 * 2.0 ** k < h] + [h]
    mid = list(np.linspace(h, np.pi - h, 60))
    br = br + mid[1:] + [np.pi - b for b in reversed(br[:-1])]
    th, wt = [], []
    for a, b in zip(br[:-1], br[1:]):
        th.extend(0.5 * (a + b) + 0.5 * (b - a) * g)
        wt.extend(0.5 * (b - a) * w)
    return np.array(th), np.array(wt)


def reference(act, depth, dim, lmax):
    th, wt = theta_rule(lmax)
    f = MAPS[act]
    K = np.empty(len(th))
    for i, t in enumerate(th):
        r = mp.cos(mp.mpf(float(t)))
        for _ in range(depth):
            r = f(r)
        K[i] = float(r)
    # Gegenbauer (λ = (d-2)/2) normalised to G(1) = 1; dμ = c_d sin^{d-2}θ dθ
    lam2 = dim - 2
    cd = float(mp.gamma(mp.mpf(dim) / 2) / (mp.sqrt(mp.pi) * mp.gamma(mp.mpf(dim - 1) / 2)))
    W = wt * cd * np.sin(th) ** (dim - 2) * K
    t = np.cos(th)
    D = []
    gm, g = np.ones_like(t), t.copy()
    for l in range(lmax + 1):
        G = np.ones_like(t) if l == 0 else (t if l == 1 else None)
        if l >= 2:
            gn = ((2 * (l - 1) + lam2) * t * g - (l - 1) * gm) / (l - 1 + lam2)
            gm, g = g, gn
            G = g
        if l == 0:
            N = 1
        elif dim == 2:
            N = 2
        else:
            N = float((2 * l + dim - 2) * mp.binomial(l + dim - 3, l - 1) / l)
        D.append(N * float(np.sum(W * G)))
    return D


def ours(act, depth, dim, lmax):
    out = subprocess.run(
        ["node", os.path.join(ROOT, "dist", "cli.js"), "theory", "--activation", act, "--depth", str(depth), "--dim", str(dim), "--lmax", str(lmax), "--json"],
        capture_output=True, text=True, check=True,
    ).stdout
    return json.loads(out)["depths"][0]["D"]


def main():
    cases = [("erf", 100, 3, 24), ("erf", 100, 2, 24), ("sin", 60, 2, 24), ("sin", 150, 3, 24)]
    rows = []
    for act, depth, dim, lmax in cases:
        t0 = time.perf_counter()
        ref = reference(act, depth, dim, lmax)
        got = ours(act, depth, dim, lmax)
        diff = max(abs(a - b) for a, b in zip(ref, got))
        rows.append({"activation": act, "depth": depth, "dim": dim, "lmax": lmax, "maxAbsDiffD": diff,
                     "D1_ref": ref[1], "D1_ours": got[1], "seconds": time.perf_counter() - t0})
        print(rows[-1], flush=True)
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "theory-accuracy.json"), "w") as fh:
        json.dump({"mpmath_dps": 50, "cases": rows}, fh, indent=2)


if __name__ == "__main__":
    main()
