/**
 * `<nns-sphere-field>`: the output field of one random network on S², drawn on a sphere you
 * can rotate (drag) and as a Mollweide map, viridis with a colour bar; "resample" draws the
 * next network (seed + 1). Shows κ'(1) and the regime.
 *
 * Attributes: activation, depth, width, mode, sw2, sb2, seed, lmax, grid (band limit of the
 * evaluation grid), backend.
 */
import { button, el, fmt, NnsElement } from './base.js';
import { computeWorker, job } from './client.js';
import { ColorLegend, Surface } from './surface.js';
import type { SphereSummary } from './protocol.js';

const OBSERVED = ['activation', 'depth', 'width', 'mode', 'sw2', 'sb2', 'seed', 'lmax', 'grid', 'backend'];

export class NnsSphereField extends NnsElement {
  static observedAttributes = OBSERVED;
  private sphere!: Surface;
  private map!: Surface;
  private legend!: ColorLegend;
  private yaw = 0.6;
  private pitch = 0.35;

  protected build(): void {
    const resample = button('resample', () => this.announce('seed', String((this.num('seed', 0) || 0) + 1)));
    resample.dataset.action = 'resample';
    this.controls.append(resample);
    const left = el('div', 'nns-surface-box');
    const right = el('div', 'nns-surface-box');
    this.body.append(left, right);
    this.sphere = new Surface(left, 0, 'sphere');
    this.map = new Surface(right, 1, 'mollweide');
    this.legend = new ColorLegend(right);
    right.append(el('p', 'nns-note', 'Drag the sphere to turn it. Mollweide map: equal-area, longitude 0 at the centre.'));
    void this.sphere.ready.then(() => computeWorker().rotate(this.sphere.id, this.yaw, this.pitch));
    let drag: { x: number; y: number } | null = null;
    const c = this.sphere.canvas;
    c.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener('pointerup', () => (drag = null));
    c.addEventListener('pointermove', (e) => {
      if (!drag) return;
      const s = 3 / Math.max(100, c.clientWidth);
      this.yaw -= (e.clientX - drag.x) * s;
      this.pitch = Math.max(-1.5, Math.min(1.5, this.pitch + (e.clientY - drag.y) * s));
      drag = { x: e.clientX, y: e.clientY };
      computeWorker().rotate(this.sphere.id, this.yaw, this.pitch);
    });
  }

  protected clear(): void {
    this.sphere.clear();
    this.map.clear();
    this.legend.set('', { lo: NaN, hi: NaN, log: false });
  }

  protected async compute(signal: AbortSignal): Promise<SphereSummary> {
    const w = computeWorker();
    const mode = this.str('mode', 'normalized');
    const lmax = this.num('lmax', 24);
    const grid = this.num('grid', undefined);
    const p = {
      activation: this.str('activation', 'tanh'),
      depth: this.num('depth', 3),
      width: this.num('width', 128),
      mode,
      sigmaB2: this.num('sb2', 0),
      ...(mode === 'raw' ? { sigmaW2: this.num('sw2', 2) } : {}),
      seed: this.num('seed', 0),
      lmax,
      ...(grid === undefined ? {} : { gridLmax: grid }),
      backend: this.str('backend', 'auto'),
    };
    await Promise.all([this.sphere.ready, this.map.ready]);
    this.setBusy(true);
    const r = await job(signal, (id) => w.sphere(id, p, [this.sphere.id, this.map.id]));
    this.legend.set('field T(x)', r.scale);
    this.statusEl.textContent =
      `κ'(1) = ${fmt(r.kappaPrime1, 6)} — ${r.regime}; network seed ${r.seed} on ${r.backend}${r.adapter ? ` (${r.adapter})` : ''}` +
      `, grid band limit ${r.gridLmax}, ${(r.elapsedMs / 1000).toFixed(2)} s`;
    return r;
  }
}
