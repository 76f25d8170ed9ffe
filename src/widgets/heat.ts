/**
 * A heat map: uPlot draws the axes, ticks and overlays (lines, markers); the cells are drawn
 * by the worker on a canvas placed in uPlot's plot area (its `under` layer) with the render
 * pipeline of shaders/render/field.wgsl.
 */
import type uPlot from 'uplot';
import { Chart } from './chart.js';
import { Surface } from './surface.js';

export class HeatChart {
  readonly chart: Chart;
  readonly surface: Surface;

  constructor(parent: HTMLElement, height = 340) {
    this.chart = new Chart(parent, height);
    this.surface = new Surface(this.chart.box, 2, 'nns-under-canvas');
  }

  /** Axes (with fixed x/y ranges spanning the cells) and overlay series; keeps the cell canvas in the plot area. */
  set(key: string, opts: Omit<uPlot.Options, 'width' | 'height'>, data: uPlot.AlignedData): uPlot {
    const plot = this.chart.set(key, opts, data);
    if (this.surface.canvas.parentElement !== plot.under) plot.under.append(this.surface.canvas);
    return plot;
  }

  clear(): void {
    this.surface.clear();
    this.chart.box.append(this.surface.canvas);
    this.chart.clear();
  }
}
