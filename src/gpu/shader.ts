/**
 * Shader composition: every kernel lives in a `.wgsl` file under `shaders/`; shared fragments
 * under `shaders/lib/` are pulled in with `#include "lib/name.wgsl"`. Conditionals use
 * `wgsl-preprocessor` (`#if NAME` / `#elif NAME` / `#else` / `#endif`, NAME looked up in the
 * defines), and `{{NAME}}` is replaced by a define's value (sizes, constants, generated code).
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';
import { NnspectraError } from '../errors.js';

// Vite (build and vitest) inlines every shader file as a string at build time, so the library
// needs no file system access in the browser or in Node.
const files = import.meta.glob('../../shaders/**/*.wgsl', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

const sources = new Map<string, string>();
for (const [path, text] of Object.entries(files)) sources.set(path.replace(/^.*?shaders\//, ''), text);

export type Defines = Record<string, boolean | number | string>;

/** Raw text of a shader file, e.g. `shaderSource('lib/philox.wgsl')`. */
export function shaderSource(name: string): string {
  const s = sources.get(name);
  if (s === undefined) throw new NnspectraError('GPU', `unknown shader file shaders/${name}`);
  return s;
}

/** Names of all shader files (for tests). */
export function shaderNames(): string[] {
  return [...sources.keys()].sort();
}

/** Composes `shaders/<name>` with its includes, conditionals and substitutions. */
export function composeShader(name: string, defines: Defines = {}): string {
  const text = resolveIncludes(name, new Set());
  const conditioned = applyConditionals(text, defines);
  return conditioned.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_m, key: string) => {
    if (!(key in defines)) throw new NnspectraError('GPU', `shader ${name}: no value for {{${key}}}`);
    const v = defines[key];
    return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? formatF32(v) : String(v);
  });
}

function resolveIncludes(name: string, seen: Set<string>): string {
  // Each fragment is included once, however many kernels or fragments ask for it.
  if (seen.has(name)) return '';
  seen.add(name);
  return shaderSource(name).replace(/^[ \t]*#include\s+"([^"]+)"[ \t]*$/gm, (_m, inc: string) =>
    resolveIncludes(inc, seen),
  );
}

function applyConditionals(text: string, defines: Defines): string {
  // Turn `#if NAME` into the template-literal form that wgsl-preprocessor evaluates.
  const strings: string[] = [];
  const values: unknown[] = [];
  const re = /#(if|elif)[ \t]+(!?)([A-Za-z_][A-Za-z0-9_]*)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    strings.push(text.slice(last, m.index) + `#${m[1]} `);
    const v = !!defines[m[3]];
    values.push(m[2] === '!' ? !v : v);
    last = m.index + m[0].length;
  }
  strings.push(text.slice(last));
  const tsa = Object.assign([...strings], { raw: [...strings] }) as unknown as TemplateStringsArray;
  return wgsl(tsa, ...values);
}

/** A float literal WGSL accepts as f32 (always with a decimal point or exponent). */
export function formatF32(v: number): string {
  if (!Number.isFinite(v)) throw new NnspectraError('GPU', `non-finite constant ${v} in shader`);
  const s = String(Math.fround(v) === v ? v : Math.fround(v));
  return /[.eE]/.test(s) ? s : `${s}.0`;
}
