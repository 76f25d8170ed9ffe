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
 * 'cpu' -> CPU; 'webgpu' -> the GPU or an NnspectraError('GPU'); 'auto' -> the GPU when one
 * can be had, else the CPU twin with the reason in `fallback`.
 */
export async function chooseBackend(b: Backend | undefined): Promise<BackendChoice> {
  const want = parseBackend(b ?? 'auto');
  if (want === 'cpu') return { backend: 'cpu' };
  try {
    return { backend: 'webgpu', gpu: await getGpu() };
  } catch (e) {
    if (want === 'webgpu') throw e;
    const why = e instanceof NnspectraError ? e.message : String(e);
    return { backend: 'cpu', fallback: `WebGPU unavailable (${why}); used the CPU twin` };
  }
}
