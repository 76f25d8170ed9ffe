/** Argument checks shared by the linear-algebra entry points (house error format). */
import { checkInt, invalidParam } from '../errors.js';
import { formatBytes } from '../gpu/limits.js';

export type Matrix = Float32Array | Float64Array;

/** Checks that `a` is a Float32Array/Float64Array of exactly `len` finite numbers. */
export function checkMatrix(param: string, a: unknown, len: number, shape: string): Matrix {
  if (!(a instanceof Float32Array) && !(a instanceof Float64Array))
    invalidParam(param, `a Float32Array or Float64Array of ${shape} = ${len} numbers`, describe(a));
  if (a.length !== len) invalidParam(param, `${shape} = ${len} numbers long`, `length ${a.length}`);
  for (let i = 0; i < len; i++) {
    const x = a[i];
    // x - x is NaN exactly for NaN and ±Inf, and is the cheapest test in the hot loop.
    if (x - x !== 0) invalidParam(param, 'finite (no NaN or Inf)', `${x} at index ${i}`);
  }
  return a;
}

/** Checks a matrix dimension (1 .. 2^24, enough for any buffer we can allocate). */
export function checkDim(param: string, v: number): number {
  return checkInt(param, v, 1, 1 << 24);
}

function describe(a: unknown): string {
  if (a === null) return 'null';
  if (Array.isArray(a)) return 'a plain Array';
  if (typeof a === 'object') return (a as object).constructor?.name ?? 'object';
  return typeof a;
}

/** A float64 copy (the CPU twins work in float64 whatever the input type). */
export function toF64(a: Matrix): Float64Array {
  return a instanceof Float64Array ? a.slice() : Float64Array.from(a);
}

/** Working memory the float64 CPU twin may take for one call (typed arrays beyond it tend to fail). */
export const CPU_LINALG_CAP_BYTES = 4 * 2 ** 30;

/**
 * Refuses, naming `param`, work whose float64 working set (`doubles`) would pass the CPU cap:
 * an allocation failure deep inside would otherwise surface as a bare RangeError.
 */
export function checkCpuMemory(param: string, doubles: number, what: string): void {
  const bytes = 8 * doubles;
  if (bytes > CPU_LINALG_CAP_BYTES)
    invalidParam(param, `small enough for ${what} on the CPU twin: it would need ${formatBytes(bytes)} of working memory, above the cap of ${formatBytes(CPU_LINALG_CAP_BYTES)}`);
}
