/** The explorer's views and their parameters (URL names = widget attribute names). */

export interface Param {
  name: string;
  label: string;
  /** Default with WebGPU on a hardware adapter, and on the CPU (no WebGPU or a software one). */
  def: string;
  cpu?: string;
  options?: string[];
  title?: string;
}

export interface View {
  id: string;
  title: string;
  /** The widget's tag, or 'bench' for the benchmark page. */
  tag: string;
  blurb: string;
  params: Param[];
}

const activation: Param = {
  name: 'activation',
  label: 'activation',
  def: 'tanh',
  title: 'a built-in (relu, tanh, erf, gelu, leaky_relu:0.2, relu_pow:3, …) or an expression in x, e.g. sin(x) + 0.3*x',
};
const mode: Param = { name: 'mode', label: 'mode', def: 'normalized', options: ['normalized', 'raw'] };
const sb2: Param = { name: 'sb2', label: 'σ_b²', def: '0' };
const sw2: Param = { name: 'sw2', label: 'σ_w² (raw)', def: '2' };
const backend: Param = { name: 'backend', label: 'backend', def: 'auto', options: ['auto', 'webgpu', 'cpu'] };
const seed: Param = { name: 'seed', label: 'seed', def: '0' };

export const VIEWS: View[] = [
  {
    id: 'sphere',
    title: 'sphere',
    tag: 'nns-sphere-field',
    blurb: 'One random network on the sphere S²: its output field, on a sphere you can turn and on a Mollweide map. Resample draws the next network.',
    params: [
      activation,
      { name: 'depth', label: 'depth L', def: '3' },
      { name: 'width', label: 'width n', def: '256', cpu: '96' },
      mode,
      sb2,
      sw2,
      seed,
      { name: 'lmax', label: 'ℓ max', def: '24', cpu: '16' },
      { name: 'grid', label: 'grid band limit', def: '64', cpu: '40' },
      backend,
    ],
  },
  {
    id: 'spectrum',
    title: 'spectrum',
    tag: 'nns-spectrum',
    blurb: 'The law D_ℓ of the multipole of an infinitely wide network, depth by depth, against Monte Carlo estimates of finite networks at the deepest depth, for a sweep of widths.',
    params: [
      { ...activation, def: 'relu' },
      { name: 'depths', label: 'depths', def: '1,2,4' },
      { name: 'dim', label: 'dim d', def: '3' },
      { name: 'lmax', label: 'ℓ max', def: '16', cpu: '12' },
      mode,
      sb2,
      sw2,
      { name: 'widths', label: 'widths n', def: '64,256,1024', cpu: '32,128' },
      { name: 'networks', label: 'networks', def: '64', cpu: '16' },
      seed,
      backend,
      { name: 'yscale', label: 'y axis', def: 'log', options: ['log', 'linear'] },
    ],
  },
  {
    id: 'depth',
    title: 'depth',
    tag: 'nns-depth-map',
    blurb: 'D_ℓ over depth and ℓ: mass stays at ℓ = 0 (low disorder, κ′(1) < 1), spreads as a power law (sparse, κ′(1) = 1) or escapes to high ℓ (high disorder, κ′(1) > 1).',
    params: [activation, { name: 'depth', label: 'largest depth', def: '30' }, { name: 'dim', label: 'dim d', def: '3' }, { name: 'lmax', label: 'ℓ max', def: '48' }, mode, sb2, sw2],
  },
  {
    id: 'phase',
    title: 'phase',
    tag: 'nns-phase-diagram',
    blurb: 'κ′(1) at the variance fixed point over (σ_w², σ_b²), with the critical line κ′(1) = 1. Click a point to carry it to the other views.',
    params: [
      activation,
      { name: 'sw2min', label: 'σ_w² from', def: '0.1' },
      { name: 'sw2max', label: 'σ_w² to', def: '4' },
      { name: 'sb2min', label: 'σ_b² from', def: '0' },
      { name: 'sb2max', label: 'σ_b² to', def: '1' },
      { name: 'n', label: 'grid points', def: '64', cpu: '40' },
    ],
  },
  {
    id: 'training',
    title: 'training',
    tag: 'nns-training',
    blurb:
      'A training preset live: the ESD of the trained layer against the Marchenko–Pastur law fitted at initialisation, outliers, α, effective rank, losses. Presets lmc and lottery then train branches and sparse tickets (loss barrier against singular-vector agreement); sv-prune cuts the final matrices by SVD.',
    params: [
      { name: 'preset', label: 'preset', def: 'invariant-bulk', options: ['invariant-bulk', 'spike', 'heavy-tail', 'grokking', 'random-labels', 'lmc', 'lottery'] },
      { name: 'steps', label: 'steps', def: '100', cpu: '60' },
      { name: 'every', label: 'checkpoint every', def: '10' },
      { name: 'width', label: 'width n', def: '192', cpu: '96' },
      { name: 'd', label: 'input dim d', def: '128', cpu: '64' },
      { name: 'ntrain', label: 'train samples', def: '256', cpu: '128' },
      { name: 'ntest', label: 'test samples', def: '256', cpu: '128' },
      { name: 'keep', label: 'lottery: % kept', def: '', title: 'preset lottery: percent of the weights the magnitude mask keeps, in (0, 100]; blank: the preset default' },
      { name: 'rewind', label: 'lottery: rewind step', def: '', title: 'preset lottery: the step the tickets rewind to; blank: 2 % of the steps' },
      { name: 'svprune', label: 'sv-prune', def: '0', options: ['0', '1'], title: 'at the end, the training loss with the matrices cut to the top / bottom half of their SVD' },
      seed,
      backend,
    ],
  },
  {
    id: 'bench',
    title: 'bench',
    tag: 'bench',
    blurb: "This browser's GPU measured with the package's own kernels, beside the CPU twins. Copy the JSON to share the numbers.",
    params: [
      { name: 'width', label: 'network width', def: '256', cpu: '64' },
      { name: 'depth', label: 'network depth', def: '3', cpu: '2' },
      { name: 'networks', label: 'networks', def: '16', cpu: '2' },
      { name: 'lmax', label: 'network grid ℓ max', def: '63', cpu: '31' },
      { name: 'sht', label: 'SHT ℓ max list', def: '63,255,511', cpu: '31,63' },
      { name: 'eig', label: 'eigvalsh n', def: '1024', cpu: '256' },
    ],
  },
];

/** Parameters not tied to one widget attribute. */
export const GLOBAL_PARAMS = ['view', 'autorun'];
