import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NnspectraError } from '../../src/errors.js';
import { blockMoments, mergeMoments } from '../../src/sample/moments.js';
import { sampleSpectrum, type SampleParams, type SampleResult } from '../../src/sample/sample.js';
import { fnv1a64, mergeShards, parseShard, sampleShard, shardRange, type ShardFile } from '../../src/sample/shard.js';
import { sampleWidthSweep, type SweepResult } from '../../src/sample/sweep.js';

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('sufficient statistics', () => {
  it('merged moments of two blocks equal the moments of the whole (Chan update against a two-pass recomputation)', () => {
    const K = 37;
    const L1 = 4;
    const b = Float64Array.from({ length: K * L1 }, (_, i) => Math.sin(i * 1.7) ** 2 + 0.01 * i);
    const s = Float64Array.from({ length: K }, (_, k) => 1 + 0.3 * Math.cos(k));
    const whole = blockMoments(b, s, K, L1 - 1);
    const m = mergeMoments(blockMoments(b.subarray(0, 12 * L1), s.subarray(0, 12), 12, L1 - 1), blockMoments(b.subarray(12 * L1), s.subarray(12), K - 12, L1 - 1));
    expect(m.count).toBe(K);
    expect(relDiff(m.sumS, whole.sumS)).toBeLessThan(1e-14);
    expect(relDiff(m.css, whole.css)).toBeLessThan(1e-12);
    for (let l = 0; l < L1; l++) {
      expect(relDiff(m.sumB[l], whole.sumB[l])).toBeLessThan(1e-14);
      expect(relDiff(m.cbb[l], whole.cbb[l])).toBeLessThan(1e-12);
      expect(relDiff(m.cbs[l], whole.cbs[l])).toBeLessThan(1e-12);
    }
  });

  it('shard ranges are contiguous, disjoint and cover 0..K-1', () => {
    for (const [K, N] of [[10, 3], [7, 7], [1000, 16]]) {
      let next = 0;
      for (let i = 0; i < N; i++) {
        const r = shardRange(K, i, N);
        expect(r.net0).toBe(next);
        expect(r.net1).toBeGreaterThan(r.net0);
        next = r.net1;
      }
      expect(next).toBe(K);
    }
  });
});

describe('sharded sampling', () => {
  const cases: Array<[string, SampleParams]> = [
    ['S² conditional', { activation: 'relu', depth: 2, width: 24, networks: 11, lmax: 6, seed: 7, backend: 'cpu' }],
    ['S⁴ antipodal Gegenbauer', { activation: 'tanh', depth: 2, width: 16, networks: 9, dim: 5, points: 64, lmax: 5, seed: 2, backend: 'cpu' }],
  ];
  it.each(cases)('%s: merging 3 shards gives the unsharded result (D to 1e-12 relative)', async (_n, p) => {
    const whole = await sampleSpectrum(p);
    const shards: ShardFile[] = [];
    for (const i of [2, 0, 1]) shards.push(parseShard(JSON.stringify(await sampleShard(p, { index: i, count: 3 })), `s${i}`));
    const m = mergeShards(shards) as SampleResult;
    expect(m.networks).toBe(p.networks);
    for (let l = 0; l <= p.lmax!; l++) {
      expect(relDiff(m.D[l], whole.D[l])).toBeLessThan(1e-12);
      expect(Math.abs(m.Dse[l] - whole.Dse[l])).toBeLessThan(1e-9 * whole.Dse[l] + 1e-15);
      expect(relDiff(m.C[l], whole.C[l])).toBeLessThan(1e-12);
    }
    expect(m.theoryD).toEqual(whole.theoryD);
    expect(m.zeroDegrees).toEqual(whole.zeroDegrees);
    expect(relDiff(m.meanSquare, whole.meanSquare)).toBeLessThan(1e-12);
  });

  it('width lists: shards of a sweep merge to the unsharded sweep', async () => {
    const p: SampleParams = { activation: 'tanh', depth: 3, width: 8, networks: 6, lmax: 4, seed: 1, backend: 'cpu' };
    const sweep = await sampleWidthSweep(p, [8, 32]);
    const shards = [0, 1].map(async (i) => sampleShard(p, { index: i, count: 2 }, [8, 32]));
    const m = mergeShards(await Promise.all(shards)) as SweepResult;
    expect(m.sweep.map((e) => e.width)).toEqual([8, 32]);
    m.sweep.forEach((e, w) => e.D.forEach((d, l) => expect(relDiff(d, sweep.sweep[w].D[l])).toBeLessThan(1e-12)));
  });

  it('rejects shards that do not fit: other parameters, duplicates, missing ones', async () => {
    const p: SampleParams = { activation: 'relu', depth: 1, width: 8, networks: 4, lmax: 3, seed: 0, backend: 'cpu' };
    const a = await sampleShard(p, { index: 0, count: 2 });
    const b = await sampleShard(p, { index: 1, count: 2 });
    const other = await sampleShard({ ...p, seed: 1 }, { index: 1, count: 2 });
    const of3 = await sampleShard(p, { index: 1, count: 3 });
    expect(() => mergeShards([a, other], ['a', 'x'])).toThrow(/x has other parameters than a/);
    expect(() => mergeShards([a, a], ['a', 'a2'])).toThrow(/disjoint shards/);
    expect(() => mergeShards([b], ['b'])).toThrow(/missing 0/);
    expect(() => mergeShards([a, of3], ['a', 'c'])).toThrow(/one of 3 shards/);
    expect(() => mergeShards([a, b])).not.toThrow();
  });

  it('validates shard files as untrusted input', async () => {
    const p: SampleParams = { activation: 'relu', depth: 1, width: 8, networks: 4, lmax: 3, seed: 0, backend: 'cpu' };
    const good = await sampleShard(p, { index: 0, count: 2 });
    const text = JSON.stringify(good);
    expect(parseShard(text, 'f').checksum).toBe(good.checksum);
    const mutate = (f: (d: any) => void) => {
      const d = JSON.parse(text);
      f(d);
      return JSON.stringify(d);
    };
    const bad: Array<[string, RegExp]> = [
      ['{', /not JSON/],
      ['[]', /not a JSON object/],
      [mutate((d) => (d.format = 'x')), /format/],
      [mutate((d) => (d.blocks[0].sumB[1] = d.blocks[0].sumB[1] * (1 + 1e-15) + 1e-300)), /checksum mismatch/],
      [mutate((d) => (d.blocks[0].sumB[1] = 'NaN')), /sumB\[1\] must be a finite number/],
      [mutate((d) => (d.blocks[0].cbb[0] = -1)), /non-negative/],
      [mutate((d) => (d.blocks[0].sumB = [1])), /array of 4 numbers/],
      [mutate((d) => (d.shard.net1 = 3)), /must hold networks 0..1/],
      [mutate((d) => (d.params.lmax = 5000)), /params.lmax must be an integer/],
      [mutate((d) => (d.shard.index = 2)), /shard.index must be an integer in \[0, 1\]/],
      ['x'.repeat(64 * 2 ** 20 + 1), /larger than/],
    ];
    for (const [t, re] of bad) expect(() => parseShard(t, 'f.json')).toThrow(re);
    // Every single-character corruption of a number is caught by the checksum or the schema.
    const i = text.indexOf('"sumS":') + 8;
    const flipped = text.slice(0, i) + (text[i] === '1' ? '2' : '1') + text.slice(i + 1);
    expect(() => parseShard(flipped, 'f')).toThrow(/not a valid nnspectra shard/);
    expect(fnv1a64('a')).not.toBe(fnv1a64('b'));
  });

  it('fuzz: any value planted anywhere in a shard is rejected with a one-line NnspectraError, or the file is accepted unchanged', async () => {
    const p: SampleParams = { activation: 'tanh', depth: 1, width: 6, networks: 3, lmax: 2, seed: 0, backend: 'cpu' };
    const good = await sampleShard(p, { index: 0, count: 1 });
    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    };
    walk(good, []);
    const anyJson = fc.oneof(fc.constant(null), fc.boolean(), fc.double(), fc.integer(), fc.string({ maxLength: 8 }), fc.array(fc.double(), { maxLength: 4 }), fc.constant({}));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: paths.length - 1 }), anyJson, (i, value) => {
        const doc = JSON.parse(JSON.stringify(good));
        const path = paths[i];
        let o = doc;
        for (const k of path.slice(0, -1)) o = o[k];
        const before = JSON.stringify(o[path[path.length - 1]]);
        o[path[path.length - 1]] = value;
        const text = JSON.stringify(doc);
        try {
          parseShard(text, 'fuzz.json');
          // Accepted: only a change that leaves the checksummed content as it was.
          expect(JSON.stringify(value) === before || path[0] === 'elapsedMs' || path[0] === 'backend').toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(NnspectraError);
          expect((e as Error).message).toMatch(/^shard file fuzz.json is not a valid nnspectra shard: [^\n]+$/);
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});

