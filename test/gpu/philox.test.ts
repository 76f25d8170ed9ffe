import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer } from '../../src/gpu/buffers.js';
import { normalAt } from '../../src/rng/philox.js';

afterAll(releaseDevice);

describe('philox on the GPU', () => {
  it('produces the CPU twin normals (f32 tolerance)', async () => {
    const { device, adapter } = await getGpu();
    expect(adapter.description.length + adapter.vendor.length).toBeGreaterThan(0);
    const n = 1000;
    const out = storageBuffer(device, n * 4, 'out');
    const p = await computePipeline(device, 'test/compose.wgsl', { USE_A: true, N: 64 });
    const enc = device.createCommandEncoder();
    encodeDispatch(enc, p, bindBuffers(device, p, [out]), Math.ceil(n / 64));
    device.queue.submit([enc.finish()]);
    const got = await readF32(device, out, n);
    for (let i = 0; i < n; i++) {
      const want = normalAt(42, 0, i, 3, 5, 7);
      expect(Math.abs(got[i] - want)).toBeLessThan(2e-6 * Math.max(1, Math.abs(want)));
    }
  });
});
