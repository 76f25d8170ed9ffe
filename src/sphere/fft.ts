/**
 * Mixed-radix FFT (Stockham, any length: radices 4, 2, 3, 5 and then whatever primes remain)
 * and the real ring transforms built on it, in float64: the twin of shaders/sht/fft-*.wgsl,
 * which run the same stages in the same order. A real ring of even length N goes through one
 * complex FFT of length N/2 (even samples as real parts, odd as imaginary) and a twiddle pass.
 * A stage of radix R costs R complex multiply-adds per output, so smooth lengths (2^a 3^b 5^c)
 * are fast and a length with a large prime factor p costs about p/ΣR times more.
 */

export interface FftPlan {
  /** Transform length. */
  n: number;
  /** Radices in stage order; their product is n. */
  radices: number[];
  /** e^{-2πi t/n}, t < n, interleaved (re, im). */
  tw: Float64Array;
}

const plans = new Map<number, FftPlan>();

/** Radices of n in the order the stages use them: 4s, a 2, 3s, 5s, then remaining primes ascending. */
export function fftRadices(n: number): number[] {
  const out: number[] = [];
  let r = n;
  while (r % 4 === 0) (out.push(4), (r /= 4));
  if (r % 2 === 0) (out.push(2), (r /= 2));
  for (let p = 3; r > 1; p += 2) {
    if (p * p > r) {
      out.push(r);
      break;
    }
    while (r % p === 0) (out.push(p), (r /= p));
  }
  return out;
}

export function fftPlan(n: number): FftPlan {
  const hit = plans.get(n);
  if (hit) return hit;
  const tw = new Float64Array(2 * n);
  for (let t = 0; t < n; t++) {
    const a = (-2 * Math.PI * t) / n;
    tw[2 * t] = Math.cos(a);
    tw[2 * t + 1] = Math.sin(a);
  }
  const p = { n, radices: fftRadices(n), tw };
  plans.set(n, p);
  return p;
}

/** Σ of the radices: complex multiply-adds per point of one transform (the cost model of a length). */
export function fftCostPerPoint(n: number): number {
  return fftRadices(n).reduce((s, r) => s + r, 0);
}

/**
 * One Stockham stage of radix R on interleaved complex data: with Ns the product of the radices
 * before it, output q = (b·R + s)·Ns + jr takes Σ_r in[j + r·n/R] · w^{r·(jr·n/(Ns·R) + s·n/R)},
 * j = b·Ns + jr, w = e^{∓2πi/n}. `sign` = -1 conjugates the twiddles (inverse transform).
 */
function stage(p: FftPlan, R: number, Ns: number, src: Float64Array, dst: Float64Array, sign: number): void {
  const { n, tw } = p;
  const stride = n / R;
  const step = n / (Ns * R);
  const nb = n / (Ns * R);
  for (let b = 0; b < nb; b++)
    for (let s = 0; s < R; s++) {
      const q0 = (b * R + s) * Ns;
      const j0 = b * Ns;
      for (let jr = 0; jr < Ns; jr++) {
        const e0 = jr * step + s * stride;
        let e = 0;
        let re = 0;
        let im = 0;
        for (let r = 0, t = 2 * (j0 + jr); r < R; r++, t += 2 * stride) {
          const c = tw[2 * e];
          const d = sign * tw[2 * e + 1];
          const x = src[t];
          const y = src[t + 1];
          re += x * c - y * d;
          im += x * d + y * c;
          e += e0;
          if (e >= n) e -= n;
        }
        dst[2 * (q0 + jr)] = re;
        dst[2 * (q0 + jr) + 1] = im;
      }
    }
}

/**
 * In-place DFT of interleaved complex `data` (length 2n): X_k = Σ x_t e^{∓2πi kt/n}, `inverse`
 * taking the + sign (no 1/n). `scratch` holds 2n values.
 */
export function fftComplex(p: FftPlan, data: Float64Array, inverse = false, scratch: Float64Array = new Float64Array(2 * p.n)): void {
  let src: Float64Array = data;
  let dst: Float64Array = scratch;
  let Ns = 1;
  for (const R of p.radices) {
    stage(p, R, Ns, src, dst, inverse ? -1 : 1);
    [src, dst] = [dst, src];
    Ns *= R;
  }
  if (src !== data) data.set(src);
}

/** Work space of the real ring transforms of length N. */
export interface RingFft {
  N: number;
  plan: FftPlan;
  /** e^{-2πi m/N}, m ≤ N/2, interleaved. */
  post: Float64Array;
  z: Float64Array;
  scratch: Float64Array;
}

export function ringFft(N: number): RingFft {
  if (N % 2 !== 0 || N < 2) throw new RangeError(`ring length ${N} must be even`);
  const H = N / 2;
  const post = new Float64Array(2 * (H + 1));
  for (let m = 0; m <= H; m++) {
    post[2 * m] = Math.cos((-2 * Math.PI * m) / N);
    post[2 * m + 1] = Math.sin((-2 * Math.PI * m) / N);
  }
  return { N, plan: fftPlan(H), post, z: new Float64Array(2 * H), scratch: new Float64Array(2 * H) };
}

/**
 * (Σ_i f_i cos(2π m i/N), Σ_i f_i sin(2π m i/N)) of one real ring f[offset … offset + N) for
 * m < mcount ≤ N/2 + 1, times `scale`, into out[o + 2m], out[o + 2m + 1].
 */
export function ringForward(w: RingFft, f: ArrayLike<number>, offset: number, mcount: number, scale: number, out: Float64Array, o: number): void {
  const H = w.N / 2;
  const { z, post } = w;
  for (let t = 0; t < 2 * H; t++) z[t] = f[offset + t];
  fftComplex(w.plan, z, false, w.scratch);
  for (let m = 0; m < mcount; m++) {
    const a = m % H;
    const b = (H - m) % H;
    const zr = z[2 * a], zi = z[2 * a + 1];
    const yr = z[2 * b], yi = -z[2 * b + 1];
    // E = (Z_m + conj Z_{H-m})/2, O = (Z_m - conj Z_{H-m})/2i, X = E + e^{-2πi m/N} O.
    const er = 0.5 * (zr + yr), ei = 0.5 * (zi + yi);
    const or = 0.5 * (zi - yi), oi = -0.5 * (zr - yr);
    const c = post[2 * m], d = post[2 * m + 1];
    const xr = er + c * or - d * oi;
    const xi = ei + c * oi + d * or;
    out[o + 2 * m] = xr * scale;
    out[o + 2 * m + 1] = -xi * scale;
  }
}

/**
 * The real ring f_i = Σ_{m < mcount} gc_m cos(2π m i/N) + gs_m sin(2π m i/N), i < N, from
 * g[o + 2m] = gc_m, g[o + 2m + 1] = gs_m (mcount ≤ N/2), into out[offset … offset + N).
 */
export function ringInverse(w: RingFft, g: ArrayLike<number>, o: number, mcount: number, out: Float64Array, offset: number): void {
  const H = w.N / 2;
  const { z, post } = w;
  // Hermitian spectrum Y_0 = gc_0, Y_m = (gc_m - i gs_m)/2; Y_m = 0 for mcount ≤ m ≤ H.
  const yr = (m: number) => (m >= mcount ? 0 : m === 0 ? g[o] : 0.5 * g[o + 2 * m]);
  const yi = (m: number) => (m >= mcount || m === 0 ? 0 : -0.5 * g[o + 2 * m + 1]);
  for (let m = 0; m < H; m++) {
    const ar = yr(m), ai = yi(m);
    const br = yr(H - m), bi = -yi(H - m);
    // E = Y_m + conj Y_{H-m}, O = (Y_m - conj Y_{H-m}) e^{+2πi m/N}, Z = E + i O.
    const er = ar + br, ei = ai + bi;
    const dr = ar - br, di = ai - bi;
    const c = post[2 * m], d = -post[2 * m + 1];
    const or = dr * c - di * d, oi = dr * d + di * c;
    z[2 * m] = er - oi;
    z[2 * m + 1] = ei + or;
  }
  fftComplex(w.plan, z, true, w.scratch);
  for (let t = 0; t < 2 * H; t++) out[offset + t] = z[t];
}

/**
 * Whether a ring transform of length N to orders m < mcount goes through the FFT rather than
 * the direct sum (N·mcount multiply-adds per ring, as a matrix product). The FFT costs about
 * (N/2)·ΣR complex multiply-adds; the factor between the two at the crossover was measured:
 * `minRatio` 8 for the float64 twin (its direct sum is a packed matrix product), 2 for WGSL.
 */
export function ringUsesFft(N: number, mcount: number, minRatio: number): boolean {
  return N % 2 === 0 && mcount >= minRatio * fftCostPerPoint(N / 2);
}

/** Crossover factors of {@link ringUsesFft}. */
export const FFT_RATIO_CPU = 8;
export const FFT_RATIO_GPU = 2;
