/**
 * `--plots`: one SVG per layer drawn by Vega-Lite (rendered headless by Vega): the log-log
 * empirical spectral density, the fitted power-law tail above xmin, and the fitted
 * Marchenko–Pastur density.
 */
import type { LayerReport } from '../weights/analyze.js';
import { esdPlotData } from '../weights/plot-data.js';

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
      { mark: { type: 'line', interpolate: 'step', point: true, color: '#555' }, transform: [{ filter: "datum.series === 'ESD'" }], encoding: { x: { field: 'lambda', type: 'quantitative', scale: { type: 'log' }, title: 'eigenvalue λ = σ²' }, y: { field: 'density', type: 'quantitative', scale: { type: 'log' }, title: 'density' } } },
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
