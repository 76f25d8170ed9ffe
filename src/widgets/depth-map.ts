/**
 * `<nns-depth-map>`: the infinite-width D_ℓ over depth 1..L × ℓ as a heat map (log colour
 * scale; grey where D_ℓ is zero), which shows the three regimes at a glance: mass held at ℓ = 0
 * (low disorder), spread as a power law (sparse), escaping to high ℓ (high disorder); beside it
 * E[X(X+d−2)] over depth, in the band and for the full series, with (d−1)κ'(1)^L.
 *
 * Attributes: activation, depth (largest L), dim, lmax, mode, sw2, sb2.
 */
import type uPlot from 'uplot';
import { el, fmt, NnsElement } from './base.js';
import { Chart, COLORS, expTicks, integerTicks, INTEGER_INCRS } from './chart.js';
import { computeWorker, job } from './client.js';
import { HeatChart } from './heat.js';
import type { DepthMapSummary } from './protocol.js';
import { ColorLegend } from './surface.js';

const OBSERVED = ['activation', 'depth', 'dim', 'lmax', 'mode', 'sw2', 'sb2'];

export class NnsDepthMap extends NnsElement {
  static observedAttributes = OBSERVED;
  private heat!: HeatChart;
  private legend!: ColorLegend;
  private moments!: Chart;

  protected build(): void {
    const left = el('div', 'nns-surface-box');
    left.style.flex = '2 1 360px';
    this.body.append(left);
    this.heat = new HeatChart(left, 340);
    this.legend = new ColorLegend(left);
    this.moments = new Chart(this.body, 340);
  }

  protected clear(): void {
    this.heat.clear();
    this.moments.clear();
  }

  protected async compute(signal: AbortSignal): Promise<DepthMapSummary> {
    const mode = this.str('mode', 'normalized');
    const p = {
      activation: this.str('activation', 'tanh'),
      depth: this.num('depth', 20),
      dim: this.num('dim', 3),
      lmax: this.num('lmax', 32),
      mode,
      sigmaB2: this.num('sb2', 0),
      ...(mode === 'raw' ? { sigmaW2: this.num('sw2', 2) } : {}),
    };
    const w = computeWorker();
    await this.heat.surface.ready;
    const r = await job(signal, (id) => w.depthMap(id, p, this.heat.surface.id));
    const L = r.depths.length;
    this.heat.set(
      `${r.lmax}|${L}`,
      {
        scales: { x: { time: false, range: [-0.5, r.lmax + 0.5] }, y: { range: [0.5, L + 0.5] } },
        axes: [
          { label: 'ℓ', incrs: INTEGER_INCRS, values: integerTicks },
          { label: 'depth L', incrs: INTEGER_INCRS, values: integerTicks },
        ],
        series: [{}, { label: 'D_ℓ', stroke: 'transparent', points: { show: false } }],
        legend: { show: false },
        cursor: { show: false },
      },
      [[0, r.lmax], [null, null]] as unknown as uPlot.AlignedData,
    );
    this.legend.set('D_ℓ (log scale)', r.scale, `D_ℓ ≤ ${r.zeroFloor} (zero)`, (v) => v.toExponential(0));
    const depths = r.depths;
    const normalized = mode !== 'raw';
    const series: uPlot.Series[] = [
      { label: 'L' },
      { label: 'Σ_{ℓ≤lmax} ℓ(ℓ+d−2) D_ℓ', stroke: COLORS[0], width: 0, paths: () => null, points: { show: true, size: 6, fill: COLORS[0] } },
      { label: 'E[X(X+d−2)], full series', stroke: COLORS[1], width: 2 },
    ];
    const data: (number | null)[][] = [depths, r.sobolev.map((v) => (v > 0 ? v : null)), r.sobolevFull.map((v) => (v > 0 && Number.isFinite(v) ? v : null))];
    if (normalized) {
      series.push({ label: "(d−1) κ'(1)^L", stroke: COLORS[2], width: 1.5, dash: [6, 4] });
      data.push(depths.map((L) => (r.dim - 1) * r.kappaPrime1 ** L));
    }
    this.moments.set(
      `${normalized}`,
      {
        scales: { x: { time: false }, y: { distr: 3 } },
        axes: [
          { label: 'depth L', incrs: INTEGER_INCRS, values: integerTicks },
          { label: 'E[X(X+d−2)]', size: 64, values: expTicks },
        ],
        series,
        legend: { live: false },
      },
      data as uPlot.AlignedData,
    );
    this.statusEl.textContent = `κ'(1) = ${fmt(r.kappaPrime1, 6)} — ${r.regime}; tail mass beyond ℓ = ${r.lmax} at L = ${L}: ${fmt(r.tailMass[L - 1], 3)}`;
    return r;
  }
}
