/**
 * The report as documents: the JSON layout of `nnspectra weights --json` and CSV with
 * WeightWatcher's column names (so a pandas notebook written for WeightWatcher reads it
 * unchanged). Shared by the CLI and the browser page.
 */
import type { LayerReport, WeightsReport } from './analyze.js';

/** WeightWatcher's columns, in its order. */
export const CSV_COLUMNS = ['layer_id', 'name', 'N', 'M', 'Q', 'alpha', 'alpha_weighted', 'log_norm', 'log_spectral_norm', 'stable_rank', 'mp_softrank', 'num_spikes', 'xmin', 'D', 'warning'];
/** Added with `randomize`. */
export const RAND_COLUMNS = ['rand_alpha', 'max_rand_eval', 'rand_bulk_max', 'rand_num_spikes'];

function layerJson(l: LayerReport, withEigenvalues: boolean): Record<string, unknown> {
  return {
    name: l.name,
    file: l.file,
    shape: l.shape,
    dtype: l.dtype,
    kind: l.kind,
    matrices: l.matrices,
    N: l.N,
    M: l.M,
    Q: l.Q,
    ...(withEigenvalues && l.eigenvalues ? { eigenvalues: Array.from(l.eigenvalues) } : {}),
    alpha: l.alpha,
    xmin: l.xmin,
    alphaSE: l.alphaSE,
    ks: l.ks,
    alphaWeighted: l.alphaWeighted,
    logNorm: l.logNorm,
    logSpectralNorm: l.logSpectralNorm,
    stableRank: l.stableRank,
    effectiveRank: l.effectiveRank,
    lambdaMax: l.lambdaMax,
    mpBulkMax: l.mpBulkMax,
    numSpikes: l.numSpikes,
    mpSoftRank: l.mpSoftRank,
    warning: l.warning,
    ...(l.randomized ? { randomized: l.randomized } : {}),
  };
}

/** The report as the documented JSON document (`eigenvalues` per layer only when asked). */
export function reportJson(r: WeightsReport, withEigenvalues: boolean): Record<string, unknown> {
  return {
    files: r.files,
    backend: r.backend,
    ...(r.fallback ? { fallback: r.fallback } : {}),
    layers: r.layers.map((l) => layerJson(l, withEigenvalues)),
    skipped: r.skipped,
    summary: r.summary,
  };
}

/** Header and rows with WeightWatcher's columns (plus rand_* when any layer was randomized). */
export function reportCsv(r: Pick<WeightsReport, 'layers'>): { header: string[]; rows: unknown[][] } {
  const randomize = r.layers.some((l) => l.randomized);
  const header = randomize ? [...CSV_COLUMNS, ...RAND_COLUMNS] : CSV_COLUMNS;
  const rows = r.layers.map((l, i) => {
    const row: unknown[] = [i, l.name, l.N, l.M, l.Q, l.alpha, l.alphaWeighted, l.logNorm, l.logSpectralNorm, l.stableRank, l.mpSoftRank, l.numSpikes, l.xmin, l.ks, l.warning];
    if (randomize) row.push(l.randomized?.alpha, l.randomized?.lambdaMax, l.randomized?.mpBulkMax, l.randomized?.numSpikes);
    return row;
  });
  return { header, rows };
}

/** CSV text (RFC 4180 quoting; numbers in full precision, missing values empty). */
export function csvText(header: string[], rows: unknown[][]): string {
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
