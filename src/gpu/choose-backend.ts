/** The one backend policy shared by every compute entry point (sampling, linear algebra, training). */
import { parseBackend, type Backend, type ResolvedBackend } from '../backend.js';
import { NnspectraError } from '../errors.js';
import { describeAdapter, getGpu, type GpuContext } from './device.js';

export interface BackendChoice {
  backend: ResolvedBackend;
  gpu?: GpuContext;
  /** Why 'auto' took the CPU twin. */
  fallback?: string;
}

/**
 * 'cpu' -> CPU; 'webgpu' -> the GPU or the NnspectraError('GPU') that getGpu raised; 'auto' -> a
 * hardware GPU when one can be had, else the CPU twin with the reason in `fallback`. On a
 * software adapter (SwiftShader) 'auto' takes the CPU twin too: WGSL emulated on the same cores
 * is several times slower than the float64 twin (bench:sample, bench:linalg, bench:train).
 */
export async function chooseBackend(b: Backend | undefined): Promise<BackendChoice> {
  const want = parseBackend(b ?? 'auto');
  if (want === 'cpu') return { backend: 'cpu' };
  try {
    const gpu = await getGpu();
    if (want === 'auto' && gpu.adapter.software)
      return {
        backend: 'cpu',
        fallback: `the WebGPU adapter (${describeAdapter(gpu.adapter)}) is a software renderer, slower than the CPU twin; use backend 'webgpu' to run it anyway`,
      };
    return { backend: 'webgpu', gpu };
  } catch (e) {
    if (want === 'webgpu') throw e;
    const why = e instanceof NnspectraError ? e.message : String(e);
    return { backend: 'cpu', fallback: `WebGPU unavailable (${why})` };
  }
}
