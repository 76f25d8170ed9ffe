/// <reference path="./wat.d.ts" />
/**
 * The WebAssembly SIMD kernels of the CPU twin (householder-kernels.wat) and the float64 work
 * space they run in. Callers lay their arrays out in the space, call a kernel per step, and
 * copy results out; where WebAssembly SIMD is missing, `workSpace` hands out a plain array and
 * callers keep their TypeScript loops (same arithmetic, ~4x slower).
 */
import type { KernelChoice } from './steps.js';
import kernelsBase64 from './householder-kernels.wat';

export interface HouseholderKernels {
  triSteps(A: number, n: number, V: number, lanes: number, tau: number, d: number, e: number, kFrom: number, kTo: number): void;
  gemmRows(m: number, n: number, k: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number): void;
  gemmPairs(m: number, n: number, k: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number): void;
  gemmPacked(m4: number, n4: number, k: number, A: number, lda: number, B: number, ldb: number, C: number, ldc: number, S: number): void;
  bidiagRows(A: number, lda: number, i0: number, i1: number, j0: number, j1: number, vq: number, r: number, vp: number, tp: number): void;
}

export interface WasmSpace {
  kernels: HouseholderKernels;
  /** Float64 view of the caller's part of the space (after the kernels' scratch region). */
  f64: Float64Array;
  /** The kernels' byte pointer to element `off` of `x`, a view into `f64`. */
  ptr(x: Float64Array, off?: number): number;
  /** Byte pointer of the kernels' own scratch region (SCRATCH_BYTES, before `f64`). */
  scratch: number;
  /** Hands the space back for reuse (callers may yield to the event loop while holding it). */
  release(): void;
}

/**
 * The first bytes of every memory belong to the kernels (gemmPacked's panels: a 128×256 block
 * of B and a 128×4 strip of A need 266,240 bytes); callers' arrays start after them.
 */
export const SCRATCH_BYTES = 5 * 65536;

/** Spaces up to this size are kept for reuse; larger ones are dropped after the call. */
const KEEP_BYTES = 64 * 2 ** 20;
/** wasm32 memories stop at 4 GiB; stay well below what engines grant in practice. */
const MAX_BYTES = 2 ** 31;

let module: WebAssembly.Module | null | undefined;
interface Instance {
  memory: WebAssembly.Memory;
  kernels: HouseholderKernels;
  busy: boolean;
}
let kept: Instance | null = null;

function compiled(): WebAssembly.Module | null {
  if (module !== undefined) return module;
  module = null;
  try {
    const bytes = Uint8Array.from(atob(kernelsBase64), (c) => c.charCodeAt(0));
    if (typeof WebAssembly !== 'undefined' && WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
  } catch {
    module = null;
  }
  return module;
}

/** True where the SIMD kernels can run (every current browser and Node >= 16). */
export function wasmKernelsAvailable(): boolean {
  return compiled() !== null;
}

/**
 * Which inner loops the float64 CPU twin runs here: 'webassembly-simd' (the .wat kernels) or
 * 'typescript' (their twins, ~4x slower, where WebAssembly SIMD is missing).
 */
export function cpuKernels(): 'webassembly-simd' | 'typescript' {
  return wasmKernelsAvailable() ? 'webassembly-simd' : 'typescript';
}

/**
 * A work space of at least `float64s` doubles with the kernels bound to it, or null where the
 * kernels are unavailable or the space would be too large. Contents are not cleared.
 */
export function wasmSpace(float64s: number): WasmSpace | null {
  const mod = compiled();
  const bytes = SCRATCH_BYTES + float64s * 8;
  if (!mod || bytes > MAX_BYTES) return null;
  const pages = Math.ceil(bytes / 65536);
  let inst = kept;
  if (!inst || inst.busy || inst.memory.buffer.byteLength < bytes) {
    const i = new WebAssembly.Instance(mod, {});
    const memory = i.exports.memory as WebAssembly.Memory;
    const have = memory.buffer.byteLength / 65536;
    try {
      if (pages > have) memory.grow(pages - have);
    } catch {
      return null; // the engine refused the memory: the caller's TypeScript loops still work
    }
    inst = { memory, kernels: i.exports as unknown as HouseholderKernels, busy: false };
    if (bytes <= KEEP_BYTES && !kept?.busy) kept = inst;
  }
  const held = inst;
  held.busy = true;
  const f64 = new Float64Array(held.memory.buffer, SCRATCH_BYTES);
  return {
    kernels: held.kernels,
    f64,
    // Views of the memory: their byte offsets are the kernels' addresses.
    ptr: (x, off = 0) => x.byteOffset + off * 8,
    scratch: 0,
    release: () => {
      held.busy = false;
    },
  };
}

export interface WorkSpace {
  /** At least the requested doubles: WebAssembly memory when `space` is set, else a plain array. */
  buf: Float64Array;
  /** Set when the kernels run; null when the caller's TypeScript twins must. */
  space: WasmSpace | null;
  release(): void;
}

/**
 * The float64 work space of one CPU-twin computation: WebAssembly memory with the kernels bound
 * (`kernel` 'auto' where available, 'wasm' always, else an Error naming `who`) or a plain array
 * for the TypeScript twins ('js', or where the kernels are unavailable or the space too large).
 */
export function workSpace(float64s: number, kernel: KernelChoice, who: string): WorkSpace {
  const space = kernel === 'js' ? null : wasmSpace(float64s);
  if (kernel === 'wasm' && !space) throw new Error(`${who}: WebAssembly SIMD kernels are unavailable here`);
  return { buf: space ? space.f64 : new Float64Array(float64s), space, release: () => space?.release() };
}
