import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { chunkRanges, dispatchGrid, itemsPerChunk } from '../../src/gpu/limits.js';
import { planFieldChunks } from '../../src/sample/fields-gpu.js';
import type { NetworkShape } from '../../src/sample/network.js';

const net: NetworkShape = { dim: 3, width: 256, depth: 3, sIn: 1, sigmaW2: 2, sigmaB2: 0, seed: 0 };
const limits = (binding: number) => ({ maxStorageBufferBindingSize: binding, maxBufferSize: binding, maxComputeWorkgroupsPerDimension: 65535 });

describe('chunk planning from device limits', () => {
  it('keeps every buffer within the binding limit and the cap', () => {
    const M = 8450;
    for (const binding of [2 ** 30, 64 * 2 ** 20, 4 * 2 ** 20, 2 * 2 ** 20]) {
      const p = planFieldChunks(net, M, 1000, limits(binding), { memoryCapBytes: 256 * 2 ** 20 });
      const kc = p.networksPerChunk;
      const mc = p.pointsPerChunk;
      expect(kc).toBeGreaterThanOrEqual(1);
      expect(4 * kc * net.width * mc).toBeLessThanOrEqual(binding); // activations
      expect(4 * kc * net.width * net.width).toBeLessThanOrEqual(binding); // weight scratch
      expect(4 * kc * M).toBeLessThanOrEqual(binding); // fields
      expect(p.bytesPerChunk).toBeLessThanOrEqual(256 * 2 ** 20);
    }
    // A small binding forces the points into chunks; a large one does not.
    expect(planFieldChunks(net, 8450, 10, limits(2 * 2 ** 20)).pointsPerChunk).toBeLessThan(8450);
    expect(planFieldChunks(net, 8450, 10, limits(2 ** 30)).pointsPerChunk).toBe(8450);
  });

  it('says how much memory a network would need when it cannot fit', () => {
    const e = (() => {
      try {
        planFieldChunks({ ...net, width: 40000 }, 100, 1, limits(2 ** 30));
      } catch (x) {
        return x as NnspectraError;
      }
    })();
    expect(e).toBeInstanceOf(NnspectraError);
    expect(e!.code).toBe('INVALID_PARAMETER');
    expect(e!.message).toMatch(/width must be .* needs 5\.96 GiB .* limit of 512\.0 MiB/);
    expect(() => planFieldChunks(net, 8450, 4, limits(2 ** 30), { wholePoints: true, memoryCapBytes: 4 * 2 ** 20 })).toThrow(/estimator must be field/);
  });

  it('grid and range helpers', () => {
    expect(dispatchGrid(10)).toEqual([10, 1]);
    expect(dispatchGrid(70000, 65535)).toEqual([65535, 2]);
    expect(() => dispatchGrid(65535 * 65535 + 1, 65535)).toThrow();
    expect(chunkRanges(10, 4)).toEqual([[0, 4], [4, 4], [8, 2]]);
    expect(itemsPerChunk(100, 1000, 5, 'x')).toBe(5);
    expect(() => itemsPerChunk(2000, 1000, 5, 'x')).toThrow(/x needs 2\.0 KiB/);
  });
});
