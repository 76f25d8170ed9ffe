/**
 * The curves of a layer's spectral plot, shared by the CLI's SVG pictures and the browser page:
 * the empirical density of λ = σ² in logarithmic bins, the fitted power-law tail above xmin and
 * the fitted Marchenko–Pastur density, all as densities over λ (each integrating to the share of
 * eigenvalues it describes).
 */
import { esdHistogram } from '../analysis/histogram.js';
import { mpDensity } from '../analysis/marchenko-pastur.js';
import type { LayerReport } from './analyze.js';

/** One point of a curve. */
export interface Point { lambda: number; density: number; series: string }

/**
 * Eigenvalues below this fraction of λ_max are left out of the plot: rank-deficient and
 * quantized layers have eigenvalues at rounding level (1e-20·λ_max and less) that would stretch
 * a log axis over twenty decades.
 */
export const PLOT_FLOOR = 1e-6;

/** The curves of one layer's plot, on the scale of λ = σ² (densities integrate to 1 over λ). */
export function esdPlotData(l: LayerReport): Point[] {
  const ev = l.eigenvalues;
  if (!ev || !(l.lambdaMax > 0)) return [];
  const floor = l.lambdaMax * PLOT_FLOOR;
  const pos = ev.filter((x) => x >= floor);
  const pts: Point[] = [];
  const h = esdHistogram(pos, { scale: 'log', bins: Math.min(60, Math.max(10, Math.round(Math.sqrt(pos.length)))) });
  h.centers.forEach((c, i) => {
    if (h.density[i] > 0) pts.push({ lambda: c, density: (h.density[i] * pos.length) / ev.length, series: 'ESD' });
  });
  const lo = pos[0], hi = pos[pos.length - 1];
  const grid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a * (b / a) ** (i / (n - 1)));
  if (l.alpha !== null && l.xmin !== null) {
    const nTail = ev.filter((x) => x >= l.xmin!).length;
    const c = ((nTail / ev.length) * (l.alpha - 1)) / l.xmin;
    for (const x of grid(l.xmin, hi, 40)) pts.push({ lambda: x, density: c * (x / l.xmin) ** -l.alpha, series: `power law α=${l.alpha.toFixed(2)}` });
  }
  if (l.mpBulkMax !== null) {
    const q = l.M / l.N;
    const sigma2 = l.mpBulkMax / l.N / (1 + Math.sqrt(q)) ** 2;
    const a = l.N * sigma2 * (1 - Math.sqrt(q)) ** 2;
    for (const x of grid(Math.max(a, lo / 2, floor) * 1.0001, l.mpBulkMax * 0.9999, 80)) {
      const d = mpDensity(x / l.N, q, sigma2) / l.N;
      if (d > 0) pts.push({ lambda: x, density: d, series: 'Marchenko–Pastur' });
    }
  }
  return pts;
}

