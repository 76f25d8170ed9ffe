/**
 * `<nns-spectrum>`: theory D_ℓ per depth (lines; exact zeros as open circles on the ℓ axis of
 * a log plot) against Monte Carlo estimates (points with ±2 SE bars) that fill in chunk by
 * chunk, one sampled series per width of a width sweep.
 *
 * Attributes: activation, depths ("1,2,5"), dim, lmax, mode, sw2, sb2, widths ("64,256,1024"),
 * networks, seed, backend, yscale ("log" | "linear"), autorun.
 */
import type uPlot from 'uplot';
import { button, el, fmt, NnsElement } from './base.js';
import { Chart, COLORS, errorBarsPlugin, expTicks, integerTicks, INTEGER_INCRS, zeroMarksPlugin, type ErrorBars } from './chart.js';
import { callback, computeWorker, job } from './client.js';
import type { SampledCurve, SampleSummary, TheoryCurves } from './protocol.js';
import { ZERO_FLOOR } from './zero.js';

const OBSERVED = ['activation', 'depths', 'dim', 'lmax', 'mode', 'sw2', 'sb2', 'widths', 'networks', 'seed', 'backend', 'yscale', 'autorun'];

/** Numbers of one finished sampled series (the `nns-result` detail lists them per width). */
export interface SpectrumSeriesResult {
  width: number;
  depth: number;
  networks: number;
  backend: string;
  /** max |z| over the ℓ where the theory is not zero. */
  maxAbsZ: number | null;
  D: number[];
  Dse: number[];
  z: (number | null)[] | null;
  elapsedMs: number;
}

export class NnsSpectrum extends NnsElement {
  static observedAttributes = OBSERVED;
  private chart!: Chart;
  private table!: HTMLElement;
  private note!: HTMLElement;
  private runBtn!: HTMLButtonElement;
  private cancelBtn!: HTMLButtonElement;
  private theory: TheoryCurves | null = null;
  private sampled: SampledCurve[] = [];
  private frame = 0;
  private bars: ErrorBars = new Map();
  private zeros = new Map<number, number[]>();

  protected build(): void {
    this.runBtn = button('sample', () => this.run());
    this.runBtn.dataset.action = 'run';
    this.cancelBtn = button('cancel', () => this.cancel());
    this.cancelBtn.dataset.action = 'cancel';
    this.cancelBtn.disabled = true;
    this.controls.append(this.runBtn, this.cancelBtn);
    this.chart = new Chart(this.body, 360);
    this.note = el('p', 'nns-note');
    this.chart.box.append(this.note);
    this.table = el('div');
    this.body.append(this.table);
  }

  protected override setBusy(busy: boolean): void {
    super.setBusy(busy);
    if (this.runBtn) {
      this.runBtn.disabled = busy;
      this.cancelBtn.disabled = !busy;
    }
  }

  protected clear(): void {
    this.theory = null;
    this.sampled = [];
    this.chart.clear();
    this.table.textContent = '';
    this.note.textContent = '';
  }

  override cancel(): void {
    super.cancel();
    if (this.sampled.some((s) => s.networks < s.total)) this.statusEl.textContent += ' — cancelled: partial Monte Carlo points shown';
  }

  private common() {
    const mode = this.str('mode', 'normalized');
    return {
      activation: this.str('activation', 'relu'),
      dim: this.num('dim', 3),
      lmax: this.num('lmax', 16),
      mode,
      sigmaB2: this.num('sb2', 0),
      ...(mode === 'raw' ? { sigmaW2: this.num('sw2', 2) } : {}),
    };
  }

  protected async compute(signal: AbortSignal): Promise<unknown> {
    const w = computeWorker();
    const base = this.common();
    const depths = this.list('depths', [1, 2, 5]);
    const t = await job(signal, (id) => w.theory(id, { ...base, depths }));
    // A new theory invalidates sampled points drawn for other parameters.
    this.theory = t;
    this.sampled = [];
    this.table.textContent = '';
    this.draw();
    this.statusEl.textContent = `κ'(1) = ${fmt(t.kappaPrime1, 6)} — ${t.regime}${t.warnings.length ? ` (${t.warnings.join('; ')})` : ''}`;
    const result: { theory: TheoryCurves; sampled: SpectrumSeriesResult[] } = { theory: t, sampled: [] };
    if (!this.runRequested) return result;
    const widths = this.list('widths', [64, 256]);
    const depth = Math.max(...depths);
    const networks = this.num('networks', 32);
    const seed = this.num('seed', 0);
    const backend = this.str('backend', 'auto');
    this.setBusy(true);
    for (let i = 0; i < widths.length; i++) {
      const width = widths[i];
      const r: SampleSummary = await job(signal, (id) =>
        w.sample(
          id,
          { ...base, depth, width, networks, seed, backend },
          callback((c: SampledCurve) => {
            if (signal.aborted) return;
            this.sampled[i] = c;
            this.progress(i + c.networks / c.total, widths.length);
            this.schedulePaint();
          }),
        ),
      );
      this.sampled[i] = r;
      const finite = (r.z ?? []).filter((v): v is number => v !== null);
      result.sampled.push({
        width,
        depth,
        networks: r.networks,
        backend: r.backend,
        maxAbsZ: finite.length ? Math.max(...finite.map(Math.abs)) : null,
        D: r.D,
        Dse: r.Dse,
        z: r.z,
        elapsedMs: r.elapsedMs,
      });
      this.renderTable(result.sampled, r);
      this.draw();
    }
    return result;
  }

  /** Partial results arrive per chunk: redraw at most a few times a second. */
  private schedulePaint(): void {
    if (this.frame) return;
    this.frame = window.setTimeout(() => {
      requestAnimationFrame(() => {
        this.frame = 0;
        this.draw();
      });
    }, 200);
  }

  private renderTable(rows: SpectrumSeriesResult[], last: SampleSummary): void {
    const t = el('table', 'nns-table');
    t.innerHTML = '<thead><tr><th>width n</th><th>networks</th><th>max |z|</th><th>Σ|D̂−D|</th><th>time</th></tr></thead>';
    const tb = el('tbody');
    const theoryD = last.theoryD ?? [];
    for (const r of rows) {
      const dev = r.D.reduce((s, v, l) => s + Math.abs(v - (theoryD[l] ?? 0)), 0);
      const tr = el('tr');
      for (const c of [String(r.width), String(r.networks), fmt(r.maxAbsZ, 3), fmt(dev, 3), `${(r.elapsedMs / 1000).toFixed(1)} s`]) tr.append(el('td', '', c));
      tb.append(tr);
    }
    t.append(tb);
    const cap = el('p', 'nns-note', `Monte Carlo at depth ${rows[0]?.depth} on ${last.backend}${last.adapter ? ` (${last.adapter})` : ''}${last.fallbackReason ? ` — ${last.fallbackReason}` : ''}. z = (D̂ − D)/SE over ℓ where D ≠ 0; Σ|D̂−D| shrinks toward the sampling noise as n grows.`);
    this.table.replaceChildren(t, cap);
  }

  private draw(): void {
    const t = this.theory;
    if (!t) return;
    const log = this.str('yscale', 'log') !== 'linear';
    const L1 = t.depths[0].D.length;
    const ell = Array.from({ length: L1 }, (_, l) => l);
    const data: (number | null)[][] = [ell];
    const series: uPlot.Series[] = [{ label: 'ℓ' }];
    const zeros = new Map<number, number[]>();
    const bars: ErrorBars = new Map();
    t.depths.forEach((d, i) => {
      const color = COLORS[i % COLORS.length];
      const isZero = d.D.map((v) => Math.abs(v) <= ZERO_FLOOR);
      data.push(d.D.map((v, l) => (isZero[l] ? (log ? null : 0) : v)));
      series.push({ label: `L = ${d.depth} theory`, stroke: color, width: 1.5, spanGaps: false, points: { show: true, size: 4, fill: color } });
      zeros.set(series.length - 1, ell.filter((l) => isZero[l]));
    });
    this.sampled.forEach((c, i) => {
      if (!c) return;
      const color = COLORS[(t.depths.length + i) % COLORS.length];
      // On a log axis, estimates at rounding level (where the theory is zero by parity) are not
      // points: they would stretch the axis over hundreds of decades.
      const shown = c.D.map((v) => (log && !(v > ZERO_FLOOR) ? null : v));
      data.push(shown);
      const partial = c.networks < c.total ? ` (${c.networks}/${c.total})` : '';
      series.push({ label: `n = ${c.width}, L = ${c.depth} sampled${partial}`, stroke: color, width: 0, paths: () => null, points: { show: true, size: 7, fill: '#fff', width: 2 } });
      bars.set(series.length - 1, {
        lo: shown.map((v, l) => (v === null ? null : log ? Math.max(v - 2 * c.Dse[l], v / 1e3) : v - 2 * c.Dse[l])),
        hi: shown.map((v, l) => (v === null ? null : v + 2 * c.Dse[l])),
      });
    });
    this.bars = bars;
    this.zeros = zeros;
    // The labels carry the running network count, updated in place: partial results only change data.
    const key = `${log}|${series.map((s) => String(s.label).replace(/ \(\d+\/\d+\)$/, '')).join('|')}`;
    this.chart.set(
      key,
      {
        scales: { x: { time: false, range: (_u, a, b) => [a - 0.5, b + 0.5] }, y: log ? { distr: 3 } : { range: (_u, a, b) => [Math.min(0, a), b * 1.05] } },
        axes: [
          { label: 'ℓ', incrs: INTEGER_INCRS, values: integerTicks },
          { label: 'D_ℓ', size: 64, ...(log ? { values: expTicks } : {}) },
        ],
        series,
        legend: { live: false },
        plugins: [errorBarsPlugin(() => this.bars), ...(log ? [zeroMarksPlugin(() => this.zeros)] : [])],
      },
      data as uPlot.AlignedData,
    );
    this.chart.relabel(series.map((s) => s.label as string | undefined));
    this.note.textContent = log
      ? `○ on the ℓ axis: theory D_ℓ ≤ ${ZERO_FLOOR} — zero by parity or below float64 resolution, not drawn on a log axis (nor are estimates there). Bars: ±2 SE.`
      : 'Bars: ±2 SE.';
  }
}
