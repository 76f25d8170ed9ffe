import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice, setDevice } from '../../src/gpu/device.js';
import { NnspectraError } from '../../src/errors.js';
import { isDawnTick, throttleDawnTicks } from '../../src/gpu/node-device.js';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
import { sampleSpectrum } from '../../src/sample/sample.js';

afterAll(releaseDevice);

const p = { activation: 'relu', depth: 1, width: 8, networks: 2, lmax: 4, theory: false } as const;

describe('GPU runtime failures', () => {
  it('a lost device is a clear GPU error; auto falls back to the CPU twin and says why', async () => {
    const { device, adapter } = await getGpu();
    const cpu = await sampleSpectrum({ ...p, backend: 'cpu' });
    device.destroy();
    setDevice(device, adapter);
    const e = await sampleSpectrum({ ...p, backend: 'webgpu' }).then(() => null, (x) => x);
    expect(e).toBeInstanceOf(NnspectraError);
    expect((e as NnspectraError).code).toBe('GPU');
    expect((e as Error).message.split('\n')).toHaveLength(1);
    expect((e as Error).message).toMatch(/device was lost/);
    // Posing as a hardware adapter, so that 'auto' tries the (lost) device rather than preferring
    // the CPU twin over a software renderer.
    setDevice(device, { ...adapter, software: false });
    const r = await sampleSpectrum({ ...p, backend: 'auto' });
    expect(r.backend).toBe('cpu');
    expect(r.fallbackReason).toMatch(/lost/);
    expect(r.D).toEqual(cpu.D);
    // A fresh device afterwards works again.
    await releaseDevice();
    const ok = await sampleSpectrum({ ...p, backend: 'webgpu' });
    expect(ok.backend).toBe('webgpu');
  });

  it('auto prefers the CPU twin over a software adapter and says so', async () => {
    const { adapter } = await getGpu();
    const r = await sampleSpectrum({ ...p, backend: 'auto' });
    expect(r.backend).toBe(adapter.software ? 'cpu' : 'webgpu');
    if (adapter.software) expect(r.fallbackReason).toMatch(/software renderer/);
  });
});

describe("Dawn's polling on a software adapter", () => {
  it("sends only Dawn's native tick through setTimeout; JavaScript callbacks keep setImmediate", async () => {
    const { adapter } = await getGpu();
    // Installed on SwiftShader (Node picks it by its Vulkan ICD), left out on hardware adapters.
    const g = globalThis as unknown as Record<symbol, unknown>;
    const onSwiftShader = adapter.software && process.env.VK_ICD_FILENAMES === SWIFTSHADER_ICD;
    expect(Boolean(g[Symbol.for('nnspectra.dawnTicksThrottled')])).toBe(onSwiftShader);
    // The rest of this test checks the throttle itself, on any adapter.
    throttleDawnTicks();
    expect(isDawnTick(Function.prototype)).toBe(true); // native and unnamed, like Dawn's tick
    expect(isDawnTick(() => {})).toBe(false);
    expect(isDawnTick(function named() {})).toBe(false);
    expect(isDawnTick(Math.max)).toBe(false); // native but named
    expect(isDawnTick((() => {}).bind(null))).toBe(false); // "bound " names
    const js = setImmediate(() => {});
    const tick = setImmediate(Function.prototype as () => void);
    expect(js.constructor.name).toBe('Immediate');
    expect(tick.constructor.name).toBe('Timeout');
    clearImmediate(js);
    clearTimeout(tick as unknown as NodeJS.Timeout);
    // JavaScript callbacks still run in the check phase: before a timer set earlier in the same
    // I/O callback.
    const order = await new Promise<string[]>((resolve) => {
      const seen: string[] = [];
      import('node:fs').then(({ stat }) =>
        stat('.', () => {
          setTimeout(() => {
            seen.push('timeout');
            resolve(seen);
          }, 0);
          setImmediate(() => seen.push('immediate'));
        }),
      );
    });
    expect(order).toEqual(['immediate', 'timeout']);
  });
});
