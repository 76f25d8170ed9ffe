/**
 * Blocked back-transformation of eigenvectors: x = H_0·H_1···H_{n-3}·z for every wanted vector z
 * (rows of Z), with H_k = I - u_k u_kᵀ (u_kᵀu_k = 2 or u_k = 0) the tridiagonalisation's
 * reflectors (rows of U). Reflectors are taken BLOCK at a time in compact WY form,
 * H_k0···H_{k0+b-1} = I - V T Vᵀ (V = [u_k0 … u_{k0+b-1}], T upper triangular, LAPACK's larft),
 * so each block costs three matrix products on the device for all vectors together,
 * W = Z V, W ← W Tᵀ, Z ← Z - W Vᵀ, instead of b dependent rank-one updates per vector.
 * The Gram matrices VᵀV of all blocks come from one batched product; T is formed from them in
 * float64 on the CPU (b³/3 per block).
 */
import { readF32, storageBuffer } from '../../gpu/buffers.js';
import type { GpuContext } from '../../gpu/device.js';
import { encodeGemm, type GemmShape } from './gemm.js';

/** Reflectors per block (the inner dimension of two of the three products). */
export const BT_BLOCK = 32;

const shape = (s: Partial<GemmShape> & Pick<GemmShape, 'm' | 'n' | 'k'>): GemmShape => ({
  batch: 1, transA: false, transB: false, alpha: 1, beta: 0, broadcastB: false, ...s,
});

/**
 * T of I - V T Vᵀ = H_1···H_b (all τ = 1) from G = VᵀV (b × b, row-major), in float64:
 * T_ii = 1, T[0:i, i] = -T[0:i, 0:i] G[0:i, i] (a zero reflector has G's row and column 0).
 */
export function compactWyT(G: ArrayLike<number>, b: number): Float64Array {
  const T = new Float64Array(b * b);
  for (let i = 0; i < b; i++) {
    T[i * b + i] = G[i * b + i] === 0 ? 0 : 1;
    for (let r = 0; r < i; r++) {
      let s = 0;
      for (let c = r; c < i; c++) s += T[r * b + c] * G[c * b + i];
      T[r * b + i] = -s * T[i * b + i];
    }
  }
  return T;
}

/**
 * Applies the back-transformation to the `count` rows of Z (count × n, in place) on the device;
 * every buffer it creates goes to `temps` for the caller to free.
 */
export async function backTransformBlocked(ctx: GpuContext, U: GPUBuffer, Z: GPUBuffer, n: number, count: number, temps: GPUBuffer[]): Promise<void> {
  const { device } = ctx;
  const nref = n - 2;
  const b = BT_BLOCK;
  const nblocks = Math.ceil(nref / b);
  const keep = (x: GPUBuffer) => (temps.push(x), x);
  // U padded with zero rows to whole blocks (new buffers are zero-filled).
  const Up = keep(storageBuffer(device, 4 * nblocks * b * n, 'bt U padded'));
  const G = keep(storageBuffer(device, 4 * nblocks * b * b, 'bt gram'));
  let enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(U, 0, Up, 0, 4 * nref * n);
  temps.push(await encodeGemm(ctx, enc, Up, Up, G, shape({ m: b, n: b, k: n, batch: nblocks, transB: true })));
  device.queue.submit([enc.finish()]);
  const gram = await readF32(device, G, nblocks * b * b);
  // Tᵀ of each block, row-major b × b, so that W ← W·Tᵀ is a plain product.
  const Tt = new Float32Array(nblocks * b * b);
  for (let k = 0; k < nblocks; k++) {
    const T = compactWyT(gram.subarray(k * b * b, (k + 1) * b * b), b);
    for (let r = 0; r < b; r++) for (let c = 0; c < b; c++) Tt[k * b * b + c * b + r] = T[r * b + c];
  }
  const TtB = keep(storageBuffer(device, Tt, 'bt T'));
  const Vb = keep(storageBuffer(device, 4 * b * n, 'bt V block'));
  const Tb = keep(storageBuffer(device, 4 * b * b, 'bt T block'));
  const W = keep(storageBuffer(device, 4 * count * b, 'bt W'));
  const W2 = keep(storageBuffer(device, 4 * count * b, 'bt W T'));
  enc = device.createCommandEncoder();
  // x = H_0···H_{n-3} z: the last block acts first.
  for (let k = nblocks - 1; k >= 0; k--) {
    enc.copyBufferToBuffer(Up, 4 * k * b * n, Vb, 0, 4 * b * n);
    enc.copyBufferToBuffer(TtB, 4 * k * b * b, Tb, 0, 4 * b * b);
    temps.push(await encodeGemm(ctx, enc, Z, Vb, W, shape({ m: count, n: b, k: n, transB: true })));
    temps.push(await encodeGemm(ctx, enc, W, Tb, W2, shape({ m: count, n: b, k: b })));
    temps.push(await encodeGemm(ctx, enc, W2, Vb, Z, shape({ m: count, n, k: b, alpha: -1, beta: 1 })));
  }
  device.queue.submit([enc.finish()]);
}
