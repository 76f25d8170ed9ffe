"""NumPy reference for bench/weights: for every 2-D tensor of a safetensors file, the eigenvalues
of the smaller float64 Gram matrix with np.linalg.eigvalsh (what a WeightWatcher user waits for).
Reads the file by memory map; writes the eigenvalues (float64, concatenated in file order) to OUT.

    python3 numpy_ref.py MODEL.safetensors OUT.bin
"""
import json, struct, sys, time
import numpy as np

path, out = sys.argv[1], sys.argv[2]
with open(path, 'rb') as f:
    n = struct.unpack('<Q', f.read(8))[0]
    header = json.loads(f.read(n))
base = 8 + n
mm = np.memmap(path, dtype=np.uint8, mode='r')
names = [k for k in header if k != '__metadata__' and len(header[k]['shape']) == 2]
names.sort(key=lambda k: header[k]['data_offsets'][0])
evs, t_read, t_gram, t_eig = [], 0.0, 0.0, 0.0
c0 = time.process_time()
for k in names:
    h = header[k]
    a, b = h['data_offsets']
    t0 = time.perf_counter()
    w = np.frombuffer(mm[base + a: base + b], dtype='<f4').reshape(h['shape']).astype(np.float64)
    t1 = time.perf_counter()
    g = w.T @ w if w.shape[0] >= w.shape[1] else w @ w.T
    t2 = time.perf_counter()
    ev = np.linalg.eigvalsh(g)
    t3 = time.perf_counter()
    t_read += t1 - t0; t_gram += t2 - t1; t_eig += t3 - t2
    evs.append(ev)
cpu = time.process_time() - c0
np.concatenate(evs).astype('<f8').tofile(out)
try:
    import threadpoolctl  # noqa: F401
    threads = [p.get('num_threads') for p in threadpoolctl.threadpool_info()]
except Exception:
    threads = None
print(json.dumps({'numpy': np.__version__, 'layers': len(names), 'readSeconds': t_read, 'gramSeconds': t_gram,
                  'eigvalshSeconds': t_eig, 'totalSeconds': t_read + t_gram + t_eig, 'cpuSeconds': cpu, 'blasThreads': threads}))
