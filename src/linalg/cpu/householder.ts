/**
 * Householder reflectors in float64 (LAPACK's dlarfg: H = I - tau·v·vᵀ with v[first] = 1) and
 * the symmetric -> tridiagonal reduction of the eigensolver, with the one-at-a-time
 * application of reflectors that the blocked version (block-reflectors.ts) is tested against.
 */
import { drain, STEPS_PER_YIELD, type KernelChoice } from './steps.js';
import { reflector, type ReflectorArgs } from './reflector.js';
import { wasmSpace, type WasmSpace } from './wasm-kernels.js';

export type { KernelChoice } from './steps.js';

export interface Tridiagonal {
  n: number;
  /** Diagonal (n). */
  d: Float64Array;
  /** Sub-diagonal (n-1). */
  e: Float64Array;
  /**
   * Reflector k in row k (entries k+1..n-1; entry k+1 is 1), n×n row-major; empty when the
   * caller said it needs no reflectors (eigenvalues only: saves two n² passes).
   */
  v: Float64Array;
  tau: Float64Array;
}

/**
 * Reduces the symmetric matrix `a` (row-major n×n, only the lower triangle is read; it is
 * left as it was) to T = QᵀAQ, Q = H_0·H_1···H_{n-3}. Each step does one fused pass over the
 * trailing lower triangle: the rank-2 update of step k and the symmetric matrix-vector product
 * of step k+1, rows contiguous, so the matrix streams through the cache once per step.
 * The pass runs in WebAssembly SIMD (householder-kernels.wat) unless `kernel` is 'js' or the
 * engine lacks it; both compute the same sums, the SIMD one in a different order.
 */
export function tridiagonalize(a: Float64Array, n: number, kernel: KernelChoice = 'auto', reflectors = true): Tridiagonal {
  return drain(tridiagonalSteps(a, n, kernel, reflectors));
}

/** {@link tridiagonalize} as a generator that yields the step index every STEPS_PER_YIELD steps. */
export function* tridiagonalSteps(
  a: Float64Array,
  n: number,
  kernel: KernelChoice = 'auto',
  reflectors = true,
): Generator<number, Tridiagonal> {
  if (n <= 2) {
    const d = new Float64Array(n);
    const e = new Float64Array(Math.max(0, n - 1));
    const tau = new Float64Array(n);
    d[0] = a[0];
    if (n === 2) {
      d[1] = a[3];
      e[0] = a[2];
    }
    return { n, d, e, v: new Float64Array(n * n), tau };
  }
  // Below n = 16 the kernel calls cost more than they save.
  const choice = kernel === 'auto' && n < 16 ? 'js' : kernel;
  // Where the kernel cannot run (no WebAssembly SIMD, n beyond its lanes, memory refused),
  // 'auto' takes the TypeScript twin.
  const space = choice !== 'js' && n <= MAX_LANE ? wasmSpace(wasmFloats(n)) : null;
  if (space) return yield* wasmTridiagonal(a, n, space, reflectors);
  if (choice === 'wasm') throw new Error(`tridiagonalize: the WebAssembly kernel is unavailable here or n > ${MAX_LANE}`);
  return yield* jsTridiagonal(a, n);
}

/** The kernel's vector lanes hold this many doubles (householder-kernels.wat, triSteps). */
const MAX_LANE = 16384;
/** Four lanes, 131136 bytes apart. */
const LANES = (4 * 131136) / 8;
const even = (x: number): number => x + (x & 1);
const wasmFloats = (n: number): number => 2 * even(n * n) + LANES + 3 * n;

/**
 * The reduction in the WebAssembly kernel: steps -1 (the first product) to n-3, a slice of
 * steps per call so that the generator can yield between them.
 * Layout: A | V (each n², padded to keep the lanes 16-byte aligned) | lanes | tau | d | e.
 */
function* wasmTridiagonal(
  a: Float64Array,
  n: number,
  space: WasmSpace,
  reflectors: boolean,
): Generator<number, Tridiagonal> {
  try {
    const { f64, ptr } = space;
    const nA = even(n * n);
    const A = f64.subarray(0, n * n);
    const V = f64.subarray(nA, nA + n * n);
    const lanes = f64.subarray(2 * nA, 2 * nA + LANES);
    const tail = f64.subarray(2 * nA + LANES, 2 * nA + LANES + 3 * n);
    A.set(a.subarray(0, n * n));
    // A reused space holds the last call's numbers: the kernel reads only what it wrote, but
    // V's unused triangle and tau's last two entries are returned as they are (zeros).
    if (reflectors) V.fill(0);
    tail.fill(0);
    for (let k = -1; k < n - 2; k += STEPS_PER_YIELD) {
      if (k > 0) yield k;
      const to = Math.min(n - 2, k + STEPS_PER_YIELD);
      space.kernels.triSteps(ptr(A), n, ptr(V), ptr(lanes), ptr(tail), ptr(tail, n), ptr(tail, 2 * n), k, to);
    }
    return { n, tau: tail.slice(0, n), d: tail.slice(n, 2 * n), e: tail.slice(2 * n, 3 * n - 1), v: reflectors ? V.slice() : new Float64Array(0) };
  } finally {
    space.release();
  }
}

/** The same reduction in TypeScript, one fused pass per step (the kernel's twin). */
function* jsTridiagonal(a: Float64Array, n: number): Generator<number, Tridiagonal> {
  const d = new Float64Array(n);
  const e = new Float64Array(n - 1);
  const tau = new Float64Array(n);
  // Layout: A (n²) | V (n²) | p | pn | w | col.
  const buf = new Float64Array(2 * n * n + 4 * n);
  const A = buf.subarray(0, n * n);
  const V = buf.subarray(n * n, 2 * n * n);
  let p = buf.subarray(2 * n * n, 2 * n * n + n);
  let pn = buf.subarray(2 * n * n + n, 2 * n * n + 2 * n);
  const w = buf.subarray(2 * n * n + 2 * n, 2 * n * n + 3 * n);
  const col = buf.subarray(2 * n * n + 3 * n, 2 * n * n + 4 * n);
  A.set(a.subarray(0, n * n));
  // Step 0's reflector and product S·v (plain pass; later products are fused).
  for (let i = 1; i < n; i++) col[i] = A[i * n];
  const r0 = reflector(col, 1, 1, n - 1, V, 1);
  tau[0] = r0.tau;
  e[0] = r0.beta;
  symvLower(A, n, 1, V, 0, p);
  for (let k = 0; k < n - 2; k++) {
    if (k > 0 && k % STEPS_PER_YIELD === 0) yield k;
    const vo = k * n;
    const t = tau[k];
    d[k] = A[k * n + k];
    // w = tau·p - (tau²/2)(pᵀv)·v; A <- A - v wᵀ - w vᵀ.
    let pv = 0;
    for (let i = k + 1; i < n; i++) pv += p[i] * V[vo + i];
    const K = 0.5 * t * t * pv;
    for (let i = k + 1; i < n; i++) w[i] = t * p[i] - K * V[vo + i];
    const k1 = k + 1;
    if (k === n - 3) {
      for (let i = k1; i < n; i++) {
        const vi = V[vo + i], wi = w[i];
        for (let j = k1; j <= i; j++) A[i * n + j] -= vi * w[j] + wi * V[vo + j];
      }
      break;
    }
    // Next reflector from the updated column k+1 (computed ahead of the big pass).
    for (let i = k + 2; i < n; i++) col[i] = A[i * n + k1] - V[vo + i] * w[k1] - w[i] * V[vo + k1];
    const von = k1 * n;
    const r = reflector(col, k + 2, 1, n - k - 2, V, von + k + 2);
    tau[k1] = r.tau;
    e[k1] = r.beta;
    pn.fill(0, k + 2, n);
    // Row k+1 only gets its diagonal updated (its column-(k+1) entries are consumed).
    A[k1 * n + k1] -= 2 * V[vo + k1] * w[k1];
    triPass(A, n, k, V, vo, von, w, pn);
    const tmp = p;
    p = pn;
    pn = tmp;
  }
  d[n - 2] = A[(n - 2) * n + (n - 2)];
  d[n - 1] = A[(n - 1) * n + (n - 1)];
  e[n - 2] = A[(n - 1) * n + (n - 2)];
  return { n, d, e, v: V.slice(), tau };
}

/**
 * Step k's fused pass over rows k+2.. (the twin of triPass in the .wat): the rank-2 update
 * a -= v wᵀ + w vᵀ and the next product pn = S·u with the updated rows.
 */
function triPass(
  a: Float64Array,
  n: number,
  k: number,
  V: Float64Array,
  vo: number,
  von: number,
  w: Float64Array,
  pn: Float64Array,
): void {
  const k1 = k + 1;
  const wk1 = w[k1], vk1 = V[vo + k1];
  let i = k + 2;
  // Two rows at a time: w, v, the next v and pn are loaded once for both.
  for (; i + 1 < n; i += 2) {
    const r0 = i * n, r1 = r0 + n;
    const v0 = V[vo + i], w0 = w[i], u0 = V[von + i];
    const v1 = V[vo + i + 1], w1 = w[i + 1], u1 = V[von + i + 1];
    a[r0 + k1] -= v0 * wk1 + w0 * vk1;
    a[r1 + k1] -= v1 * wk1 + w1 * vk1;
    let s0 = 0, s1 = 0;
    for (let j = k + 2; j < i; j++) {
      const wj = w[j], vj = V[vo + j], uj = V[von + j];
      const x0 = a[r0 + j] - v0 * wj - w0 * vj;
      const x1 = a[r1 + j] - v1 * wj - w1 * vj;
      a[r0 + j] = x0;
      a[r1 + j] = x1;
      s0 += x0 * uj;
      s1 += x1 * uj;
      pn[j] += x0 * u0 + x1 * u1;
    }
    const d0 = a[r0 + i] - 2 * v0 * w0;
    a[r0 + i] = d0;
    const x1i = a[r1 + i] - v1 * w0 - w1 * v0;
    a[r1 + i] = x1i;
    s1 += x1i * u0;
    pn[i] += s0 + d0 * u0 + x1i * u1;
    const d1 = a[r1 + i + 1] - 2 * v1 * w1;
    a[r1 + i + 1] = d1;
    pn[i + 1] += s1 + d1 * u1;
  }
  for (; i < n; i++) {
    const ro = i * n;
    const vi = V[vo + i], wi = w[i];
    const ui = V[von + i];
    a[ro + k1] -= vi * wk1 + wi * vk1;
    let s = 0;
    for (let j = k + 2; j < i; j++) {
      const x = a[ro + j] - vi * w[j] - wi * V[vo + j];
      a[ro + j] = x;
      s += x * V[von + j];
      pn[j] += x * ui;
    }
    const dii = a[ro + i] - 2 * vi * wi;
    a[ro + i] = dii;
    pn[i] += s + dii * ui;
  }
}

/** y[first..n) = S·v for the trailing symmetric block S = a[first.., first..] (lower triangle). */
function symvLower(a: Float64Array, n: number, first: number, V: Float64Array, vo: number, y: Float64Array): void {
  y.fill(0, first, n);
  for (let i = first; i < n; i++) {
    const ro = i * n;
    const vi = V[vo + i];
    let s = 0;
    for (let j = first; j < i; j++) {
      const x = a[ro + j];
      s += x * V[vo + j];
      y[j] += x * vi;
    }
    y[i] += s + a[ro + i] * vi;
  }
}

/**
 * Applies reflectors to the columns of the row-major rows×cols matrix z (in place):
 * z <- H_first·H_{first+1}···H_last·z, i.e. last reflector first. Reflector j acts on rows
 * start(j).. with vector vs[j*vStride + row] (entry at start(j) is 1). Columns are processed in
 * slabs that fit in L2, so every reflector reuses cached rows.
 */
export function applyReflectorsLeft(...[z, rows, cols, vs, vStride, tau, count, start]: ReflectorArgs): void {
  const SLAB = 64;
  const r = new Float64Array(SLAB);
  for (let c0 = 0; c0 < cols; c0 += SLAB) {
    const c1 = Math.min(cols, c0 + SLAB);
    const w = c1 - c0;
    for (let j = count - 1; j >= 0; j--) {
      const t = tau[j];
      if (t === 0) continue;
      const vo = j * vStride;
      const s0 = start(j);
      r.fill(0, 0, w);
      for (let i = s0; i < rows; i++) {
        const vi = vs[vo + i];
        if (vi === 0) continue;
        const zo = i * cols + c0;
        for (let c = 0; c < w; c++) r[c] += vi * z[zo + c];
      }
      for (let c = 0; c < w; c++) r[c] *= t;
      for (let i = s0; i < rows; i++) {
        const vi = vs[vo + i];
        if (vi === 0) continue;
        const zo = i * cols + c0;
        for (let c = 0; c < w; c++) z[zo + c] -= vi * r[c];
      }
    }
  }
}

