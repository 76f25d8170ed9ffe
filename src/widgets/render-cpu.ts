/**
 * Canvas2D twin of shaders/render/field.wgsl: the same projections (orthographic sphere,
 * Mollweide, rectangle of cells) and colour map, pixel by pixel, for pages without WebGPU.
 */
import { viridis } from './colormap.js';

/** Projection of a field surface: 0 sphere, 1 Mollweide, 2 rectangle of cells. */
export type SurfaceMode = 0 | 1 | 2;

export interface FieldImage {
  /** Colour-map positions, row-major [ny × nx] (see shaders/render/field.wgsl for the layout). */
  t: Float32Array;
  nx: number;
  ny: number;
}

const SQRT2 = Math.SQRT2;

function cell(img: FieldImage, c: number, r: number): number {
  return img.t[Math.min(r, img.ny - 1) * img.nx + Math.min(c, img.nx - 1)];
}

function atAngles(img: FieldImage, colat: number, lon: number): number {
  const l = lon < 0 ? lon + 2 * Math.PI : lon;
  const r = Math.floor(Math.min(1, Math.max(0, colat / Math.PI)) * img.ny);
  const c = Math.floor((l / (2 * Math.PI)) * img.nx + 0.5) % img.nx;
  return cell(img, c, r);
}

/**
 * Colour-map position and shading at pixel centre (px, py) of a w × h canvas, or null outside
 * the projection. `rot` holds the rows of the view-to-world rotation.
 */
export function pixelValue(mode: SurfaceMode, img: FieldImage, rot: ArrayLike<number>, px: number, py: number, w: number, h: number): { t: number; shade: number } | null {
  if (mode === 2) {
    const u = px / w;
    const v = 1 - py / h;
    return { t: cell(img, Math.floor(u * img.nx), Math.floor(v * img.ny)), shade: 1 };
  }
  if (mode === 0) {
    const s = 0.5 * Math.min(w, h) * 0.98;
    const x = (px - 0.5 * w) / s;
    const y = (0.5 * h - py) / s;
    const rr = x * x + y * y;
    if (rr > 1) return null;
    const z = Math.sqrt(1 - rr);
    const wx = rot[0] * x + rot[1] * y + rot[2] * z;
    const wy = rot[3] * x + rot[4] * y + rot[5] * z;
    const wz = rot[6] * x + rot[7] * y + rot[8] * z;
    return { t: atAngles(img, Math.acos(Math.min(1, Math.max(-1, wz))), Math.atan2(wy, wx)), shade: 0.7 + 0.3 * z };
  }
  const s = Math.min(w / (4 * SQRT2), h / (2 * SQRT2)) * 0.98;
  const X = (px - 0.5 * w) / s;
  const Y = (0.5 * h - py) / s;
  if ((X * X) / 8 + (Y * Y) / 2 > 1) return null;
  const th = Math.asin(Math.min(1, Math.max(-1, Y / SQRT2)));
  const lat = Math.asin(Math.min(1, Math.max(-1, (2 * th + Math.sin(2 * th)) / Math.PI)));
  const lon = (Math.PI * X) / (2 * SQRT2 * Math.max(Math.cos(th), 1e-6));
  return { t: atAngles(img, 0.5 * Math.PI - lat, lon), shade: 1 };
}

/** RGBA pixels of the surface (transparent outside the projection). */
export function renderPixels(mode: SurfaceMode, img: FieldImage, rot: ArrayLike<number>, w: number, h: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(w * h * 4));
  for (let py = 0; py < h; py++) {
    for (let px = 0; px < w; px++) {
      const v = pixelValue(mode, img, rot, px + 0.5, py + 0.5, w, h);
      if (!v) continue;
      const [r, g, b] = viridis(v.t);
      const o = (py * w + px) * 4;
      out[o] = r * v.shade;
      out[o + 1] = g * v.shade;
      out[o + 2] = b * v.shade;
      out[o + 3] = 255;
    }
  }
  return out;
}

/**
 * Resamples a field on the Gauss–Legendre grid (rings ascending in cos θ, nlon longitudes) to
 * the equiangular latitude-longitude layout of the renderers (row 0 at the north pole), linearly
 * in cos θ between rings.
 */
export function equiangularFromRings(values: ArrayLike<number>, ringCos: ArrayLike<number>, nlon: number, ny = ringCos.length): { values: Float64Array; nx: number; ny: number } {
  const nlat = ringCos.length;
  const out = new Float64Array(ny * nlon);
  for (let r = 0; r < ny; r++) {
    const z = Math.cos((Math.PI * (r + 0.5)) / ny);
    let j = 0;
    while (j < nlat - 1 && ringCos[j + 1] < z) j++;
    const j1 = Math.min(nlat - 1, j + 1);
    const span = ringCos[j1] - ringCos[j];
    const f = span > 0 ? Math.min(1, Math.max(0, (z - ringCos[j]) / span)) : 0;
    for (let i = 0; i < nlon; i++) out[r * nlon + i] = (1 - f) * values[j * nlon + i] + f * values[j1 * nlon + i];
  }
  return { values: out, nx: nlon, ny };
}
