import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fillNormals, mulhi32, normalAt, philox4x32, uniform24 } from '../../src/rng/philox.js';

// Known-answer vectors from Random123's kat_vectors (philox4x32_10).
const KAT: [number[], number[], number[]][] = [
  [[0, 0, 0, 0], [0, 0], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]],
  [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]],
  [[0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]],
];

describe('philox4x32-10', () => {
  it.each(KAT)('matches the Random123 known-answer vector %#', (ctr, key, want) => {
    const got = philox4x32(ctr[0], ctr[1], ctr[2], ctr[3], key[0], key[1]);
    expect([...got]).toEqual(want);
  });

  it('mulhi32 equals the BigInt high word', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }), (a, b) => {
        const want = Number((BigInt(a) * BigInt(b)) >> 32n);
        expect(mulhi32(a, b)).toBe(want);
      }),
    );
  });

  it('uniform24 stays strictly inside (0, 1)', () => {
    expect(uniform24(0)).toBeGreaterThan(0);
    expect(uniform24(0xffffffff)).toBeLessThan(1);
  });

  it('normals have mean 0 and variance 1 (n = 200k, 5 sigma)', () => {
    const n = 200_000;
    const z = new Float64Array(n);
    fillNormals(z, 1000, 200, 7, 0, 0, 0);
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    for (const v of z) {
      s += v;
      s2 += v * v;
      s4 += v ** 4;
    }
    const mean = s / n;
    const varr = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(varr - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('fillNormals agrees with normalAt element by element', () => {
    const rows = 3;
    const cols = 7;
    const z = new Float64Array(rows * cols);
    fillNormals(z, rows, cols, 42, 1, 5, 9);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) expect(z[r * cols + c]).toBe(normalAt(42, 1, c, r, 5, 9));
  });
});
