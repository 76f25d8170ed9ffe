/**
 * The published artefact, used as a stranger would: `npm pack` of the built package, installed
 * into an empty project, then the CLI through npx, the API from Node ESM, a Vite browser bundle
 * and a strict type-check of the emitted declarations. Needs `npm run build` first (npm test
 * does it). The install prefers npm's cache, so it runs offline once the cache holds the
 * dependencies' metadata; Vite and TypeScript come from this repository's node_modules.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES } from '../../vite.config.js';

const ROOT = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The subpaths of package.json "exports" that are code (not ./package.json). */
const subpaths = Object.keys(pkg.exports).filter((k) => k !== './package.json');
const specifier = (sub: string) => (sub === '.' ? 'nnspectra' : `nnspectra/${sub.slice(2)}`);

let dir = '';
let tarball = '';

function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: r.status, out: r.stdout ?? '', err: r.stderr ?? '' };
}

beforeAll(() => {
  for (const f of ['dist/index.js', 'dist/cli.js', 'types/index.d.ts'])
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'nnspectra-package-'));
  const packed = execFileSync(NPM, ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  tarball = join(dir, packed.trim().split('\n').pop()!);
  const app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module', allowScripts: { webgpu: true } }, null, 2),
  );
  const r = sh(NPM, ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error'], app);
  if (r.code !== 0) throw new Error(`npm install of the tarball failed:\n${r.err}`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('exports every library entry with its built file and emitted types', () => {
    const declared = Object.entries(ENTRIES).filter(([, e]) => e.subpath);
    expect(declared.map(([, e]) => e.subpath).sort()).toEqual([...subpaths].sort());
    for (const [name, e] of declared) {
      const types = `./types/${e.src.replace(/^src\//, '').replace(/\.ts$/, '.d.ts')}`;
      expect(pkg.exports[e.subpath!], name).toEqual({ types, default: `./dist/${name}.js` });
    }
    expect(pkg.types).toBe(pkg.exports['.'].types);
    expect(pkg.bin.nnspectra).toBe('dist/cli.js');
  });

  it('the tarball holds the build, declarations, README and LICENSE, and no TypeScript sources', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    for (const f of ['package/package.json', 'package/README.md', 'package/LICENSE', 'package/dist/index.js', 'package/dist/cli.js', 'package/types/index.d.ts'])
      expect(files).toContain(f);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it('npx nnspectra theory runs on the embedded defaults', () => {
    const r = sh('npx', ['--offline', 'nnspectra', 'theory'], join(dir, 'app'));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('activation tanh on S^2');
    expect(r.out).toMatch(/D_l \(L=10\)/);
    const bad = sh('npx', ['--offline', 'nnspectra', 'theory', '--json', '--csv'], join(dir, 'app'));
    expect(bad.code).toBe(2);
  });

  it('import { theorySpectrum } from "nnspectra" works in Node ESM', () => {
    const app = join(dir, 'app');
    writeFileSync(
      join(app, 'main.mjs'),
      `import { theorySpectrum } from 'nnspectra';
const r = theorySpectrum({ activation: 'relu', depths: [1], lmax: 4 });
console.log(JSON.stringify(r.depths[0].D));\n`,
    );
    const r = sh(process.execPath, ['main.mjs'], app);
    expect(r.code, r.err).toBe(0);
    const D = JSON.parse(r.out) as number[];
    // ReLU at depth 1 on S²: D_0 = 3/8 and D_2 = 15/128 in closed form
    expect(D[0]).toBeCloseTo(3 / 8, 12);
    expect(D[2]).toBeCloseTo(15 / 128, 12);
  });

  it('a Vite browser app bundles every entry without Node built-ins or the Dawn binding', () => {
    const web = join(dir, 'app', 'web');
    mkdirSync(web);
    writeFileSync(join(web, 'index.html'), '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>\n');
    // nnspectra/widgets carries its compute worker inline (the whole engine once more): a chunk
    // above Vite's 500 kB advisory size is expected, not a problem this test looks for.
    writeFileSync(join(web, 'vite.config.mjs'), 'export default { build: { chunkSizeWarningLimit: 4096 } };\n');
    writeFileSync(
      join(web, 'main.js'),
      subpaths.map((s, i) => `import * as m${i} from '${specifier(s)}';`).join('\n') +
        `\nconst r = m0.theorySpectrum({ activation: 'tanh', depths: [2], lmax: 8 });
m0.getGpu().then((g) => console.log(g.adapter.description), (e) => console.log(e.message));
document.body.textContent = String(r.kappaPrime1) + ${subpaths.map((_, i) => `Object.keys(m${i}).length`).join(' + ')};\n`,
    );
    const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
    const r = sh(process.execPath, [vite, 'build', web, '--outDir', join(web, 'dist'), '--logLevel', 'warn'], join(dir, 'app'));
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out + r.err).not.toMatch(/externalized for browser compatibility|Could not resolve|warning/i);
    const assets = join(web, 'dist/assets');
    const js = readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(join(assets, f), 'utf8'))
      .join('\n');
    expect(js).toContain('high-disorder'); // the theory engine is in the bundle
    for (const nodeOnly of [/from\s*["']node:/, /import\(\s*["']node:/, /import\(\s*["']webgpu["']\)/, /dawn\.node/, /vk_swiftshader_icd/, /require\(/])
      expect(js).not.toMatch(nodeOnly);
  });

  it('the emitted declarations type-check in a strict consumer with skipLibCheck off', () => {
    const app = join(dir, 'app');
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2023', 'DOM'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(app, 'consumer.ts'),
      subpaths.map((s, i) => `import * as m${i} from '${specifier(s)}';`).join('\n') +
        `
import { theorySpectrum, NnspectraError, type TheoryResult, type GpuContext } from 'nnspectra';
const r: TheoryResult = theorySpectrum({ activation: 'relu', depths: [1, 2], lmax: 8 });
const D: number[] = r.depths[0].D;
const g: Promise<GpuContext> = m0.getGpu();
const e = new NnspectraError('INVALID_PARAMETER', 'x');
// @ts-expect-error depths is a list of numbers: the types are real, not any
theorySpectrum({ activation: 'relu', depths: 'one', lmax: 8 });
export { D, g, e, ${subpaths.map((_, i) => `m${i}`).join(', ')} };
`,
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = sh(process.execPath, [tsc, '-p', 'tsconfig.json', '--listFiles'], app);
    expect(r.code, r.out + r.err).toBe(0);
    // the check saw the package's declarations, not its sources
    const listed = r.out;
    expect(listed).toMatch(/node_modules\/nnspectra\/types\/index\.d\.ts/);
    expect(listed).toMatch(/node_modules\/@webgpu\/types\/dist\/index\.d\.ts/);
    expect(listed).not.toMatch(/nnspectra\/src\//);
  });
});
