/**
 * The weights page: drop model files, follow the per-layer progress, sort the table, plot the
 * spectrum of a layer, download the report. The analysis runs in a worker (comlink).
 */
import * as Comlink from 'comlink';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { csvText, reportCsv, reportJson } from '../src/weights/export.js';
import { esdPlotData } from '../src/weights/plot-data.js';
import type { LayerReport, WeightsReport } from '../src/weights/analyze.js';
import type { WeightsWorker } from './weights-worker.js';

const $ = <T extends HTMLElement>(sel: string) => document.querySelector(sel) as T;
const form = $<HTMLFormElement>('#opts');
const progress = $<HTMLProgressElement>('#progress');
const status = $('#status');
const error = $('#error');
const cancel = $<HTMLButtonElement>('#cancel');
const tbody = $('#layers tbody');
const thead = $('#layers thead');

const worker = Comlink.wrap<WeightsWorker>(new Worker(new URL('./weights-worker.ts', import.meta.url), { type: 'module' }));

type Col = [label: string, get: (l: LayerReport) => number | string | null];
const COLUMNS: Col[] = [
  ['layer', (l) => l.name],
  ['shape', (l) => l.shape.join('×')],
  ['N', (l) => l.N],
  ['M', (l) => l.M],
  ['α', (l) => l.alpha],
  ['D', (l) => l.ks],
  ['α weighted', (l) => l.alphaWeighted],
  ['log norm', (l) => l.logNorm],
  ['log spectral', (l) => l.logSpectralNorm],
  ['stable rank', (l) => l.stableRank],
  ['eff. rank', (l) => l.effectiveRank],
  ['spikes', (l) => l.numSpikes],
  ['MP soft rank', (l) => l.mpSoftRank],
  ['warning', (l) => l.warning],
];
const RAND: Col[] = [['rand α', (l) => l.randomized?.alpha ?? null], ['rand spikes', (l) => l.randomized?.numSpikes ?? null]];

let layers: LayerReport[] = [];
let report: WeightsReport | null = null;
let sortBy = -1, ascending = true, selected: string | null = null;
let plot: uPlot | null = null;
let runId = 0;

const fmt = (v: number | string | null) => (v === null ? '' : typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : v.toPrecision(4));

function columns(): Col[] {
  return layers.some((l) => l.randomized) ? [...COLUMNS, ...RAND] : COLUMNS;
}

function render(): void {
  const cols = columns();
  thead.replaceChildren(Object.assign(document.createElement('tr'), {}));
  cols.forEach(([label], i) => {
    const th = document.createElement('th');
    th.textContent = label;
    if (i === sortBy) th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    th.onclick = () => {
      ascending = sortBy === i ? !ascending : true;
      sortBy = i;
      render();
    };
    thead.firstElementChild!.append(th);
  });
  const rows = layers.slice();
  if (sortBy >= 0) {
    const get = cols[sortBy][1];
    rows.sort((a, b) => {
      const x = get(a), y = get(b);
      const c = x === null ? 1 : y === null ? -1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return ascending || x === null || y === null ? c : -c;
    });
  }
  tbody.replaceChildren(
    ...rows.map((l) => {
      const tr = document.createElement('tr');
      tr.dataset.name = l.name;
      if (l.name === selected) tr.className = 'selected';
      for (const [, get] of cols) {
        const td = document.createElement('td');
        td.textContent = fmt(get(l));
        tr.append(td);
      }
      tr.onclick = () => select(l.name);
      return tr;
    }),
  );
}

function select(name: string): void {
  selected = name;
  const l = layers.find((x) => x.name === name);
  render();
  if (l) drawEsd(l);
}

/** Axis labels of a log scale: powers of ten spanning many decades read best in exponent form. */
const tick = (v: number | null) => (v == null ? '' : v >= 1e-2 && v < 1e4 ? String(Number(v.toPrecision(2))) : v.toExponential(0));

/** Log-log ESD of one layer with its fitted power law and MP density (uPlot). */
function drawEsd(l: LayerReport): void {
  plot?.destroy();
  const pts = esdPlotData(l);
  const names = [...new Set(pts.map((p) => p.series))];
  const xs = [...new Set(pts.map((p) => p.lambda))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const data: (number | null)[][] = [xs, ...names.map(() => xs.map(() => null as number | null))];
  for (const p of pts) data[1 + names.indexOf(p.series)][index.get(p.lambda)!] = p.density;
  const colors = ['#1f77b4', '#d62728', '#2ca02c'];
  const el = $('#esd');
  plot = new uPlot(
    {
      title: `${l.name} — N=${l.N}, M=${l.M}${l.matrices > 1 ? `, ${l.matrices} taps` : ''}`,
      width: Math.min(900, el.clientWidth || 900),
      height: 360,
      scales: { x: { time: false, distr: 3 }, y: { distr: 3 } },
      axes: [
        { label: 'eigenvalue λ = σ²', values: (_u, t) => t.map(tick) },
        { label: 'density', size: 70, values: (_u, t) => t.map(tick) },
      ],
      series: [{ label: 'λ' }, ...names.map((n, i) => ({ label: n, stroke: colors[i % 3], width: n === 'ESD' ? 0 : 2, points: { show: n === 'ESD', size: 5, fill: colors[i % 3] }, spanGaps: n !== 'ESD' }))],
    },
    data as uPlot.AlignedData,
    el,
  );
}

function download(name: string, text: string, type: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** The CSV and JSON documents of the last report (the same as the CLI's --csv and --json). */
export function documents(): { csv: string; json: string } | null {
  if (!report) return null;
  const { header, rows } = reportCsv(report);
  return { csv: csvText(header, rows), json: JSON.stringify(reportJson(report, true), (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) };
}

async function analyze(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const fd = new FormData(form);
  const run = ++runId;
  layers = [];
  report = null;
  selected = null;
  plot?.destroy();
  plot = null;
  error.textContent = '';
  $('#downloads').hidden = true;
  $('#skipped').hidden = true;
  document.body.dataset.state = 'running';
  cancel.disabled = false;
  status.textContent = `reading ${files.map((f) => f.name).join(', ')}…`;
  render();
  try {
    report = await worker.analyze(
      files,
      { filter: (fd.get('filter') as string) || undefined, conv: fd.get('conv') as 'slices' | 'reshape', randomize: fd.get('randomize') === 'on', backend: fd.get('backend') as 'auto' },
      Comlink.proxy((l: LayerReport) => {
        // Callbacks are messages: the last ones may arrive after the report itself.
        if (run !== runId || report) return;
        layers.push(l);
        render();
        if (!selected) select(l.name);
      }),
      Comlink.proxy((done: number, total: number) => {
        if (run !== runId || report) return;
        progress.max = Math.max(1, total);
        progress.value = done;
        status.textContent = `layer ${done} of ${total}`;
      }),
    );
    if (run !== runId) return;
    layers = report.layers;
    render();
    const s = report.summary;
    status.textContent = `${report.layers.length} layers (${report.backend}${report.fallback ? ': ' + report.fallback : ''}); mean α ${s.alpha?.toFixed(3) ?? 'n/a'}, over-trained ${s.overTrained}, under-trained ${s.underTrained}`;
    const sk = $('#skipped');
    sk.hidden = report.skipped.length === 0;
    sk.querySelector('summary')!.textContent = `${report.skipped.length} tensors skipped`;
    sk.querySelector('ul')!.replaceChildren(...report.skipped.map((x) => Object.assign(document.createElement('li'), { textContent: `${x.name}: ${x.reason}` })));
    $('#downloads').hidden = false;
    document.body.dataset.state = 'done';
  } catch (e) {
    error.textContent = (e as Error).message;
    status.textContent = '';
    document.body.dataset.state = 'error';
  } finally {
    cancel.disabled = true;
  }
}

const drop = $('#drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void analyze(Array.from(e.dataTransfer?.files ?? []));
});
$<HTMLInputElement>('#files').addEventListener('change', (e) => void analyze(Array.from((e.target as HTMLInputElement).files ?? [])));
cancel.onclick = () => void worker.cancel();
$('#csv').onclick = () => download('weights.csv', documents()!.csv, 'text/csv');
$('#json').onclick = () => download('weights.json', documents()!.json, 'application/json');
(window as unknown as { weightsDocuments: typeof documents }).weightsDocuments = documents;
