/**
 * Pruning masks (0/1 arrays shaped like the weights): a global magnitude mask keeping the
 * largest |w| over the masked layers, and a random mask with the same count in every layer.
 * Counts are exact: round(keep · size) over the masked layers, ties broken by position.
 */
import { checkNumber } from '../errors.js';
import { permutation, STREAM_MASK } from './tasks.js';

/**
 * Keeps the round(keep·N) largest |w| over layers 0..L−2 (N their total size); the last layer
 * gets null (dense). `keep` is a fraction in (0, 1].
 */
export function magnitudeMask(W: Float64Array[], keep: number): (Float64Array | null)[] {
  checkNumber('keep', keep, 0, 1, { loOpen: true });
  const masked = W.slice(0, -1);
  const total = masked.reduce((s, w) => s + w.length, 0);
  const count = Math.round(keep * total);
  const all = new Float64Array(total);
  let o = 0;
  for (const w of masked) for (let i = 0; i < w.length; i++) all[o++] = Math.abs(w[i]);
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) => all[b] - all[a] || a - b);
  const flat = new Float64Array(total);
  for (let i = 0; i < count; i++) flat[order[i]] = 1;
  const out: (Float64Array | null)[] = [];
  o = 0;
  for (const w of masked) {
    out.push(flat.slice(o, o + w.length));
    o += w.length;
  }
  out.push(null);
  return out;
}

/** A random mask keeping as many entries of each layer as `like` does (null stays null). */
export function randomMaskLike(like: (Float64Array | null)[], seed: number): (Float64Array | null)[] {
  return like.map((m, l) => {
    if (!m) return null;
    let count = 0;
    for (let i = 0; i < m.length; i++) count += m[i];
    const perm = permutation(m.length, seed, STREAM_MASK, l);
    const out = new Float64Array(m.length);
    for (let i = 0; i < count; i++) out[perm[i]] = 1;
    return out;
  });
}
