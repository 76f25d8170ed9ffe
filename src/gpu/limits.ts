/**
 * Limits and chunking: work larger than one binding, one buffer or one dispatch dimension is
 * split into chunks by these helpers, so kernels only ever see sizes the device accepts.
 */
import { NnspectraError } from '../errors.js';

/** A 2-D workgroup grid covering `groups` workgroups with at most `maxPerDim` per dimension. */
export function dispatchGrid(groups: number, maxPerDim = 65535): [number, number] {
  if (groups <= 0) return [0, 1];
  const gx = Math.min(groups, maxPerDim);
  const gy = Math.ceil(groups / gx);
  if (gy > maxPerDim) throw new NnspectraError('GPU', `dispatch of ${groups} workgroups exceeds the device's grid`);
  return [gx, gy];
}

/** The byte budget one buffer binding may use on this device, below an optional cap. */
export function bindingBudget(limits: Pick<GPUSupportedLimits, 'maxStorageBufferBindingSize' | 'maxBufferSize'>, capBytes = Infinity): number {
  return Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, capBytes);
}

/**
 * How many items fit in one chunk when each needs `bytesPerItem` in the largest buffer:
 * at least 1 (or an error naming what one item would need), at most `maxItems`.
 */
export function itemsPerChunk(bytesPerItem: number, budgetBytes: number, maxItems: number, what: string): number {
  const k = Math.floor(budgetBytes / bytesPerItem);
  if (k < 1)
    throw new NnspectraError(
      'INVALID_PARAMETER',
      `${what} needs ${formatBytes(bytesPerItem)} per buffer, above the limit of ${formatBytes(budgetBytes)}`,
      what,
    );
  return Math.max(1, Math.min(k, maxItems));
}

/** Splits [0, total) into consecutive ranges of at most `size`. */
export function chunkRanges(total: number, size: number): Array<[start: number, count: number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < total; s += size) out.push([s, Math.min(size, total - s)]);
  return out;
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(2)} GiB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(1)} MiB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(1)} KiB`;
  return `${b} B`;
}
