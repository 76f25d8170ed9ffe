/** Backend choice shared by the linear-algebra entry points. */
import { parseBackend, type Backend, type ResolvedBackend } from '../backend.js';
import { NnspectraError } from '../errors.js';
import { getGpu, type GpuContext } from '../gpu/device.js';

export interface BackendChoice {
  backend: ResolvedBackend;
  gpu?: GpuContext;
  /** Why 'auto' fell back to the CPU. */
  fallback?: string;
}

/**
 * 'cpu' -> CPU; 'webgpu' -> the GPU or an NnspectraError('GPU'); 'auto' -> a hardware GPU when
 * one can be had, else the CPU twin with the reason in `fallback`. On a software adapter
 * (SwiftShader) 'auto' takes the CPU twin too: it is float64 and, for these solvers, orders of
 * magnitude faster than WGSL emulated on the same cores.
 */
export async function chooseBackend(b: Backend | undefined): Promise<BackendChoice> {
  const want = parseBackend(b ?? 'auto');
  if (want === 'cpu') return { backend: 'cpu' };
  try {
    const gpu = await getGpu();
    if (want === 'auto' && gpu.adapter.software)
      return { backend: 'cpu', fallback: 'software WebGPU adapter (SwiftShader): used the float64 CPU twin' };
    return { backend: 'webgpu', gpu };
  } catch (e) {
    if (want === 'webgpu') throw e;
    const why = e instanceof NnspectraError ? e.message : String(e);
    return { backend: 'cpu', fallback: `WebGPU unavailable (${why}); used the CPU twin` };
  }
}
