import { describe, expect, it } from 'vitest';
import { compositeGaussLegendre, gaussGegenbauer, gaussLegendre, lgamma } from '../../src/sphere/quadrature.js';
import { gegenbauer, gegenbauerAll, harmonicDimension, projectionConstant, sphereArea } from '../../src/sphere/gegenbauer.js';

describe('Gauss rules', () => {
  it('Gauss–Legendre integrates polynomials of degree 2n-1 exactly', () => {
    for (const n of [1, 2, 5, 24, 48, 200]) {
      const { x, w } = gaussLegendre(n);
      for (let k = 0; k <= 2 * n - 1; k += Math.max(1, Math.floor(n / 3))) {
        let s = 0;
        for (let i = 0; i < n; i++) s += w[i] * x[i] ** k;
        expect(s).toBeCloseTo(k % 2 ? 0 : 2 / (k + 1), 13);
      }
    }
  });

  it('Gauss–Gegenbauer matches the moments of (1-t²)^{λ-1/2}', () => {
    // ∫ t^{2k} (1-t²)^{λ-1/2} dt = B(k+1/2, λ+1/2), checked against a composite θ rule
    const theta = compositeGaussLegendre(Array.from({ length: 65 }, (_, i) => (Math.PI * i) / 64), 30);
    for (const lambda of [0, 0.5, 1, 3, 9]) {
      const g = gaussGegenbauer(12, lambda);
      for (let k = 0; k <= 11; k++) {
        let a = 0;
        for (let i = 0; i < g.x.length; i++) a += g.w[i] * g.x[i] ** k;
        let b = 0;
        for (let i = 0; i < theta.x.length; i++) b += theta.w[i] * Math.cos(theta.x[i]) ** k * Math.sin(theta.x[i]) ** (2 * lambda);
        expect(a).toBeCloseTo(b, 12);
      }
    }
  });

  it('large Gauss–Gegenbauer rules (n = 300) keep their moments: B(k+1/2, λ+1/2)', () => {
    for (const lambda of [1, 2.5, 9]) {
      const g = gaussGegenbauer(300, lambda);
      for (const k of [0, 1, 7, 150, 299]) {
        let a = 0;
        for (let i = 0; i < g.x.length; i++) a += g.w[i] * g.x[i] ** (2 * k);
        const beta = Math.exp(lgamma(k + 0.5) + lgamma(lambda + 0.5) - lgamma(k + lambda + 1));
        expect(Math.abs(a / beta - 1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe('Gegenbauer polynomials on S^{d-1}', () => {
  it('are orthogonal with norms 1/N(d, l) for d = 2, 3, 4, 8, 20', () => {
    for (const d of [2, 3, 4, 8, 20]) {
      const lmax = 40;
      const rule = gaussGegenbauer(lmax + 2, (d - 2) / 2);
      const cd = projectionConstant(d);
      const G = Array.from(rule.x, (t) => gegenbauerAll(d, lmax, t));
      for (let m = 0; m <= lmax; m += 3) {
        for (let n = 0; n <= lmax; n += 5) {
          let s = 0;
          for (let i = 0; i < rule.x.length; i++) s += rule.w[i] * G[i][m] * G[i][n];
          if (m === n) expect(Math.abs(cd * s * harmonicDimension(d, n) - 1)).toBeLessThan(1e-12);
          else expect(Math.abs(cd * s)).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('reduce to Legendre on S² and cos(lθ) on S¹, with G_l(1) = 1', () => {
    for (const t of [-0.9, -0.2, 0.35, 0.99]) {
      expect(gegenbauer(3, 2, t)).toBeCloseTo((3 * t * t - 1) / 2, 15);
      expect(gegenbauer(3, 3, t)).toBeCloseTo((5 * t ** 3 - 3 * t) / 2, 15);
      expect(gegenbauer(2, 17, t)).toBeCloseTo(Math.cos(17 * Math.acos(t)), 12);
    }
    for (const d of [2, 3, 5, 10]) expect(gegenbauerAll(d, 300, 1)[300]).toBeCloseTo(1, 12);
  });

  it('harmonic dimensions and sphere areas', () => {
    for (let l = 0; l < 50; l++) {
      expect(harmonicDimension(3, l)).toBe(2 * l + 1);
      expect(harmonicDimension(4, l)).toBe((l + 1) ** 2);
      expect(harmonicDimension(2, l)).toBe(l === 0 ? 1 : 2);
    }
    expect(sphereArea(2)).toBeCloseTo(2 * Math.PI, 13);
    expect(sphereArea(3)).toBeCloseTo(4 * Math.PI, 13);
    expect(sphereArea(4)).toBeCloseTo(2 * Math.PI ** 2, 13);
    expect(projectionConstant(3)).toBeCloseTo(0.5, 15);
    expect(projectionConstant(2)).toBeCloseTo(1 / Math.PI, 15);
  });
});
