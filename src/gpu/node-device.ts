/**
 * Node bootstrap for WebGPU through Dawn (the `webgpu` package). Prefers a hardware adapter;
 * when none is found and Chromium's SwiftShader Vulkan driver is installed, retries with it.
 * This is the only module in src/ outside cli/ that knows about Node.
 */
import { NnspectraError } from '../errors.js';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let cached: GPU | null = null;

export async function nodeGpu(): Promise<GPU> {
  if (cached) return cached;
  let mod: { create: (opts: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    throw new NnspectraError('GPU', `the 'webgpu' package could not be loaded: ${(e as Error).message}`);
  }
  // Dawn's enums (GPUBufferUsage, GPUMapMode, ...) are expected as globals by WebGPU code.
  for (const [k, v] of Object.entries(mod.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  const env = process.env;
  const { existsSync } = await import('node:fs');
  // Dawn's Vulkan loader complains on stderr when there is no session runtime dir (headless CI).
  if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = (await import('node:os')).tmpdir();
  const forced = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  // Without a GPU device node, probing the system's Vulkan drivers only prints Dawn's
  // complaints about software drivers it rejects: go straight to SwiftShader.
  const hardware = existsSync('/dev/dri') || existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl');
  if (!forced && !hardware && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  let gpu = mod.create([]);
  if (forced || (await quietly(() => gpu.requestAdapter()))) return (cached = gpu);
  if (env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    gpu = mod.create([]);
    if (await quietly(() => gpu.requestAdapter())) return (cached = gpu);
  }
  throw new NnspectraError(
    'GPU',
    'no WebGPU adapter: no Vulkan GPU found and SwiftShader is not installed (apt-get install chromium libvulkan1)',
  );
}

/** Runs a probe while silencing Dawn's warnings about adapters it rejects. */
async function quietly<T>(f: () => Promise<T>): Promise<T | null> {
  const origErr = console.error;
  const origWarn = console.warn;
  console.error = () => {};
  console.warn = () => {};
  try {
    return await f();
  } catch {
    return null;
  } finally {
    console.error = origErr;
    console.warn = origWarn;
  }
}
