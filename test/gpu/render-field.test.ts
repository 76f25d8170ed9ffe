import { afterAll, describe, expect, it } from 'vitest';
import { getGpu, releaseDevice } from '../../src/gpu/device.js';
import { renderPixels, type FieldImage, type SurfaceMode } from '../../src/widgets/render-cpu.js';
import { attachSurface, detachSurface, resizeSurface, rotateSurface, setSurfaceImage } from '../../src/widgets/surfaces.js';

afterAll(releaseDevice);

describe('field render pipeline (shaders/render/field.wgsl) against its pixel twin', () => {
  it.each([0, 1, 2] as SurfaceMode[])('mode %i: the same picture', async (mode) => {
    await getGpu();
    const nx = 24, ny = 12, w = 48, h = 40;
    const img: FieldImage = { t: Float32Array.from({ length: nx * ny }, (_, k) => (k % 5 === 0 ? -1 : ((k * 37) % 101) / 100)), nx, ny };
    let frame: Uint8ClampedArray | null = null;
    const got = new Promise<void>((resolve) => {
      void attachSurface(100 + mode, (fw, fh, px) => {
        if (fw === w && fh === h && px.some((v) => v !== 0)) {
          frame = px;
          resolve();
        }
      }, mode).then((how) => {
        expect(how).toBe('webgpu');
        resizeSurface(100 + mode, w, h);
        rotateSurface(100 + mode, 0.4, 0.3);
        setSurfaceImage(100 + mode, img);
      });
    });
    await got;
    detachSurface(100 + mode);
    // The twin with the same rotation (rotateSurface's matrix, rebuilt here from its definition).
    const a = Math.PI / 2 + 0.3, cy = Math.cos(0.4), sy = Math.sin(0.4), ca = Math.cos(a), sa = Math.sin(a);
    const rot = [cy, -sy * ca, sy * sa, sy, cy * ca, -cy * sa, 0, sa, ca];
    const ref = renderPixels(mode, img, rot, w, h);
    // float32 on the GPU, float64 in the twin: pixels on a cell boundary may take the neighbour.
    let differ = 0;
    for (let i = 0; i < w * h; i++) {
      let d = 0;
      for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(frame![i * 4 + c] - ref[i * 4 + c]));
      if (d > 3) differ++;
    }
    expect(differ / (w * h)).toBeLessThan(0.03);
  });
});
