/** Progress reporting and cancellation shared by every long-running operation. */
import { throwIfAborted } from './errors.js';

/** One progress event: `done` of `total` units of `phase` are complete. */
export interface ProgressEvent {
  phase: string;
  done: number;
  total: number;
}

/** Options accepted by every long-running API call. */
export interface RunOptions {
  /** Cancels the work; the promise rejects with an NnspectraError of code 'ABORTED'. */
  signal?: AbortSignal;
  /** Called as work advances (at most a few hundred times per call). */
  onProgress?: (e: ProgressEvent) => void;
}

/** How long synchronous work may hold the event loop before it yields (ms). */
const SLICE_MS = 50;

/**
 * Runs a synchronous step generator (one that yields its step count now and then) without
 * freezing its thread: every ~50 ms it yields to the event loop, so an AbortSignal can fire
 * and the UI can paint, then checks the signal and reports progress as `phase`, `done` of
 * `total`. A signal aborted before the call stops it before the first step. On cancellation the
 * generator is closed (its `finally` blocks run).
 */
export async function runSteps<T>(gen: Generator<number, T>, run: RunOptions, phase: string, total: number): Promise<T> {
  let last = Date.now();
  let finished = false;
  try {
    throwIfAborted(run.signal);
    for (;;) {
      const r = gen.next();
      if (r.done) {
        finished = true;
        return r.value;
      }
      if (Date.now() - last < SLICE_MS) continue;
      await new Promise((resolve) => setTimeout(resolve, 0));
      throwIfAborted(run.signal);
      run.onProgress?.({ phase, done: r.value, total });
      last = Date.now();
    }
  } finally {
    if (!finished) gen.return(undefined as T);
  }
}
