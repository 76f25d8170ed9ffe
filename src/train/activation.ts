/**
 * The activation of a trained network on both sides: float64 φ and φ' from the theory engine
 * for the CPU twin, and the WGSL `act`/`act_deriv` of the same spec for the kernels. Any
 * activation the theory engine accepts (built-ins and expressions in x) trains.
 */
import { activationWgsl } from '../gpu/activation-wgsl.js';
import type { ActivationSpec } from '../theory/activation-spec.js';
import { activationFn, activationLabel, toActivationSpec } from '../theory/activations.js';

export interface TrainActivation {
  /** Stable label (`relu`, `leaky_relu:0.01`, or the expression). */
  name: string;
  spec: ActivationSpec;
  phi: (x: number) => number;
  dphi: (x: number) => number;
  /** WGSL defining `fn act(x: f32) -> f32` and `fn act_deriv(x: f32) -> f32`. */
  wgsl: string;
}

export function resolveTrainActivation(a: string | ActivationSpec): TrainActivation {
  const spec = toActivationSpec(a);
  const f = activationFn(spec);
  return { name: activationLabel(spec), spec, phi: f.phi, dphi: f.dphi, wgsl: activationWgsl(spec) };
}
