/** A progress bar on stderr, shown only for work that lasts longer than a second. */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../progress.js';

export function progressBar(label: string): { onProgress: (e: ProgressEvent) => void; stop: () => void } {
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  // NNSPECTRA_PROGRESS=1 forces the bar into pipes and logs (and shows it at once), e.g. for CI.
  const forced = process.env.NNSPECTRA_PROGRESS === '1';
  const enabled = process.stderr.isTTY || forced;
  return {
    onProgress(e) {
      if (!enabled) return;
      if (!bar) {
        if (!forced && Date.now() - start < 1000) return;
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {percentage}% | {phase} {value}/{total} | eta {eta_formatted}`,
            stream: process.stderr,
            noTTYOutput: forced,
            notTTYSchedule: 500,
          },
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
