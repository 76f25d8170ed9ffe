/**
 * Lottery tickets with rewinding (Frankle et al.), seen through spectra (Yunis et al.): train
 * dense, keep the top fraction of weights by global magnitude (last layer dense), rewind to an
 * early step and retrain the masked network (mask on weights and gradients); the control is a
 * random mask with the same count per layer. Each sparse endpoint's top singular vectors are
 * compared with the dense endpoint's.
 */
import type { RunOptions } from '../progress.js';
import { evaluateWeights, runSegment } from './branch.js';
import type { ExperimentContext } from './lmc.js';
import { magnitudeMask, randomMaskLike } from './masks.js';
import { weightAgreement } from './sv-agreement.js';

export interface TicketResult {
  testAcc: number | null;
  testLoss: number | null;
  /** Mean top-10 agreement with the dense endpoint over the layers but the last. */
  svAgreement: number;
  svAgreementLayers: number[];
  /** Fraction of the masked layers' weights that are kept (exact). */
  density: number;
}

export interface LotteryResult {
  /** Percent of weights kept (last layer excluded from the count and from pruning). */
  keep: number;
  rewindStep: number;
  dense: { testAcc: number | null; testLoss: number | null };
  magnitude: TicketResult;
  random: TicketResult;
}

/** Dense run, magnitude and random tickets rewound to step `rewind`; `keep` is a percentage in (0, 100]. */
export async function runLottery(ctx: ExperimentContext, keep: number, rewind: number, run: RunOptions = {}): Promise<LotteryResult> {
  const { spec, data, base, seed, steps, make } = ctx;
  const total = steps + 2 * (steps - rewind);
  let done = 0;
  const tick = () => {
    done++;
    if (done % 50 === 0) run.onProgress?.({ phase: 'lottery', done, total });
  };
  const dense = await runSegment(make, base, seed, { start: base.init, from: 0, to: steps, order: 0, keep: [rewind] }, run, tick);
  const rewound = dense.kept.get(rewind)!;
  const mag = magnitudeMask(dense.final, keep / 100);
  const rnd = randomMaskLike(mag, seed);
  const ticket = async (masks: (Float64Array | null)[]): Promise<TicketResult> => {
    const r = await runSegment(make, base, seed, { start: rewound, from: rewind, to: steps, order: 0, masks }, run, tick);
    const te = evaluateWeights(spec, data, r.final, 'test');
    const ag = await weightAgreement(spec, r.final, dense.final);
    let kept = 0, size = 0;
    for (const m of masks) if (m) for (let i = 0; i < m.length; i++) (kept += m[i]), size++;
    return { testAcc: te.acc, testLoss: data.nTest > 0 ? te.loss : null, svAgreement: ag.mean, svAgreementLayers: ag.layers, density: kept / size };
  };
  const te = evaluateWeights(spec, data, dense.final, 'test');
  const out: LotteryResult = {
    keep,
    rewindStep: rewind,
    dense: { testAcc: te.acc, testLoss: data.nTest > 0 ? te.loss : null },
    magnitude: await ticket(mag),
    random: await ticket(rnd),
  };
  run.onProgress?.({ phase: 'lottery', done: total, total });
  return out;
}
