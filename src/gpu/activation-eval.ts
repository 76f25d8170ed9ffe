/** Elementwise φ and φ' on the GPU, through the same WGSL the sampling and training kernels use. */
import type { ActivationSpec } from '../theory/activation-spec.js';
import { activationWgsl } from './activation-wgsl.js';
import { bindBuffers, computePipeline, encodeDispatch, readF32, storageBuffer, withGpuErrors } from './buffers.js';
import { getGpu } from './device.js';
import { dispatchGrid } from './limits.js';

/** φ(xs[i]) and φ'(xs[i]) computed in f32 on the shared device. */
export async function evalActivationGpu(
  spec: ActivationSpec,
  xs: ArrayLike<number>,
): Promise<{ value: Float32Array; deriv: Float32Array }> {
  const { device } = await getGpu();
  const n = xs.length;
  const src = Float32Array.from(xs);
  return withGpuErrors(device, 'activation evaluation', async () => {
    const pipeline = await computePipeline(device, 'sample/activation-eval.wgsl', { ACTIVATION: activationWgsl(spec) });
    const xb = storageBuffer(device, src, 'xs');
    const ob = storageBuffer(device, 2 * n * 4, 'act-out');
    const enc = device.createCommandEncoder();
    const [gx, gy] = dispatchGrid(Math.ceil(n / 64), device.limits.maxComputeWorkgroupsPerDimension);
    encodeDispatch(enc, pipeline, bindBuffers(device, pipeline, [xb, ob]), gx, gy);
    device.queue.submit([enc.finish()]);
    const r = await readF32(device, ob, 2 * n);
    xb.destroy();
    ob.destroy();
    const value = new Float32Array(n);
    const deriv = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      value[i] = r[2 * i];
      deriv[i] = r[2 * i + 1];
    }
    return { value, deriv };
  });
}
