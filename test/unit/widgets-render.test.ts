import { describe, expect, it } from 'vitest';
import { sphereGrid } from '../../src/sphere/grid.js';
import { autoScale, toPositions, viridis } from '../../src/widgets/colormap.js';
import { equiangularFromRings, pixelValue, type FieldImage } from '../../src/widgets/render-cpu.js';

describe('widget rendering twins', () => {
  it('viridis ends and middle within 4/255 of matplotlib\'s colours (#440154, #21918c, #fde725)', () => {
    const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(4));
    close(viridis(0), [0x44, 0x01, 0x54]);
    close(viridis(0.5), [0x21, 0x91, 0x8c]);
    close(viridis(1), [0xfd, 0xe7, 0x25]);
    expect(viridis(-1)).toEqual([204, 204, 204]);
  });

  it('log positions: decades equally spaced, zeros and non-finite values marked missing', () => {
    const s = autoScale([1e-6, 1e-3, 1, 0, NaN], true, 1e-13);
    expect(s).toEqual({ lo: 1e-6, hi: 1, log: true });
    const t = toPositions([1e-6, 1e-3, 1, 0, NaN, Infinity], s, 1e-13);
    expect(Array.from(t.slice(0, 3))).toEqual([0, 0.5, 1]);
    expect(Array.from(t.slice(3))).toEqual([-1, -1, -1]);
  });

  it('resampling Gauss–Legendre rings to equiangular rows is exact for a field linear in cos θ', () => {
    const g = sphereGrid(16);
    const f = new Float64Array(g.nlat * g.nlon);
    for (let j = 0; j < g.nlat; j++) for (let i = 0; i < g.nlon; i++) f[j * g.nlon + i] = 2 * g.x[j] + 0.5;
    const eq = equiangularFromRings(f, g.x, g.nlon, 24);
    for (let r = 0; r < 24; r++) {
      const z = Math.cos((Math.PI * (r + 0.5)) / 24);
      if (z < g.x[0] || z > g.x[g.nlat - 1]) continue; // beyond the outermost rings the value is held
      for (let i = 0; i < g.nlon; i += 7) expect(eq.values[r * g.nlon + i]).toBeCloseTo(2 * z + 0.5, 12);
    }
  });

  it('projections land where they should: rectangle cells, the sphere\'s centre, the Mollweide centre and edge', () => {
    const nx = 8, ny = 4;
    const img: FieldImage = { t: Float32Array.from({ length: nx * ny }, (_, k) => k / (nx * ny)), nx, ny };
    const I = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    // Rectangle: row 0 at the bottom.
    expect(pixelValue(2, img, I, 0.5, 99.5, 80, 100)!.t).toBe(img.t[0]);
    expect(pixelValue(2, img, I, 79.5, 0.5, 80, 100)!.t).toBe(img.t[(ny - 1) * nx + nx - 1]);
    // Sphere with the identity rotation: the centre looks down the pole (colatitude 0, row 0).
    expect(pixelValue(0, img, I, 50, 50, 100, 100)!.t).toBe(img.t[0]);
    expect(pixelValue(0, img, I, 1, 1, 100, 100)).toBeNull();
    // Mollweide: the centre is latitude 0, longitude 0 (row ny/2, column 0); outside the ellipse nothing.
    expect(pixelValue(1, img, I, 200, 100, 400, 200)!.t).toBe(img.t[(ny / 2) * nx]);
    expect(pixelValue(1, img, I, 2, 2, 400, 200)).toBeNull();
  });
});
