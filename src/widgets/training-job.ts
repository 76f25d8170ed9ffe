/**
 * A training run in the worker: checkpoints streamed as {@link TrainPoint}s (ESD histogram of the
 * first trained layer with the Marchenko–Pastur law fitted at initialisation, outliers, α,
 * effective rank, losses), pausable between checkpoints; then the loss-surface experiments
 * (presets lmc and lottery, option svPrune), their phases reported through `onProgress`.
 */
import { esdHistogram, mpDensity, mpFit } from '../analysis/index.js';
import type { TrainOptions } from '../train/config.js';
import { experiments, Trainer } from '../train/loop.js';
import type { ProgressUpdate, TrainPoint, TrainSummary } from './protocol.js';

export async function runTraining(
  options: TrainOptions,
  signal: AbortSignal,
  gate: () => Promise<void>,
  onPoint: (t: TrainPoint) => void,
  onProgress?: (u: ProgressUpdate) => void,
): Promise<TrainSummary> {
  const t = await Trainer.create(options);
  const c = t.config;
  const li = Math.max(0, c.frozen.indexOf(false));
  let mp: { q: number; sigma2: number } | null = null;
  try {
    const run = { signal, onProgress: onProgress ? (e: ProgressUpdate) => void onProgress(e) : undefined };
    const it = t.checkpoints(run);
    for (;;) {
      const r = await it.next();
      if (r.done) {
        // The loss-surface experiments start from the finished run (its data, initialisation, engine).
        const extra = r.value.status === 'completed' ? await experiments(t, await t.weights(), run) : null;
        return {
          ...extra,
          status: r.value.status,
          message: r.value.message,
          backend: t.backend,
          adapter: t.adapter,
          fallback: t.fallback,
          preset: c.preset,
          task: c.task,
          steps: r.value.steps,
        };
      }
      const cp = r.value;
      const layer = cp.layers[li];
      let hist: TrainPoint['hist'] = null;
      let curve: TrainPoint['mp'] = null;
      if (layer) {
        const [rows, cols] = layer.shape;
        const big = Math.max(rows, cols);
        const esd = layer.singularValues.map((s) => (s * s) / big);
        if (!mp && esd.length >= 2) {
          const q = Math.min(rows, cols) / big;
          mp = { q, sigma2: mpFit(esd, q).sigma2 };
        }
        const top = Math.max(...esd, mp ? mp.sigma2 * (1 + Math.sqrt(mp.q)) ** 2 : 0) * 1.05;
        const h = esdHistogram(esd, { bins: Math.max(8, Math.min(60, Math.round(Math.sqrt(esd.length) * 2))), range: [0, top] });
        hist = { edges: Array.from(h.edges), density: Array.from(h.density) };
        if (mp) {
          const x = Array.from({ length: 161 }, (_, i) => (top * i) / 160);
          curve = { x, y: x.map((v) => mpDensity(v, mp!.q, mp!.sigma2)) };
        }
      }
      onPoint({
        step: cp.step,
        totalSteps: c.steps,
        trainLoss: cp.trainLoss,
        testLoss: cp.testLoss,
        trainAcc: cp.trainAcc,
        testAcc: cp.testAcc,
        layer: layer?.name ?? '',
        hist,
        mp: curve,
        outliers: layer?.outliers ?? [],
        alpha: layer?.alpha ?? null,
        effectiveRank: layer?.effectiveRank ?? NaN,
        teacherOverlap: cp.teacherOverlap ?? layer?.teacherOverlap ?? null,
      });
      await gate();
    }
  } finally {
    t.destroy();
  }
}
