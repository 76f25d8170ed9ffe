/** One Householder reflector, LAPACK's dlarfg: H = I - tau·v·vᵀ with v[first] = 1. */

/** dlarfg on x (length len, at x[off + i*stride]); returns beta and writes v (v[0] = 1) into out. */
export function reflector(
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

/**
 * Reflectors and the row-major rows×cols target z they apply to: reflector j acts on rows
 * start(j).. with vector vs[j*vStride + row] (entry at start(j) is 1) and coefficient tau[j].
 */
export type ReflectorArgs = [
  z: Float64Array,
  rows: number,
  cols: number,
  vs: Float64Array,
  vStride: number,
  tau: Float64Array,
  count: number,
  start: (j: number) => number,
];
