/** Buffer helpers: typed uploads, storage allocation, readback, and a pipeline cache. */
import { NnspectraError } from '../errors.js';
import { composeShader, type Defines } from './shader.js';
import { deviceLostReason } from './device.js';

const STORAGE = 0x80; // GPUBufferUsage.STORAGE (constants read lazily: Node installs the globals late)

export function usage(): { STORAGE: number; COPY_SRC: number; COPY_DST: number; UNIFORM: number; MAP_READ: number } {
  const U = (globalThis as unknown as { GPUBufferUsage: typeof GPUBufferUsage }).GPUBufferUsage;
  return { STORAGE: U?.STORAGE ?? STORAGE, COPY_SRC: U.COPY_SRC, COPY_DST: U.COPY_DST, UNIFORM: U.UNIFORM, MAP_READ: U.MAP_READ };
}

/** Rounds a byte size up to WebGPU's 4-byte (and our 16-byte) alignment; never zero. */
export function alignedSize(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

/** A storage buffer, optionally initialised from `data`. */
export function storageBuffer(
  device: GPUDevice,
  bytesOrData: number | ArrayBufferView,
  label?: string,
  extraUsage = 0,
): GPUBuffer {
  const U = usage();
  const bytes = typeof bytesOrData === 'number' ? bytesOrData : bytesOrData.byteLength;
  const limit = device.limits.maxStorageBufferBindingSize;
  if (bytes > limit)
    throw new NnspectraError('GPU', `buffer ${label ?? ''} needs ${bytes} bytes, above the device's binding limit ${limit}`);
  const buf = device.createBuffer({
    label,
    size: alignedSize(bytes),
    usage: U.STORAGE | U.COPY_SRC | U.COPY_DST | extraUsage,
    mappedAtCreation: typeof bytesOrData !== 'number',
  });
  if (typeof bytesOrData !== 'number') {
    const src = new Uint8Array(bytesOrData.buffer, bytesOrData.byteOffset, bytesOrData.byteLength);
    new Uint8Array(buf.getMappedRange()).set(src);
    buf.unmap();
  }
  return buf;
}

/** A uniform buffer holding `data` (padded to 16 bytes). */
export function uniformBuffer(device: GPUDevice, data: ArrayBufferView, label?: string): GPUBuffer {
  const U = usage();
  const buf = device.createBuffer({ label, size: alignedSize(data.byteLength), usage: U.UNIFORM | U.COPY_DST });
  device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
  return buf;
}

/** Copies `bytes` bytes of `src` (from `offset`) back to the CPU. */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
  const U = usage();
  const size = Math.ceil(bytes / 4) * 4;
  const staging = device.createBuffer({ size: Math.max(4, size), usage: U.MAP_READ | U.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset, staging, 0, size);
  device.queue.submit([enc.finish()]);
  const MapMode = (globalThis as unknown as { GPUMapMode: typeof GPUMapMode }).GPUMapMode;
  try {
    await staging.mapAsync(MapMode.READ);
  } catch (e) {
    staging.destroy();
    const err = e as Error;
    const lost = deviceLostReason();
    const why = lost !== null ? `the GPU device was lost (${lost || 'no reason given'})` : err?.message || err?.name || String(e);
    throw new NnspectraError('GPU', `readback failed: ${why}`);
  }
  const out = staging.getMappedRange().slice(0, bytes);
  staging.unmap();
  staging.destroy();
  return out;
}

export async function readF32(device: GPUDevice, src: GPUBuffer, count: number, offset = 0): Promise<Float32Array> {
  return new Float32Array(await readBuffer(device, src, count * 4, offset));
}

export async function readU32(device: GPUDevice, src: GPUBuffer, count: number, offset = 0): Promise<Uint32Array> {
  return new Uint32Array(await readBuffer(device, src, count * 4, offset));
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/**
 * The compute pipeline for `shaders/<name>` with `defines`, compiled once per device. Shader
 * compilation errors surface as NnspectraError('GPU') with the compiler's first message.
 */
export async function computePipeline(
  device: GPUDevice,
  name: string,
  defines: Defines = {},
  entryPoint = 'main',
): Promise<GPUComputePipeline> {
  let cache = pipelines.get(device);
  if (!cache) pipelines.set(device, (cache = new Map()));
  const key = `${name}|${entryPoint}|${JSON.stringify(defines, Object.keys(defines).sort())}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const code = composeShader(name, defines);
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ label: name, code });
  const info = await module.getCompilationInfo();
  const errs = info.messages.filter((m) => m.type === 'error');
  if (errs.length) {
    await device.popErrorScope();
    const m = errs[0];
    throw new NnspectraError('GPU', `shader ${name} failed to compile: ${m.message} (line ${m.lineNum}: ${code.split('\n')[m.lineNum - 1]?.trim()})`);
  }
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({ label: name, layout: 'auto', compute: { module, entryPoint } });
  } catch (e) {
    await device.popErrorScope();
    throw new NnspectraError('GPU', `pipeline ${name} could not be created: ${(e as Error).message}`);
  }
  const err = await device.popErrorScope();
  if (err) throw new NnspectraError('GPU', `pipeline ${name}: ${err.message}`);
  cache.set(key, pipeline);
  return pipeline;
}

/** Bind group for group 0 of `pipeline`, binding i = buffers[i]. */
export function bindBuffers(device: GPUDevice, pipeline: GPUComputePipeline, buffers: GPUBuffer[], group = 0): GPUBindGroup {
  return device.createBindGroup({
    layout: pipeline.getBindGroupLayout(group),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
}

/** Encodes one compute pass with a single dispatch. */
export function encodeDispatch(
  enc: GPUCommandEncoder,
  pipeline: GPUComputePipeline,
  bindGroup: GPUBindGroup,
  x: number,
  y = 1,
  z = 1,
): void {
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(x, y, z);
  pass.end();
}

/**
 * Runs `work` inside validation and out-of-memory error scopes and turns what they catch into
 * an NnspectraError('GPU'); waits for the queue so that asynchronous faults are attributed here.
 */
export async function withGpuErrors<T>(device: GPUDevice, what: string, work: () => Promise<T> | T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let out: T;
  try {
    out = await work();
  } finally {
    const v = await device.popErrorScope();
    const o = await device.popErrorScope();
    if (v) throw new NnspectraError('GPU', `${what}: validation error: ${v.message.split('\n')[0]}`);
    if (o) throw new NnspectraError('GPU', `${what}: out of GPU memory: ${o.message.split('\n')[0]}`);
  }
  return out;
}
