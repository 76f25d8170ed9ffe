/**
 * What the widgets and the compute worker say to each other (through Comlink). Results are
 * plain data; errors come back as values ({@link JobError}) so that the library's own message,
 * code and parameter survive the trip.
 */
import type { ColorScale } from './colormap.js';
import type { SurfaceMode } from './render-cpu.js';
import type { FrameSink } from './surfaces.js';
import type { LmcResult } from '../train/lmc.js';
import type { LotteryResult } from '../train/lottery.js';
import type { SvPruneResult } from '../train/sv-prune.js';

/** An NnspectraError (or an unexpected failure) as data. */
export interface JobError {
  message: string;
  code: string;
  param?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: JobError };

export interface GpuInfo {
  webgpu: boolean;
  /** One-line adapter description, or null. */
  adapter: string | null;
  software: boolean;
  features: string[];
  /** Why WebGPU is unavailable (null when it is available). */
  reason: string | null;
}

export interface ProgressUpdate {
  phase: string;
  done: number;
  total: number;
}

/** Theory curves for the spectrum view (D_ℓ per depth). */
export interface TheoryCurves {
  activation: string;
  kappaPrime1: number;
  regime: string;
  depths: { depth: number; D: number[]; tailMass: number }[];
  warnings: string[];
}

/** One Monte Carlo spectrum (partial while `networks < total`). */
export interface SampledCurve {
  width: number;
  depth: number;
  networks: number;
  total: number;
  D: number[];
  Dse: number[];
}

export interface SampleSummary extends SampledCurve {
  backend: string;
  adapter: string | null;
  fallbackReason: string | null;
  theoryD: number[] | null;
  /** Per-ℓ z-scores against the theory (null entries: theory exactly zero, nothing to compare). */
  z: (number | null)[] | null;
  elapsedMs: number;
}

export interface SphereSummary {
  activation: string;
  kappaPrime1: number;
  regime: string;
  seed: number;
  backend: string;
  adapter: string | null;
  fallbackReason: string | null;
  scale: ColorScale;
  /** The one network's spectrum (D̂_ℓ of its field). */
  D: number[];
  gridLmax: number;
  elapsedMs: number;
}

export interface DepthMapSummary {
  activation: string;
  kappaPrime1: number;
  regime: string;
  depths: number[];
  lmax: number;
  dim: number;
  /** D values below this are drawn as zero (grey). */
  zeroFloor: number;
  scale: ColorScale;
  /** E[X(X+d−2)] over depth: in the band (Σ_{ℓ≤lmax}) and of the full series, (d−1)κ'(1)^L in normalized mode. */
  sobolev: number[];
  sobolevFull: number[];
  tailMass: number[];
}

export interface PhaseSummary {
  activation: string;
  sigmaW2: number[];
  sigmaB2: number[];
  /** Colour scale of log10 κ'(1). */
  scale: ColorScale;
  critical: { sigmaB2: number; sigmaW2: number | null }[];
}

/** One training checkpoint, reduced to what the training widget draws. */
export interface TrainPoint {
  step: number;
  totalSteps: number;
  trainLoss: number;
  testLoss: number | null;
  trainAcc: number | null;
  testAcc: number | null;
  /** First trained layer: ESD histogram and the MP density fitted at initialisation. */
  layer: string;
  hist: { edges: number[]; density: number[] } | null;
  mp: { x: number[]; y: number[] } | null;
  outliers: number[];
  alpha: number | null;
  effectiveRank: number;
  teacherOverlap: number | null;
}

export interface TrainSummary {
  status: string;
  message: string | null;
  backend: string;
  adapter: string | null;
  fallback: string | null;
  preset: string | null;
  task: string;
  steps: number;
  /** Preset lmc: barriers and singular-vector agreements of the branch pairs. */
  lmc?: LmcResult | null;
  /** Preset lottery: dense, magnitude-mask and random-mask endpoints. */
  lottery?: LotteryResult | null;
  /** Option svPrune: training losses with the matrices cut to the top / bottom half of their SVD. */
  svPrune?: SvPruneResult | null;
}

export interface BenchRow {
  what: string;
  size: string;
  backend: string;
  ms: number;
  /** Summed compute-pass durations from timestamp queries (GPU rows on devices that have them). */
  gpuMs: number | null;
  /** Useful GFLOP/s where the operation has a FLOP count. */
  gflops: number | null;
}

export interface BenchSummary {
  adapter: string | null;
  timestampQuery: boolean;
  timing: string;
  rows: BenchRow[];
}

/** The compute worker's interface. Every job takes an id; `cancel(id)` aborts it. */
export interface WorkerApi {
  gpuInfo(): Promise<GpuInfo>;
  cancel(job: number): void;
  pause(job: number, paused: boolean): void;
  attach(id: number, sink: FrameSink, mode: SurfaceMode): Promise<'webgpu' | 'canvas2d'>;
  detach(id: number): void;
  resize(id: number, width: number, height: number): void;
  rotate(id: number, yaw: number, pitch: number): void;
  clear(id: number): void;
  theory(job: number, p: Record<string, unknown>): Promise<Outcome<TheoryCurves>>;
  sample(job: number, p: Record<string, unknown>, onPartial?: (c: SampledCurve) => void, onProgress?: (u: ProgressUpdate) => void): Promise<Outcome<SampleSummary>>;
  sphere(job: number, p: Record<string, unknown>, surfaces: number[]): Promise<Outcome<SphereSummary>>;
  depthMap(job: number, p: Record<string, unknown>, surface: number): Promise<Outcome<DepthMapSummary>>;
  phase(job: number, p: Record<string, unknown>, surface: number): Promise<Outcome<PhaseSummary>>;
  train(job: number, p: Record<string, unknown>, onPoint: (t: TrainPoint) => void, onProgress?: (u: ProgressUpdate) => void): Promise<Outcome<TrainSummary>>;
  bench(job: number, p: Record<string, unknown>, onRow: (r: BenchRow) => void): Promise<Outcome<BenchSummary>>;
}
