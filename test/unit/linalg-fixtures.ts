// Test fixtures for the linear-algebra suites: seeded normals, random orthogonal matrices by
// modified Gram–Schmidt (independent of the Householder code under test), matrices with a
// prescribed spectrum, and naive float64 checks.

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

export function gaussian(m: number, n: number, seed: number, scale = 1): Float64Array {
  const g = rng(seed);
  return Float64Array.from({ length: m * n }, () => g() * scale);
}

/** n×n orthogonal (columns orthonormal), twice-iterated modified Gram–Schmidt. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const q = gaussian(n, n, seed);
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i * n + j] * q[i * n + p];
        for (let i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + p];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i * n + j] ** 2;
      s = Math.sqrt(s);
      for (let i = 0; i < n; i++) q[i * n + j] /= s;
    }
  return q;
}

/** Q·diag(lambda)·Qᵀ. */
export function withSpectrum(lambda: ArrayLike<number>, q: Float64Array): Float64Array {
  const n = lambda.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[i * n + p] * lambda[p] * q[j * n + p];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  return a;
}

/** U·diag(s)·Vᵀ for U m×r, V n×r (orthonormal columns; r = s.length). */
export function withSingularValues(s: ArrayLike<number>, m: number, n: number, seedU: number, seedV: number): Float64Array {
  const r = s.length;
  const U = randomOrthogonal(m, seedU);
  const V = randomOrthogonal(n, seedV);
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let p = 0; p < r; p++) t += U[i * m + p] * s[p] * V[j * n + p];
      a[i * n + j] = t;
    }
  return a;
}

export function symmetricGaussian(n: number, seed: number): Float64Array {
  const g = gaussian(n, n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = (g[i * n + j] + g[j * n + i]) / Math.SQRT2;
  return a;
}

/** max_j ‖A x_j - λ_j x_j‖ / max|λ| for columns x_j of the n×n `x`. */
export function eigResidual(a: ArrayLike<number>, n: number, values: ArrayLike<number>, x: ArrayLike<number>): number {
  let scale = 0;
  for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(values[j]));
  let worst = 0;
  for (let j = 0; j < n; j++) {
    let r2 = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += a[i * n + p] * x[p * n + j];
      r2 += (s - values[j] * x[i * n + j]) ** 2;
    }
    worst = Math.max(worst, Math.sqrt(r2));
  }
  return worst / (scale || 1);
}

/** max |XᵀX - I| over the columns of the rows×cols `x`. */
export function orthoError(x: ArrayLike<number>, rows: number, cols: number): number {
  let worst = 0;
  for (let a = 0; a < cols; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let i = 0; i < rows; i++) s += x[i * cols + a] * x[i * cols + b];
      worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
    }
  return worst;
}

/** Jacobi eigenvalues in float64 (cyclic, slow, simple): an independent reference. */
export function jacobiEigenvalues(a0: ArrayLike<number>, n: number): Float64Array {
  const a = Float64Array.from(a0);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const th = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(th || 1) / (Math.abs(th) + Math.sqrt(th * th + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const x = a[k * n + p], y = a[k * n + q];
          a[k * n + p] = c * x - s * y;
          a[k * n + q] = s * x + c * y;
        }
        for (let k = 0; k < n; k++) {
          const x = a[p * n + k], y = a[q * n + k];
          a[p * n + k] = c * x - s * y;
          a[q * n + k] = s * x + c * y;
        }
      }
  }
  return Float64Array.from({ length: n }, (_, i) => a[i * n + i]).sort();
}
