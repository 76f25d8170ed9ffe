/**
 * `<nns-phase-diagram>`: κ'(1) over (σ_w², σ_b²) for one activation (colour: log₁₀ κ'(1),
 * centred on the critical value 1) with the critical line κ'(1) = 1. Clicking a point emits
 * `nns-select` with { sigmaW2, sigmaB2 } (the explorer carries it to the other views).
 *
 * Attributes: activation, sw2min, sw2max, sb2min, sb2max, n (grid points per axis).
 */
import type uPlot from 'uplot';
import { el, fmt, NnsElement } from './base.js';
import { computeWorker, job } from './client.js';
import { HeatChart } from './heat.js';
import type { PhaseSummary } from './protocol.js';
import { ColorLegend } from './surface.js';

const OBSERVED = ['activation', 'sw2min', 'sw2max', 'sb2min', 'sb2max', 'n'];

export class NnsPhaseDiagram extends NnsElement {
  static observedAttributes = OBSERVED;
  private heat!: HeatChart;
  private legend!: ColorLegend;
  private last: PhaseSummary | null = null;
  private picked!: HTMLElement;

  protected build(): void {
    const box = el('div', 'nns-surface-box');
    box.style.flex = '1 1 420px';
    this.body.append(box);
    this.heat = new HeatChart(box, 400);
    this.legend = new ColorLegend(box);
    this.picked = el('p', 'nns-note', 'Click the map to pick (σ_w², σ_b²).');
    box.append(this.picked);
  }

  protected clear(): void {
    this.last = null;
    this.heat.clear();
  }

  private pick(u: uPlot, e: MouseEvent): void {
    const r = this.last;
    if (!r) return;
    const sw = u.posToVal(e.offsetX, 'x');
    const sb = u.posToVal(e.offsetY, 'y');
    if (!(sw > 0) || !(sb >= 0)) return;
    const detail = { sigmaW2: Number(sw.toPrecision(4)), sigmaB2: Number(sb.toPrecision(4)) };
    this.picked.textContent = `picked σ_w² = ${detail.sigmaW2}, σ_b² = ${detail.sigmaB2}`;
    this.dispatchEvent(new CustomEvent('nns-select', { detail, bubbles: true }));
  }

  protected async compute(signal: AbortSignal): Promise<PhaseSummary> {
    const p = {
      activation: this.str('activation', 'tanh'),
      sw2min: this.num('sw2min', 0.1),
      sw2max: this.num('sw2max', 4),
      sb2min: this.num('sb2min', 0),
      sb2max: this.num('sb2max', 1),
      n: this.num('n', 48),
    };
    const w = computeWorker();
    await this.heat.surface.ready;
    const r = await job(signal, (id) => w.phase(id, p, this.heat.surface.id));
    this.last = r;
    const half = (a: number[]) => (a.length > 1 ? (a[a.length - 1] - a[0]) / (a.length - 1) / 2 : 0.5);
    const hx = half(r.sigmaW2);
    const hy = half(r.sigmaB2);
    const crit = r.critical.filter((c) => c.sigmaW2 !== null).sort((a, b) => a.sigmaW2! - b.sigmaW2!);
    const plot = this.heat.set(
      [r.sigmaW2[0], r.sigmaW2.length, r.sigmaW2[r.sigmaW2.length - 1], r.sigmaB2[0], r.sigmaB2.length, r.sigmaB2[r.sigmaB2.length - 1]].join('|'),
      {
        scales: {
          x: { time: false, range: () => [r.sigmaW2[0] - hx, r.sigmaW2[r.sigmaW2.length - 1] + hx] },
          y: { range: () => [r.sigmaB2[0] - hy, r.sigmaB2[r.sigmaB2.length - 1] + hy] },
        },
        axes: [{ label: 'σ_w²' }, { label: 'σ_b²' }],
        series: [{ label: 'σ_w²' }, { label: "κ'(1) = 1", stroke: '#fff', width: 2.5, points: { show: false } }],
        legend: { live: false },
      },
      [crit.map((c) => c.sigmaW2!), crit.map((c) => c.sigmaB2)] as uPlot.AlignedData,
    );
    if (!plot.over.dataset.pick) {
      plot.over.dataset.pick = '1';
      plot.over.addEventListener('click', (e) => this.pick(plot, e));
    }
    this.legend.set("log₁₀ κ'(1)", r.scale, '', (v) => v.toFixed(2));
    this.statusEl.textContent = `${r.activation}: ${r.sigmaW2.length} × ${r.sigmaB2.length} grid; ${crit.length ? `critical line κ'(1) = 1 from σ_w² = ${fmt(crit[0].sigmaW2, 4)}` : 'no critical point in the grid'}`;
    return r;
  }
}
