/**
 * The page's side of the compute worker: one worker per page, shared by every widget (and so
 * one GPU device), started on first use. `job()` runs one worker call under an AbortSignal:
 * aborting it cancels the job inside the worker.
 */
import * as Comlink from 'comlink';
import type { JobError, Outcome, WorkerApi } from './protocol.js';
// Inlined into the bundle: the worker then loads wherever the widgets module ends up (a
// consumer's bundle, a CDN), without a second file to locate.
import ComputeWorker from './worker.ts?worker&inline';

let remote: Comlink.Remote<WorkerApi> | null = null;
let nextId = 1;

/** The shared worker's interface (starts the worker on first call). */
export function computeWorker(): Comlink.Remote<WorkerApi> {
  if (!remote) {
    const w = new ComputeWorker({ name: 'nnspectra' });
    remote = Comlink.wrap<WorkerApi>(w);
  }
  return remote;
}

/** A failure reported by the worker: the library's one-line message, code and parameter. */
export class WidgetError extends Error {
  override readonly name = 'WidgetError';
  readonly code: string;
  readonly param?: string;
  constructor(e: JobError) {
    super(e.message);
    this.code = e.code;
    this.param = e.param;
  }
}

/** Fresh job id (also the id `pause`/`cancel` take). */
export function newJobId(): number {
  return nextId++;
}

/**
 * Runs `start(id)` in the worker; resolves to its value, rejects with a {@link WidgetError}
 * (code 'ABORTED' after `signal` fired).
 */
export async function job<T>(signal: AbortSignal, start: (id: number) => Promise<Outcome<T>>, id = newJobId()): Promise<T> {
  if (signal.aborted) throw new WidgetError({ message: 'cancelled', code: 'ABORTED' });
  const onAbort = () => void computeWorker().cancel(id);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const r = await start(id);
    if (signal.aborted) throw new WidgetError({ message: 'cancelled', code: 'ABORTED' });
    if (!r.ok) throw new WidgetError(r.error);
    return r.value;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Wraps a callback for the worker (Comlink proxy). */
export const callback = Comlink.proxy;

/** Moves an OffscreenCanvas to the worker. */
export const transfer = Comlink.transfer;
