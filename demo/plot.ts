/** Log-scale D_ℓ chart (uPlot): one line per depth, optional Monte Carlo points with ±2 SE. */
import uPlot from 'uplot';

export interface Series {
  label: string;
  values: number[];
  /** Standard errors: drawn as a band of ±2 SE around `values`. */
  se?: number[];
  points?: boolean;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
// D_ℓ spans many decades and is exactly 0 for some ℓ (odd/even parity), where float64 roundoff
// leaves ~1e-15: values below this floor are not drawn on the log axis.
const FLOOR = 1e-12;

export function drawSpectra(el: HTMLElement, series: Series[], prev: uPlot | null): uPlot {
  prev?.destroy();
  const n = Math.max(...series.map((s) => s.values.length));
  const ell = Array.from({ length: n }, (_, i) => i);
  const data: (number | null)[][] = [ell];
  const opts: uPlot.Options = {
    width: Math.min(960, el.clientWidth || 960),
    height: 420,
    scales: { x: { time: false }, y: { distr: 3 } },
    axes: [
      { label: 'ℓ' },
      { label: 'D_ℓ', size: 70, values: (_u, ticks) => ticks.map((v) => (v == null ? '' : v.toExponential(0))) },
    ],
    series: [{ label: 'ℓ' }],
  };
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    data.push(s.values.map((v) => (v > FLOOR ? v : null)));
    opts.series.push({
      label: s.label,
      stroke: color,
      width: s.points ? 0 : 2,
      // Parity makes every other D_ℓ exactly zero for odd or even activations: join across them.
      spanGaps: true,
      points: { show: !!s.points, size: 6, stroke: color, fill: color },
    });
    if (s.se) {
      for (const sign of [-2, 2]) {
        data.push(s.values.map((v, j) => (v + sign * s.se![j] > FLOOR ? v + sign * s.se![j] : null)));
        opts.series.push({
          label: `${s.label} ${sign > 0 ? '+' : '−'}2 SE`,
          stroke: color,
          width: 0,
          points: { show: true, size: 3, stroke: color, fill: '#fff' },
        });
      }
    }
  });
  return new uPlot(opts, data as uPlot.AlignedData, el);
}
