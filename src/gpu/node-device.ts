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
  // Dawn's Vulkan loader complains on stderr when XDG_RUNTIME_DIR is unset (headless CI).
  if (!env.XDG_RUNTIME_DIR) env.XDG_RUNTIME_DIR = (await import('node:os')).tmpdir();
  const forced = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  // Without a GPU device node, probing the system's Vulkan drivers only prints Dawn's
  // complaints about software drivers it rejects: go straight to SwiftShader.
  const hardware = existsSync('/dev/dri') || existsSync('/dev/nvidia0') || existsSync('/dev/nvidiactl');
  if (!forced && !hardware && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  let gpu = mod.create([]);
  if (forced || (await quietly(() => gpu.requestAdapter()))) return (cached = onSoftware(gpu, env));
  if (env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    gpu = mod.create([]);
    if (await quietly(() => gpu.requestAdapter())) return (cached = onSoftware(gpu, env));
  }
  throw new NnspectraError(
    'GPU',
    'no WebGPU adapter: no Vulkan GPU found and SwiftShader is not installed (apt-get install chromium libvulkan1)',
  );
}

function onSoftware(gpu: GPU, env: NodeJS.ProcessEnv): GPU {
  if (env.VK_ICD_FILENAMES === SWIFTSHADER_ICD) throttleDawnTicks();
  return gpu;
}

const THROTTLED = Symbol.for('nnspectra.dawnTicksThrottled');

/**
 * dawn.node keeps its promises moving by rescheduling a native, unnamed tick with the global
 * setImmediate, which spins a core at 100% for as long as any GPU promise is pending. On a
 * software adapter that core is taken from the GPU work itself (SwiftShader's threads): a
 * 128² eigensolve took 27% longer wall and 45% more CPU. Only that kind of callback is sent
 * through setTimeout(0) instead (~1 ms apart); every JavaScript callback (and bound function)
 * keeps setImmediate's own timing. Hardware adapters keep the spin: there it costs a core but
 * no GPU time, and each wait returns sooner.
 */
export function throttleDawnTicks(): void {
  const g = globalThis as unknown as Record<PropertyKey, unknown> & { setImmediate: typeof setImmediate };
  if (g[THROTTLED]) return;
  const original = g.setImmediate;
  const throttled = ((fn: (...a: unknown[]) => void, ...args: unknown[]) =>
    isDawnTick(fn) ? setTimeout(fn, 0, ...args) : original(fn, ...args)) as unknown as typeof setImmediate;
  g.setImmediate = Object.assign(throttled, original);
  g[THROTTLED] = true;
}

/** Native code with no name: what Dawn schedules (bound functions are named "bound ..."). */
export function isDawnTick(fn: unknown): boolean {
  return typeof fn === 'function' && fn.name === '' && /\{\s*\[native code\]\s*\}$/.test(Function.prototype.toString.call(fn));
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
