/**
 * Long float64 reductions are written as generators that yield a step count now and then:
 * `drain` runs one synchronously, `runSteps` (progress.ts) runs one without freezing the event
 * loop, and `offsetSteps` chains phases into one count.
 */

/** Which inner loops run the O(n²) passes: WebAssembly SIMD where available, or TypeScript. */
export type KernelChoice = 'auto' | 'wasm' | 'js';

/** Steps between yields of the step generators (progress, cancellation, event loop). */
export const STEPS_PER_YIELD = 32;

/** Runs a step generator to its end. */
export function drain<T>(gen: Generator<number, T>): T {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/** Re-yields a step generator's counts shifted by `base` (phases of one longer computation). */
export function* offsetSteps<T>(gen: Generator<number, T>, base: number): Generator<number, T> {
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
    yield base + r.value;
  }
}

