/**
 * One shared GPUDevice per page or process. In browsers it comes from `navigator.gpu`; in Node
 * from the `webgpu` package (Dawn), loaded lazily so that browser bundles never see it.
 */
import { NnspectraError } from '../errors.js';

/** What callers (and the CLI) learn about the adapter behind the device. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a CPU implementation such as SwiftShader. */
  software: boolean;
}

export interface GpuContext {
  device: GPUDevice;
  adapter: AdapterDescription;
  limits: GPUSupportedLimits;
  features: ReadonlySet<string>;
}

let pending: Promise<GpuContext> | null = null;
let current: GpuContext | null = null;
let lostReason: string | null = null;

/** True when a WebGPU implementation can be reached at all (does not create a device). */
export async function webgpuAvailable(): Promise<boolean> {
  try {
    await getGpu();
    return true;
  } catch {
    return false;
  }
}

/**
 * The shared GPU context, created on first use. Rejects with an NnspectraError('GPU') when no
 * adapter exists; callers with `backend: 'auto'` catch that and fall back to the CPU twin.
 */
export function getGpu(): Promise<GpuContext> {
  if (current) return Promise.resolve(current);
  if (!pending) {
    pending = acquire().then(
      (ctx) => {
        current = ctx;
        return ctx;
      },
      (e) => {
        pending = null;
        throw e;
      },
    );
  }
  return pending;
}

/** Uses a device created by the embedding page (one device shared with the page's own work). */
export function setDevice(device: GPUDevice, adapter?: Partial<AdapterDescription>): void {
  current = wrap(device, {
    vendor: adapter?.vendor ?? '',
    architecture: adapter?.architecture ?? '',
    device: adapter?.device ?? '',
    description: adapter?.description ?? 'user-supplied device',
    software: adapter?.software ?? false,
  });
  pending = Promise.resolve(current);
}

/** Destroys the shared device (Node processes then exit promptly). */
export async function releaseDevice(): Promise<void> {
  const ctx = current;
  current = null;
  pending = null;
  if (ctx) {
    try {
      await ctx.device.queue.onSubmittedWorkDone();
    } catch {
      /* device already lost */
    }
    ctx.device.destroy();
  }
}

/** Human-readable one-line adapter description, as the CLI prints it. */
export function describeAdapter(a: AdapterDescription): string {
  const parts = [a.vendor, a.architecture, a.device, a.description].filter((s) => s && s.length > 0);
  const uniq = parts.filter((p, i) => parts.indexOf(p) === i);
  return uniq.join(' / ') || 'unknown adapter';
}

async function acquire(): Promise<GpuContext> {
  const gpu = await findGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new NnspectraError('GPU', 'no WebGPU adapter is available');
  return fromAdapter(adapter);
}

async function findGpu(): Promise<GPU> {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) return nav.gpu;
  const isNode = typeof process !== 'undefined' && !!process.versions?.node;
  if (!isNode) throw new NnspectraError('GPU', 'WebGPU is not available in this browser (navigator.gpu is missing)');
  const { nodeGpu } = await import('./node-device.js');
  return nodeGpu();
}

async function fromAdapter(adapter: GPUAdapter): Promise<GpuContext> {
  const want = ['timestamp-query', 'subgroups'] as const;
  const requiredFeatures = want.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
  // Ask for the adapter's own ceilings: the defaults (128 MiB bindings, 16 KiB workgroup
  // memory) are far below what large sampling and eigensolver work needs.
  const L = adapter.limits;
  const requiredLimits: Record<string, number> = {
    maxStorageBufferBindingSize: L.maxStorageBufferBindingSize,
    maxBufferSize: L.maxBufferSize,
    maxComputeWorkgroupStorageSize: L.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: L.maxComputeInvocationsPerWorkgroup,
    maxComputeWorkgroupSizeX: L.maxComputeWorkgroupSizeX,
    maxComputeWorkgroupSizeY: L.maxComputeWorkgroupSizeY,
    maxStorageBuffersPerShaderStage: L.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupsPerDimension: L.maxComputeWorkgroupsPerDimension,
  };
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const info = adapter.info;
  const desc: AdapterDescription = {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    software: /swiftshader|llvmpipe|lavapipe|software/i.test(
      `${info?.vendor} ${info?.architecture} ${info?.device} ${info?.description}`,
    ),
  };
  return wrap(device, desc);
}

function wrap(device: GPUDevice, adapter: AdapterDescription): GpuContext {
  lostReason = null;
  device.lost.then((info) => {
    // A late notice from an earlier device must not blame the one now in use.
    if (current === null || current.device === device) lostReason = info.message || String(info.reason);
    if (current?.device === device) {
      current = null;
      pending = null;
    }
  });
  return { device, adapter, limits: device.limits, features: new Set(device.features as unknown as Iterable<string>) };
}

/** Reason the last device was lost, if it was (for error messages). */
export function deviceLostReason(): string | null {
  return lostReason;
}
