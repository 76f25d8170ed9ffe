/**
 * `--plots`: one SVG per layer drawn by Vega-Lite (rendered headless by Vega): the log-log
 * empirical spectral density, the fitted power-law tail above xmin, and the fitted
 * Marchenko–Pastur density.
 */
import { esdHistogram } from '../analysis/histogram.js';
import { mpDensity } from '../analysis/marchenko-pastur.js';
import type { LayerReport } from '../weights/analyze.js';

interface Point { lambda: number; density: number; series: string }

/** The curves of one layer's plot, on the scale of λ = σ² (densities integrate to 1 over λ). */
export function esdPlotData(l: LayerReport): Point[] {
  const ev = l.eigenvalues;
  if (!ev) return [];
  const pos = ev.filter((x) => x > 0);
  if (pos.length === 0) return [];
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
    for (const x of grid(Math.max(a, lo / 10) * 1.0001, l.mpBulkMax * 0.9999, 80)) {
      const d = mpDensity(x / l.N, q, sigma2) / l.N;
      if (d > 0) pts.push({ lambda: x, density: d, series: 'Marchenko–Pastur' });
    }
  }
  return pts;
}

/** The SVG text of one layer's plot. */
export async function esdPlotSvg(l: LayerReport): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${l.name}  (N=${l.N}, M=${l.M}${l.matrices > 1 ? `, ${l.matrices} taps` : ''})`,
    width: 480,
    height: 320,
    data: { values: esdPlotData(l) },
    layer: [
      { mark: { type: 'bar', opacity: 0.5 }, transform: [{ filter: "datum.series === 'ESD'" }], encoding: { x: { field: 'lambda', type: 'quantitative', scale: { type: 'log' }, title: 'eigenvalue λ = σ²' }, y: { field: 'density', type: 'quantitative', scale: { type: 'log' }, title: 'density' } } },
      { mark: { type: 'line', strokeWidth: 2 }, transform: [{ filter: "datum.series !== 'ESD'" }], encoding: { x: { field: 'lambda', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'density', type: 'quantitative', scale: { type: 'log' } }, color: { field: 'series', type: 'nominal', title: null } } },
    ],
  };
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
