/**
 * The loss-surface results of a training run in `<nns-training>`: linear mode connectivity
 * (barrier against singular-vector agreement of every branch pair), lottery tickets and the
 * SVD-pruned losses, as a chart and small tables.
 */
import type uPlot from 'uplot';
import type { LmcResult } from '../train/lmc.js';
import type { LotteryResult } from '../train/lottery.js';
import type { SvPruneResult } from '../train/sv-prune.js';
import { el, fmt } from './base.js';
import { Chart, COLORS } from './chart.js';

type Row = (string | number | null)[];

function table(parent: HTMLElement, caption: string, head: string[], rows: Row[], kind: string): HTMLTableElement {
  const t = el('table', 'nns-table');
  t.dataset.result = kind;
  t.append(el('caption', undefined, caption));
  const hr = el('tr');
  for (const h of head) hr.append(el('th', undefined, h));
  t.append(hr);
  for (const r of rows) {
    const tr = el('tr');
    for (const c of r) tr.append(el('td', undefined, typeof c === 'number' ? fmt(c, 4) : (c ?? '—')));
    t.append(tr);
  }
  parent.append(t);
  return t;
}

interface Labelled {
  series: number;
  x: number;
  y: number;
  label: string;
}

/** Text beside each point, and the split points joined in order of their step (uPlot's own lines need x ascending). */
function labelsPlugin(points: Labelled[], joined: number): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const dpr = devicePixelRatio;
        ctx.save();
        ctx.font = `${11 * dpr}px sans-serif`;
        const chain = points.filter((p) => p.series === joined);
        ctx.strokeStyle = COLORS[0];
        ctx.lineWidth = 1.5 * dpr;
        ctx.beginPath();
        chain.forEach((p, i) => {
          const x = u.valToPos(p.x, 'x', true);
          const y = u.valToPos(p.y, 'y', true);
          if (i === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        });
        ctx.stroke();
        for (const p of points) {
          ctx.fillStyle = COLORS[p.series - 1];
          ctx.fillText(p.label, u.valToPos(p.x, 'x', true) + 5 * dpr, u.valToPos(p.y, 'y', true) - 4 * dpr);
        }
        ctx.restore();
      },
    },
  };
}

export function renderLmc(parent: HTMLElement, r: LmcResult): void {
  const points: Labelled[] = [
    ...r.splits.map((s) => ({ series: 1, x: s.svAgreement, y: s.barrier, label: `step ${s.step}` })),
    { series: 2, x: r.control.svAgreement, y: r.control.barrier, label: 'control' },
    ...r.perturbation.map((p) => ({ series: 3, x: p.svAgreement, y: p.barrier, label: `η ${p.eta}` })),
  ];
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const column = (s: number) => xs.map((x) => points.find((p) => p.series === s && p.x === x)?.y ?? null);
  const chart = new Chart(parent, 300);
  chart.box.dataset.result = 'lmc';
  const dot = (c: string) => ({ stroke: c, fill: c, paths: () => null, points: { show: true, size: 8, fill: c } });
  chart.set(
    'lmc',
    {
      scales: { x: { time: false } },
      axes: [{ label: 'singular-vector agreement (top 10)' }, { label: 'loss barrier on the linear path', size: 64 }],
      series: [
        { label: 'agreement' },
        { label: 'split of one trunk', ...dot(COLORS[0]) },
        { label: 'control (two initialisations)', ...dot(COLORS[1]) },
        { label: 'perturbed at the last split (η)', ...dot(COLORS[2]) },
      ],
      legend: { live: false },
      plugins: [labelsPlugin(points, 1)],
    } as Omit<uPlot.Options, 'width' | 'height'>,
    [xs, column(1), column(2), column(3)] as uPlot.AlignedData,
  );
  const rows: Row[] = [
    ...r.splits.map((s) => [`split at step ${s.step}`, s.barrier, s.svAgreement]),
    ['control', r.control.barrier, r.control.svAgreement],
    ...r.perturbation.map((p) => [`perturbed, η ${p.eta}`, p.barrier, p.svAgreement]),
  ];
  table(parent, `linear mode connectivity — Spearman ρ(barrier, agreement) = ${fmt(r.spearman, 3)}`, ['pair', 'barrier', 'agreement'], rows, 'lmc');
}

export function renderLottery(parent: HTMLElement, r: LotteryResult): void {
  table(
    parent,
    `lottery tickets — ${fmt(r.keep, 3)} % of the weights kept, rewound to step ${r.rewindStep}`,
    ['network', 'test acc', 'test loss', 'agreement with dense', 'density'],
    [
      ['dense', r.dense.testAcc, r.dense.testLoss, 1, 1],
      ['magnitude mask', r.magnitude.testAcc, r.magnitude.testLoss, r.magnitude.svAgreement, r.magnitude.density],
      ['random mask', r.random.testAcc, r.random.testLoss, r.random.svAgreement, r.random.density],
    ],
    'lottery',
  );
}

export function renderSvPrune(parent: HTMLElement, r: SvPruneResult): void {
  table(
    parent,
    'matrices cut by SVD (all but the last layer)',
    ['network', 'train loss'],
    [
      ['full', r.fullLoss],
      ['top half of the singular triplets', r.topLoss],
      ['bottom half', r.bottomLoss],
    ],
    'sv-prune',
  );
}
