// Progress and cancellation come at ~50 ms slices of work (src/progress.ts): how many slices a
// call spans depends on the machine. Tests that need several slices run the call on a clock that
// advances a full slice at every reading, so every step of the work ends a slice, on any machine
// (runSteps measures slices with Date.now; progress.test.ts fails if it stops doing so).
import { vi } from 'vitest';
import type { ProgressEvent } from '../../src/progress.js';

/** Runs `fn` while Date.now() advances `msPerReading` at each call. */
export async function withSlowClock<T>(fn: () => Promise<T>, msPerReading = 60): Promise<T> {
  let t = Date.now();
  const spy = vi.spyOn(Date, 'now').mockImplementation(() => (t += msPerReading));
  try {
    return await fn();
  } finally {
    spy.mockRestore();
  }
}

/** Problems with a progress stream: phase/total constant, done strictly increasing within [0, total]. */
export function progressProblems(events: ProgressEvent[], phase: string, total: number): string[] {
  const bad: string[] = [];
  events.forEach((e, i) => {
    if (e.phase !== phase || e.total !== total) bad.push(`event ${i}: ${JSON.stringify(e)}`);
    if (!(e.done >= 0 && e.done <= total)) bad.push(`event ${i}: done ${e.done} outside [0, ${total}]`);
    if (i > 0 && !(e.done > events[i - 1].done)) bad.push(`event ${i}: done ${e.done} after ${events[i - 1].done}`);
  });
  return bad;
}
