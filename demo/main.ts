/** The explorer page: parameters -> theory/sample (library API only) -> chart. */
import { NnspectraError, sampleSpectrum, theorySpectrum, type TheoryResult } from '../src/index.js';
import { drawSpectra, type Series } from './plot.js';
import type uPlot from 'uplot';

const form = document.querySelector<HTMLFormElement>('#params')!;
const chartEl = document.querySelector<HTMLElement>('#chart')!;
const summary = document.querySelector<HTMLElement>('#summary')!;
const errorEl = document.querySelector<HTMLElement>('#error')!;
const progress = document.querySelector<HTMLProgressElement>('#progress')!;
const sampleBtn = document.querySelector<HTMLButtonElement>('#sample')!;
const cancelBtn = document.querySelector<HTMLButtonElement>('#cancel')!;

let chart: uPlot | null = null;
let theory: TheoryResult | null = null;
let controller: AbortController | null = null;

function field(name: string): string {
  return (form.elements.namedItem(name) as HTMLInputElement).value.trim();
}

function depths(): number[] {
  return field('depths')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
}

function showError(e: unknown): void {
  errorEl.textContent = e instanceof NnspectraError ? e.message : `unexpected error: ${(e as Error).message}`;
}

function theorySeries(t: TheoryResult): Series[] {
  return t.depths.map((d) => ({ label: `L = ${d.depth}`, values: d.D }));
}

function runTheory(): void {
  errorEl.textContent = '';
  try {
    theory = theorySpectrum({
      activation: field('activation'),
      depths: depths(),
      dim: Number(field('dim')),
      lmax: Number(field('lmax')),
      sigmaB2: Number(field('sb2')),
    });
    const k = theory.kappaPrime1;
    summary.textContent =
      `κ'(1) = ${!Number.isFinite(k) ? '∞' : k.toFixed(5)} — ${theory.regime}; ` +
      theory.depths.map((d) => `L=${d.depth}: tail ${d.tailMass.toExponential(2)}, E[X] ${d.meanX.toFixed(3)}`).join('; ');
    chart = drawSpectra(chartEl, theorySeries(theory), chart);
  } catch (e) {
    showError(e);
  }
}

async function runSample(): Promise<void> {
  runTheory();
  if (!theory || errorEl.textContent) return;
  const depth = Math.max(...depths());
  controller = new AbortController();
  sampleBtn.disabled = true;
  cancelBtn.disabled = false;
  progress.value = 0;
  try {
    const r = await sampleSpectrum(
      {
        activation: field('activation'),
        depth,
        width: Number(field('width')),
        networks: Number(field('networks')),
        dim: Number(field('dim')),
        lmax: Number(field('lmax')),
        sigmaB2: Number(field('sb2')),
        backend: field('backend') as 'auto' | 'webgpu' | 'cpu',
      },
      { signal: controller.signal, onProgress: (p) => (progress.value = p.total ? p.done / p.total : 0) },
    );
    // |z| only where the theory is non-zero; zero-theory degrees are reported by their size.
    const zText = r.maxAbsZ === null ? 'no theory to compare' : `max |z| against theory ${r.maxAbsZ.toFixed(2)}`;
    const leakText = r.zeroLeak === null ? '' : `; largest |D| where the theory is 0: ${r.zeroLeak.toExponential(1)}`;
    summary.textContent =
      `${r.networks} networks of width ${r.width}, depth ${r.depth} on ${r.backend}` +
      `${r.adapter ? ` (${r.adapter})` : ''}${r.fallbackReason ? ` — fell back: ${r.fallbackReason}` : ''}` +
      ` in ${r.elapsedMs.toFixed(0)} ms; ${zText}${leakText}`;
    chart = drawSpectra(
      chartEl,
      [...theorySeries(theory), { label: `sampled L = ${depth}`, values: r.D, se: r.Dse, points: true }],
      chart,
    );
  } catch (e) {
    showError(e);
  } finally {
    sampleBtn.disabled = false;
    cancelBtn.disabled = true;
    progress.value = 1;
  }
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  runTheory();
});
sampleBtn.addEventListener('click', () => void runSample());
cancelBtn.addEventListener('click', () => controller?.abort());
runTheory();
