import { describe, expect, it } from 'vitest';
import { runSteps } from '../../src/progress.js';
import type { ProgressEvent } from '../../src/progress.js';
import { withSlowClock } from './slow-clock.js';

function* steps(n: number, log: string[]): Generator<number, string> {
  try {
    for (let i = 1; i <= n; i++) yield i;
    return 'done';
  } finally {
    log.push('closed');
  }
}

describe('runSteps: slices, progress and cancellation', () => {
  it('reports after every step that ends a slice, in order (the clock the other progress tests rely on)', async () => {
    const events: ProgressEvent[] = [];
    const log: string[] = [];
    const v = await withSlowClock(() => runSteps(steps(5, log), { onProgress: (e) => events.push(e) }, 'work', 5));
    expect(v).toBe('done');
    expect(events).toEqual([1, 2, 3, 4, 5].map((done) => ({ phase: 'work', done, total: 5 })));
    expect(log).toEqual(['closed']);
  });

  it('stops before the first step on an aborted signal, and at the next slice on a later abort, closing the generator', async () => {
    const pre = new AbortController();
    pre.abort();
    const log: string[] = [];
    await expect(runSteps(steps(5, log), { signal: pre.signal }, 'work', 5)).rejects.toMatchObject({ code: 'ABORTED' });
    const late = new AbortController();
    const seen: number[] = [];
    const log2: string[] = [];
    const run = withSlowClock(() =>
      runSteps(steps(100, log2), { signal: late.signal, onProgress: (e) => (seen.push(e.done), e.done === 3 && late.abort()) }, 'work', 100),
    );
    await expect(run).rejects.toMatchObject({ code: 'ABORTED' });
    expect(seen).toEqual([1, 2, 3]);
    expect(log2).toEqual(['closed']);
  });
});
