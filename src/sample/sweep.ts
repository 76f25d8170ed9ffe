/**
 * Width sweeps: the same run (seed, networks, points) at several hidden widths, each compared
 * with the infinite-width theory, so the finite-width deviation can be watched shrinking.
 */
import { invalidParam } from '../errors.js';
import type { RunOptions } from '../progress.js';
import type { SpectrumMoments } from './moments.js';
import { resultFromMoments, sampleBlock, sampleTheory, type SampleParams, type SampleResult } from './sample.js';

/** One width of a sweep. */
export interface SweepEntry {
  width: number;
  D: number[];
  Dse: number[];
  /** z-scores against the infinite-width theory (null where the theory is zero). */
  z: Array<number | null> | null;
  /** max |D̂_ℓ - D_ℓ| / D_ℓ over degrees with D_ℓ ≥ 1e-8. */
  maxRelDev: number | null;
  maxAbsZ: number | null;
  zeroLeak: number | null;
  meanSquare: number;
}

/** A width sweep: the shared parameters, the theory, and one entry per width (in the order given). */
export interface SweepResult {
  activation: string;
  depth: number;
  networks: number;
  dim: number;
  lmax: number;
  seed: number;
  mode: SampleResult['mode'];
  estimator: SampleResult['estimator'];
  points: number;
  backend: SampleResult['backend'];
  adapter: string | null;
  theoryD: number[] | null;
  theoryRoundoff: number | null;
  zeroDegrees: number[];
  sweep: SweepEntry[];
  elapsedMs: number;
}

/** Largest number of widths in one sweep. */
export const MAX_SWEEP_WIDTHS = 16;

/** Checks a width list: 1 … 16 integers in [1, 65535], no repeats. */
export function checkWidths(widths: number[]): number[] {
  if (!Array.isArray(widths) || widths.length < 1 || widths.length > MAX_SWEEP_WIDTHS)
    invalidParam('width', `a list of 1 to ${MAX_SWEEP_WIDTHS} integers in [1, 65535]`, widths);
  for (const w of widths) if (!Number.isInteger(w) || w < 1 || w > 65535) invalidParam('width', 'integers in [1, 65535]', w);
  if (new Set(widths).size !== widths.length) invalidParam('width', 'a list without repeats', widths.join(','));
  return widths;
}

/** The sweep entry of one width from its full result. */
export function sweepEntry(r: SampleResult): SweepEntry {
  return { width: r.width, D: r.D, Dse: r.Dse, z: r.z, maxRelDev: r.maxRelDev, maxAbsZ: r.maxAbsZ, zeroLeak: r.zeroLeak, meanSquare: r.meanSquare };
}

/** Assembles a sweep from per-width results that share every other parameter. */
export function sweepFromResults(results: SampleResult[], elapsedMs: number): SweepResult {
  const r0 = results[0];
  return {
    activation: r0.activation,
    depth: r0.depth,
    networks: r0.networks,
    dim: r0.dim,
    lmax: r0.lmax,
    seed: r0.seed,
    mode: r0.mode,
    estimator: r0.estimator,
    points: r0.points,
    backend: r0.backend,
    adapter: r0.adapter,
    theoryD: r0.theoryD,
    theoryRoundoff: r0.theoryRoundoff,
    zeroDegrees: r0.zeroDegrees,
    sweep: results.map(sweepEntry),
    elapsedMs,
  };
}

/** The sweep from the merged statistics of each width (shards, see ./shard.ts). */
export function sweepFromMoments(params: SampleParams, widths: number[], moments: SpectrumMoments[], run: Parameters<typeof resultFromMoments>[2]): SweepResult {
  const theory = sampleTheory(params);
  return sweepFromResults(
    widths.map((width, i) => resultFromMoments({ ...params, width }, moments[i], run, theory)),
    run.elapsedMs,
  );
}

/**
 * Samples the same networks (seed, indices, points) at every width in `widths` and compares each
 * with the theory. Progress events carry the phase `width W`.
 */
export async function sampleWidthSweep(params: Omit<SampleParams, 'width'>, widths: number[], opts: RunOptions = {}): Promise<SweepResult> {
  const t0 = performance.now();
  checkWidths(widths);
  const base = { ...params, width: widths[0] } as SampleParams;
  const theory = sampleTheory(base);
  const results: SampleResult[] = [];
  for (const width of widths) {
    const p = { ...base, width };
    const K = p.networks;
    const run = await sampleBlock(p, 0, K, {
      signal: opts.signal,
      onProgress: opts.onProgress && ((e) => opts.onProgress!({ ...e, phase: `width ${width}` })),
    });
    results.push(resultFromMoments(p, run.moments, run, theory));
  }
  return sweepFromResults(results, performance.now() - t0);
}
