/**
 * Drawing surfaces of the compute worker: each one produces RGBA frames for one widget canvas.
 * With WebGPU the pixels come from the render pipeline of shaders/render/field.wgsl on the
 * worker's one GPU device, rendered into a texture and read back; without WebGPU from its
 * pixel-by-pixel twin (render-cpu.ts). Frames go to the page as transferred pixel buffers: canvases
 * drawn from a worker (WebGPU contexts and transferred OffscreenCanvases) stayed blank on screen
 * under headless Chromium with its software adapter, while plain page canvases show everywhere.
 */
import * as Comlink from 'comlink';
import { getGpu, type GpuContext } from '../gpu/device.js';
import { composeShader } from '../gpu/shader.js';
import { renderPixels, type FieldImage, type SurfaceMode } from './render-cpu.js';

interface GpuTarget {
  gpu: GpuContext;
  uniform: GPUBuffer;
  data: GPUBuffer | null;
  bind: GPUBindGroup | null;
}

/** Receives a frame: width, height and w·h·4 RGBA bytes (non-premultiplied; transparent outside the projection). */
export type FrameSink = (width: number, height: number, pixels: Uint8ClampedArray<ArrayBuffer>) => void;

interface Surface {
  canvas: { width: number; height: number };
  sink: FrameSink;
  mode: SurfaceMode;
  img: FieldImage | null;
  rot: number[];
  gpu: GpuTarget | null;
  /** A GPU draw is in flight / another was asked for meanwhile. */
  drawing: boolean;
  again: boolean;
}

const surfaces = new Map<number, Surface>();
const pipelines = new WeakMap<GPUDevice, GPURenderPipeline>();
const FORMAT: GPUTextureFormat = 'rgba8unorm';

function pipeline(gpu: GpuContext): GPURenderPipeline {
  let p = pipelines.get(gpu.device);
  if (!p) {
    const module = gpu.device.createShaderModule({ label: 'render/field', code: composeShader('render/field.wgsl') });
    p = gpu.device.createRenderPipeline({
      label: 'render/field',
      layout: 'auto',
      vertex: { module, entryPoint: 'vs' },
      fragment: { module, entryPoint: 'fs', targets: [{ format: FORMAT }] },
      primitive: { topology: 'triangle-list' },
    });
    pipelines.set(gpu.device, p);
  }
  return p;
}

/** Creates surface `id` drawing into `sink`; says whether WebGPU or the pixel twin will draw it. */
export async function attachSurface(id: number, sink: FrameSink, mode: SurfaceMode): Promise<'webgpu' | 'canvas2d'> {
  let gpu: GpuContext | null = null;
  try {
    gpu = await getGpu();
  } catch {
    gpu = null;
  }
  const s: Surface = { canvas: { width: 0, height: 0 }, sink, mode, img: null, rot: [1, 0, 0, 0, 1, 0, 0, 0, 1], gpu: null, drawing: false, again: false };
  if (gpu) {
    const uniform = gpu.device.createBuffer({ label: 'render/view', size: 80, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    s.gpu = { gpu, uniform, data: null, bind: null };
  }
  surfaces.set(id, s);
  return s.gpu ? 'webgpu' : 'canvas2d';
}

export function detachSurface(id: number): void {
  const s = surfaces.get(id);
  if (!s) return;
  s.gpu?.uniform.destroy();
  s.gpu?.data?.destroy();
  (s.sink as { [Comlink.releaseProxy]?: () => void })[Comlink.releaseProxy]?.();
  surfaces.delete(id);
}

export function resizeSurface(id: number, width: number, height: number): void {
  const s = surfaces.get(id);
  if (!s || width < 1 || height < 1) return;
  s.canvas.width = Math.round(width);
  s.canvas.height = Math.round(height);
  drawSurface(id);
}

/** Rotation of a sphere surface: turn by `yaw` about the polar axis, then tilt by `pitch`. */
export function rotateSurface(id: number, yaw: number, pitch: number): void {
  const s = surfaces.get(id);
  if (!s) return;
  // View (x right, y up, z toward the viewer) to world (z the pole): world = Rz(yaw) Rx(π/2 + pitch) view,
  // so at pitch 0 the pole points up and the equator crosses the middle.
  const a = Math.PI / 2 + pitch;
  const cy = Math.cos(yaw), sy = Math.sin(yaw), ca = Math.cos(a), sa = Math.sin(a);
  const rx = [1, 0, 0, 0, ca, -sa, 0, sa, ca];
  const rz = [cy, -sy, 0, sy, cy, 0, 0, 0, 1];
  const m: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m.push(rz[i * 3] * rx[j] + rz[i * 3 + 1] * rx[3 + j] + rz[i * 3 + 2] * rx[6 + j]);
  s.rot = m;
  drawSurface(id);
}

export function setSurfaceImage(id: number, img: FieldImage | null): void {
  const s = surfaces.get(id);
  if (!s) return;
  s.img = img;
  if (s.gpu) {
    s.gpu.data?.destroy();
    s.gpu.data = null;
    s.gpu.bind = null;
    if (img) {
      const { device } = s.gpu.gpu;
      const data = device.createBuffer({ label: 'render/field-values', size: Math.max(16, img.t.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(data, 0, img.t as Float32Array<ArrayBuffer>);
      s.gpu.data = data;
      s.gpu.bind = device.createBindGroup({
        layout: pipeline(s.gpu.gpu).getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: s.gpu.uniform } },
          { binding: 1, resource: { buffer: data } },
        ],
      });
    }
  }
  drawSurface(id);
}

/** Draws surface `id` with its current image, size and rotation (clears it without an image). */
export function drawSurface(id: number): void {
  const s = surfaces.get(id);
  if (!s) return;
  const { width: w, height: h } = s.canvas;
  if (w < 1 || h < 1) return;
  if (!s.img) {
    send(s, w, h, new Uint8ClampedArray(new ArrayBuffer(w * h * 4)));
    return;
  }
  if (!s.gpu) {
    send(s, w, h, renderPixels(s.mode, s.img, s.rot, w, h));
    return;
  }
  if (s.drawing) {
    s.again = true;
    return;
  }
  s.drawing = true;
  void drawGpu(s).finally(() => {
    s.drawing = false;
    if (s.again) {
      s.again = false;
      drawSurface(id);
    }
  });
}

function send(s: Surface, w: number, h: number, px: Uint8ClampedArray<ArrayBuffer>): void {
  s.sink(w, h, Comlink.transfer(px, [px.buffer]));
}

async function drawGpu(s: Surface): Promise<void> {
  const g = s.gpu!;
  const img = s.img!;
  const { device } = g.gpu;
  const { width: w, height: h } = s.canvas;
  const u = new ArrayBuffer(80);
  const f = new Float32Array(u);
  const i32 = new Uint32Array(u);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) f[r * 4 + c] = s.rot[r * 3 + c];
  f[12] = w;
  f[13] = h;
  i32[14] = img.nx;
  i32[15] = img.ny;
  i32[16] = s.mode;
  device.queue.writeBuffer(g.uniform, 0, u);
  const target = device.createTexture({ label: 'render/target', size: [w, h], format: FORMAT, usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
  const bytesPerRow = Math.ceil((w * 4) / 256) * 256;
  const read = device.createBuffer({ label: 'render/readback', size: bytesPerRow * h, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  try {
    const enc = device.createCommandEncoder({ label: 'render/field' });
    const pass = enc.beginRenderPass({
      colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 0, g: 0, b: 0, a: 0 } }],
    });
    pass.setPipeline(pipeline(g.gpu));
    pass.setBindGroup(0, g.bind);
    pass.draw(3);
    pass.end();
    enc.copyTextureToBuffer({ texture: target }, { buffer: read, bytesPerRow }, [w, h]);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    // The canvas may have been resized meanwhile: draw only a frame of the current size.
    if (s.canvas.width !== w || s.canvas.height !== h || s.img !== img) {
      s.again = true;
      return;
    }
    const src = new Uint8Array(read.getMappedRange());
    const px = new Uint8ClampedArray(new ArrayBuffer(w * h * 4));
    for (let y = 0; y < h; y++) px.set(src.subarray(y * bytesPerRow, y * bytesPerRow + w * 4), y * w * 4);
    read.unmap();
    send(s, w, h, px);
  } finally {
    target.destroy();
    read.destroy();
  }
}
