/**
 * `sampleSpectrum`: sample K random networks (GPU or CPU twin), project each field on
 * spherical harmonics (S²: exact grid SHT; other d: Gegenbauer U-statistic of each network's
 * own antipodal random points),
 * and summarise across networks beside the infinite-width theory.
 */
import { parseBackend, type Backend, type ResolvedBackend } from '../backend.js';
import { checkInt, invalidParam, NnspectraError, throwIfAborted } from '../errors.js';
import { describeAdapter, type GpuContext } from '../gpu/device.js';
import { chooseBackend } from '../gpu/choose-backend.js';
import { readF32 } from '../gpu/buffers.js';
import { formatBytes } from '../gpu/limits.js';
import type { ProgressEvent, RunOptions } from '../progress.js';
import { antipodalGegenbauerPower } from '../sphere/gegenbauer-estimator.js';
import { antipodalGegenbauerPowerGpu } from '../sphere/gegenbauer-gpu.js';
import { gridIntegrate, gridPoints, sphereGrid } from '../sphere/grid.js';
import { antipodalSpherePoints } from '../sphere/harmonics.js';
import { shtAnalysis, shtPower, shtPowerSum } from '../sphere/sht-cpu.js';
import { shtBytesPerField, shtGpu, shtLargestBufferPerField } from '../sphere/sht-gpu.js';
import type { ActivationSpec } from '../theory/activation-spec.js';
import { activationFn, activationLabel, toActivationSpec } from '../theory/activations.js';
import { resolveVariances, type ParamMode } from '../theory/variances.js';
import { MAX_DEPTH, MAX_DIM } from '../theory/spectrum.js';
import { fieldsCpu } from './fields-cpu.js';
import { fieldsGpu, forEachFieldChunk, type GpuChunkOptions } from './fields-gpu.js';
import type { NetworkShape } from './network.js';
import { blockMoments, type SpectrumMoments } from './moments.js';
import { compareWithTheory, spectraFromMoments } from './spectra.js';
import { theoryD } from './theory-link.js';

/** What to sample. Defaults: dim 3, lmax 32, seed 0, normalized mode, backend auto. */
export interface SampleParams {
  /** A built-in name (`relu`, `leaky_relu:0.2`, …), an expression in x, or a spec. */
  activation: string | ActivationSpec;
  /** Number of hidden layers L ≥ 1. */
  depth: number;
  /** Hidden width n ≥ 1. */
  width: number;
  /** Number of independent networks K ≥ 1. */
  networks: number;
  /** Input dimension d ≥ 2 (points on S^{d-1}); 3 uses the exact S² grid. */
  dim?: number;
  /** Highest multipole reported. */
  lmax?: number;
  /** Unsigned 32-bit seed: networks k = 0 … K-1 are pure functions of (seed, k). */
  seed?: number;
  mode?: ParamMode;
  sigmaW2?: number;
  sigmaB2?: number;
  /**
   * S² only: band limit of the evaluation grid (≥ lmax; default {@link defaultGridLmax}, 3·lmax).
   * Network fields are not band-limited: on a grid of band limit G the coefficients up to lmax
   * are exact for field components up to degree 2G + 1 - lmax, and higher ones alias into them.
   * A grid coarser than the default is flagged in {@link SampleResult.gridWarning}.
   */
  gridLmax?: number;
  /**
   * S² only. 'conditional' (default): each network's spectrum is averaged analytically over its
   * output weights given the hidden layers (E[Σ_m a_ℓm² | hidden] = σw²/n Σ_c Σ_m ⟨φ(h_c), Y_ℓm⟩²
   * + 4π σb² [ℓ = 0]); unbiased for the same D_ℓ with far less Monte Carlo noise. 'field': the
   * power of the sampled output field itself. Other d always use 'field'.
   */
  estimator?: 'conditional' | 'field';
  /**
   * d ≠ 3 only: evaluation points per network, an even number M (default 1024): M/2 independent
   * uniform directions and their antipodes, drawn afresh for every network from (seed, network).
   */
  points?: number;
  backend?: Backend;
  /** Return the field values of the first `keepFields` networks (default 0). */
  keepFields?: number;
  /** Compare with the theory engine (default true). */
  theory?: boolean;
  /** GPU chunking (tests and benchmarks). */
  gpu?: GpuChunkOptions;
  /** Cap on CPU-twin working memory in bytes (default 2 GiB). */
  cpuMemoryCapBytes?: number;
}

export interface SampleResult {
  backend: ResolvedBackend;
  /** Adapter description when the GPU ran, else null. */
  adapter: string | null;
  /** Why `auto` fell back to the CPU twin (absent otherwise). */
  fallbackReason?: string;
  activation: string;
  depth: number;
  width: number;
  networks: number;
  dim: number;
  lmax: number;
  seed: number;
  mode: ParamMode;
  sIn: number;
  sigmaW2: number;
  sigmaB2: number;
  /**
   * How spectra were estimated: S² grid SHT of the field or of its conditional expectation, or
   * (d ≠ 3) the Gegenbauer U-statistic of each network's own antipodal random points.
   */
  estimator: 'conditional' | 'field' | 'gegenbauer';
  /** Evaluation points per network. */
  points: number;
  /** S²: band limit of the evaluation grid; null on other spheres. */
  gridLmax: number | null;
  /**
   * Present when the S² grid is coarser than {@link defaultGridLmax}: the top degrees may then
   * carry an aliasing bias comparable to Dse for non-smooth activations (ReLU).
   */
  gridWarning?: string;
  /** Sampled law of the multipole: D̂_ℓ (see src/sample/spectra.ts). */
  D: number[];
  /** Standard error of D̂_ℓ across networks. */
  Dse: number[];
  /** Sampled angular power spectrum Ĉ_ℓ (field scale) and its standard error. */
  C: number[];
  Cse: number[];
  /** Infinite-width D_ℓ at the same parameters, or null. */
  theoryD: number[] | null;
  /**
   * (D̂_ℓ - D_ℓ) / se_ℓ, or null without theory; the entry is null where the theory is zero by
   * symmetry or below 1e-14 of Σ D (see zeroDegrees).
   */
  z: Array<number | null> | null;
  /** Largest |z| over the degrees with non-zero theory. */
  maxAbsZ: number | null;
  /** Degrees where the theory is zero (by symmetry, or below 1e-14 of Σ_ℓ D_ℓ). */
  zeroDegrees: number[];
  /** Largest |D̂_ℓ| over zeroDegrees: rounding level when the zero comes from a symmetry the networks share. */
  zeroLeak: number | null;
  /** max |D̂_ℓ - D_ℓ| / D_ℓ over degrees with D_ℓ ≥ 1e-8: the finite-width (and Monte Carlo) deviation. */
  maxRelDev: number | null;
  /** Absolute rounding bound of the theory's D_ℓ (null without theory). */
  theoryRoundoff: number | null;
  /** Mean over networks of the field's mean square (the sampled K(1)). */
  meanSquare: number;
  elapsedMs: number;
  /**
   * Fields of the first `keepFields` networks, [keepFields × points], and the points [points × dim]
   * (on S^{d-1}, d ≠ 3, network 0's; network k's are antipodalSpherePoints(dim, points, seed, k)).
   */
  fields?: { values: Float32Array | Float64Array; count: number; points: Float64Array; gridLmax?: number };
}

interface Plan {
  spec: ActivationSpec;
  net: NetworkShape;
  /** First network of the block evaluated (0 for a whole run). */
  net0: number;
  /** Networks in the block (the run's K for a whole run). */
  K: number;
  lmax: number;
  gridLmax: number;
  M: number;
  points: Float64Array;
  keep: number;
  mode: ParamMode;
  estimator: 'conditional' | 'field' | 'gegenbauer';
}

const U32_MAX = 4294967295;

/** Largest S² grid band limit accepted. */
export const MAX_GRID_LMAX = 2047;

/**
 * The default S² grid band limit for reporting degrees ≤ lmax: 3·lmax (capped at 2047). Network
 * fields are not band-limited (ReLU's spectrum decays only polynomially), and on a grid of band
 * limit G the degrees above 2G + 1 − lmax alias into the reported ones with a bias common to all
 * networks, which grows against Dse like √networks. Measured on the same networks against a
 * 5–6·lmax grid (docs/sampling-statistics.md), 2·lmax biases ReLU's top degree by 0.4–0.8 Dse
 * at 64 networks (depth 2 and 3), 3·lmax by at most 0.09 Dse, at about 1.6× the cost of 2·lmax.
 */
export function defaultGridLmax(lmax: number): number {
  return Math.min(MAX_GRID_LMAX, 3 * lmax);
}

/**
 * A one-line warning when an S² grid of band limit `gridLmax` is coarser than
 * {@link defaultGridLmax} for `lmax`, else null.
 */
export function gridAliasWarning(lmax: number, gridLmax: number): string | null {
  const rule = defaultGridLmax(lmax);
  if (gridLmax >= rule) return null;
  return (
    `grid-lmax ${gridLmax} is below the default ${rule} (3*lmax, at most 2047): degrees above ${2 * gridLmax + 1 - lmax} alias into l <= ${lmax}, ` +
    `which biases the top degrees of a non-smooth activation (ReLU) by a fraction of Dse that grows like sqrt(networks)`
  );
}

export function planSample(p: SampleParams): Plan {
  if (!p || typeof p !== 'object') invalidParam('params', 'an object');
  const spec = toActivationSpec(p.activation);
  const depth = checkInt('depth', p.depth, 1, MAX_DEPTH);
  const width = checkInt('width', p.width, 1, 65535);
  const K = checkInt('networks', p.networks, 1, 10_000_000);
  const dim = checkInt('dim', p.dim ?? 3, 2, MAX_DIM);
  const lmax = checkInt('lmax', p.lmax ?? 32, 0, dim === 3 ? 1023 : 256);
  const seed = checkInt('seed', p.seed ?? 0, 0, U32_MAX);
  const mode = p.mode ?? 'normalized';
  const v = resolveVariances(spec, { mode, sigmaW2: p.sigmaW2, sigmaB2: p.sigmaB2 });
  let gridLmax = lmax;
  let M: number;
  let points: Float64Array;
  if (dim === 3) {
    if (p.points !== undefined) invalidParam('points', 'given only when dim is not 3 (S² uses the Gauss–Legendre grid)', p.points);
    gridLmax = checkInt('grid-lmax', p.gridLmax ?? defaultGridLmax(lmax), lmax, MAX_GRID_LMAX);
    const g = sphereGrid(gridLmax);
    M = g.nlat * g.nlon;
    points = gridPoints(g);
  } else {
    if (p.gridLmax !== undefined) invalidParam('grid-lmax', 'given only when dim is 3', p.gridLmax);
    M = checkInt('points', p.points ?? 1024, 4, 65536);
    if (M % 2 !== 0) invalidParam('points', 'an even integer in [4, 65536] (directions and their antipodes)', M);
    points = antipodalSpherePoints(dim, M, seed, 0);
  }
  const keep = checkInt('keepFields', p.keepFields ?? 0, 0, K);
  const est = p.estimator ?? (dim === 3 ? 'conditional' : 'field');
  if (est !== 'conditional' && est !== 'field') invalidParam('estimator', 'conditional or field', est);
  if (dim !== 3 && est === 'conditional') invalidParam('estimator', 'field when dim is not 3', est);
  const net: NetworkShape = { dim, width, depth, sIn: v.sIn, sigmaW2: v.sigmaW2, sigmaB2: v.sigmaB2, seed };
  return { spec, net, net0: 0, K, lmax, gridLmax, M, points, keep, mode: v.mode, estimator: dim === 3 ? est : 'gegenbauer' };
}

/** What a block of networks yields: its sufficient statistics and how it ran. */
export interface BlockRun {
  moments: SpectrumMoments;
  backend: ResolvedBackend;
  adapter: string | null;
  fallbackReason?: string;
  elapsedMs: number;
  fields?: Float32Array | Float64Array;
}

/** The running summary over the networks sampled so far, reported after every chunk. */
export interface SamplePartial {
  /** Networks summarised so far (the first `networks` of the run, in order). */
  networks: number;
  /** Networks the run will sample. */
  total: number;
  D: number[];
  Dse: number[];
  meanSquare: number;
}

/** Run options of {@link sampleSpectrum}: progress, cancellation and partial spectra. */
export interface SampleRunOptions extends RunOptions {
  /** Called after each chunk of networks with the spectrum of those sampled so far. */
  onPartial?: (p: SamplePartial) => void;
}

/** Per-network degree powers b[k·(lmax+1) + ℓ] and mean squares ms[k], filled in network order. */
interface Accumulator {
  b: Float64Array;
  ms: Float64Array;
}

/**
 * Evaluates networks net0 … net1-1 of the run `params` describes and returns their sufficient
 * statistics (see ./moments.ts). The building block of {@link sampleSpectrum} and of shards.
 */
export async function sampleBlock(params: SampleParams, net0: number, net1: number, runOpts: SampleRunOptions = {}): Promise<BlockRun> {
  const t0 = performance.now();
  const backend = parseBackend(params.backend ?? 'auto');
  const plan = planSample(params);
  const count = net1 - net0;
  if (!(Number.isInteger(net0) && Number.isInteger(net1) && net0 >= 0 && count >= 1 && net1 <= plan.K))
    invalidParam('shard', `a non-empty block of networks within 0..${plan.K - 1}`, `${net0}..${net1 - 1}`);
  const cpuCap = params.cpuMemoryCapBytes ?? 2 * 2 ** 30;
  const cpuBytes = 16 * plan.net.width * plan.M + 8 * plan.keep * plan.M;
  let ctx: GpuContext | null = null;
  let fallbackReason: string | undefined;
  try {
    const choice = await chooseBackend(backend);
    ctx = choice.gpu ?? null;
    fallbackReason = choice.fallback;
  } catch (e) {
    // Only 'webgpu' without a device gets here: that is a usage error for the CLI (exit 2).
    const why = e instanceof Error ? e.message : String(e);
    throw new NnspectraError('INVALID_PARAMETER', `backend must be cpu or auto where WebGPU is unavailable (got "webgpu": ${why})`, 'backend');
  }
  const block = { ...plan, net0, K: count, keep: net0 === 0 ? Math.min(plan.keep, count) : 0 };
  const acc: Accumulator = { b: new Float64Array(count * (plan.lmax + 1)), ms: new Float64Array(count) };
  const opts = withPartials(runOpts, acc, block);
  let run: { b: Float64Array; ms: Float64Array; fields?: Float32Array | Float64Array };
  let used: ResolvedBackend = 'cpu';
  if (ctx) {
    try {
      run = await runGpu(ctx, block, params.gpu ?? {}, opts, acc);
      used = 'webgpu';
    } catch (e) {
      if (!(e instanceof NnspectraError) || e.code !== 'GPU' || backend === 'webgpu') throw e;
      fallbackReason = e.message;
      ctx = null;
      run = await runCpu(block, cpuBytes, cpuCap, opts, acc);
    }
  } else {
    run = await runCpu(block, cpuBytes, cpuCap, opts, acc);
  }
  for (let i = 0; i < run.b.length; i++) checkFinite(run.b[i], plan);
  for (let i = 0; i < run.ms.length; i++) checkFinite(run.ms[i], plan);
  return {
    moments: blockMoments(run.b, run.ms, count, plan.lmax),
    backend: used,
    adapter: used === 'webgpu' && ctx ? describeAdapter(ctx.adapter) : null,
    ...(fallbackReason && used === 'cpu' ? { fallbackReason } : {}),
    elapsedMs: performance.now() - t0,
    ...(run.fields ? { fields: run.fields } : {}),
  };
}

/** Progress events of the sampling phase also deliver the partial spectrum, when asked for. */
function withPartials(opts: SampleRunOptions, acc: Accumulator, plan: Plan): RunOptions {
  const { onPartial } = opts;
  if (!onPartial) return opts;
  return {
    signal: opts.signal,
    onProgress: (e: ProgressEvent) => {
      opts.onProgress?.(e);
      if (e.phase !== 'sample' || e.done < 1) return;
      const s = spectraFromMoments(blockMoments(acc.b, acc.ms, e.done, plan.lmax), plan.net.dim);
      onPartial({ networks: e.done, total: plan.K, D: s.D, Dse: s.Dse, meanSquare: s.meanSquare });
    },
  };
}

function checkFinite(v: number, plan: Plan): void {
  if (!Number.isFinite(v))
    throw new NnspectraError('NUMERICAL', `the sampled fields are not finite (activation ${activationLabel(plan.spec)} overflowed or left its domain)`);
}

/** The infinite-width D_ℓ of a run and its rounding bound (null when `theory` is false). */
export function sampleTheory(params: SampleParams): { D: number[]; roundoff: number } | null {
  if (params.theory === false) return null;
  const plan = planSample(params);
  return theoryD({ activation: plan.spec, depth: plan.net.depth, dim: plan.net.dim, lmax: plan.lmax, mode: plan.mode, sigmaW2: params.sigmaW2, sigmaB2: params.sigmaB2 });
}

/** The result of a whole run from the merged statistics of all its networks. */
export function resultFromMoments(
  params: SampleParams,
  m: SpectrumMoments,
  run: Pick<BlockRun, 'backend' | 'adapter' | 'fallbackReason' | 'elapsedMs'>,
  theory: { D: number[]; roundoff: number } | null = sampleTheory(params),
): SampleResult {
  const plan = planSample(params);
  if (m.count !== plan.K) invalidParam('networks', `the number of networks merged (${m.count})`, plan.K);
  const s = spectraFromMoments(m, plan.net.dim);
  for (const v of [...s.D, s.meanSquare]) checkFinite(v, plan);
  const cmp = theory ? compareWithTheory(s.D, s.Dse, theory.D, m.count) : null;
  const gridWarning = plan.net.dim === 3 ? gridAliasWarning(plan.lmax, plan.gridLmax) : null;
  return {
    backend: run.backend,
    adapter: run.adapter,
    ...(run.fallbackReason ? { fallbackReason: run.fallbackReason } : {}),
    activation: activationLabel(plan.spec),
    depth: plan.net.depth,
    width: plan.net.width,
    networks: plan.K,
    dim: plan.net.dim,
    lmax: plan.lmax,
    seed: plan.net.seed,
    mode: plan.mode,
    sIn: plan.net.sIn,
    sigmaW2: plan.net.sigmaW2,
    sigmaB2: plan.net.sigmaB2,
    estimator: plan.estimator,
    points: plan.M,
    gridLmax: plan.net.dim === 3 ? plan.gridLmax : null,
    ...(gridWarning ? { gridWarning } : {}),
    D: s.D,
    Dse: s.Dse,
    C: s.C,
    Cse: s.Cse,
    theoryD: theory ? theory.D : null,
    z: cmp ? cmp.z : null,
    maxAbsZ: cmp ? cmp.maxAbsZ : null,
    zeroDegrees: cmp ? cmp.zeroDegrees : [],
    zeroLeak: cmp ? cmp.zeroLeak : null,
    maxRelDev: cmp ? cmp.maxRelDev : null,
    theoryRoundoff: theory ? theory.roundoff : null,
    meanSquare: s.meanSquare,
    elapsedMs: run.elapsedMs,
  };
}

/**
 * Samples `networks` random MLPs on S^{dim-1} and returns their empirical angular spectra
 * beside the infinite-width theory. Reports progress ('sample', networks done) and honours
 * `signal`. With backend 'auto' a missing or failing WebGPU falls back to the CPU twin and
 * says why in `fallbackReason`, as does a software adapter (SwiftShader), where the CPU twin is
 * faster; 'webgpu' where none exists is an INVALID_PARAMETER error.
 */
export async function sampleSpectrum(params: SampleParams, opts: SampleRunOptions = {}): Promise<SampleResult> {
  const t0 = performance.now();
  const plan = planSample(params);
  // The theory runs first: it validates what `theory` validates, before any sampling work.
  const theory = sampleTheory(params);
  const run = await sampleBlock(params, 0, plan.K, opts);
  const result = resultFromMoments(params, run.moments, { ...run, elapsedMs: performance.now() - t0 }, theory);
  if (plan.keep > 0 && run.fields)
    result.fields = { values: run.fields, count: plan.keep, points: plan.points, ...(plan.net.dim === 3 ? { gridLmax: plan.gridLmax } : {}) };
  return result;
}

async function runGpu(
  ctx: GpuContext,
  plan: Plan,
  gopts: GpuChunkOptions,
  opts: RunOptions,
  acc: Accumulator,
): Promise<{ b: Float64Array; ms: Float64Array; fields?: Float32Array }> {
  const { net, K, lmax, M, net0 } = plan;
  const L1 = lmax + 1;
  const { b, ms } = acc;
  const fields = plan.keep > 0 ? new Float32Array(plan.keep * M) : undefined;
  opts.onProgress?.({ phase: 'sample', done: 0, total: K });
  if (net.dim === 3) {
    const g = sphereGrid(plan.gridLmax);
    const conditional = plan.estimator === 'conditional';
    const n = net.width;
    await forEachFieldChunk(
      ctx,
      net,
      plan.spec,
      plan.points,
      net0,
      K,
      async (c) => {
        const k0 = c.net0 - net0;
        if (conditional) {
          if (!c.features) throw new NnspectraError('GPU', 'hidden-layer outputs unavailable for the conditional estimator');
          const r = await shtGpu(ctx, c.features, c.count * n, g, lmax);
          for (let k = 0; k < c.count; k++) {
            const pw = new Float64Array(L1);
            let s2 = 0;
            for (let u = 0; u < n; u++) {
              s2 += r.meanSquare[k * n + u];
              for (let l = 0; l < L1; l++) pw[l] += r.power[(k * n + u) * L1 + l];
            }
            conditionalMoments(plan, pw, s2, b, ms, k0 + k);
          }
        } else {
          const r = await shtGpu(ctx, c.buffer, c.count, g, lmax);
          for (let k = 0; k < c.count; k++) {
            ms[k0 + k] = r.meanSquare[k];
            for (let l = 0; l < L1; l++) b[(k0 + k) * L1 + l] = r.power[k * L1 + l] / (4 * Math.PI);
          }
        }
        if (fields && k0 < plan.keep) {
          const n = Math.min(c.count, plan.keep - k0);
          fields.set(await readF32(ctx.device, c.buffer, n * M), k0 * M);
        }
        opts.onProgress?.({ phase: 'sample', done: k0 + c.count, total: K });
      },
      {
        ...gopts,
        extraBytesPerNetwork: (conditional ? n : 1) * shtBytesPerField(g, lmax),
        extraBindingBytesPerNetwork: (conditional ? n : 1) * shtLargestBufferPerField(g, lmax),
        wholePoints: conditional,
        signal: opts.signal,
      },
    );
    return { b, ms, fields };
  }
  // Other dimensions: every network at its own antipodal points, drawn on the GPU for the fields
  // and on the host (float64, the same Philox normals) for the pair sum.
  const batch = Math.max(1, Math.min(K, Math.floor(2 ** 26 / M)));
  for (let k0 = 0; k0 < K; k0 += batch) {
    throwIfAborted(opts.signal);
    const kc = Math.min(batch, K - k0);
    const f = await fieldsGpu(ctx, net, plan.spec, plan.points, net0 + k0, kc, { ...gopts, networkPoints: true, signal: opts.signal });
    if (fields && k0 < plan.keep) fields.set(f.subarray(0, Math.min(kc, plan.keep - k0) * M), k0 * M);
    const pts = new Float64Array(kc * M * net.dim);
    for (let k = 0; k < kc; k++) pts.set(antipodalSpherePoints(net.dim, M, net.seed, net0 + k0 + k), k * M * net.dim);
    const r = await antipodalGegenbauerPowerGpu(ctx, pts, net.dim, f, kc, lmax, opts.signal);
    b.set(r.b, k0 * L1);
    ms.set(r.meanSquare, k0);
    opts.onProgress?.({ phase: 'sample', done: k0 + kc, total: K });
  }
  return { b, ms, fields };
}

async function runCpu(
  plan: Plan,
  bytes: number,
  cap: number,
  opts: RunOptions,
  acc: Accumulator,
): Promise<{ b: Float64Array; ms: Float64Array; fields?: Float64Array }> {
  if (bytes > cap)
    invalidParam('width', `small enough for the CPU twin's memory cap of ${formatBytes(cap)}`, `${plan.net.width}: it would need ${formatBytes(bytes)}`);
  const { net, K, lmax, M, net0 } = plan;
  const { phi } = activationFn(plan.spec);
  const L1 = lmax + 1;
  const { b, ms } = acc;
  const fields = plan.keep > 0 ? new Float64Array(plan.keep * M) : undefined;
  opts.onProgress?.({ phase: 'sample', done: 0, total: K });
  const g = net.dim === 3 ? sphereGrid(plan.gridLmax) : null;
  for (let k = 0; k < K; k++) {
    throwIfAborted(opts.signal);
    if (plan.estimator === 'conditional') {
      const n = net.width;
      const f = await fieldsCpu(net, phi, plan.points, net0 + k, 1, {
        signal: opts.signal,
        onFeatures: (_kk, A) => {
          const r = shtPowerSum(g!, A, n, lmax);
          conditionalMoments(plan, r.power, r.meanSquare, b, ms, k);
        },
      });
      if (fields && k < plan.keep) fields.set(f, k * M);
    } else if (g) {
      const f = await fieldsCpu(net, phi, plan.points, net0 + k, 1, { signal: opts.signal });
      if (fields && k < plan.keep) fields.set(f, k * M);
      const pw = shtPower(shtAnalysis(g, f, 0, lmax), lmax);
      for (let l = 0; l < L1; l++) b[k * L1 + l] = pw[l] / (4 * Math.PI);
      const sq = new Float64Array(M);
      for (let p = 0; p < M; p++) sq[p] = f[p] ** 2;
      ms[k] = gridIntegrate(g, sq) / (4 * Math.PI);
    } else {
      // Each network at its own antipodal design: the points' noise is part of the spread across networks.
      const pts = antipodalSpherePoints(net.dim, M, net.seed, net0 + k);
      const f = await fieldsCpu(net, phi, pts, net0 + k, 1, { signal: opts.signal });
      if (fields && k < plan.keep) fields.set(f, k * M);
      const r = antipodalGegenbauerPower(pts, net.dim, f, 1, lmax);
      b.set(r.b, k * L1);
      ms[k] = r.meanSquare[0];
    }
    opts.onProgress?.({ phase: 'sample', done: k + 1, total: K });
  }
  return { b, ms, fields };
}

/**
 * E[b_ℓ | hidden layers] and E[mean square | hidden layers] of network k from the summed
 * powers Σ_c Σ_m ⟨φ(h_c), Y_ℓm⟩² and mean squares Σ_c (1/4π)∫φ(h_c)² of its last hidden layer:
 * the output row w ~ N(0, σw²/n), b ~ N(0, σb²) enters quadratically, so its average is exact.
 */
function conditionalMoments(plan: Plan, power: Float64Array, meanSq: number, b: Float64Array, ms: Float64Array, k: number): void {
  const L1 = plan.lmax + 1;
  const s = plan.net.sigmaW2 / plan.net.width;
  for (let l = 0; l < L1; l++) b[k * L1 + l] = (s * power[l]) / (4 * Math.PI);
  b[k * L1] += plan.net.sigmaB2;
  ms[k] = s * meanSq + plan.net.sigmaB2;
}
