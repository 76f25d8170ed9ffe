/** Progress reporting and cancellation shared by every long-running operation. */

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
