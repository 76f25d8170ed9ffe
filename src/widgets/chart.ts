/**
 * uPlot charts of the widgets: a chart that follows its container's size, error bars and
 * exact-zero marks (uPlot has neither built in), integer tick steps for ℓ and depth.
 */
import uPlot from 'uplot';
import { el } from './base.js';

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** Tick steps that are whole numbers (ℓ, depth, steps). */
export const INTEGER_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000];

export function integerTicks(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((v) => (Number.isInteger(v) ? String(v) : ''));
}

export function expTicks(_u: uPlot, ticks: number[]): string[] {
  return ticks.map((v) => (v == null ? '' : Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? `1e${Math.round(Math.log10(v))}` : ''));
}

/** Error bars: for series index → [lo, hi] per data point (null: none). */
export type ErrorBars = Map<number, { lo: (number | null)[]; hi: (number | null)[] }>;

/** A plugin drawing vertical bars with caps between lo and hi for the series in `bars()`. */
export function errorBarsPlugin(bars: () => ErrorBars): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const xs = u.data[0] as number[];
        ctx.save();
        ctx.beginPath();
        ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
        ctx.clip();
        for (const [si, b] of bars()) {
          const s = u.series[si];
          if (!s || !s.show) continue;
          ctx.strokeStyle = (typeof s.stroke === 'function' ? s.stroke(u, si) : s.stroke) as string;
          ctx.lineWidth = 1.5 * devicePixelRatio;
          const cap = 3 * devicePixelRatio;
          ctx.beginPath();
          for (let i = 0; i < xs.length; i++) {
            const lo = b.lo[i];
            const hi = b.hi[i];
            if (lo == null || hi == null) continue;
            const x = u.valToPos(xs[i], 'x', true);
            const y0 = u.valToPos(lo, 'y', true);
            const y1 = u.valToPos(hi, 'y', true);
            if (!Number.isFinite(y0) || !Number.isFinite(y1)) continue;
            ctx.moveTo(x, y0);
            ctx.lineTo(x, y1);
            ctx.moveTo(x - cap, y0);
            ctx.lineTo(x + cap, y0);
            ctx.moveTo(x - cap, y1);
            ctx.lineTo(x + cap, y1);
          }
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/** Open circles on the x axis at the x values in `zeros()` (exact zeros on a log axis), per series colour. */
export function zeroMarksPlugin(zeros: () => Map<number, number[]>): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const y = u.bbox.top + u.bbox.height - 6 * devicePixelRatio;
        ctx.save();
        for (const [si, xs] of zeros()) {
          const s = u.series[si];
          if (!s || !s.show) continue;
          ctx.strokeStyle = (typeof s.stroke === 'function' ? s.stroke(u, si) : s.stroke) as string;
          ctx.lineWidth = 1.5 * devicePixelRatio;
          const r = 3.5 * devicePixelRatio;
          for (const xv of xs) {
            const x = u.valToPos(xv, 'x', true);
            ctx.beginPath();
            ctx.arc(x, y - (si - 1) * 2 * devicePixelRatio, r, 0, 2 * Math.PI);
            ctx.stroke();
          }
        }
        ctx.restore();
      },
    },
  };
}

/**
 * A uPlot chart in its own box that follows the box's width (height fixed); recreated with
 * `set(opts, data)` when its series change, updated in place with `data(d)` otherwise.
 */
export class Chart {
  readonly box: HTMLElement;
  plot: uPlot | null = null;
  private observer: ResizeObserver;
  private key = '';

  constructor(parent: HTMLElement, readonly height = 320) {
    this.box = el('div', 'nns-chart');
    parent.append(this.box);
    this.observer = new ResizeObserver(() => {
      if (this.plot) this.plot.setSize({ width: this.width(), height: this.height });
    });
    this.observer.observe(this.box);
  }

  width(): number {
    return Math.max(240, Math.floor(this.box.clientWidth || 480));
  }

  /** Draws `data` with `opts`; the plot is rebuilt only when `key` (the series layout) changes. */
  set(key: string, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): uPlot {
    if (this.plot && key === this.key) {
      this.plot.setData(data);
      return this.plot;
    }
    this.plot?.destroy();
    this.key = key;
    this.plot = new uPlot({ ...opts, width: this.width(), height: this.height } as uPlot.Options, data, this.box);
    return this.plot;
  }

  /** Changes legend labels in place (e.g. a running count) without rebuilding the plot. */
  relabel(labels: (string | undefined)[]): void {
    const p = this.plot;
    if (!p) return;
    const rows = p.root.querySelectorAll('.u-legend .u-series');
    // `labels` is indexed like the series (x first); a non-live legend has no row for x.
    const offset = p.series.length - rows.length;
    labels.forEach((text, i) => {
      const lab = rows[i - offset]?.querySelector('.u-label');
      if (lab && text !== undefined && lab.textContent !== text) lab.textContent = text;
    });
  }

  clear(): void {
    this.plot?.destroy();
    this.plot = null;
    this.key = '';
  }
}
