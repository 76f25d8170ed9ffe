/** The infinite-width D_ℓ the sampled spectra are compared with (from the theory engine). */
import type { ActivationSpec } from '../theory/activation-spec.js';
import { theorySpectrum } from '../theory/spectrum.js';
import type { ParamMode } from '../theory/variances.js';

export interface TheoryQuery {
  activation: ActivationSpec;
  depth: number;
  dim: number;
  lmax: number;
  mode: ParamMode;
  sigmaW2?: number;
  sigmaB2?: number;
}

/** D_0 … D_lmax at the sampled depth (same activation, mode, variances and dimension) and their rounding bound. */
export function theoryD(q: TheoryQuery): { D: number[]; roundoff: number } {
  const r = theorySpectrum({
    activation: q.activation,
    depths: [q.depth],
    dim: q.dim,
    lmax: q.lmax,
    mode: q.mode,
    ...(q.mode === 'raw' ? { sigmaW2: q.sigmaW2 } : {}),
    sigmaB2: q.sigmaB2,
  });
  return { D: r.depths[0].D, roundoff: r.roundoff };
}
