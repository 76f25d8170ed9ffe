/**
 * The viridis colour map (a degree-6 polynomial fit; twin of shaders/lib/viridis.wgsl) and the
 * map from data values to colour-map positions t ∈ [0, 1] (t = -1: no value) shared by the GPU
 * and Canvas2D renderers.
 */

const C = [
  [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
  [0.1050930431085774, 1.404613529898575, 1.384590162594685],
  [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
  [-4.634230498983486, -5.799100973351585, -19.33244095627987],
  [6.228269936347081, 14.17993336680509, 56.69055260068105],
  [4.776384997670288, -13.74514537774601, -65.35303263337234],
  [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

/** Colour of t ∈ [0, 1] as [r, g, b] in 0..255; t < 0 (no value) is light grey. */
export function viridis(t: number): [number, number, number] {
  if (t < 0) return [204, 204, 204];
  const x = Math.min(1, Math.max(0, t));
  const rgb: [number, number, number] = [0, 0, 0];
  for (let ch = 0; ch < 3; ch++) {
    let v = C[6][ch];
    for (let k = 5; k >= 0; k--) v = C[k][ch] + x * v;
    rgb[ch] = Math.round(255 * Math.min(1, Math.max(0, v)));
  }
  return rgb;
}

/** A value scale: linear or log10 between lo and hi (in data units). */
export interface ColorScale {
  lo: number;
  hi: number;
  log: boolean;
}

/**
 * Scale spanning the finite values (positive ones for log); `floor` bounds a log scale from
 * below so that rounding-level values do not stretch it over dozens of decades.
 */
export function autoScale(values: ArrayLike<number>, log: boolean, floor = 0): ColorScale {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (log && v <= floor)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(lo <= hi)) return { lo: log ? 1e-3 : 0, hi: 1, log };
  if (lo === hi) return log ? { lo: lo / 10, hi: hi * 10, log } : { lo: lo - 1, hi: hi + 1, log };
  return { lo, hi, log };
}

/** Colour-map positions of `values` on `scale`; non-finite values and, on a log scale, values ≤ floor get -1. */
export function toPositions(values: ArrayLike<number>, scale: ColorScale, floor = 0): Float32Array {
  const t = new Float32Array(values.length);
  const a = scale.log ? Math.log10(scale.lo) : scale.lo;
  const b = scale.log ? Math.log10(scale.hi) : scale.hi;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (scale.log && v <= floor)) {
      t[i] = -1;
      continue;
    }
    const x = scale.log ? Math.log10(v) : v;
    t[i] = Math.min(1, Math.max(0, (x - a) / (b - a)));
  }
  return t;
}
