/**
 * Wraps a CLI action: refusals of bad input become one line `nnspectra: <what> (got <value>)`
 * and exit code 2, failures one line `nnspectra: error: ...` and exit code 1; the GPU device
 * is released so that Node exits promptly.
 */
import { NnspectraError } from '../errors.js';
import { releaseDevice } from '../gpu/device.js';

export const EXIT_USAGE = 2;

export function action<A extends unknown[]>(fn: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    let code = 0;
    try {
      await fn(...args);
    } catch (e) {
      code = reportError(e);
    }
    await releaseDevice();
    // dawn.node can keep the event loop alive after the device is gone, so exit explicitly, but
    // only once stdout has drained: a pipe takes 64 KiB at once and process.exit would cut the
    // rest of a large JSON document.
    await flushStdout();
    process.exit(code);
  };
}

export function reportError(e: unknown): number {
  if (e instanceof NnspectraError) {
    process.stderr.write(e.code === 'INVALID_PARAMETER' ? `nnspectra: ${e.message}\n` : `nnspectra: error: ${e.message}\n`);
    return e.code === 'INVALID_PARAMETER' || e.code === 'FORMAT' ? EXIT_USAGE : e.code === 'ABORTED' ? 130 : 1;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`nnspectra: internal error: ${msg.split('\n')[0]}\n`);
  if (process.env.NNSPECTRA_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return 1;
}

function flushStdout(): Promise<void> {
  return new Promise((done) => {
    if (process.stdout.writableLength === 0) return done();
    process.stdout.once('error', () => done());
    process.stdout.write('', () => done());
  });
}
