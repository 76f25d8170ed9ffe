/**
 * Y = φ(W A + b) in float64 for the CPU twin: W [rows × cols], A [cols × M], Y [rows × M],
 * all row-major. A 4 × 4 register-blocked micro-kernel over point tiles packed so that the
 * inner loop streams memory contiguously (about 4× the naive loop in V8).
 */
const PT = 64;

export function gemmBiasAct(
  W: Float64Array,
  b: Float64Array,
  A: Float64Array,
  Y: Float64Array,
  rows: number,
  cols: number,
  M: number,
  phi: ((x: number) => number) | null,
  pack = new Float64Array(cols * PT),
): void {
  for (let p0 = 0; p0 < M; p0 += PT) {
    const pt = Math.min(PT, M - p0);
    const nq = Math.ceil(pt / 4);
    // pack[(q·cols + c)·4 + e] = A[c, p0 + 4q + e], zero past the end.
    for (let q = 0; q < nq; q++)
      for (let c = 0; c < cols; c++) {
        const dst = (q * cols + c) * 4;
        const src = c * M + p0 + 4 * q;
        for (let e = 0; e < 4; e++) pack[dst + e] = 4 * q + e < pt ? A[src + e] : 0;
      }
    for (let r = 0; r < rows; r += 4) {
      // Missing rows of the last block re-read row r and are not stored.
      const w0 = r * cols;
      const w1 = (r + 1 < rows ? r + 1 : r) * cols;
      const w2 = (r + 2 < rows ? r + 2 : r) * cols;
      const w3 = (r + 3 < rows ? r + 3 : r) * cols;
      for (let q = 0; q < nq; q++) {
        let s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        let s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        let s20 = 0, s21 = 0, s22 = 0, s23 = 0;
        let s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        let ai = q * cols * 4;
        for (let c = 0; c < cols; c++, ai += 4) {
          const a0 = pack[ai];
          const a1 = pack[ai + 1];
          const a2 = pack[ai + 2];
          const a3 = pack[ai + 3];
          const x0 = W[w0 + c];
          const x1 = W[w1 + c];
          const x2 = W[w2 + c];
          const x3 = W[w3 + c];
          s00 += x0 * a0; s01 += x0 * a1; s02 += x0 * a2; s03 += x0 * a3;
          s10 += x1 * a0; s11 += x1 * a1; s12 += x1 * a2; s13 += x1 * a3;
          s20 += x2 * a0; s21 += x2 * a1; s22 += x2 * a2; s23 += x2 * a3;
          s30 += x3 * a0; s31 += x3 * a1; s32 += x3 * a2; s33 += x3 * a3;
        }
        const sums = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33];
        for (let i = 0; i < 4 && r + i < rows; i++) {
          const bias = b[r + i];
          const out = (r + i) * M + p0 + 4 * q;
          for (let e = 0; e < 4 && 4 * q + e < pt; e++) {
            const v = sums[4 * i + e] + bias;
            Y[out + e] = phi ? phi(v) : v;
          }
        }
      }
    }
  }
}
