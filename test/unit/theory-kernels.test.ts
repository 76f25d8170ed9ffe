import { describe, expect, it } from 'vitest';
import { kernelFamily } from '../../src/theory/kernels.js';
import { activationFn, parseActivation } from '../../src/theory/activations.js';
import { polarExpectation } from '../../src/theory/polar.js';
import { activationMoments } from '../../src/theory/variances.js';
import { hermiteCoefficients, kappaPrime1 } from '../../src/theory/regimes.js';
import { gaussianExpectation } from '../../src/theory/gauss.js';
import { gaussLegendre } from '../../src/sphere/quadrature.js';

const RHOS = [-1, -0.93, -0.5, -0.1, 0, 0.2, 0.6, 0.95, 0.999, 1];

/** Independent reference: E[φ(u)φ(v)] by a 2-D tensor Gauss–Legendre rule in (u, z) on panels, v = ρu + √(1-ρ²) z. */
function tensorKernel(phi: (x: number) => number, rho: number, q: number): number {
  const g = gaussLegendre(24);
  const pts: number[] = [];
  const wts: number[] = [];
  for (let p = -9; p < 9; p += 1) {
    for (let i = 0; i < 24; i++) {
      const x = p + 0.5 * (1 + g.x[i]);
      pts.push(x);
      wts.push(0.5 * g.w[i] * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI));
    }
  }
  const s = Math.sqrt(q);
  const c = Math.sqrt(Math.max(0, 1 - rho * rho));
  let acc = 0;
  for (let i = 0; i < pts.length; i++) {
    const fu = phi(s * pts[i]);
    let inner = 0;
    for (let j = 0; j < pts.length; j++) inner += wts[j] * phi(s * (rho * pts[i] + c * pts[j]));
    acc += wts[i] * fu * inner;
  }
  return acc;
}

describe('closed-form layer maps', () => {
  it('are the closed forms of docs/conventions.md', () => {
    const forms: Record<string, (u: number) => number> = {
      relu: (u) => (Math.sqrt(1 - u * u) + (Math.PI - Math.acos(u)) * u) / Math.PI,
      erf: (u) => Math.asin((2 * u) / 3) / Math.asin(2 / 3),
      sin: (u) => Math.sinh(u) / Math.sinh(1),
      cos: (u) => Math.cosh(u) / Math.cosh(1),
      gaussian: (u) => Math.sqrt(5) / Math.sqrt(9 - 4 * u * u),
      step: (u) => 1 - Math.acos(u) / Math.PI,
      identity: (u) => u,
    };
    for (const [name, f] of Object.entries(forms)) {
      const m = kernelFamily(parseActivation(name)).at(1);
      for (const r of RHOS) expect(Math.abs(m.kappa(r) - f(r))).toBeLessThan(2e-15);
    }
  });

  it('agree with an independent 2-D quadrature, also at q ≠ 1 (raw mode)', () => {
    // smooth activations: tensor Gauss–Legendre is an independent reference
    for (const name of ['erf', 'sin', 'gaussian', 'tanh', 'gelu']) {
      const spec = parseActivation(name);
      const { phi } = activationFn(spec);
      for (const q of [0.4, 2.7]) {
        const m = kernelFamily(spec).at(q);
        const m2 = activationMoments(spec, q).m2;
        for (const r of [-0.7, 0.8]) expect(Math.abs(m.kappa(r) - tensorKernel(phi, r, q) / m2)).toBeLessThan(1e-12);
      }
    }
  });

  it('leaky ReLU and abs closed forms agree with polar quadrature', () => {
    for (const name of ['leaky_relu:0.2', 'leaky_relu:-0.5', 'abs']) {
      const spec = parseActivation(name);
      const { phi } = activationFn(spec);
      const m = kernelFamily(spec).at(1);
      const m2 = activationMoments(spec, 1).m2;
      for (const r of RHOS) expect(Math.abs(m.kappa(r) - polarExpectation(phi, phi, Math.acos(r)) / m2)).toBeLessThan(1e-14);
    }
  });
});

describe('numerical layer maps', () => {
  it('Hermite series and polar quadrature agree for smooth activations', () => {
    for (const name of ['tanh', 'gelu', 'silu', 'softplus', 'sigmoid', 'x*tanh(x)']) {
      const spec = parseActivation(name);
      const m = kernelFamily(spec).at(1);
      expect(m.method).toBe('hermite');
      const { phi } = activationFn(spec);
      const m2 = activationMoments(spec, 1).m2;
      for (const r of RHOS) expect(Math.abs(m.kappa(r) - polarExpectation(phi, phi, Math.acos(r)) / m2)).toBeLessThan(2e-14);
    }
  });

  it('polar maps of kinked activations match the closed form / tensor references', () => {
    // relu_pow:1 written as an expression goes through the numerical path; compare with the ReLU closed form
    const viaPolar = kernelFamily(parseActivation('max(x, 0)')).at(1);
    expect(viaPolar.method).toBe('polar');
    const relu = kernelFamily(parseActivation('relu')).at(1);
    for (const r of RHOS) expect(Math.abs(viaPolar.kappa(r) - relu.kappa(r))).toBeLessThan(1e-14);
    // relu_pow:2 has the arc-cosine kernel J_2 = 3 sinθ cosθ + (π - θ)(1 + 2cos²θ), normalised by J_2(0) = 3π
    const rp = kernelFamily(parseActivation('relu_pow:2')).at(1);
    for (const r of RHOS) {
      const th = Math.acos(r);
      const j2 = 3 * Math.sin(th) * Math.cos(th) + (Math.PI - th) * (1 + 2 * Math.cos(th) ** 2);
      expect(Math.abs(rp.kappa(r) - j2 / (3 * Math.PI))).toBeLessThan(1e-14);
    }
  });

  it('complements 1 - κ(1 - w) are accurate in relative terms as w → 0', () => {
    for (const name of ['relu', 'leaky_relu:0.3', 'abs', 'step', 'erf', 'sin', 'cos', 'gaussian', 'tanh', 'gelu', 'elu', 'relu_pow:2', 'x*tanh(x)']) {
      const spec = parseActivation(name);
      const m = kernelFamily(spec).at(1);
      // moderate w: same as the direct value
      for (const w of [0.3, 0.05, 0.01]) expect(Math.abs(m.comp(w) - (1 - m.kappa(1 - w)))).toBeLessThan(2e-14);
      if (name === 'step') {
        expect(m.comp(1e-20) / (Math.SQRT2 * 1e-10 / Math.PI)).toBeCloseTo(1, 12);
        continue;
      }
      // tiny w: comp(w)/w → κ'(1) = E[φ'²]/E[φ²]
      const kp = kappaPrime1(spec);
      for (const w of [1e-14, 1e-30, 1e-100]) expect(m.comp(w) / w / kp).toBeCloseTo(1, 6);
    }
  });
});

describe('offspring law β_q (Hermite coefficients)', () => {
  it('ReLU: β = 1/π, 1/2, 1/(2π), 0, 1/(24π)', () => {
    const { beta } = hermiteCoefficients('relu');
    const want = [1 / Math.PI, 0.5, 1 / (2 * Math.PI), 0, 1 / (24 * Math.PI)];
    want.forEach((b, k) => expect(beta[k]).toBeCloseTo(b, 13));
  });
  it('sums to 1 with mean κ\'(1) for smooth activations; odd φ has no even terms', () => {
    for (const name of ['tanh', 'erf', 'sin', 'gelu', 'sigmoid']) {
      const h = hermiteCoefficients(name, { count: 64 });
      // 64 terms leave < 1e-8 of the mass (tanh, sigmoid: poles at distance π/2, π from the real axis)
      expect(h.sum).toBeLessThanOrEqual(1 + 1e-14);
      expect(h.sum).toBeGreaterThan(1 - 1e-8);
      expect(h.mean / kappaPrime1(name)).toBeCloseTo(1, 4);
      if (['tanh', 'erf', 'sin'].includes(name)) for (let k = 0; k < 64; k += 2) expect(h.beta[k]).toBeLessThan(1e-28);
    }
    // with bias: β_0 gains σ_b², the rest scale by 1 - σ_b²
    const a = hermiteCoefficients('tanh');
    const b = hermiteCoefficients('tanh', { sigmaB2: 0.3 });
    expect(b.beta[0]).toBeCloseTo(0.3, 15);
    expect(b.beta[1]).toBeCloseTo(0.7 * a.beta[1], 15);
  });
  it('β_q equals E[φ(Z) He_q(Z)]²/(q! E[φ²]) for a polynomial activation', () => {
    // φ = x³ = He_3 + 3 He_1: a_1 = 3, a_3 = √6; E[φ²] = 15
    const h = hermiteCoefficients('x^3', { count: 6 });
    expect(h.beta[1]).toBeCloseTo(9 / 15, 14);
    expect(h.beta[3]).toBeCloseTo(6 / 15, 14);
    expect(gaussianExpectation((z) => z ** 6)).toBeCloseTo(15, 12);
  });
});
