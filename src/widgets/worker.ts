/**
 * The compute worker behind every widget of a page: one per page (see client.ts), holding the
 * page's one GPU device. It runs the public API (theory, sampling, phase diagrams, training,
 * linear algebra) off the main thread, streams partial results through Comlink callbacks,
 * aborts a job when the page cancels it, and draws the widgets' field and heat-map canvases.
 */
import * as Comlink from 'comlink';
import { NnspectraError } from '../errors.js';
import { describeAdapter, getGpu } from '../gpu/device.js';
import { sphereGrid } from '../sphere/grid.js';
import { kappaPrime1, phaseDiagram, regimeOf } from '../theory/regimes.js';
import { theorySpectrum, type TheoryParams } from '../theory/spectrum.js';
import { sampleSpectrum, type SampleParams } from '../sample/sample.js';
import type { TrainOptions } from '../train/config.js';
import { autoScale, toPositions, type ColorScale } from './colormap.js';
import { runBench, type BenchParams } from './bench.js';
import { equiangularFromRings } from './render-cpu.js';
import { attachSurface, detachSurface, resizeSurface, rotateSurface, setSurfaceImage } from './surfaces.js';
import { runTraining } from './training-job.js';
import type { JobError, Outcome, WorkerApi } from './protocol.js';
import { ZERO_FLOOR } from './zero.js';

interface Job {
  ac: AbortController;
  paused: boolean;
  resume: (() => void) | null;
}

const jobs = new Map<number, Job>();

function asJobError(e: unknown): JobError {
  if (e instanceof NnspectraError) return { message: e.message, code: e.code, ...(e.param ? { param: e.param } : {}) };
  const m = e instanceof Error ? e.message : String(e);
  return { message: `unexpected error: ${m}`, code: 'UNEXPECTED' };
}

/** Waits while job `j` is paused (between checkpoints of a training run). */
async function gate(j: Job): Promise<void> {
  while (j.paused && !j.ac.signal.aborted) await new Promise<void>((r) => (j.resume = r));
}

async function run<T>(id: number, f: (signal: AbortSignal, j: Job) => Promise<T>, ...callbacks: unknown[]): Promise<Outcome<T>> {
  const j: Job = { ac: new AbortController(), paused: false, resume: null };
  jobs.set(id, j);
  try {
    return { ok: true, value: await f(j.ac.signal, j) };
  } catch (e) {
    return { ok: false, error: asJobError(e) };
  } finally {
    jobs.delete(id);
    for (const cb of callbacks) (cb as { [Comlink.releaseProxy]?: () => void } | undefined)?.[Comlink.releaseProxy]?.();
  }
}

/** Zero-valued entries of the theory carry no z-score: there is nothing to scale the error by. */
function zWhereDefined(z: readonly (number | null)[] | null, theory: number[] | null): (number | null)[] | null {
  if (!z || !theory) return null;
  return z.map((v, l) => (Math.abs(theory[l]) <= ZERO_FLOOR || v === null || !Number.isFinite(v) ? null : v));
}

function phaseScale(kp: number[][]): ColorScale {
  let m = 0.05;
  for (const row of kp) for (const v of row) if (v > 0 && Number.isFinite(v)) m = Math.max(m, Math.abs(Math.log10(v)));
  m = Math.min(m, 2);
  return { lo: -m, hi: m, log: false };
}

const api: WorkerApi = {
  async gpuInfo() {
    try {
      const g = await getGpu();
      return { webgpu: true, adapter: describeAdapter(g.adapter), software: g.adapter.software, features: [...g.features], reason: null };
    } catch (e) {
      return { webgpu: false, adapter: null, software: false, features: [], reason: e instanceof Error ? e.message : String(e) };
    }
  },
  cancel(id) {
    const j = jobs.get(id);
    if (!j) return;
    j.ac.abort();
    j.resume?.();
  },
  pause(id, paused) {
    const j = jobs.get(id);
    if (!j) return;
    j.paused = paused;
    if (!paused) j.resume?.();
  },
  attach: (id, sink, mode) => attachSurface(id, sink, mode),
  detach: (id) => detachSurface(id),
  resize: (id, w, h) => resizeSurface(id, w, h),
  rotate: (id, yaw, pitch) => rotateSurface(id, yaw, pitch),
  clear: (id) => setSurfaceImage(id, null),

  theory(id, p) {
    return run(id, async () => {
      const t = theorySpectrum(p as unknown as TheoryParams);
      return {
        activation: t.activation,
        kappaPrime1: t.kappaPrime1,
        regime: t.regime,
        depths: t.depths.map((d) => ({ depth: d.depth, D: d.D, tailMass: d.tailMass })),
        warnings: t.warnings,
      };
    });
  },

  sample(id, p, onPartial, onProgress) {
    const sp = p as unknown as SampleParams;
    return run(
      id,
      async (signal) => {
        const r = await sampleSpectrum(sp, {
          signal,
          onProgress: onProgress ? (e) => void onProgress(e) : undefined,
          onPartial: onPartial ? (s) => void onPartial({ width: sp.width, depth: sp.depth, networks: s.networks, total: s.total, D: s.D, Dse: s.Dse }) : undefined,
        });
        return {
          width: r.width,
          depth: r.depth,
          networks: r.networks,
          total: r.networks,
          D: r.D,
          Dse: r.Dse,
          backend: r.backend,
          adapter: r.adapter,
          fallbackReason: r.fallbackReason ?? null,
          theoryD: r.theoryD,
          z: zWhereDefined(r.z as (number | null)[] | null, r.theoryD),
          elapsedMs: r.elapsedMs,
        };
      },
      onPartial,
      onProgress,
    );
  },

  sphere(id, p, ids) {
    return run(id, async (signal) => {
      const sp = { ...(p as unknown as SampleParams), networks: 1, keepFields: 1, estimator: 'field' as const, dim: 3 };
      const r = await sampleSpectrum(sp, { signal });
      const f = r.fields!;
      const g = sphereGrid(f.gridLmax!);
      const eq = equiangularFromRings(f.values, g.x, g.nlon, g.nlat);
      const scale = autoScale(eq.values, false);
      const img = { t: toPositions(eq.values, scale), nx: eq.nx, ny: eq.ny };
      for (const s of ids) setSurfaceImage(s, img);
      const kp = kappaPrime1(sp.activation, { mode: sp.mode, sigmaW2: sp.sigmaW2, sigmaB2: sp.sigmaB2 });
      return {
        activation: r.activation,
        kappaPrime1: kp,
        regime: regimeOf(kp),
        seed: r.seed,
        backend: r.backend,
        adapter: r.adapter,
        fallbackReason: r.fallbackReason ?? null,
        scale,
        D: r.D,
        gridLmax: f.gridLmax!,
        elapsedMs: r.elapsedMs,
      };
    });
  },

  depthMap(id, p, surface) {
    return run(id, async () => {
      const L = p.depth as number;
      const depthsList = Number.isInteger(L) && L >= 1 && L <= 200 ? Array.from({ length: L }, (_, i) => i + 1) : [L];
      const t = theorySpectrum({ ...(p as unknown as TheoryParams), depths: depthsList });
      const nx = t.lmax + 1;
      const values = new Float64Array(nx * t.depths.length);
      t.depths.forEach((d, r) => values.set(d.D, r * nx));
      const s0 = autoScale(values, true, ZERO_FLOOR);
      const scale = { ...s0, lo: Math.max(s0.lo, s0.hi * 1e-12) };
      setSurfaceImage(surface, { t: toPositions(values, scale, ZERO_FLOOR), nx, ny: t.depths.length });
      return {
        activation: t.activation,
        kappaPrime1: t.kappaPrime1,
        regime: t.regime,
        depths: t.depths.map((d) => d.depth),
        lmax: t.lmax,
        dim: t.dim,
        zeroFloor: ZERO_FLOOR,
        scale,
        sobolev: t.depths.map((d) => d.sobolev),
        sobolevFull: t.depths.map((d) => d.sobolevFull),
        tailMass: t.depths.map((d) => d.tailMass),
      };
    });
  },

  phase(id, p, surface) {
    return run(id, async (signal) => {
      const n = p.n as number;
      const d = phaseDiagram(
        {
          activation: p.activation as string,
          sigmaW2: { min: p.sw2min as number, max: p.sw2max as number, n },
          sigmaB2: { min: p.sb2min as number, max: p.sb2max as number, n },
        },
        { signal },
      );
      const scale = phaseScale(d.kappaPrime1);
      const flat = d.kappaPrime1.flat().map((v) => (v === Infinity ? scale.hi : v === 0 ? scale.lo : Math.log10(v)));
      setSurfaceImage(surface, { t: toPositions(flat, scale), nx: d.sigmaW2.length, ny: d.sigmaB2.length });
      return { activation: d.activation, sigmaW2: d.sigmaW2, sigmaB2: d.sigmaB2, scale, critical: d.critical };
    });
  },

  train(id, p, onPoint, onProgress) {
    return run(id, (signal, j) => runTraining(p as TrainOptions, signal, () => gate(j), onPoint, onProgress), onPoint, onProgress);
  },

  bench(id, p, onRow) {
    return run(id, (signal) => runBench(p as unknown as BenchParams, signal, onRow), onRow);
  },
};

Comlink.expose(api);
