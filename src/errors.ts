/**
 * Errors raised by nnspectra. Every user-facing failure is one of these, so that the CLI can
 * print a single line (no stack trace) and exit with a stable code, and API callers can
 * discriminate on `code`.
 */

/** Machine-readable category of an {@link NnspectraError}. */
export type ErrorCode =
  /** A parameter is outside its accepted range or malformed (CLI exit code 2). */
  | 'INVALID_PARAMETER'
  /** A computation could not reach its stated accuracy, or diverged. */
  | 'NUMERICAL'
  /** WebGPU is unavailable, the device was lost, or a validation error occurred. */
  | 'GPU'
  /** The work was cancelled through an AbortSignal. */
  | 'ABORTED'
  /** A file could not be read. */
  | 'IO'
  /** A file is malformed, truncated, or in a format that is not read (CLI exit code 2). */
  | 'FORMAT';

/** The one error type thrown by the public API. */
export class NnspectraError extends Error {
  override readonly name = 'NnspectraError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The offending parameter, for INVALID_PARAMETER. */
    readonly param?: string,
  ) {
    super(message);
  }
}

/**
 * Throws INVALID_PARAMETER with the house format: `<param> must be <range> (got <value>)`.
 * `param` is the name the user typed (CLI flag without dashes, or API field).
 */
export function invalidParam(param: string, accepted: string, got?: unknown): never {
  const shown = got === undefined ? '' : ` (got ${formatGot(got)})`;
  throw new NnspectraError('INVALID_PARAMETER', `${param} must be ${accepted}${shown}`, param);
}

function formatGot(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

/** Integer check in [lo, hi] with the house error message. */
export function checkInt(param: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) invalidParam(param, `an integer in [${lo}, ${hi}]`, v);
  return v;
}

/** Finite-number check in a range; `loOpen`/`hiOpen` make the bound exclusive. */
export function checkNumber(
  param: string,
  v: number,
  lo = -Infinity,
  hi = Infinity,
  opts: { loOpen?: boolean; hiOpen?: boolean } = {},
): number {
  const okLo = opts.loOpen ? v > lo : v >= lo;
  const okHi = opts.hiOpen ? v < hi : v <= hi;
  if (!Number.isFinite(v) || !okLo || !okHi) {
    const l = lo === -Infinity ? '(-inf' : `${opts.loOpen ? '(' : '['}${lo}`;
    const h = hi === Infinity ? 'inf)' : `${hi}${opts.hiOpen ? ')' : ']'}`;
    invalidParam(param, `a finite number in ${l}, ${h}`, v);
  }
  return v;
}

/** Throws ABORTED if the signal has fired; call between units of work. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new NnspectraError('ABORTED', 'operation was cancelled');
}
