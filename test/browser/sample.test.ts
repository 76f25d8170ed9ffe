import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../../src/gpu/device.js';
import { sampleSpectrum } from '../../src/sample/sample.js';
import { openHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h?.close();
  await releaseDevice();
});

const params = { activation: 'relu', depth: 2, width: 16, networks: 3, lmax: 6, seed: 21, sigmaB2: 0.1, keepFields: 1 };

function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    e = Math.max(e, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return e / s;
}

describe('sampling in headless Chromium (WebGPU on SwiftShader)', () => {
  it('runs on the page WebGPU device and gives the numbers Node gives', async () => {
    const web = await h.run(async (api, p) => {
      const r = await api.sampleSpectrum({ ...p, backend: 'webgpu' });
      return { backend: r.backend, adapter: r.adapter, D: r.D, C: r.C, theoryD: r.theoryD, field: Array.from(r.fields!.values) };
    }, params);
    expect(web.backend).toBe('webgpu');
    expect(web.adapter).toMatch(/swiftshader/i);
    const node = await sampleSpectrum({ ...params, backend: 'webgpu' });
    const cpu = await sampleSpectrum({ ...params, backend: 'cpu' });
    expect(relErr(web.field, node.fields!.values)).toBeLessThan(1e-5);
    expect(relErr(web.field, cpu.fields!.values)).toBeLessThan(1e-4);
    expect(relErr(web.D, node.D)).toBeLessThan(1e-4);
    // The theory is float64 JavaScript: equal up to Math-library ulps between the two V8s.
    expect(relErr(web.theoryD!, node.theoryD!)).toBeLessThan(1e-12);
  });

  it('the CPU twin in the browser agrees with Node to float64 rounding', async () => {
    const web = await h.run(async (api, p) => {
      const r = await api.sampleSpectrum({ ...p, backend: 'cpu' });
      return { D: r.D, field: Array.from(r.fields!.values) };
    }, params);
    const node = await sampleSpectrum({ ...params, backend: 'cpu' });
    // Chromium's V8 and Node's may differ in the last ulp of Math.log/cos (Box–Muller).
    expect(relErr(web.field, node.fields!.values)).toBeLessThan(1e-13);
    expect(relErr(web.D, node.D)).toBeLessThan(1e-12);
    expect(h.console.filter((l) => l.startsWith('pageerror'))).toEqual([]);
  });

  it('the linear-algebra twin runs its WebAssembly SIMD kernels in the page, with Node\'s numbers', async () => {
    const n = 50, m = 64, k = 30;
    const sym = Array.from({ length: n * n }, (_, i) => Math.sin(i * 0.7 + (i % n) * (Math.floor(i / n) % n) * 0.01));
    const rect = Array.from({ length: m * k }, (_, i) => Math.cos(i * 1.3));
    const web = await h.run(async (api, p) => {
      const e = await api.eigh(Float64Array.from(p.sym), p.n, { backend: 'cpu' });
      const s = await api.svd(Float64Array.from(p.rect), p.m, p.k, { backend: 'cpu' });
      return { kernels: api.cpuKernels(), e: Array.from(e.values), s: Array.from(s.values) };
    }, { sym, rect, n, m, k });
    expect(web.kernels).toBe('webassembly-simd');
    const { eigh, svd } = await import('../../src/linalg/index.js');
    const e = await eigh(Float64Array.from(sym), n, { backend: 'cpu' });
    const s = await svd(Float64Array.from(rect), m, k, { backend: 'cpu' });
    expect(relErr(web.e, e.values)).toBeLessThan(1e-14);
    expect(relErr(web.s, s.values)).toBeLessThan(1e-14);
  });
});
