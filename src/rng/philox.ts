/**
 * Counter-based Philox4x32-10 (Salmon et al., SC'11) and Box–Muller normals: the CPU twin of
 * shaders/lib/philox.wgsl, bit-identical in the integer part.
 *
 * Convention shared by every kernel: a random normal is addressed by a key (seed, stream) and a
 * counter (c0, c1, c2, c3); one Philox call yields four normals, component `i & 3` of the block
 * at c0 = i >> 2. Weight W[layer][row][col] of network `net` is
 * `normalAt(seed, STREAM_WEIGHTS, col, row, layer, net)`; bias b[layer][row] is
 * `normalAt(seed, STREAM_BIAS, 0, row, layer, net)`.
 */

export const STREAM_WEIGHTS = 0;
export const STREAM_BIAS = 1;
/** Streams >= 16 are free for other consumers (training initialisation, data, shuffles). */
export const STREAM_USER = 16;

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two u32, exact in float64 arithmetic. */
export function mulhi32(a: number, b: number): number {
  const ah = a >>> 16;
  const al = a & 0xffff;
  const bh = b >>> 16;
  const bl = b & 0xffff;
  const t = al * bl;
  const c1 = ah * bl;
  const c2 = al * bh;
  const mid = (t >>> 16) + (c1 & 0xffff) + (c2 & 0xffff);
  return (ah * bh + (c1 >>> 16) + (c2 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Philox4x32-10 of counter `c` under key `k`; writes the four output words into `out`. */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let r = 0; r < 10; r++) {
    const hi0 = mulhi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
  return out;
}

/** Uniform in (0, 1) from the top 24 bits of a word: exactly representable in f32 on the GPU. */
export function uniform24(w: number): number {
  return ((w >>> 8) + 0.5) * (1 / 16777216);
}

const scratch = new Uint32Array(4);

/** Four standard normals from one Philox block (Box–Muller on words (0,1) and (2,3)). */
export function normal4(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out = new Float64Array(4)): Float64Array {
  const w = philox4x32(c0, c1, c2, c3, k0, k1, scratch);
  const r0 = Math.sqrt(-2 * Math.log(uniform24(w[0])));
  const t0 = 2 * Math.PI * uniform24(w[1]);
  const r1 = Math.sqrt(-2 * Math.log(uniform24(w[2])));
  const t1 = 2 * Math.PI * uniform24(w[3]);
  out[0] = r0 * Math.cos(t0);
  out[1] = r0 * Math.sin(t0);
  out[2] = r1 * Math.cos(t1);
  out[3] = r1 * Math.sin(t1);
  return out;
}

const nscratch = new Float64Array(4);

/** The standard normal at element index `i` of the stream (c1, c2, c3) under (seed, stream). */
export function normalAt(seed: number, stream: number, i: number, c1: number, c2: number, c3: number): number {
  normal4(i >>> 2, c1, c2, c3, seed, stream, nscratch);
  return nscratch[i & 3];
}

/**
 * Fills `out[r * cols + c]` with normalAt(seed, stream, c, r + rowOffset, c2, c3) * scale: one
 * Philox call per four entries, the fast path for whole weight matrices.
 */
export function fillNormals(
  out: Float64Array | Float32Array,
  rows: number,
  cols: number,
  seed: number,
  stream: number,
  c2: number,
  c3: number,
  scale = 1,
  rowOffset = 0,
): void {
  const z = new Float64Array(4);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c += 4) {
      normal4(c >>> 2, r + rowOffset, c2, c3, seed, stream, z);
      const n = Math.min(4, cols - c);
      for (let j = 0; j < n; j++) out[base + c + j] = z[j] * scale;
    }
  }
}
