/**
 * The page side of a drawing surface: a canvas that shows the frames the compute worker renders
 * for it (WebGPU there, its pixel twin where WebGPU is missing), kept at its displayed size;
 * and the colour-bar legend beside it.
 */
import { callback, computeWorker } from './client.js';
import { el, fmt } from './base.js';
import type { ColorScale } from './colormap.js';
import { viridis } from './colormap.js';
import type { SurfaceMode } from './render-cpu.js';

let nextSurface = 1;

export class Surface {
  readonly id = nextSurface++;
  readonly canvas: HTMLCanvasElement;
  /** Resolves to how the worker draws this surface. */
  readonly ready: Promise<'webgpu' | 'canvas2d'>;
  private observer: ResizeObserver;

  constructor(parent: HTMLElement, mode: SurfaceMode, cls: string) {
    this.canvas = el('canvas', `nns-surface ${cls}`);
    this.canvas.dataset.surface = String(this.id);
    parent.append(this.canvas);
    const ctx = this.canvas.getContext('2d')!;
    const show = (w: number, h: number, px: Uint8ClampedArray<ArrayBuffer>) => {
      if (this.canvas.width !== w || this.canvas.height !== h) {
        this.canvas.width = w;
        this.canvas.height = h;
      }
      ctx.putImageData(new ImageData(px, w, h), 0, 0);
    };
    this.ready = computeWorker().attach(this.id, callback(show), mode);
    this.observer = new ResizeObserver(() => this.fit());
    this.observer.observe(this.canvas);
  }

  private fit(): void {
    const r = this.canvas.getBoundingClientRect();
    const dpr = Math.min(2, devicePixelRatio || 1);
    if (r.width < 1 || r.height < 1) return;
    void this.ready.then(() => computeWorker().resize(this.id, r.width * dpr, r.height * dpr));
  }

  clear(): void {
    void this.ready.then(() => computeWorker().clear(this.id));
  }
}

/** Colour bar with its end labels; `label(v)` formats a scale end (log scales give log10 values). */
export class ColorLegend {
  readonly box: HTMLElement;
  private lo: HTMLElement;
  private hi: HTMLElement;
  private title: HTMLElement;
  private missing: HTMLElement;

  constructor(parent: HTMLElement) {
    this.box = el('div', 'nns-legend');
    const bar = el('canvas');
    bar.width = 160;
    bar.height = 1;
    const ctx = bar.getContext('2d')!;
    const img = ctx.createImageData(160, 1);
    for (let i = 0; i < 160; i++) {
      const [r, g, b] = viridis(i / 159);
      img.data.set([r, g, b, 255], i * 4);
    }
    ctx.putImageData(img, 0, 0);
    this.title = el('span');
    this.lo = el('span');
    this.hi = el('span');
    this.missing = el('span');
    this.box.append(this.title, this.lo, bar, this.hi, this.missing);
    parent.append(this.box);
  }

  set(title: string, scale: ColorScale, missing = '', show: (v: number) => string = (v) => fmt(v, 3)): void {
    this.title.textContent = title;
    this.lo.textContent = show(scale.lo);
    this.hi.textContent = show(scale.hi);
    this.missing.innerHTML = '';
    if (missing) this.missing.append(el('span', 'missing'), ` ${missing}`);
  }
}
