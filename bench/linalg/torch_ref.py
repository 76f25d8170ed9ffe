"""Reference timings for bench/linalg on a CUDA machine: torch.linalg eigvalsh / eigh / svdvals
in float32 (the precision of the WebGPU path) at the sizes bench.mjs uses.

    python3 bench/linalg/torch_ref.py            # writes bench/results/linalg-torch.json

Then run `npm run bench:linalg` on the same machine for the nnspectra side: it reads this file
and adds the GPU target (WebGPU eigh at n = 2048 within 2x of torch.linalg.eigvalsh) to
the `targets` of bench/results/linalg.json.
"""
import json
import os
import time

import torch


def best(fn, reps=5):
    fn()  # warm-up: cuSOLVER handles, workspace allocation
    torch.cuda.synchronize()
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        torch.cuda.synchronize()
        out.append(time.perf_counter() - t)
    return min(out)


def main():
    dev = torch.device("cuda")
    g = torch.Generator(device=dev).manual_seed(0)
    results = []
    for n in (256, 1024, 2048, 4096):
        a = torch.rand(n, n, device=dev, generator=g, dtype=torch.float32) - 0.5
        a = (a + a.T) / 2
        for op, fn in (("eigvalsh", torch.linalg.eigvalsh), ("eigh", torch.linalg.eigh)):
            s = best(lambda: fn(a))
            results.append({"op": op, "n": n, "dtype": "float32", "seconds": s})
            print(results[-1])
    for m, n in ((1024, 4096),):
        a = torch.rand(m, n, device=dev, generator=g, dtype=torch.float32) - 0.5
        s = best(lambda: torch.linalg.svdvals(a))
        results.append({"op": "svdvals", "m": m, "n": n, "dtype": "float32", "seconds": s})
        print(results[-1])
        s = best(lambda: torch.linalg.svd(a, full_matrices=False))
        results.append({"op": "svd", "m": m, "n": n, "dtype": "float32", "seconds": s})
        print(results[-1])
    out = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "device": torch.cuda.get_device_name(0),
        "torch": torch.__version__,
        "results": results,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "results", "linalg-torch.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
    print("wrote", path)


if __name__ == "__main__":
    main()
