/**
 * The training step in WGSL (f32): forward with the activation fused into the matmul, loss
 * gradient, weight gradients and back-propagation (derivative fused), optimizer update, all
 * in one compute pass per step. Weights and optimizer state never leave the GPU; data for a
 * minibatch is uploaded per step, the full training set stays resident.
 */
import { NnspectraError } from '../errors.js';
import type { GpuContext } from '../gpu/device.js';
import { bindBuffers, computePipeline, readF32, storageBuffer, uniformBuffer } from '../gpu/buffers.js';
import { forwardScale, layerCount, trainableBelow } from './model.js';
import { gatherRows, maskedInit, type EngineSetup, type TrainEngine } from './engine.js';

interface Dispatch {
  pipeline: GPUComputePipeline;
  bind: GPUBindGroup;
  x: number;
  y: number;
}

/** Activations of one set of rows: input, pre-activations Z_l, activations A_l. */
interface Context {
  rows: number;
  x: GPUBuffer;
  Z: GPUBuffer[];
  A: GPUBuffer[];
  forward: Dispatch[];
}

const f32 = (a: Float64Array) => Float32Array.from(a);

export class GpuEngine implements TrainEngine {
  readonly backend = 'webgpu' as const;
  private device: GPUDevice;
  private W: GPUBuffer[] = [];
  private owned: GPUBuffer[] = [];
  private stepDispatches: Dispatch[] = [];
  private optUniforms: (GPUBuffer | null)[] = [];
  private train!: Context;
  private test: Context | null = null;
  private evalTrain: Context | null = null;
  private yBatch!: GPUBuffer;
  private t = 0;
  private fullBatch: boolean;

  private constructor(private readonly ctx: GpuContext, private readonly s: EngineSetup) {
    this.device = ctx.device;
    this.fullBatch = s.batchSize >= s.data.nTrain;
  }

  static async create(ctx: GpuContext, s: EngineSetup): Promise<GpuEngine> {
    const e = new GpuEngine(ctx, s);
    try {
      await e.build();
    } catch (err) {
      e.destroy();
      throw err;
    }
    return e;
  }

  private buf(bytesOrData: number | ArrayBufferView, label: string): GPUBuffer {
    const b = storageBuffer(this.device, bytesOrData, label);
    this.owned.push(b);
    return b;
  }

  private uni(data: ArrayBuffer, label: string): GPUBuffer {
    const b = uniformBuffer(this.device, new Uint8Array(data), label);
    this.owned.push(b);
    return b;
  }

  private dims(m: number, n: number, k: number, alpha: number): GPUBuffer {
    const ab = new ArrayBuffer(16);
    new Uint32Array(ab, 0, 3).set([m, n, k]);
    new Float32Array(ab, 12, 1)[0] = alpha;
    return this.uni(ab, 'dims');
  }

  private async matmul(
    opts: { transA?: boolean; transB?: boolean; epi?: 'act' | 'deriv' },
    m: number,
    n: number,
    k: number,
    alpha: number,
    bufs: GPUBuffer[],
  ): Promise<Dispatch> {
    const pipeline = await computePipeline(this.device, 'train/matmul.wgsl', {
      ACTIVATION: opts.epi ? this.s.spec.activation.wgsl : '',
      TRANS_A: !!opts.transA,
      TRANS_B: !!opts.transB,
      EPI_ACT: opts.epi === 'act',
      EPI_DERIV: opts.epi === 'deriv',
    });
    const bind = bindBuffers(this.device, pipeline, [this.dims(m, n, k, alpha), ...bufs]);
    return { pipeline, bind, x: Math.ceil(n / 64), y: Math.ceil(m / 64) };
  }

  private async context(rows: number, x: GPUBuffer): Promise<Context> {
    const { spec } = this.s;
    const L = layerCount(spec);
    const Z: GPUBuffer[] = [];
    const A: GPUBuffer[] = [];
    const forward: Dispatch[] = [];
    let input = x;
    for (let l = 0; l < L; l++) {
      const w = spec.sizes[l + 1];
      Z.push(this.buf(rows * w * 4, `Z${l}`));
      const hidden = l < L - 1;
      if (hidden) A.push(this.buf(rows * w * 4, `A${l + 1}`));
      forward.push(
        await this.matmul({ transB: true, epi: hidden ? 'act' : undefined }, rows, w, spec.sizes[l], forwardScale(spec, l), [
          input,
          this.W[l],
          Z[l],
          ...(hidden ? [A[l]] : []),
        ]),
      );
      if (hidden) input = A[l];
    }
    return { rows, x, Z, A, forward };
  }

  private async build(): Promise<void> {
    const { spec, data, optimizer: opt, frozen } = this.s;
    const L = layerCount(spec);
    const k = data.outputDim;
    const yCols = data.loss === 'mse' ? k : 1;
    this.W = maskedInit(this.s).map((w, l) => this.buf(f32(w), `W${l}`));
    const rows = this.fullBatch ? data.nTrain : this.s.batchSize;
    const xTrain = this.fullBatch ? this.buf(f32(data.xTrain), 'xTrain') : this.buf(rows * data.inputDim * 4, 'xBatch');
    this.yBatch = this.fullBatch ? this.buf(f32(data.yTrain), 'yTrain') : this.buf(rows * yCols * 4, 'yBatch');
    this.train = await this.context(rows, xTrain);
    if (this.fullBatch) this.evalTrain = this.train;

    const steps: Dispatch[] = [...this.train.forward];
    // dZ_l for every layer that the backward pass reaches.
    const dZ = spec.sizes.slice(1).map((w, l) => this.buf(rows * w * 4, `dZ${l}`));
    const lossPipe = await computePipeline(this.device, 'train/loss_grad.wgsl', { CROSS_ENTROPY: data.loss === 'cross-entropy' });
    const lp = new ArrayBuffer(16);
    new Uint32Array(lp, 0, 2).set([rows, k]);
    new Float32Array(lp, 8, 1)[0] = 1 / rows;
    steps.push({
      pipeline: lossPipe,
      bind: bindBuffers(this.device, lossPipe, [this.uni(lp, 'loss'), this.train.Z[L - 1], this.yBatch, dZ[L - 1]]),
      x: Math.ceil((data.loss === 'mse' ? rows * k : rows) / 64),
      y: 1,
    });
    const grads: (GPUBuffer | null)[] = new Array(L).fill(null);
    for (let l = L - 1; l >= 0; l--) {
      const nOut = spec.sizes[l + 1];
      const nIn = spec.sizes[l];
      const s = forwardScale(spec, l);
      const input = l === 0 ? this.train.x : this.train.A[l - 1];
      if (!frozen[l]) {
        grads[l] = this.buf(nOut * nIn * 4, `G${l}`);
        steps.push(await this.matmul({ transA: true }, nOut, nIn, rows, s, [dZ[l], input, grads[l]!]));
      }
      if (l > 0 && trainableBelow(frozen, l)) {
        steps.push(await this.matmul({ epi: 'deriv' }, rows, nIn, nOut, s, [dZ[l], this.W[l], dZ[l - 1], this.train.Z[l - 1]]));
      }
    }
    const maskPipe = this.s.masks?.some((m) => m) ? await computePipeline(this.device, 'train/mask.wgsl') : null;
    for (let l = 0; l < L; l++) {
      const mask = this.s.masks?.[l];
      if (!mask || !grads[l] || !maskPipe) continue;
      const count = spec.sizes[l] * spec.sizes[l + 1];
      const u = new Uint32Array(4);
      u[0] = count;
      steps.push(this.elementwise(maskPipe, count, [this.uni(u.buffer, `mask${l}`), grads[l]!, this.buf(f32(mask), `M${l}`)]));
    }
    const adam = opt.name === 'adam' || opt.name === 'adamw';
    const optPipe = await computePipeline(this.device, 'train/optimizer.wgsl', { ADAM: adam, DECOUPLED: opt.name === 'adamw' });
    for (let l = 0; l < L; l++) {
      if (!grads[l]) {
        this.optUniforms.push(null);
        continue;
      }
      const count = spec.sizes[l] * spec.sizes[l + 1];
      const u = this.uni(new ArrayBuffer(48), `opt${l}`);
      this.optUniforms.push(u);
      const m = this.buf(count * 4, `m${l}`);
      const bufs = [u, this.W[l], grads[l]!, m];
      if (adam) bufs.push(this.buf(count * 4, `v${l}`));
      steps.push(this.elementwise(optPipe, count, bufs));
    }
    this.stepDispatches = steps;
  }

  /** A 256-wide elementwise kernel over `count` entries (2-D grid past 65535 groups). */
  private elementwise(pipeline: GPUComputePipeline, count: number, bufs: GPUBuffer[]): Dispatch {
    const groups = Math.ceil(count / 256);
    const gx = Math.min(groups, 65535);
    return { pipeline, bind: bindBuffers(this.device, pipeline, bufs), x: gx, y: Math.ceil(groups / gx) };
  }

  private encode(dispatches: Dispatch[]): void {
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    for (const d of dispatches) {
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bind);
      pass.dispatchWorkgroups(d.x, d.y);
    }
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  async step(batch: Int32Array | null): Promise<number | null> {
    const { data, spec, optimizer: opt } = this.s;
    const q = this.device.queue;
    if (batch && !this.fullBatch) {
      const yCols = data.loss === 'mse' ? data.outputDim : 1;
      q.writeBuffer(this.train.x, 0, f32(gatherRows(data.xTrain, data.inputDim, batch)));
      q.writeBuffer(this.yBatch, 0, f32(gatherRows(data.yTrain, yCols, batch)));
    } else if (batch && batch.length !== data.nTrain) {
      throw new NnspectraError('INVALID_PARAMETER', 'internal: full-batch engine got a minibatch');
    }
    this.t++;
    const ab = new ArrayBuffer(48);
    const f = new Float32Array(ab);
    const u = new Uint32Array(ab);
    f.set([0, opt.lr, opt.weightDecay, opt.momentum, opt.beta1, opt.beta2, opt.eps, 1 - opt.beta1 ** this.t, 1 - opt.beta2 ** this.t]);
    for (let l = 0; l < this.optUniforms.length; l++) {
      const ub = this.optUniforms[l];
      if (!ub) continue;
      u[0] = spec.sizes[l] * spec.sizes[l + 1];
      q.writeBuffer(ub, 0, ab);
    }
    this.encode(this.stepDispatches);
    return null;
  }

  async weights(): Promise<Float64Array[]> {
    const out: Float64Array[] = [];
    for (let l = 0; l < this.W.length; l++) {
      const n = this.s.spec.sizes[l] * this.s.spec.sizes[l + 1];
      out.push(Float64Array.from(await readF32(this.device, this.W[l], n)));
    }
    return out;
  }

  async predict(split: 'train' | 'test'): Promise<Float64Array> {
    const { data } = this.s;
    let c: Context;
    if (split === 'train') {
      this.evalTrain ??= await this.context(data.nTrain, this.buf(f32(data.xTrain), 'xTrainEval'));
      c = this.evalTrain;
    } else {
      if (data.nTest === 0) return new Float64Array(0);
      this.test ??= await this.context(data.nTest, this.buf(f32(data.xTest), 'xTest'));
      c = this.test;
    }
    // The training context's forward pass must not clobber a batch in flight: steps are
    // submitted in order, so running it here only overwrites activations of a finished step.
    this.encode(c.forward);
    const L = this.W.length;
    return Float64Array.from(await readF32(this.device, c.Z[L - 1], c.rows * data.outputDim));
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned = [];
  }
}
