/**
 * Spectral monitors of a checkpoint: per layer the singular values of W (ESD = eigenvalues of
 * XXᵀ/n_max, the Marchenko–Pastur convention), ranks, power-law tail, outliers beyond the MP
 * bulk fitted at initialisation; the CK and NTK spectra on a fixed subsample with their top
 * eigenvectors' overlap with the labels; the teacher direction's overlap with W's top right
 * singular vector. Eigen- and singular-value problems run on the chosen linear-algebra backend.
 */
import type { Backend } from '../backend.js';
import { eigh, svd } from '../linalg/index.js';
import {
  adjacentLayerAlignment,
  effectiveRank,
  ksDistance,
  mpCdf,
  mpFit,
  powerLawFit,
  stableRank,
} from '../analysis/index.js';
import type { MlpSpec } from './model.js';
import { kernelMatrices } from './kernels.js';
import type { Dataset } from './tasks.js';

/** Spectrum of one weight matrix at a checkpoint. */
export interface LayerSpectrum {
  name: string;
  /** [rows, cols] of W. */
  shape: [number, number];
  /** Singular values, descending. */
  singularValues: number[];
  /** exp(entropy) of the normalised singular values (Roy & Vetterli). */
  effectiveRank: number;
  /** Σσ²/σ_max². */
  stableRank: number;
  /** Power-law exponent of the ESD's tail, xmin by KS over tails of at least a tenth of the values (null when the layer has too few values). */
  alpha: number | null;
  /** Eigenvalues above xmin of the power-law fit (the tail's size). */
  tailCount: number | null;
  /** Outlier threshold of the MP law fitted to the initial ESD (λ+ plus a Tracy–Widom margin). */
  mpEdge: number | null;
  /** ESD eigenvalues above mpEdge, descending. */
  outliers: number[];
  /** KS distance of the ESD below mpEdge to the MP law fitted at initialisation. */
  bulkKs: number | null;
  /** |⟨v1, β⟩| of the top right singular vector (teacher task, first layer). */
  teacherOverlap: number | null;
  /** Mean |⟨u_j(W_l), v_j(W_{l+1})⟩| over the top-k pairs (null for the last layer). */
  alignmentNext: number | null;
  /** Mean top-k singular-vector agreement with the final checkpoint (filled in at the end). */
  agreementWithFinal: number | null;
}

/** Spectrum of a kernel matrix (CK or NTK) on the monitor subsample. */
export interface KernelSpectrum {
  size: number;
  /** Eigenvalues, descending. */
  eigenvalues: number[];
  effectiveRank: number;
  /** 1.05 × the largest eigenvalue at initialisation: eigenvalues above it are new outliers. */
  edge: number;
  outliers: number[];
  /** KS distance between this spectrum and the one at initialisation. */
  ksFromInit: number;
  /** Norm of the top eigenvector's projection on the (centred) label space. */
  labelOverlap: number;
}

export interface Checkpoint {
  step: number;
  trainLoss: number;
  testLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
  layers: LayerSpectrum[];
  ck: KernelSpectrum | null;
  ntk: KernelSpectrum | null;
  teacherOverlap: number | null;
}

interface LayerReference {
  q: number;
  sigma2: number;
  threshold: number;
}

/** What the first checkpoint fixes for the later ones. */
export interface MonitorReference {
  layers: (LayerReference | null)[];
  ck: Float64Array | null;
  ntk: Float64Array | null;
}

export interface MonitorInput {
  spec: MlpSpec;
  data: Dataset;
  frozen: boolean[];
  kernelSamples: number;
  ck: boolean;
  ntk: boolean;
  topK: number;
  backend: Backend;
}

/** Top-k singular vectors kept per layer, for agreement with the final checkpoint. */
export interface LayerVectors {
  u: Float64Array;
  v: Float64Array;
  k: number;
}

const desc = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => y - x);

function empiricalCdf(sample: ArrayLike<number>): (x: number) => number {
  const s = Float64Array.from(sample).sort();
  return (x) => {
    let lo = 0, hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo / s.length;
  };
}

function tryOr<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** Length of the projection of unit vector `v` on the span of the columns of Y (rows × c). */
function spanOverlap(v: Float64Array, Y: Float64Array, rows: number, c: number): number {
  const basis: Float64Array[] = [];
  for (let j = 0; j < c; j++) {
    const col = new Float64Array(rows);
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += Y[r * c + j] / rows;
    for (let r = 0; r < rows; r++) col[r] = Y[r * c + j] - mean;
    for (const b of basis) {
      let d = 0;
      for (let r = 0; r < rows; r++) d += b[r] * col[r];
      for (let r = 0; r < rows; r++) col[r] -= d * b[r];
    }
    const nrm = Math.hypot(...col);
    if (nrm > 1e-9) basis.push(col.map((x) => x / nrm));
  }
  let s = 0;
  for (const b of basis) {
    let d = 0;
    for (let r = 0; r < rows; r++) d += b[r] * v[r];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Training targets of the monitor subsample as columns (one-hot for classes). */
function labelColumns(data: Dataset, rows: number): { Y: Float64Array; c: number } {
  if (data.loss === 'mse') return { Y: data.yTrain.subarray(0, rows * data.outputDim), c: data.outputDim };
  const c = data.outputDim;
  const Y = new Float64Array(rows * c);
  for (let r = 0; r < rows; r++) Y[r * c + data.yTrain[r]] = 1;
  return { Y, c };
}

async function kernelSpectrum(
  K: Float64Array,
  rows: number,
  init: Float64Array | null,
  labels: { Y: Float64Array; c: number },
  backend: Backend,
): Promise<{ spectrum: KernelSpectrum; values: Float64Array }> {
  const e = await eigh(K, rows, { backend, vectors: true });
  const values = Float64Array.from(e.values);
  const ref = init ?? values;
  const top = Math.max(...ref);
  const edge = 1.05 * top;
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  const v = new Float64Array(rows);
  for (let i = 0; i < rows; i++) v[i] = e.vectors![i * rows + order[0]];
  const eigenvalues = order.map((i) => values[i]);
  return {
    values,
    spectrum: {
      size: rows,
      eigenvalues,
      effectiveRank: effectiveRank(eigenvalues.map((x) => Math.max(0, x))),
      edge,
      outliers: eigenvalues.filter((x) => x > edge),
      ksFromInit: ksDistance(values, empiricalCdf(ref)),
      labelOverlap: spanOverlap(v, labels.Y, rows, labels.c),
    },
  };
}

/**
 * Computes the monitors of one checkpoint. With `ref` null this is the initial checkpoint: it
 * fits the reference MP laws and records the initial kernel spectra in the returned reference.
 */
export async function monitorCheckpoint(
  m: MonitorInput,
  W: Float64Array[],
  losses: Pick<Checkpoint, 'step' | 'trainLoss' | 'testLoss' | 'trainAcc' | 'testAcc'>,
  ref: MonitorReference | null,
): Promise<{ checkpoint: Checkpoint; ref: MonitorReference; vectors: LayerVectors[] }> {
  const { spec, data } = m;
  const L = W.length;
  const newRef: MonitorReference = ref ?? { layers: [], ck: null, ntk: null };
  const layers: LayerSpectrum[] = [];
  const vectors: LayerVectors[] = [];
  for (let l = 0; l < L; l++) {
    const rows = spec.sizes[l + 1];
    const cols = spec.sizes[l];
    const k = Math.min(m.topK, rows, cols);
    const r = await svd(W[l], rows, cols, { backend: m.backend, k });
    const sv = desc(r.values);
    vectors.push({ u: Float64Array.from(r.u!), v: Float64Array.from(r.v!), k });
    const big = Math.max(rows, cols);
    const esd = sv.map((s) => (s * s) / big);
    let lref = ref ? ref.layers[l] : null;
    if (!ref) {
      const q = Math.min(rows, cols) / big;
      const fit = esd.length >= 2 ? tryOr(() => mpFit(esd, q), null) : null;
      lref = fit ? { q, sigma2: fit.sigma2, threshold: fit.threshold } : null;
      newRef.layers.push(lref);
    }
    // A tail of at least a tenth of the spectrum: with only ~10 eigenvalues the KS minimum
    // over xmin follows the fluctuations of the top few and α jumps between fits.
    const minTail = Math.max(10, Math.ceil(esd.length / 10));
    const pl = esd.length >= 10 ? tryOr(() => powerLawFit(esd, { minTail }), null) : null;
    const outliers = lref ? esd.filter((x) => x > lref.threshold) : [];
    const bulk = lref ? esd.filter((x) => x <= lref.threshold) : [];
    let teacherOverlap: number | null = null;
    if (l === 0 && data.beta) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += r.v![j * k] * data.beta[j];
      teacherOverlap = Math.abs(s);
    }
    layers.push({
      name: `W${l + 1}`,
      shape: [rows, cols],
      singularValues: sv,
      effectiveRank: effectiveRank(sv),
      stableRank: stableRank(sv),
      alpha: pl ? pl.alpha : null,
      tailCount: pl ? pl.nTail : null,
      mpEdge: lref ? lref.threshold : null,
      outliers,
      bulkKs: lref && bulk.length > 0 ? ksDistance(bulk, mpCdf(lref.q, lref.sigma2, 512)) : null,
      teacherOverlap,
      alignmentNext: null,
      agreementWithFinal: null,
    });
  }
  for (let l = 0; l + 1 < L; l++) {
    const k = Math.min(vectors[l].k, vectors[l + 1].k);
    layers[l].alignmentNext = adjacentLayerAlignment(
      { u: vectors[l].u },
      { v: vectors[l + 1].v },
      spec.sizes[l + 1],
      k,
    ).diagonalMean;
  }
  let ck: KernelSpectrum | null = null;
  let ntk: KernelSpectrum | null = null;
  if (m.ck || m.ntk) {
    const rows = m.kernelSamples;
    const X = data.xTrain.subarray(0, rows * data.inputDim);
    const km = await kernelMatrices(spec, W, X, rows, m.frozen, { ck: m.ck, ntk: m.ntk }, m.backend);
    const labels = labelColumns(data, rows);
    if (km.ck) {
      const r = await kernelSpectrum(km.ck, rows, ref ? ref.ck : null, labels, m.backend);
      ck = r.spectrum;
      if (!ref) newRef.ck = r.values;
    }
    if (km.ntk) {
      const r = await kernelSpectrum(km.ntk, rows, ref ? ref.ntk : null, labels, m.backend);
      ntk = r.spectrum;
      if (!ref) newRef.ntk = r.values;
    }
  }
  const checkpoint: Checkpoint = { ...losses, layers, ck, ntk, teacherOverlap: layers[0].teacherOverlap };
  return { checkpoint, ref: newRef, vectors };
}
