import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { runBench } from '../../src/widgets/bench.js';

afterAll(releaseDevice);

describe('the browser benchmark on a WebGPU device', () => {
  it('times every kernel on the GPU and the CPU twin; pass times from timestamp queries fit inside the wall time', async () => {
    const ctx = await getGpu();
    const rows: unknown[] = [];
    const r = await runBench({ width: 8, depth: 1, networks: 1, lmax: 7, sht: [7], eig: 40 }, new AbortController().signal, (x) => rows.push(x));
    expect(rows).toEqual(r.rows);
    expect(r.rows.map((x) => `${x.what}/${x.backend}`)).toEqual([
      'network evaluation/webgpu',
      'network evaluation/cpu',
      'SHT per field/webgpu',
      'SHT per field/cpu',
      'eigvalsh/webgpu',
      'eigvalsh/cpu',
    ]);
    expect(r.timestampQuery).toBe(ctx.features.has('timestamp-query'));
    for (const x of r.rows) {
      expect(x.ms).toBeGreaterThan(0);
      if (x.backend === 'cpu' || !r.timestampQuery) expect(x.gpuMs).toBeNull();
      else {
        expect(x.gpuMs).toBeGreaterThan(0);
        // Passes of one queue run one after another inside the call's wall time.
        expect(x.gpuMs!).toBeLessThanOrEqual(x.ms * 1.01);
      }
    }
    // The command-encoder wrapper is gone after the run.
    expect(Object.prototype.hasOwnProperty.call(ctx.device, 'createCommandEncoder')).toBe(false);
  });
});
