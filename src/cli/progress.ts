/** A progress bar on stderr, shown only for work that lasts longer than a second. */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../progress.js';

export function progressBar(label: string): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  const enabled = process.stderr.isTTY || process.env.NNSPECTRA_PROGRESS === '1';
  return {
    onProgress(e) {
      if (!enabled) return;
      if (!bar) {
        if (Date.now() - start < 1000) return;
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {percentage}% | {phase} {value}/{total} | eta {eta_formatted}`, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total, e.done, { phase: e.phase });
      }
      bar.setTotal(e.total);
      bar.update(e.done, { phase: e.phase });
    },
    stop() {
      bar?.stop();
    },
  };
}
