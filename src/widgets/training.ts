/**
 * `<nns-training>`: a training run live — the ESD of the first trained layer per checkpoint with
 * the Marchenko–Pastur density fitted at initialisation, its outliers and the teacher overlap,
 * α and effective rank over steps, loss and accuracy curves; pause (between checkpoints),
 * resume and cancel. Presets lmc and lottery, and the option svprune, then run their
 * loss-surface experiments and show them (chart of barrier against agreement, tables).
 *
 * Attributes: preset, task, steps, every, width, depth, d, ntrain, ntest, lr, optimizer, seed,
 * keep, rewind, svprune, backend, autorun.
 */
import type uPlot from 'uplot';
import uPlotLib from 'uplot';
import { button, el, fmt, NnsElement } from './base.js';
import { Chart, COLORS, INTEGER_INCRS, integerTicks } from './chart.js';
import { callback, computeWorker, job, newJobId } from './client.js';
import { renderLmc, renderLottery, renderSvPrune } from './loss-surface.js';
import type { ProgressUpdate, TrainPoint, TrainSummary } from './protocol.js';

const OBSERVED = ['preset', 'task', 'steps', 'every', 'width', 'depth', 'd', 'ntrain', 'ntest', 'lr', 'optimizer', 'seed', 'keep', 'rewind', 'svprune', 'backend', 'autorun'];

const NUMERIC: [string, string][] = [
  ['steps', 'steps'],
  ['every', 'every'],
  ['width', 'width'],
  ['depth', 'depth'],
  ['d', 'd'],
  ['ntrain', 'nTrain'],
  ['ntest', 'nTest'],
  ['lr', 'lr'],
  ['seed', 'seed'],
  ['keep', 'keep'],
  ['rewind', 'rewind'],
];

export class NnsTraining extends NnsElement {
  static observedAttributes = OBSERVED;
  private esd!: Chart;
  private ranks!: Chart;
  private losses!: Chart;
  private info!: HTMLElement;
  private experiments!: HTMLElement;
  private runBtn!: HTMLButtonElement;
  private pauseBtn!: HTMLButtonElement;
  private cancelBtn!: HTMLButtonElement;
  private points: TrainPoint[] = [];
  private jobId = 0;
  private paused = false;
  /** The experiment running after the training (lmc, lottery), null while training. */
  private phase: string | null = null;

  protected build(): void {
    this.runBtn = button('train', () => this.run());
    this.runBtn.dataset.action = 'run';
    this.pauseBtn = button('pause', () => this.togglePause());
    this.pauseBtn.dataset.action = 'pause';
    this.cancelBtn = button('cancel', () => this.cancel());
    this.cancelBtn.dataset.action = 'cancel';
    this.controls.append(this.runBtn, this.pauseBtn, this.cancelBtn);
    this.setBusy(false);
    this.esd = new Chart(this.body, 300);
    this.info = el('div', 'nns-note');
    this.esd.box.append(this.info);
    this.ranks = new Chart(this.body, 300);
    this.losses = new Chart(this.body, 300);
    this.experiments = el('div', 'nns-experiments');
    this.body.append(this.experiments);
  }

  protected override setBusy(busy: boolean): void {
    super.setBusy(busy);
    if (!this.runBtn) return;
    this.runBtn.disabled = busy;
    this.pauseBtn.disabled = !busy;
    this.cancelBtn.disabled = !busy;
    if (!busy) {
      this.paused = false;
      this.pauseBtn.textContent = 'pause';
    }
  }

  private togglePause(): void {
    this.paused = !this.paused;
    this.pauseBtn.textContent = this.paused ? 'resume' : 'pause';
    computeWorker().pause(this.jobId, this.paused);
  }

  protected clear(): void {
    this.points = [];
    this.esd.clear();
    this.ranks.clear();
    this.losses.clear();
    this.info.textContent = '';
    this.experiments.replaceChildren();
  }

  private options(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    const preset = this.getAttribute('preset');
    o.preset = preset === null ? 'invariant-bulk' : preset.trim();
    if (o.preset === '') delete o.preset;
    for (const [a, k] of NUMERIC) {
      // Blank keep / rewind: the preset's own default (rewind scales with the steps).
      if ((a === 'keep' || a === 'rewind') && this.str(a, '') === '') continue;
      const v = this.num(a, undefined);
      if (v !== undefined) o[k] = v;
    }
    for (const a of ['task', 'optimizer', 'backend']) if (this.hasAttribute(a)) o[a] = this.str(a, '');
    const sv = this.getAttribute('svprune');
    if (sv !== null && sv !== '' && sv !== '0' && sv !== 'false') o.svPrune = true;
    return o;
  }

  protected async compute(signal: AbortSignal): Promise<unknown> {
    const opts = this.options();
    this.clear();
    if (!this.runRequested) {
      this.statusEl.textContent = `ready: ${opts.preset ? `preset ${opts.preset}` : 'custom run'} — press train`;
      return { ready: true };
    }
    this.runRequested = this.hasAttribute('autorun') && this.getAttribute('autorun') !== '0';
    this.setBusy(true);
    this.jobId = newJobId();
    this.phase = null;
    this.statusEl.textContent = 'training…';
    const w = computeWorker();
    // Progress comes over its own message port and may land after the job's result: it is dropped then.
    let finished = false;
    const r: TrainSummary = await job(
      signal,
      (id) =>
        w.train(
          id,
          opts,
          callback((p: TrainPoint) => {
            if (signal.aborted) return;
            this.points.push(p);
            this.progress(p.step, p.totalSteps);
            this.draw();
          }),
          callback((u: ProgressUpdate) => {
            // Training itself is shown by its checkpoints; the experiments after it by phase.
            if (signal.aborted || finished || u.phase === 'train') return;
            // Pausing holds between checkpoints only; the experiments run through.
            this.phase = u.phase;
            this.pauseBtn.disabled = true;
            this.statusEl.textContent = `${u.phase}: ${u.done} / ${u.total} branch steps`;
            this.progress(u.done, u.total);
          }),
        ),
      this.jobId,
    ).finally(() => (finished = true));
    this.statusEl.textContent =
      `${r.preset ?? r.task}: ${r.status} after ${r.steps} steps on ${r.backend}${r.adapter ? ` (${r.adapter})` : ''}` +
      `${r.fallback ? ` — ${r.fallback}` : ''}${r.message ? ` — ${r.message}` : ''}`;
    if (r.lmc) renderLmc(this.experiments, r.lmc);
    if (r.lottery) renderLottery(this.experiments, r.lottery);
    if (r.svPrune) renderSvPrune(this.experiments, r.svPrune);
    return { summary: r, checkpoints: this.points };
  }

  override cancel(): void {
    const running = this.hasAttribute('busy');
    super.cancel();
    if (!running) return;
    if (this.phase) this.statusEl.textContent = `${this.phase} cancelled; the training's checkpoints shown`;
    else if (this.points.length) this.statusEl.textContent = `cancelled at step ${this.points[this.points.length - 1].step}; checkpoints so far shown`;
  }

  private draw(): void {
    const last = this.points[this.points.length - 1];
    if (!last) return;
    if (last.hist) {
      const { edges, density } = last.hist;
      const xs = [...new Set([...edges, ...(last.mp?.x ?? [])])].sort((a, b) => a - b);
      // The histogram as a step function on the union grid: exact at every bin edge.
      let b = 0;
      const hist = xs.map((x) => {
        while (b < density.length - 1 && x >= edges[b + 1]) b++;
        return x < edges[0] || x > edges[edges.length - 1] ? null : density[b];
      });
      const mmap = new Map((last.mp?.x ?? []).map((x, i) => [x, last.mp!.y[i]]));
      this.esd.set(
        'esd',
        {
          scales: { x: { time: false } },
          axes: [{ label: `eigenvalue of WWᵀ/n (${last.layer})` }, { label: 'density', size: 56 }],
          series: [
            { label: 'λ' },
            { label: `ESD at step ${last.step}`, stroke: COLORS[0], fill: 'rgba(31,119,180,0.25)', width: 1, paths: uPlotLib.paths.stepped!({ align: 1 }), points: { show: false } },
            { label: 'Marchenko–Pastur (fit at step 0)', stroke: COLORS[1], width: 2, spanGaps: true, points: { show: false } },
          ],
          legend: { live: false },
        },
        [xs, hist, xs.map((x) => mmap.get(x) ?? null)] as uPlot.AlignedData,
      );
      this.esd.relabel([undefined, `ESD at step ${last.step}`]);
    }
    this.info.textContent =
      `outliers beyond the MP edge: ${last.outliers.length ? last.outliers.map((v) => fmt(v, 3)).join(', ') : 'none'}` +
      `; teacher overlap ${fmt(last.teacherOverlap, 3)}; α ${fmt(last.alpha, 3)}; effective rank ${fmt(last.effectiveRank, 4)}`;
    const steps = this.points.map((p) => p.step);
    this.ranks.set(
      'ranks',
      {
        // A span of at least 1 % of the value: an invariant rank reads as flat, not as noise.
        scales: { x: { time: false }, r: { range: atLeastPercent }, a: { range: atLeastPercent } },
        axes: [
          { label: 'step', incrs: INTEGER_INCRS, values: integerTicks },
          { scale: 'r', label: 'effective rank', size: 56 },
          { scale: 'a', label: 'α (power-law tail)', side: 1, grid: { show: false } },
        ],
        series: [{ label: 'step' }, { label: 'effective rank', scale: 'r', stroke: COLORS[2], width: 2 }, { label: 'α', scale: 'a', stroke: COLORS[4], width: 2 }],
        legend: { live: false },
      },
      [steps, this.points.map((p) => p.effectiveRank), this.points.map((p) => p.alpha)] as uPlot.AlignedData,
    );
    // Regression tasks have no accuracy: their chart has no accuracy axis or legend entries.
    const acc = this.points.some((p) => p.trainAcc !== null && p.trainAcc !== undefined);
    const lossSeries: uPlot.Series[] = [
      { label: 'step' },
      { label: 'train loss', stroke: COLORS[0], width: 2 },
      { label: 'test loss', stroke: COLORS[1], width: 2 },
    ];
    const lossData = [steps, this.points.map((p) => p.trainLoss), this.points.map((p) => p.testLoss)];
    if (acc) {
      lossSeries.push(
        { label: 'train acc', scale: 'acc', stroke: COLORS[2], width: 1.5, dash: [4, 4] },
        { label: 'test acc', scale: 'acc', stroke: COLORS[3], width: 1.5, dash: [4, 4] },
      );
      lossData.push(this.points.map((p) => p.trainAcc), this.points.map((p) => p.testAcc));
    }
    this.losses.set(
      acc ? 'losses-acc' : 'losses',
      {
        scales: { x: { time: false }, y: { distr: 3 }, ...(acc ? { acc: { range: [0, 1] } } : {}) },
        axes: [
          { label: 'step', incrs: INTEGER_INCRS, values: integerTicks },
          { label: 'loss', size: 64 },
          ...(acc ? [{ scale: 'acc', label: 'accuracy', side: 1, grid: { show: false } }] : []),
        ],
        series: lossSeries,
        legend: { live: false },
      },
      lossData as uPlot.AlignedData,
    );
  }
}

function atLeastPercent(_u: uPlot, lo: number | null, hi: number | null): uPlot.Range.MinMax {
  if (lo === null || hi === null) return [lo, hi];
  const mid = (lo + hi) / 2;
  const half = Math.max(((hi - lo) / 2) * 1.1, Math.abs(mid) * 0.01, 1e-9);
  return [mid - half, mid + half];
}
