/**
 * The per-layer report: eigenvalues of files built with chosen singular values, in every
 * format and dtype, against an independent one-sided Jacobi SVD of the values as stored;
 * metrics against their definitions; convolutions as slices and reshaped; MP fits and the
 * shuffle on random matrices over several seeds; filter, skips, progress and cancellation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { analyzeWeights, shuffle, type LayerReport } from '../../src/weights/analyze.js';
import { smallGramF64 } from '../../src/weights/esd.js';
import { encode, npy, npz, onnxModel, rng, rounded, safetensors, squaresAscending, withSingularValues, type Dt } from './weights-fixtures.js';

/** Singular values by one-sided Jacobi (Hestenes) in float64: the independent reference. */
function jacobiSigma(a: ArrayLike<number>, rows: number, cols: number): number[] {
  // Work on the orientation with fewer columns.
  const t = cols > rows;
  const m = t ? cols : rows, n = t ? rows : cols;
  const A = new Float64Array(m * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t ? (A[j * n + i] = a[i * cols + j]) : (A[i * n + j] = a[i * cols + j]);
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        let al = 0, be = 0, ga = 0;
        for (let i = 0; i < m; i++) {
          const x = A[i * n + p], y = A[i * n + q];
          al += x * x;
          be += y * y;
          ga += x * y;
        }
        if (Math.abs(ga) <= 1e-300 || Math.abs(ga) < 1e-15 * Math.sqrt(al * be)) continue;
        off = Math.max(off, Math.abs(ga) / Math.sqrt(al * be));
        const zeta = (be - al) / (2 * ga);
        const tt = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tt * tt), s = c * tt;
        for (let i = 0; i < m; i++) {
          const x = A[i * n + p], y = A[i * n + q];
          A[i * n + p] = c * x - s * y;
          A[i * n + q] = s * x + c * y;
        }
      }
    if (off < 1e-15) break;
  }
  const sv: number[] = [];
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += A[i * n + j] ** 2;
    sv.push(Math.sqrt(s));
  }
  return sv;
}
const eigRef = (a: ArrayLike<number>, r: number, c: number) => jacobiSigma(a, r, c).map((s) => s * s).sort((x, y) => x - y);

function expectSpectrum(got: ArrayLike<number>, want: number[], rel: number) {
  expect(got.length).toBe(want.length);
  const scale = Math.max(...want);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(rel * scale);
}

const S = Array.from({ length: 12 }, (_, i) => 3 / (1 + i) ** 0.7);
const ROWS = 20, COLS = 12;
const W = withSingularValues(ROWS, COLS, S, 11);

async function one(files: Record<string, Uint8Array>, entry: string, opts = {}) {
  const r = await analyzeWeights(Object.entries(files).map(([name, data]) => ({ name, data })), { backend: 'cpu', eigenvalues: true, ...opts });
  return r;
}

describe('eigenvalues of files with chosen spectra', () => {
  const formats: Array<[string, (dt: Dt) => [Record<string, Uint8Array>, string] | null]> = [
    ['safetensors', (dt) => [{ 'm.safetensors': safetensors([{ name: 'w', dtype: dt, shape: [ROWS, COLS], bytes: encode(W, dt) }]) }, 'm.safetensors']],
    ['npy', (dt) => (dt === 'BF16' ? null : [{ 'w.npy': npy(W, [ROWS, COLS], `<${{ F16: 'f2', F32: 'f4', F64: 'f8' }[dt]}`, true) }, 'w.npy'])],
    ['npz', (dt) => (dt === 'BF16' ? null : [{ 'm.npz': npz({ w: npy(W, [ROWS, COLS], `>${{ F16: 'f2', F32: 'f4', F64: 'f8' }[dt]}`) }, true) }, 'm.npz'])],
    ['onnx', (dt) => [{ 'm.onnx': onnxModel({ initializer: [{ name: 'w', dims: [ROWS, COLS], data_type: { F32: 1, F16: 10, F64: 11, BF16: 16 }[dt], raw_data: encode(W, dt) }] }) }, 'm.onnx']],
    ['tfjs', (dt) => (dt === 'F32' || dt === 'F16' ? [{
      'model.json': new TextEncoder().encode(JSON.stringify({ weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [ROWS, COLS], dtype: 'float32', ...(dt === 'F16' ? { quantization: { dtype: 'float16' } } : {}) }] }] })),
      'w.bin': encode(W, dt),
    }, 'model.json'] : null)],
  ];
  for (const [fmt, make] of formats)
    for (const dt of ['F64', 'F32', 'F16', 'BF16'] as Dt[]) {
      const made = make(dt);
      if (!made) continue;
      it(`${fmt} ${dt}: σ² of the stored matrix (Jacobi reference), and of the chosen σ to the dtype's precision`, async () => {
        const r = await one(made[0], made[1]);
        expect(r.layers.map((l) => [l.name, l.N, l.M, l.Q])).toEqual([['w', ROWS, COLS, ROWS / COLS]]);
        const ev = r.layers[0].eigenvalues!;
        expectSpectrum(ev, eigRef(rounded(W, dt), ROWS, COLS), 1e-12);
        expectSpectrum(ev, squaresAscending(S), { F64: 1e-13, F32: 1e-6, F16: 2e-3, BF16: 2e-2 }[dt]);
      });
    }
});

describe('Gram matrix of the smaller side', () => {
  it('blocks along the long side and lower-triangle panels give the exact WᵀW / WWᵀ (float32 and float64 input)', () => {
    for (const [rows, cols] of [[301, 70], [70, 301], [33, 33]]) {
      const w = Float64Array.from({ length: rows * cols }, rng(rows));
      for (const data of [w, Float32Array.from(w)]) {
        const { g, size } = smallGramF64({ rows, cols, data }, 70 * 20); // blocks of 20 along the long side
        expect(size).toBe(Math.min(rows, cols));
        let err = 0, mx = 0;
        for (let i = 0; i < size; i++)
          for (let j = 0; j < size; j++) {
            let ref = 0;
            if (rows >= cols) for (let k = 0; k < rows; k++) ref += data[k * cols + i] * data[k * cols + j];
            else for (let k = 0; k < cols; k++) ref += data[i * cols + k] * data[j * cols + k];
            err = Math.max(err, Math.abs(g[i * size + j] - ref));
            mx = Math.max(mx, Math.abs(ref));
          }
        expect(err).toBeLessThan(1e-13 * mx);
      }
    }
  });
});

describe('metrics', () => {
  it('match their definitions on the chosen spectrum', async () => {
    const r = await one({ 'm.safetensors': safetensors([{ name: 'w', dtype: 'F64', shape: [ROWS, COLS], bytes: encode(W, 'F64') }]) }, 'm.safetensors');
    const l = r.layers[0];
    const lam = squaresAscending(S);
    const sum = lam.reduce((a, b) => a + b), max = Math.max(...lam);
    expect(l.logNorm).toBeCloseTo(Math.log10(sum), 12);
    expect(l.logSpectralNorm).toBeCloseTo(Math.log10(max), 12);
    expect(l.stableRank).toBeCloseTo(sum / max, 11);
    const ps = S.map((s) => s / S.reduce((a, b) => a + b));
    expect(l.effectiveRank).toBeCloseTo(Math.exp(-ps.reduce((a, p) => a + p * Math.log(p), 0)), 10);
    const tail = lam.filter((x) => x >= l.xmin! * (1 - 1e-12));
    const alpha = 1 + tail.length / tail.reduce((a, x) => a + Math.log(x / l.xmin!), 0);
    expect(l.alpha).toBeCloseTo(alpha, 9);
    expect(l.alphaSE).toBeCloseTo((alpha - 1) / Math.sqrt(tail.length), 9);
    expect(l.alphaWeighted).toBeCloseTo(alpha * Math.log10(max), 9);
    expect(l.mpSoftRank).toBeCloseTo(l.mpBulkMax! / max, 12);
    expect(l.warning).toBe(alpha < 2 ? 'over-trained' : alpha > 6 ? 'under-trained' : '');
    expect(r.summary).toMatchObject({ layers: 1, alpha: l.alpha, logNorm: l.logNorm });
  });

  it('α of a spectrum drawn from a power law p(λ) ∝ λ^-3 is recovered within 3 standard errors (seeds 0–4)', async () => {
    for (let seed = 0; seed < 5; seed++) {
      const normal = rng(100 + seed);
      const n = 160;
      // Pareto(α = 3) eigenvalues: λ = u^(-1/(α-1)), u uniform, from normals through Φ.
      const lam = Array.from({ length: n }, () => {
        const z = normal();
        const u = 0.5 * (1 + Math.tanh(z * 0.7978845608 * (1 + 0.044715 * z * z)));
        return Math.max(u, 1e-12) ** (-1 / 2);
      });
      const w = withSingularValues(n, n, lam.map(Math.sqrt), 200 + seed);
      const r = await one({ 'm.safetensors': safetensors([{ name: 'w', dtype: 'F64', shape: [n, n], bytes: encode(w, 'F64') }]) }, 'm.safetensors');
      const l = r.layers[0];
      expect(Math.abs(l.alpha! - 3)).toBeLessThan(3 * l.alphaSE! + 0.05);
    }
  });

  it('Gaussian W: the MP bulk edge N(1+√(M/N))² with no spikes; a planted rank-one signal is one spike (seeds 0–4)', async () => {
    const N = 240, M = 120, theta = 4;
    for (let seed = 0; seed < 5; seed++) {
      const normal = rng(300 + seed);
      const g = Float64Array.from({ length: N * M }, normal);
      const u = Float64Array.from({ length: N }, normal), v = Float64Array.from({ length: M }, normal);
      const nu = Math.hypot(...u), nv = Math.hypot(...v);
      // θ·√N·u vᵀ puts σ² ≈ θ²N on top of a bulk of edge ≈ N(1+√q)² = 2.91·N.
      const spiked = Float64Array.from(g, (x, k) => x + (theta * Math.sqrt(N) * u[Math.floor(k / M)] * v[k % M]) / (nu * nv));
      const r = await one({
        'm.safetensors': safetensors([
          { name: 'gauss', dtype: 'F64', shape: [N, M], bytes: encode(g, 'F64') },
          { name: 'spiked', dtype: 'F64', shape: [M, N], bytes: encode(transpose(spiked, N, M), 'F64') },
        ]),
      }, 'm.safetensors', { randomize: true, seed });
      const [a, b] = r.layers;
      expect(a.mpBulkMax! / (N * (1 + Math.sqrt(M / N)) ** 2)).toBeGreaterThan(0.9);
      expect(a.mpBulkMax! / (N * (1 + Math.sqrt(M / N)) ** 2)).toBeLessThan(1.1);
      expect(a.numSpikes).toBe(0);
      expect([b.N, b.M]).toEqual([N, M]);
      expect(b.numSpikes).toBe(1);
      // The shuffle destroys the rank-one structure: no spike left, and the largest eigenvalue drops to the bulk.
      expect(b.randomized!.numSpikes).toBe(0);
      expect(b.randomized!.lambdaMax).toBeLessThan(b.lambdaMax / 2);
    }
  });

  it('the shuffle is a seeded permutation; a few huge elements survive it as a spike (correlation trap)', async () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => i);
    const s0 = shuffle(x, 3, 0);
    expect(Array.from(s0).sort((a, b) => a - b)).toEqual(Array.from(x));
    expect(Array.from(shuffle(x, 3, 0))).toEqual(Array.from(s0));
    expect(Array.from(shuffle(x, 4, 0))).not.toEqual(Array.from(s0));
    const N = 200, M = 100;
    for (let seed = 0; seed < 3; seed++) {
      const g = Float64Array.from({ length: N * M }, rng(400 + seed));
      g[17] = 60;
      const r = await one({ 'm.npy': npy(g, [N, M], '<f8') }, 'm.npy', { randomize: true, seed });
      expect(r.layers[0].randomized!.numSpikes).toBeGreaterThanOrEqual(1);
      expect(r.layers[0].randomized!.lambdaMax).toBeGreaterThan(3600 * 0.9);
    }
  });
});

function transpose(a: Float64Array, r: number, c: number): Float64Array {
  const t = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
  return t;
}

describe('convolutions', () => {
  const cout = 6, cin = 4, kh = 2, kw = 3;
  const taps = Array.from({ length: kh * kw }, (_, t) => withSingularValues(cout, cin, [4 - t * 0.5, 2, 1 + t * 0.1, 0.5], 50 + t));
  const oihw = new Float64Array(cout * cin * kh * kw);
  const hwio = new Float64Array(cout * cin * kh * kw);
  for (let t = 0; t < kh * kw; t++)
    for (let o = 0; o < cout; o++)
      for (let i = 0; i < cin; i++) {
        oihw[(o * cin + i) * kh * kw + t] = taps[t][o * cin + i];
        hwio[(t * cin + i) * cout + o] = taps[t][o * cin + i];
      }

  it('slices: the taps\' spectra pooled (OIHW and TF.js HWIO agree); reshape: σ² of the c_out × c_in·kh·kw matrix', async () => {
    const pooled = taps.flatMap((m) => eigRef(m, cout, cin)).sort((a, b) => a - b);
    const files = {
      'c.npy': npy(oihw, [cout, cin, kh, kw], '<f8'),
      'model.json': new TextEncoder().encode(JSON.stringify({ weightsManifest: [{ paths: ['c.bin'], weights: [{ name: 'conv', shape: [kh, kw, cin, cout], dtype: 'float32' }] }] })),
      'c.bin': encode(hwio, 'F32'),
    };
    const r = await one(files, '');
    const [np, tf] = [r.layers.find((l) => l.name === 'c')!, r.layers.find((l) => l.name === 'conv')!];
    expect([np.kind, np.matrices, np.N, np.M]).toEqual(['conv2d', 6, 6, 4]);
    expectSpectrum(np.eigenvalues!, pooled, 1e-12);
    expectSpectrum(tf.eigenvalues!, pooled, 1e-6);
    const rr = await one(files, '', { conv: 'reshape' });
    const ref = eigRef(oihw, cout, cin * kh * kw);
    for (const l of rr.layers) {
      expect([l.matrices, l.N, l.M]).toEqual([1, 24, 6]);
      expectSpectrum(l.eigenvalues!, ref, 1e-6);
    }
  });
});

describe('selection, skips, files, progress, cancellation', () => {
  const st = safetensors([
    { name: 'h.0.mlp.w', dtype: 'F32', shape: [ROWS, COLS], bytes: encode(W, 'F32') },
    { name: 'h.0.attn.w', dtype: 'F32', shape: [COLS, ROWS], bytes: encode(W, 'F32') },
    { name: 'h.0.ln.w', dtype: 'F32', shape: [COLS], bytes: encode(S, 'F32') },
    { name: 'h.0.col', dtype: 'F32', shape: [ROWS, 1], bytes: encode(W.subarray(0, ROWS), 'F32') },
    { name: 'h.0.nan', dtype: 'F32', shape: [2, 3], bytes: encode([1, 2, NaN, 4, 5, 6], 'F32') },
    { name: 'h.0.x3', dtype: 'F32', shape: [2, 2, 2], bytes: encode(new Float64Array(8), 'F32') },
    { name: 'h.0.empty', dtype: 'F32', shape: [4, 4, 0, 3], bytes: new Uint8Array(0) },
  ]);

  it('--filter, 1-D / 3-D / single-column / non-finite tensors skipped with reasons; progress per layer', async () => {
    const events: Array<[number, number]> = [];
    const seen: string[] = [];
    const r = await analyzeWeights({ name: 'm.safetensors', data: st }, { backend: 'cpu', onLayer: (l: LayerReport) => seen.push(l.name) }, { onProgress: (e) => events.push([e.done, e.total]) });
    expect(r.layers.map((l) => l.name)).toEqual(['h.0.mlp.w', 'h.0.attn.w']);
    expect(seen).toEqual(['h.0.mlp.w', 'h.0.attn.w']);
    expect(Object.fromEntries(r.skipped.map((s) => [s.name, s.reason]))).toEqual({
      'h.0.ln.w': '1-D (bias or normalisation)',
      'h.0.col': 'its matrices are 20 × 1: fewer than 2 eigenvalues each',
      'h.0.nan': 'contains NaN or Inf (at element 2)',
      'h.0.x3': '3-D: only 2-D (linear, embedding) and 4-D (convolution) tensors are layers',
      'h.0.empty': 'empty (shape 4×4×0×3)',
    });
    expect(events).toEqual([[0, 3], [1, 3], [2, 3], [3, 3]]);
    const f = await analyzeWeights({ name: 'm.safetensors', data: st }, { backend: 'cpu', filter: 'mlp' });
    expect(f.layers.map((l) => l.name)).toEqual(['h.0.mlp.w']);
    await expect(analyzeWeights({ name: 'm.safetensors', data: st }, { filter: '(' })).rejects.toThrow(/filter must be a valid regular expression/);
    await expect(analyzeWeights({ name: 'm.safetensors', data: st }, { conv: 'fold' as never })).rejects.toThrow(/conv must be slices or reshape/);
  });

  it('Node paths: a sharded index with its shards in a folder, the shards not read twice when also given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nns-w-'));
    writeFileSync(join(dir, 'a.safetensors'), safetensors([{ name: 'x', dtype: 'F32', shape: [ROWS, COLS], bytes: encode(W, 'F32') }]));
    writeFileSync(join(dir, 'b.safetensors'), safetensors([{ name: 'y', dtype: 'BF16', shape: [ROWS, COLS], bytes: encode(W, 'BF16') }]));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { x: 'a.safetensors', y: 'b.safetensors' } }));
    const r = await analyzeWeights([join(dir, 'a.safetensors'), join(dir, 'model.safetensors.index.json'), join(dir, 'b.safetensors')], { backend: 'cpu', eigenvalues: true });
    expect(r.layers.map((l) => l.name)).toEqual(['x', 'y']);
    expectSpectrum(r.layers[1].eigenvalues!, eigRef(rounded(W, 'BF16'), ROWS, COLS), 1e-12);
    await expect(analyzeWeights(join(dir, 'missing.safetensors'))).rejects.toMatchObject({ code: 'IO' });
  });

  it('an AbortSignal stops the report with ABORTED', async () => {
    const ac = new AbortController();
    const p = analyzeWeights({ name: 'm.safetensors', data: st }, { backend: 'cpu', onLayer: () => ac.abort() }, { signal: ac.signal });
    await expect(p).rejects.toBeInstanceOf(NnspectraError);
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
  });
});
