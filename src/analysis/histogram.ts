/** Empirical spectral density histograms, ready for plotting. */
import { checkInt, checkNumber, invalidParam } from '../errors.js';

export interface EsdHistogram {
  /** bins + 1 edges, ascending. */
  edges: Float64Array;
  counts: Uint32Array;
  /** counts / (total · bin width): integrates to the fraction of values inside the range. */
  density: Float64Array;
  /** Bin centres (geometric centres for log bins). */
  centers: Float64Array;
  scale: 'linear' | 'log';
  /** Values left out (outside the range, or <= 0 with log bins). */
  excluded: number;
}

export interface EsdOptions {
  bins?: number;
  scale?: 'linear' | 'log';
  /** [lo, hi]; default the range of the (positive, for log) values. */
  range?: [number, number];
}

export function esdHistogram(values: ArrayLike<number>, opts: EsdOptions = {}): EsdHistogram {
  const bins = checkInt('bins', opts.bins ?? 50, 1, 1 << 20);
  const scale = opts.scale ?? 'linear';
  if (scale !== 'linear' && scale !== 'log') invalidParam('scale', 'linear or log', scale);
  const v = Float64Array.from(values);
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) invalidParam('values', 'finite', `${v[i]} at index ${i}`);
  const usable = scale === 'log' ? v.filter((x) => x > 0) : v;
  if (usable.length === 0) invalidParam('values', scale === 'log' ? 'with at least one positive value' : 'non-empty', 'none');
  let mn = Infinity, mx = -Infinity;
  for (const x of usable) {
    if (x < mn) mn = x;
    if (x > mx) mx = x;
  }
  let lo = opts.range?.[0] ?? mn;
  let hi = opts.range?.[1] ?? mx;
  checkNumber('range[0]', lo, scale === 'log' ? 0 : -Infinity, Infinity, { loOpen: scale === 'log' });
  checkNumber('range[1]', hi, lo);
  if (hi === lo) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.5;
    if (scale === 'log') { lo /= 2; hi *= 2; } else { lo -= pad; hi += pad; }
  }
  const edges = new Float64Array(bins + 1);
  const centers = new Float64Array(bins);
  const tf = scale === 'log' ? Math.log : (x: number) => x;
  const inv = scale === 'log' ? Math.exp : (x: number) => x;
  const a = tf(lo), b = tf(hi);
  for (let i = 0; i <= bins; i++) edges[i] = inv(a + ((b - a) * i) / bins);
  edges[0] = lo;
  edges[bins] = hi;
  for (let i = 0; i < bins; i++) centers[i] = inv(a + ((b - a) * (i + 0.5)) / bins);
  const counts = new Uint32Array(bins);
  let excluded = v.length - usable.length;
  for (const x of usable) {
    if (x < lo || x > hi) {
      excluded++;
      continue;
    }
    const k = Math.min(bins - 1, Math.floor(((tf(x) - a) / (b - a)) * bins));
    counts[k]++;
  }
  const total = v.length;
  const density = Float64Array.from(counts, (c, i) => c / (total * (edges[i + 1] - edges[i])));
  return { edges, counts, density, centers, scale, excluded };
}
