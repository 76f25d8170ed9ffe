/**
 * Householder reductions in float64: symmetric -> tridiagonal (for eigh) and general ->
 * upper bidiagonal (Golub–Kahan, for svd), with the back-transformations of vectors.
 * Reflectors follow LAPACK's dlarfg: H = I - tau·v·vᵀ with v[first] = 1.
 */
import { wasmSpace } from './wasm-kernels.js';

/** dlarfg on x (length len, at x[off + i*stride]); returns beta and writes v (v[0] = 1) into out. */
function reflector(
  x: Float64Array,
  off: number,
  stride: number,
  len: number,
  out: Float64Array,
  outOff: number,
): { tau: number; beta: number } {
  const alpha = x[off];
  let scale = 0;
  for (let i = 1; i < len; i++) scale = Math.max(scale, Math.abs(x[off + i * stride]));
  out[outOff] = 1;
  if (scale === 0) {
    for (let i = 1; i < len; i++) out[outOff + i] = 0;
    return { tau: 0, beta: alpha };
  }
  // Scaled norm: no overflow/underflow whatever the magnitude of the entries.
  let ss = 0;
  for (let i = 1; i < len; i++) {
    const t = x[off + i * stride] / scale;
    ss += t * t;
  }
  const xnorm = scale * Math.sqrt(ss);
  const beta = -(alpha >= 0 ? 1 : -1) * Math.hypot(alpha, xnorm);
  const tau = (beta - alpha) / beta;
  const inv = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) out[outOff + i] = x[off + i * stride] * inv;
  return { tau, beta };
}

export interface Tridiagonal {
  n: number;
  /** Diagonal (n). */
  d: Float64Array;
  /** Sub-diagonal (n-1). */
  e: Float64Array;
  /** Reflector k in row k (entries k+1..n-1; entry k+1 is 1), n×n row-major. */
  v: Float64Array;
  tau: Float64Array;
}

/** Which inner loops run the O(n²) passes: WebAssembly SIMD where available, or TypeScript. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

/** Steps between yields of the step generators (progress, cancellation, event loop). */
export const STEPS_PER_YIELD = 32;

/**
 * Reduces the symmetric matrix `a` (row-major n×n, only the lower triangle is read; it is
 * left as it was) to T = QᵀAQ, Q = H_0·H_1···H_{n-3}. Each step does one fused pass over the
 * trailing lower triangle: the rank-2 update of step k and the symmetric matrix-vector product
 * of step k+1, rows contiguous, so the matrix streams through the cache once per step.
 * The pass runs in WebAssembly SIMD (householder-kernels.wat) unless `kernel` is 'js' or the
 * engine lacks it; both compute the same sums, the SIMD one in a different order.
 */
export function tridiagonalize(a: Float64Array, n: number, kernel: KernelChoice = 'auto'): Tridiagonal {
  return drain(tridiagonalSteps(a, n, kernel));
}

/** Runs a step generator to its end. */
export function drain<T>(gen: Generator<number, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** Re-yields a step generator's counts shifted by `base` (phases of one longer computation). */
export function* offsetSteps<T>(gen: Generator<number, T>, base: number): Generator<number, T> {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    yield base + r.value;
  }
}

/** {@link tridiagonalize} as a generator that yields the step index every STEPS_PER_YIELD steps. */
export function* tridiagonalSteps(a: Float64Array, n: number, kernel: KernelChoice = 'auto'): Generator<number, Tridiagonal> {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const tau = new Float64Array(n);
  if (n <= 2) {
    d[0] = a[0];
    if (n === 2) {
      d[1] = a[3];
      e[0] = a[2];
    }
    return { n, d, e, v: new Float64Array(n * n), tau };
  }
  // Layout: A (n²) | V (n²) | p | pn | w | col, in a WebAssembly space or in plain arrays.
  const space = kernel === 'js' || n < 16 ? null : wasmSpace(2 * n * n + 4 * n);
  if (kernel === 'wasm' && !space) throw new Error('tridiagonalize: WebAssembly SIMD kernels are unavailable here');
  const buf = space ? space.f64 : new Float64Array(2 * n * n + 4 * n);
  try {
    const A = buf.subarray(0, n * n);
    const V = buf.subarray(n * n, 2 * n * n);
    let p = buf.subarray(2 * n * n, 2 * n * n + n);
    let pn = buf.subarray(2 * n * n + n, 2 * n * n + 2 * n);
    const w = buf.subarray(2 * n * n + 2 * n, 2 * n * n + 3 * n);
    const col = buf.subarray(2 * n * n + 3 * n, 2 * n * n + 4 * n);
    A.set(a.subarray(0, n * n));
    if (space) V.fill(0); // a reused space holds the last call's numbers
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
      if (space) {
        const B = buf.byteOffset;
        space.kernels.triPass(A.byteOffset - B, n, k, V.byteOffset - B + vo * 8, V.byteOffset - B + von * 8, w.byteOffset - B, pn.byteOffset - B);
      } else {
        triPassJs(A, n, k, V, vo, von, w, pn);
      }
      const tmp = p;
      p = pn;
      pn = tmp;
    }
    d[n - 2] = A[(n - 2) * n + (n - 2)];
    d[n - 1] = A[(n - 1) * n + (n - 1)];
    e[n - 2] = A[(n - 1) * n + (n - 2)];
    return { n, d, e, v: V.slice(), tau };
  } finally {
    space?.release();
  }
}

/**
 * Step k's fused pass over rows k+2.. in TypeScript (the twin of triPass in the .wat): the
 * rank-2 update a -= v wᵀ + w vᵀ and the next product pn = S·u with the updated rows.
 */
function triPassJs(
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
export function applyReflectorsLeft(
  z: Float64Array,
  rows: number,
  cols: number,
  vs: Float64Array,
  vStride: number,
  tau: Float64Array,
  count: number,
  start: (j: number) => number,
): void {
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

export interface Bidiagonal {
  m: number;
  n: number;
  /** Diagonal (n) and super-diagonal (n-1) of B = QᵀAP. */
  d: Float64Array;
  e: Float64Array;
  /** Left reflectors: row k of an n×m array (entries k..m-1, entry k is 1). */
  vq: Float64Array;
  tauq: Float64Array;
  /** Right reflectors: row k of an n×n array (entries k+1..n-1, entry k+1 is 1). */
  vp: Float64Array;
  taup: Float64Array;
}

/**
 * Golub–Kahan bidiagonalisation of the row-major m×n matrix `a` (m >= n; overwritten):
 * A = Q·B·Pᵀ with B upper bidiagonal. Never forms AᵀA, so small singular values survive.
 */
export function bidiagonalize(a: Float64Array, m: number, n: number): Bidiagonal {
  return drain(bidiagonalSteps(a, m, n));
}

/** {@link bidiagonalize} as a generator that yields the step index every STEPS_PER_YIELD steps. */
export function* bidiagonalSteps(a: Float64Array, m: number, n: number): Generator<number, Bidiagonal> {
  const d = new Float64Array(n);
  const e = new Float64Array(Math.max(0, n - 1));
  const vq = new Float64Array(n * m);
  const tauq = new Float64Array(n);
  const vp = new Float64Array(n * n);
  const taup = new Float64Array(n);
  const r = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k > 0 && k % STEPS_PER_YIELD === 0) yield k;
    // Left reflector from column k (rows k..m-1).
    const lq = reflector(a, k * n + k, n, m - k, vq, k * m + k);
    tauq[k] = lq.tau;
    d[k] = lq.beta;
    const qo = k * m;
    const tq = lq.tau;
    // r = tau·vᵀ·A[k.., k+1..]
    r.fill(0, k + 1, n);
    if (tq !== 0) {
      for (let i = k; i < m; i++) {
        const vi = vq[qo + i];
        if (vi === 0) continue;
        const ro = i * n;
        for (let j = k + 1; j < n; j++) r[j] += vi * a[ro + j];
      }
      for (let j = k + 1; j < n; j++) r[j] *= tq;
    }
    if (k >= n - 1) continue;
    // Row k after the left update gives the right reflector; then one pass updates each row
    // from the left and, right away while it is cached, from the right.
    for (let j = k + 1; j < n; j++) a[k * n + j] -= r[j];
    const po = k * n;
    const rp = reflector(a, k * n + k + 1, 1, n - k - 1, vp, po + k + 1);
    taup[k] = rp.tau;
    e[k] = rp.beta;
    const tp = rp.tau;
    for (let i = k + 1; i < m; i++) {
      const ro = i * n;
      const vi = vq[qo + i];
      let s = 0;
      if (vi !== 0) {
        for (let j = k + 1; j < n; j++) {
          const x = a[ro + j] - vi * r[j];
          a[ro + j] = x;
          s += x * vp[po + j];
        }
      } else {
        for (let j = k + 1; j < n; j++) s += a[ro + j] * vp[po + j];
      }
      if (tp !== 0) {
        s *= tp;
        for (let j = k + 1; j < n; j++) a[ro + j] -= s * vp[po + j];
      }
    }
  }
  return { m, n, d, e, vq, tauq, vp, taup };
}

/**
 * Same result as {@link applyReflectorsLeft}, blocked: NB reflectors at a time in compact WY
 * form Q_b = I - V·T·Vᵀ (LAPACK's dlarft/dlarfb), so the update is two matrix products that
 * read each row of z once per block instead of twice per reflector.
 */
export function applyReflectorsBlocked(...args: Parameters<typeof applyReflectorsBlockedSteps>): void {
  drain(applyReflectorsBlockedSteps(...args));
}

/** {@link applyReflectorsBlocked} as a generator that yields the reflectors applied so far after each block. */
export function* applyReflectorsBlockedSteps(
  z: Float64Array,
  rows: number,
  cols: number,
  vs: Float64Array,
  vStride: number,
  tau: Float64Array,
  count: number,
  start: (j: number) => number,
  nb = 32,
): Generator<number, void> {
  if (count <= 0 || cols === 0) return;
  const nBlocks = Math.ceil(count / nb);
  const W = new Float64Array(nb * cols);
  const W2 = new Float64Array(nb * cols);
  for (let blk = nBlocks - 1; blk >= 0; blk--) {
    const j0 = blk * nb;
    const b = Math.min(nb, count - j0);
    const s0 = start(j0);
    const rb = rows - s0;
    if (rb <= 0) continue;
    // V: rb × b, column c = reflector j0 + c restricted to rows s0..
    const V = new Float64Array(rb * b);
    for (let c = 0; c < b; c++) {
      const vo = (j0 + c) * vStride + s0;
      const first = start(j0 + c) - s0;
      for (let r = first; r < rb; r++) V[r * b + c] = vs[vo + r];
    }
    // T (b × b upper triangular): T[i][i] = tau_i, T[0:i, i] = -tau_i·T[0:i, 0:i]·(Vᵀ v_i)[0:i].
    const T = new Float64Array(b * b);
    const y = new Float64Array(b);
    for (let i = 0; i < b; i++) {
      const ti = tau[j0 + i];
      T[i * b + i] = ti;
      if (i === 0 || ti === 0) continue;
      y.fill(0, 0, i);
      for (let r = 0; r < rb; r++) {
        const vri = V[r * b + i];
        if (vri === 0) continue;
        const ro = r * b;
        for (let c = 0; c < i; c++) y[c] += V[ro + c] * vri;
      }
      for (let rr = 0; rr < i; rr++) {
        let s = 0;
        for (let c = rr; c < i; c++) s += T[rr * b + c] * y[c];
        T[rr * b + i] = -ti * s;
      }
    }
    // W = Vᵀ·Z[s0.., :] (b × cols), W2 = T·W, Z[s0.., :] -= V·W2.
    const w = W.subarray(0, b * cols);
    gemmInto(b, cols, rb, V, b, true, z, s0 * cols, w, 0, 0);
    const w2 = W2.subarray(0, b * cols);
    w2.fill(0);
    for (let i = 0; i < b; i++) {
      const oi = i * cols;
      for (let c = i; c < b; c++) {
        const t = T[i * b + c];
        if (t === 0) continue;
        const oc = c * cols;
        for (let j = 0; j < cols; j++) w2[oi + j] += t * w[oc + j];
      }
    }
    gemmInto(rb, cols, b, V, b, false, w2, 0, z, s0 * cols, -1);
    yield count - j0;
  }
}

/**
 * C (m×n at cOff, row stride n) = beta·C + op(A)·B with B k×n row-major at bOff; A is V (rb×b):
 * transA: op(A) = Vᵀ (m = b, k = rb); else op(A) = V (m = rb, k = b). beta = 0 overwrites,
 * beta = -1 means C -= op(A)·B. Blocked over columns and unrolled by 4 over k.
 */
function gemmInto(
  m: number,
  n: number,
  k: number,
  V: Float64Array,
  b: number,
  transA: boolean,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  beta: 0 | -1,
): void {
  const NC = 256;
  const KC = 128; // a 128×256 panel of B (256 KiB) stays in L2 while the rows of C stream
  if (beta === 0) C.fill(0, cOff, cOff + m * n);
  const sgn = beta === -1 ? -1 : 1;
  const arow = new Float64Array(k);
  for (let jj = 0; jj < n; jj += NC) {
    const je = Math.min(n, jj + NC);
    for (let pp = 0; pp < k; pp += KC) {
      const pe = Math.min(k, pp + KC);
      for (let i = 0; i < m; i++) {
        for (let p = pp; p < pe; p++) arow[p] = sgn * (transA ? V[p * b + i] : V[i * b + p]);
        const r = cOff + i * n;
        let p = pp;
        // Eight rows of B per pass: one load and store of C per 16 flops.
        for (; p + 7 < pe; p += 8) {
          const a0 = arow[p], a1 = arow[p + 1], a2 = arow[p + 2], a3 = arow[p + 3];
          const a4 = arow[p + 4], a5 = arow[p + 5], a6 = arow[p + 6], a7 = arow[p + 7];
          const b0 = bOff + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
          const b4 = b3 + n, b5 = b4 + n, b6 = b5 + n, b7 = b6 + n;
          for (let j = jj; j < je; j++)
            C[r + j] +=
              a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j] +
              (a4 * B[b4 + j] + a5 * B[b5 + j] + a6 * B[b6 + j] + a7 * B[b7 + j]);
        }
        for (; p + 3 < pe; p += 4) {
          const a0 = arow[p], a1 = arow[p + 1], a2 = arow[p + 2], a3 = arow[p + 3];
          if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
          const b0 = bOff + p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
          for (let j = jj; j < je; j++) C[r + j] += a0 * B[b0 + j] + a1 * B[b1 + j] + a2 * B[b2 + j] + a3 * B[b3 + j];
        }
        for (; p < pe; p++) {
          const a0 = arow[p];
          if (a0 === 0) continue;
          const b0 = bOff + p * n;
          for (let j = jj; j < je; j++) C[r + j] += a0 * B[b0 + j];
        }
      }
    }
  }
}

export interface QR {
  /** Reflector k in row k of an n×m array (entries k..m-1, entry k is 1). */
  vq: Float64Array;
  tauq: Float64Array;
}

/**
 * Householder QR of the row-major m×n `a` (m >= n, overwritten: R in its upper triangle).
 * For tall matrices, bidiagonalising R instead of A saves ~30% of the SVD's flops at m = 4n.
 */
export function householderQR(a: Float64Array, m: number, n: number): QR {
  return drain(householderQRSteps(a, m, n));
}

/** {@link householderQR} as a generator that yields the step index every STEPS_PER_YIELD steps. */
export function* householderQRSteps(a: Float64Array, m: number, n: number): Generator<number, QR> {
  const vq = new Float64Array(n * m);
  const tauq = new Float64Array(n);
  const r = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k > 0 && k % STEPS_PER_YIELD === 0) yield k;
    const lq = reflector(a, k * n + k, n, m - k, vq, k * m + k);
    tauq[k] = lq.tau;
    a[k * n + k] = lq.beta;
    for (let i = k + 1; i < m; i++) a[i * n + k] = 0;
    const t = lq.tau;
    if (t === 0 || k === n - 1) continue;
    const qo = k * m;
    r.fill(0, k + 1, n);
    for (let i = k; i < m; i++) {
      const vi = vq[qo + i];
      if (vi === 0) continue;
      const ro = i * n;
      for (let j = k + 1; j < n; j++) r[j] += vi * a[ro + j];
    }
    for (let j = k + 1; j < n; j++) r[j] *= t;
    for (let i = k; i < m; i++) {
      const vi = vq[qo + i];
      if (vi === 0) continue;
      const ro = i * n;
      for (let j = k + 1; j < n; j++) a[ro + j] -= vi * r[j];
    }
  }
  return { vq, tauq };
}
