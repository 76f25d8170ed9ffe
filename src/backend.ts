/** Which implementation of a compute operation runs. */
export type Backend = 'webgpu' | 'cpu' | 'auto';

/** The backend that actually ran, as reported in results. */
export type ResolvedBackend = 'webgpu' | 'cpu';

import { invalidParam } from './errors.js';

/** Validates a user-supplied backend name; `param` names it in the refusal. */
export function parseBackend(v: unknown, param = 'backend'): Backend {
  if (v === 'webgpu' || v === 'cpu' || v === 'auto') return v;
  return invalidParam(param, 'one of webgpu, cpu, auto', v);
}
