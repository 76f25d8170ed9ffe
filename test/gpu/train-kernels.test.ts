import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../../src/gpu/device.js';
import { fillNormals } from '../../src/rng/philox.js';
import { kernelMatrices } from '../../src/train/kernels.js';
import { initWeights, type MlpSpec } from '../../src/train/model.js';
import { resolveTrainActivation } from '../../src/train/activation.js';

afterAll(releaseDevice);

describe('CK and NTK Gram products on WebGPU', () => {
  it('match the float64 twin to f32 accuracy (depth 3, several outputs, a frozen layer)', async () => {
    const spec: MlpSpec = { sizes: [7, 20, 12, 3], activation: resolveTrainActivation('tanh'), parameterization: 'ntk' };
    const W = initWeights(spec, 4);
    const rows = 24;
    const X = new Float64Array(rows * 7);
    fillNormals(X, rows, 7, 3, 50, 0, 0);
    const frozen = [false, true, false];
    const want = { ck: true, ntk: true };
    const cpu = await kernelMatrices(spec, W, X, rows, frozen, want, 'cpu');
    const gpu = await kernelMatrices(spec, W, X, rows, frozen, want, 'webgpu');
    for (const key of ['ck', 'ntk'] as const) {
      const a = gpu[key]!;
      const b = cpu[key]!;
      const scale = Math.max(...b.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5 * scale);
    }
  });
});
