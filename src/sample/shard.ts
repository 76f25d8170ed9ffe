/**
 * Sharded sampling: shard i of N evaluates the i-th contiguous block of the networks 0 … K-1
 * (network k is a pure function of (seed, k), so blocks can run anywhere) and keeps only the
 * sufficient statistics of ./moments.ts per width; merging the N shards gives the unsharded
 * result to rounding. Shard documents are untrusted input: {@link parseShard} bounds, validates
 * and checksums them before anything is computed from them.
 */
import { invalidParam, NnspectraError } from '../errors.js';
import type { RunOptions } from '../progress.js';
import type { ActivationSpec } from '../theory/activation-spec.js';
import { mergeMoments, type SpectrumMoments } from './moments.js';
import { planSample, resultFromMoments, sampleBlock, type SampleParams, type SampleResult } from './sample.js';
import { checkWidths, sweepFromMoments, type SweepResult } from './sweep.js';

export const SHARD_FORMAT = 'nnspectra-shard';
export const SHARD_VERSION = 1;
/** Largest shard document accepted, bytes. */
export const MAX_SHARD_BYTES = 64 * 2 ** 20;
/** Largest number of shards in one run. */
export const MAX_SHARDS = 100_000;

/** The run a shard belongs to: every parameter that changes the numbers. */
export interface ShardRunParams {
  activation: string | ActivationSpec;
  depth: number;
  widths: number[];
  networks: number;
  dim: number;
  lmax: number;
  seed: number;
  mode: 'normalized' | 'raw';
  sigmaW2: number | null;
  sigmaB2: number | null;
  estimator: 'conditional' | 'field' | 'gegenbauer';
  /** S²: grid band limit; other d: null. */
  gridLmax: number | null;
  /** Evaluation points per network. */
  points: number;
}

/** The statistics of one width over the shard's networks. */
export interface ShardBlock {
  width: number;
  count: number;
  sumS: number;
  css: number;
  sumB: number[];
  cbb: number[];
  cbs: number[];
}

/** A shard document (what `nnspectra sample --shard i/N --out FILE` writes). */
export interface ShardFile {
  format: typeof SHARD_FORMAT;
  version: typeof SHARD_VERSION;
  params: ShardRunParams;
  /** Shard `index` of `count`; networks net0 … net1-1. */
  shard: { index: number; count: number; net0: number; net1: number };
  blocks: ShardBlock[];
  backend: 'webgpu' | 'cpu';
  elapsedMs: number;
  /** FNV-1a 64 of the canonical JSON of params, shard and blocks (hex). */
  checksum: string;
}

/** Networks net0 … net1-1 of shard `index` of `count` over K networks (blocks differ by at most one). */
export function shardRange(K: number, index: number, count: number): { net0: number; net1: number } {
  return { net0: Math.floor((index * K) / count), net1: Math.floor(((index + 1) * K) / count) };
}

function runParams(params: SampleParams, widths: number[]): ShardRunParams {
  const plan = planSample({ ...params, width: widths[0] });
  return {
    activation: params.activation,
    depth: plan.net.depth,
    widths,
    networks: plan.K,
    dim: plan.net.dim,
    lmax: plan.lmax,
    seed: plan.net.seed,
    mode: plan.mode,
    sigmaW2: params.sigmaW2 ?? null,
    sigmaB2: params.sigmaB2 ?? null,
    estimator: plan.estimator,
    gridLmax: plan.net.dim === 3 ? plan.gridLmax : null,
    points: plan.M,
  };
}

function toSampleParams(p: ShardRunParams, width: number): SampleParams {
  return {
    activation: p.activation,
    depth: p.depth,
    width,
    networks: p.networks,
    dim: p.dim,
    lmax: p.lmax,
    seed: p.seed,
    mode: p.mode,
    ...(p.sigmaW2 !== null ? { sigmaW2: p.sigmaW2 } : {}),
    ...(p.sigmaB2 !== null ? { sigmaB2: p.sigmaB2 } : {}),
    ...(p.dim === 3 ? { estimator: p.estimator as 'conditional' | 'field', gridLmax: p.gridLmax ?? undefined } : { points: p.points }),
  };
}

/** The canonical text the checksum covers (fixed key order, shortest round-trip numbers). */
function canonical(f: Pick<ShardFile, 'params' | 'shard' | 'blocks'>): string {
  const p = f.params;
  return JSON.stringify([
    [p.activation, p.depth, p.widths, p.networks, p.dim, p.lmax, p.seed, p.mode, p.sigmaW2, p.sigmaB2, p.estimator, p.gridLmax, p.points],
    [f.shard.index, f.shard.count, f.shard.net0, f.shard.net1],
    f.blocks.map((b) => [b.width, b.count, b.sumS, b.css, b.sumB, b.cbb, b.cbs]),
  ]);
}

/** FNV-1a, 64 bits (two 32-bit lanes with different offsets), as 16 hex digits. */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000193) >>> 0;
    h2 = (h2 ^ (h1 >>> 7)) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/**
 * Runs shard `index` of `count` of the run `params` (at each of `widths`, default
 * [params.width]) and returns its document.
 */
export async function sampleShard(
  params: SampleParams,
  shard: { index: number; count: number },
  widths: number[] = [params.width],
  opts: RunOptions = {},
): Promise<ShardFile> {
  checkWidths(widths);
  const rp = runParams(params, widths);
  if (!Number.isInteger(shard.count) || shard.count < 1 || shard.count > Math.min(MAX_SHARDS, rp.networks))
    invalidParam('shard', `i/N with N an integer in [1, ${Math.min(MAX_SHARDS, rp.networks)}] (at most the number of networks)`, `${shard.index}/${shard.count}`);
  if (!Number.isInteger(shard.index) || shard.index < 0 || shard.index >= shard.count)
    invalidParam('shard', `i/N with i an integer in [0, ${shard.count - 1}]`, `${shard.index}/${shard.count}`);
  const { net0, net1 } = shardRange(rp.networks, shard.index, shard.count);
  const t0 = performance.now();
  const blocks: ShardBlock[] = [];
  let backend: 'webgpu' | 'cpu' = 'cpu';
  for (const width of widths) {
    const run = await sampleBlock(toSampleParams(rp, width), net0, net1, {
      signal: opts.signal,
      onProgress: opts.onProgress && ((e) => opts.onProgress!({ ...e, phase: `width ${width}` })),
    });
    backend = run.backend;
    const m = run.moments;
    blocks.push({ width, count: m.count, sumS: m.sumS, css: m.css, sumB: Array.from(m.sumB), cbb: Array.from(m.cbb), cbs: Array.from(m.cbs) });
  }
  // Parameters the caller left to defaults are resolved, so shards of one run compare equal.
  const body = { params: rp, shard: { index: shard.index, count: shard.count, net0, net1 }, blocks };
  return { format: SHARD_FORMAT, version: SHARD_VERSION, ...body, backend, elapsedMs: performance.now() - t0, checksum: fnv1a64(canonical(body)) };
}

function bad(name: string, why: string): never {
  throw new NnspectraError('INVALID_PARAMETER', `shard file ${name} is not a valid nnspectra shard: ${why}`, 'shard');
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(name: string, v: unknown, what: string, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) bad(name, `${what} must be an integer in [${lo}, ${hi}]`);
  return v;
}

function finite(name: string, v: unknown, what: string, nonNegative = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) bad(name, `${what} must be a finite${nonNegative ? ' non-negative' : ''} number`);
  return v;
}

function finiteArray(name: string, v: unknown, what: string, len: number, nonNegative = false): number[] {
  if (!Array.isArray(v) || v.length !== len) bad(name, `${what} must be an array of ${len} numbers`);
  return v.map((x, i) => finite(name, x, `${what}[${i}]`, nonNegative));
}

/**
 * Parses and validates one shard document: size, JSON, schema, ranges, finite numbers and the
 * checksum. Errors are INVALID_PARAMETER with the file named and one reason.
 */
export function parseShard(text: string, name: string): ShardFile {
  if (typeof text !== 'string' || text.length > MAX_SHARD_BYTES) bad(name, `larger than ${MAX_SHARD_BYTES} bytes`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    bad(name, 'not JSON');
  }
  if (!isObj(doc)) bad(name, 'not a JSON object');
  if (doc.format !== SHARD_FORMAT) bad(name, `format must be "${SHARD_FORMAT}"`);
  if (doc.version !== SHARD_VERSION) bad(name, `version must be ${SHARD_VERSION}`);
  const p = doc.params;
  if (!isObj(p)) bad(name, 'params missing');
  if (typeof p.activation !== 'string' && !isObj(p.activation)) bad(name, 'params.activation must be a string or an activation spec');
  if (typeof p.activation === 'string' && p.activation.length > 4096) bad(name, 'params.activation is too long');
  if (!Array.isArray(p.widths) || p.widths.length < 1 || p.widths.length > 16) bad(name, 'params.widths must be a list of 1 to 16 widths');
  const widths = p.widths.map((w, i) => int(name, w, `params.widths[${i}]`, 1, 65535));
  const lmax = int(name, p.lmax, 'params.lmax', 0, 1023);
  const networks = int(name, p.networks, 'params.networks', 1, 10_000_000);
  if (p.mode !== 'normalized' && p.mode !== 'raw') bad(name, 'params.mode must be normalized or raw');
  if (p.estimator !== 'conditional' && p.estimator !== 'field' && p.estimator !== 'gegenbauer') bad(name, 'params.estimator must be conditional, field or gegenbauer');
  const params: ShardRunParams = {
    activation: p.activation as ShardRunParams['activation'],
    depth: int(name, p.depth, 'params.depth', 1, 200),
    widths,
    networks,
    dim: int(name, p.dim, 'params.dim', 2, 100),
    lmax,
    seed: int(name, p.seed, 'params.seed', 0, 4294967295),
    mode: p.mode,
    sigmaW2: p.sigmaW2 === null ? null : finite(name, p.sigmaW2, 'params.sigmaW2'),
    sigmaB2: p.sigmaB2 === null ? null : finite(name, p.sigmaB2, 'params.sigmaB2'),
    estimator: p.estimator,
    gridLmax: p.gridLmax === null ? null : int(name, p.gridLmax, 'params.gridLmax', 0, 2047),
    points: int(name, p.points, 'params.points', 1, 2 ** 24),
  };
  const s = doc.shard;
  if (!isObj(s)) bad(name, 'shard missing');
  const count = int(name, s.count, 'shard.count', 1, Math.min(MAX_SHARDS, networks));
  const index = int(name, s.index, 'shard.index', 0, count - 1);
  const range = shardRange(networks, index, count);
  if (s.net0 !== range.net0 || s.net1 !== range.net1) bad(name, `shard ${index}/${count} must hold networks ${range.net0}..${range.net1 - 1}`);
  if (!Array.isArray(doc.blocks) || doc.blocks.length !== widths.length) bad(name, 'blocks must hold one entry per width');
  const L1 = lmax + 1;
  const blocks: ShardBlock[] = doc.blocks.map((b, i) => {
    if (!isObj(b)) bad(name, `blocks[${i}] must be an object`);
    if (b.width !== widths[i]) bad(name, `blocks[${i}].width must be ${widths[i]}`);
    if (b.count !== range.net1 - range.net0) bad(name, `blocks[${i}].count must be ${range.net1 - range.net0}`);
    const sumS = finite(name, b.sumS, `blocks[${i}].sumS`, true);
    if (!(sumS > 0)) bad(name, `blocks[${i}].sumS must be positive`);
    return {
      width: widths[i],
      count: b.count as number,
      sumS,
      css: finite(name, b.css, `blocks[${i}].css`, true),
      sumB: finiteArray(name, b.sumB, `blocks[${i}].sumB`, L1),
      cbb: finiteArray(name, b.cbb, `blocks[${i}].cbb`, L1, true),
      cbs: finiteArray(name, b.cbs, `blocks[${i}].cbs`, L1),
    };
  });
  if (doc.backend !== 'webgpu' && doc.backend !== 'cpu') bad(name, 'backend must be webgpu or cpu');
  const elapsedMs = finite(name, doc.elapsedMs, 'elapsedMs', true);
  const body = { params, shard: { index, count, net0: range.net0, net1: range.net1 }, blocks };
  if (doc.checksum !== fnv1a64(canonical(body))) bad(name, 'checksum mismatch (the file was changed or damaged)');
  return { format: SHARD_FORMAT, version: SHARD_VERSION, ...body, backend: doc.backend, elapsedMs, checksum: doc.checksum as string };
}

function toMoments(b: ShardBlock): SpectrumMoments {
  return { count: b.count, sumS: b.sumS, css: b.css, sumB: Float64Array.from(b.sumB), cbb: Float64Array.from(b.cbb), cbs: Float64Array.from(b.cbs) };
}

/**
 * Merges the shards of one run: they must share every parameter and shard count, be disjoint
 * and complete. Returns the unsharded run's result (a width sweep when the run had several
 * widths). `names` label the shards in error messages.
 */
export function mergeShards(shards: ShardFile[], names: string[] = shards.map((_, i) => `#${i + 1}`)): SampleResult | SweepResult {
  if (shards.length === 0) invalidParam('shard', 'at least one shard file', 'none');
  const ref = canonical({ params: shards[0].params, shard: { index: 0, count: 0, net0: 0, net1: 0 }, blocks: [] });
  const N = shards[0].shard.count;
  const seen = new Map<number, string>();
  shards.forEach((s, i) => {
    if (canonical({ params: s.params, shard: { index: 0, count: 0, net0: 0, net1: 0 }, blocks: [] }) !== ref)
      invalidParam('shard', `files of one run (${names[i]} has other parameters than ${names[0]})`, names[i]);
    if (s.shard.count !== N) invalidParam('shard', `files of one run (${names[i]} is one of ${s.shard.count} shards, ${names[0]} one of ${N})`, names[i]);
    const prev = seen.get(s.shard.index);
    if (prev !== undefined) invalidParam('shard', `disjoint shards (${names[i]} and ${prev} are both shard ${s.shard.index}/${N})`, names[i]);
    seen.set(s.shard.index, names[i]);
  });
  if (seen.size !== N) {
    const missing: number[] = [];
    for (let i = 0; i < N && missing.length < 10; i++) if (!seen.has(i)) missing.push(i);
    invalidParam('shard', `all ${N} shards of the run (missing ${missing.join(', ')}${N - seen.size > missing.length ? ', …' : ''})`, `${seen.size} given`);
  }
  const ordered = [...shards].sort((a, b) => a.shard.index - b.shard.index);
  const p = ordered[0].params;
  const merged = p.widths.map((_, w) => ordered.map((s) => toMoments(s.blocks[w])).reduce(mergeMoments));
  const run = {
    backend: ordered.every((s) => s.backend === 'webgpu') ? ('webgpu' as const) : ('cpu' as const),
    adapter: null,
    elapsedMs: ordered.reduce((t, s) => t + s.elapsedMs, 0),
  };
  if (p.widths.length === 1) return resultFromMoments(toSampleParams(p, p.widths[0]), merged[0], run);
  return sweepFromMoments(toSampleParams(p, p.widths[0]), p.widths, merged, run);
}
