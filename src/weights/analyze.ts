/**
 * Spectral report of model weight files, layer by layer: each tensor is read, reduced to its
 * eigenvalues and dropped before the next one is read, so a model larger than memory works.
 */
import type { Backend, ResolvedBackend } from '../backend.js';
import { invalidParam, throwIfAborted } from '../errors.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { listTensors } from '../io/open.js';
import { baseName, blobSource, bufferSource, setResolver, type ByteSource, type SourceResolver } from '../io/source.js';
import type { SkippedTensor, TensorEntry, TensorListing } from '../io/tensor.js';
import type { RunOptions } from '../progress.js';
import { philox4x32 } from '../rng/philox.js';
import { matrixEigenvalues } from './esd.js';
import { layerMatrices, matrixShapes, notALayer, type ConvMode, type LayerKind, type MatrixView } from './matrices.js';
import { layerMetrics, type LayerMetrics } from './metrics.js';

/** A model file: a path (Node), a File or Blob (browser), or named bytes. */
export type WeightsSource = string | Blob | { name: string; data: ArrayBuffer | Uint8Array } | ArrayBuffer;

export interface AnalyzeWeightsOptions {
  /** Only tensors whose name matches (a RegExp or its source text). */
  filter?: string | RegExp;
  /** 4-D kernels: 'slices' (default; each tap c_out × c_in, spectra pooled) or 'reshape'. */
  conv?: ConvMode;
  /** Also analyse an element-wise shuffled copy of each matrix (reported as `randomized`). */
  randomize?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Include each layer's eigenvalues in the report. */
  eigenvalues?: boolean;
  /** Where the eigenvalues are computed (default 'auto'). */
  backend?: Backend;
  /** Called with each layer's report as soon as it is computed. */
  onLayer?: (layer: LayerReport) => void;
}

/** The metrics of the shuffled copy of a layer (`randomize`). */
export interface RandomizedMetrics {
  alpha: number | null;
  lambdaMax: number;
  mpBulkMax: number | null;
  numSpikes: number | null;
}

export interface LayerReport extends LayerMetrics {
  name: string;
  file: string;
  shape: number[];
  dtype: string;
  kind: LayerKind;
  /** Number of matrices pooled (kh·kw for convolutions as slices, else 1). */
  matrices: number;
  /** max(rows, cols) of the layer's matrices. */
  N: number;
  /** min(rows, cols). */
  M: number;
  /** N / M. */
  Q: number;
  /** λ = σ² ascending, pooled over the matrices (with `eigenvalues`). */
  eigenvalues?: Float64Array;
  randomized?: RandomizedMetrics;
}

export interface WeightsSummary {
  layers: number;
  /** Means over the layers where the metric exists. */
  alpha: number | null;
  alphaWeighted: number | null;
  logNorm: number | null;
  logSpectralNorm: number | null;
  stableRank: number | null;
  mpSoftRank: number | null;
  overTrained: number;
  underTrained: number;
}

export interface WeightsReport {
  files: string[];
  layers: LayerReport[];
  skipped: SkippedTensor[];
  summary: WeightsSummary;
  backend: ResolvedBackend;
  fallback?: string;
}

function asRegExp(f: string | RegExp | undefined): RegExp | null {
  if (f === undefined || f instanceof RegExp) return f ?? null;
  try {
    return new RegExp(f);
  } catch {
    return invalidParam('filter', 'a valid regular expression', f);
  }
}

async function openSources(sources: WeightsSource[]): Promise<{ srcs: ByteSource[]; resolver: SourceResolver }> {
  if (sources.length === 0) invalidParam('source', 'at least one file');
  if (sources.every((s) => typeof s === 'string')) {
    const { fileSource, folderResolver } = await import('../io/node-source.js');
    const srcs: ByteSource[] = [];
    for (const p of sources as string[]) srcs.push(await fileSource(p));
    return { srcs, resolver: folderResolver() };
  }
  const srcs = sources.map((s, i): ByteSource => {
    if (typeof s === 'string') return invalidParam('source', 'all paths or all in-memory files, not a mix', s);
    if (typeof Blob !== 'undefined' && s instanceof Blob) return blobSource(s);
    if (s instanceof ArrayBuffer) return bufferSource(`buffer ${i}.safetensors`, s);
    if (s && typeof s === 'object' && 'name' in s && 'data' in s) return bufferSource(s.name, s.data);
    return invalidParam('source', 'a path, File, Blob, ArrayBuffer or { name, data }', typeof s);
  });
  return { srcs, resolver: setResolver(srcs) };
}

/** Model entry points first (indexes, manifests, ONNX), so the files they name are not read twice. */
function entryOrder(srcs: ByteSource[]): ByteSource[] {
  const rank = (s: ByteSource) => (/\.(json|onnx)$/i.test(s.name) ? 0 : 1);
  return srcs.slice().sort((a, b) => rank(a) - rank(b));
}

/**
 * Per-layer spectral report of model weights: safetensors (sharded through its index), ONNX,
 * NumPy .npy/.npz and TF.js models. `source` is a path (Node), a File/Blob or named bytes
 * (browser; a bare ArrayBuffer is read as safetensors), or a list of them (shards and model.json
 * together). Layers are the 2-D tensors and 4-D convolution kernels; eigenvalues are σ² of W
 * (not divided by N); metrics follow WeightWatcher (see docs/weights.md).
 * Progress: phase 'layers', one step per layer. Cancellable through `run.signal`.
 */
export async function analyzeWeights(
  source: WeightsSource | WeightsSource[],
  options: AnalyzeWeightsOptions = {},
  run: RunOptions = {},
): Promise<WeightsReport> {
  const conv = options.conv ?? 'slices';
  if (conv !== 'slices' && conv !== 'reshape') invalidParam('conv', 'slices or reshape', conv);
  const filter = asRegExp(options.filter);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) invalidParam('seed', 'an integer in [0, 4294967295]', seed);
  const choice = await chooseBackend(options.backend);
  throwIfAborted(run.signal);
  const { srcs, resolver } = await openSources(Array.isArray(source) ? source : [source]);
  try {
    const listings: TensorListing[] = [];
    const seen = new Set<string>();
    for (const s of entryOrder(srcs)) {
      // Files an entry point already read (shards, external data) are not models of their own.
      if (seen.has(baseName(s.name))) continue;
      const l = await listTensors(s, resolver);
      for (const f of l.files) seen.add(baseName(f));
      listings.push(l);
    }
    const skipped: SkippedTensor[] = listings.flatMap((l) => l.skipped);
    const todo: TensorEntry[] = [];
    for (const t of listings.flatMap((l) => l.tensors)) {
      if (filter && !filter.test(t.name)) continue;
      const why = notALayer(t);
      if (why) skipped.push({ name: t.name, reason: why });
      else todo.push(t);
    }
    const layers: LayerReport[] = [];
    run.onProgress?.({ phase: 'layers', done: 0, total: todo.length });
    for (const [i, t] of todo.entries()) {
      throwIfAborted(run.signal);
      const layer = await analyzeLayer(t, conv, options, choice.backend, seed, run.signal);
      if (typeof layer === 'string') skipped.push({ name: t.name, reason: layer });
      else {
        layers.push(layer);
        options.onLayer?.(layer);
      }
      run.onProgress?.({ phase: 'layers', done: i + 1, total: todo.length });
    }
    return {
      files: listings.flatMap((l) => l.files),
      layers,
      skipped,
      summary: summarize(layers),
      backend: choice.backend,
      ...(choice.fallback ? { fallback: choice.fallback } : {}),
    };
  } finally {
    for (const s of srcs) await s.close?.();
    await resolver.close?.();
  }
}

async function analyzeLayer(
  t: TensorEntry,
  conv: ConvMode,
  options: AnalyzeWeightsOptions,
  backend: ResolvedBackend,
  seed: number,
  signal?: AbortSignal,
): Promise<LayerReport | string> {
  const data = await t.read();
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] !== 0) return `contains NaN or Inf (at element ${i})`;
  const mats = layerMatrices(t, data, conv);
  const { rows, cols } = matrixShapes(t, conv);
  const N = Math.max(rows, cols), M = Math.min(rows, cols);
  const pooled = await pooledEigenvalues(mats, backend, signal);
  const metrics = layerMetrics(pooled, N, M);
  const report: LayerReport = {
    name: t.name,
    file: t.file,
    shape: t.shape,
    dtype: t.dtype,
    kind: t.shape.length === 2 ? 'dense' : 'conv2d',
    matrices: mats.length,
    N,
    M,
    Q: N / M,
    ...metrics,
  };
  if (options.eigenvalues) report.eigenvalues = pooled;
  if (options.randomize) {
    const shuffled = mats.map((m, k) => ({ ...m, data: shuffle(m.data, seed, k) }));
    const r = layerMetrics(await pooledEigenvalues(shuffled, backend, signal), N, M);
    report.randomized = { alpha: r.alpha, lambdaMax: r.lambdaMax, mpBulkMax: r.mpBulkMax, numSpikes: r.numSpikes };
  }
  return report;
}

async function pooledEigenvalues(mats: MatrixView[], backend: ResolvedBackend, signal?: AbortSignal): Promise<Float64Array> {
  const parts: Float64Array[] = [];
  for (const m of mats) {
    throwIfAborted(signal);
    parts.push(await matrixEigenvalues(m, backend, signal));
  }
  if (parts.length === 1) return parts[0];
  const all = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all.sort();
}

/**
 * An element-wise random permutation of `data` (Fisher–Yates driven by Philox under `seed`,
 * matrix index `k`): the same seed gives the same shuffle everywhere.
 */
export function shuffle<T extends Float32Array | Float64Array>(data: T, seed: number, k: number): T {
  const out = data.slice() as T;
  const words = new Uint32Array(4);
  for (let i = out.length - 1; i > 0; i--) {
    philox4x32(i, k, 0x5eed, 0, seed, 0x7f4a7c15, words);
    // 53 random bits make the modulo bias negligible for any array length.
    const u = (words[0] * 2 ** 21 + (words[1] >>> 11)) / 2 ** 53;
    const j = Math.floor(u * (i + 1));
    const tmp = out[i];
    out[i] = out[j];
    out[j] = tmp;
  }
  return out;
}

function summarize(layers: LayerReport[]): WeightsSummary {
  const mean = (key: keyof LayerMetrics): number | null => {
    let s = 0, n = 0;
    for (const l of layers) {
      const v = l[key];
      if (typeof v === 'number' && Number.isFinite(v)) {
        s += v;
        n++;
      }
    }
    return n ? s / n : null;
  };
  return {
    layers: layers.length,
    alpha: mean('alpha'),
    alphaWeighted: mean('alphaWeighted'),
    logNorm: mean('logNorm'),
    logSpectralNorm: mean('logSpectralNorm'),
    stableRank: mean('stableRank'),
    mpSoftRank: mean('mpSoftRank'),
    overTrained: layers.filter((l) => l.warning === 'over-trained').length,
    underTrained: layers.filter((l) => l.warning === 'under-trained').length,
  };
}
