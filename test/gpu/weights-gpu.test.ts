/**
 * The weight report on WebGPU (float32 Gram + GPU eigensolver) against its float64 CPU twin:
 * the same layers, eigenvalues within 1e-5·λ_max, norms to float32 precision. Sizes stay tiny
 * (SwiftShader runs WGSL on the CPU).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../../src/gpu/device.js';
import { analyzeWeights } from '../../src/weights/analyze.js';
import { encode, safetensors, withSingularValues } from '../unit/weights-fixtures.js';

afterAll(releaseDevice);

describe('weights report on the GPU', () => {
  it('matches the CPU twin: dense (both orientations) and a convolution as slices', async () => {
    const s = Array.from({ length: 24 }, (_, i) => 2 / (1 + i) ** 0.7);
    const file = safetensors([
      { name: 'tall', dtype: 'F32', shape: [40, 24], bytes: encode(withSingularValues(40, 24, s, 1), 'F32') },
      { name: 'wide', dtype: 'F16', shape: [24, 40], bytes: encode(withSingularValues(24, 40, s, 2), 'F16') },
      { name: 'conv', dtype: 'F32', shape: [8, 6, 3, 3], bytes: encode(withSingularValues(8, 54, s.slice(0, 8), 3), 'F32') },
    ]);
    const src = { name: 'm.safetensors', data: file };
    const gpu = await analyzeWeights(src, { backend: 'webgpu', eigenvalues: true });
    const cpu = await analyzeWeights(src, { backend: 'cpu', eigenvalues: true });
    expect(gpu.backend).toBe('webgpu');
    expect(gpu.layers.map((l) => [l.name, l.N, l.M, l.matrices])).toEqual(cpu.layers.map((l) => [l.name, l.N, l.M, l.matrices]));
    for (let i = 0; i < cpu.layers.length; i++) {
      const g = gpu.layers[i], c = cpu.layers[i];
      const tol = 1e-5 * c.lambdaMax;
      const diff = Math.max(...Array.from(c.eigenvalues!, (x, k) => Math.abs(x - g.eigenvalues![k])));
      expect(diff).toBeLessThan(tol);
      expect(g.logNorm).toBeCloseTo(c.logNorm, 5);
      expect(g.logSpectralNorm).toBeCloseTo(c.logSpectralNorm, 5);
      expect(g.stableRank).toBeCloseTo(c.stableRank, 3);
    }
  });
});
