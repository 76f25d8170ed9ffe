/** `nnspectra weights` end to end through dist/cli.js: table, --json, --csv, --plots, errors. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encode, npy, onnxModel, safetensors, withSingularValues } from './weights-fixtures.js';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'weights', ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'nns-cli-w-'));
const S = Array.from({ length: 16 }, (_, i) => 2 / (1 + i) ** 0.6);
const W = withSingularValues(24, 16, S, 9);
const model = join(dir, 'model.safetensors');
writeFileSync(model, safetensors([
  { name: 'l0.weight', dtype: 'F32', shape: [24, 16], bytes: encode(W, 'F32') },
  { name: 'l0.bias', dtype: 'F32', shape: [24], bytes: encode(W.subarray(0, 24), 'F32') },
  { name: 'conv.weight', dtype: 'F16', shape: [8, 4, 3, 3], bytes: encode(W.subarray(0, 288), 'F16') },
]));

describe('nnspectra weights (CLI)', () => {
  it('--json: the documented fields; eigenvalues only with --eigenvalues', () => {
    const r = cli([model, '--json', '--backend', 'cpu', '--eigenvalues']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['files', 'layers', 'skipped', 'summary']));
    expect(j.files).toEqual([model]);
    const keys = ['name', 'shape', 'dtype', 'kind', 'N', 'M', 'Q', 'eigenvalues', 'alpha', 'xmin', 'alphaSE', 'ks', 'alphaWeighted', 'logNorm', 'logSpectralNorm', 'stableRank', 'effectiveRank', 'mpBulkMax', 'numSpikes', 'mpSoftRank', 'warning'];
    for (const l of j.layers) expect(Object.keys(l)).toEqual(expect.arrayContaining(keys));
    expect(j.layers.map((l: { name: string; kind: string }) => [l.name, l.kind])).toEqual([['l0.weight', 'dense'], ['conv.weight', 'conv2d']]);
    const ev: number[] = j.layers[0].eigenvalues;
    const want = S.map((s) => s * s).sort((a, b) => a - b);
    ev.forEach((x, i) => expect(Math.abs(x - want[i])).toBeLessThan(1e-5 * want[15]));
    expect(j.skipped).toEqual([{ name: 'l0.bias', reason: '1-D (bias or normalisation)' }]);
    expect(JSON.parse(cli([model, '--json', '--backend', 'cpu']).out).layers[0]).not.toHaveProperty('eigenvalues');
  });

  it('--csv has WeightWatcher\'s columns; --randomize adds rand_*; --filter selects', () => {
    const r = cli([model, '--csv', '--backend', 'cpu', '--filter', '^l0']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('layer_id,name,N,M,Q,alpha,alpha_weighted,log_norm,log_spectral_norm,stable_rank,mp_softrank,num_spikes,xmin,D,warning');
    expect(lines).toHaveLength(2);
    const row = lines[1].split(',');
    expect(row.slice(0, 5)).toEqual(['0', 'l0.weight', '24', '16', '1.5']);
    const lam = S.map((s) => s * s);
    expect(Number(row[7])).toBeCloseTo(Math.log10(lam.reduce((a, b) => a + b)), 5);
    const rr = cli([model, '--csv', '--backend', 'cpu', '--randomize']);
    expect(rr.out.split('\n')[0]).toMatch(/,warning,rand_alpha,max_rand_eval,rand_bulk_max,rand_num_spikes$/);
  });

  it('table by default; --plots writes one SVG per layer', () => {
    const plots = join(dir, 'plots');
    const r = cli([model, '--backend', 'cpu', '--plots', plots]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('l0.weight');
    expect(r.out).toContain('conv.weight');
    expect(r.out).toMatch(/skipped 1: 1 × 1-D/);
    const files = readdirSync(plots).sort();
    expect(files).toEqual(['000-l0.weight.svg', '001-conv.weight.svg']);
    const svg = readFileSync(join(plots, files[0]), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('power law α=');
    expect(svg).toContain('Marchenko–Pastur');
  });

  it('malformed or refused input: one line naming the file, exit 2, nothing on stdout', () => {
    const bad = join(dir, 'bad.safetensors');
    writeFileSync(bad, new Uint8Array([1, 2, 3]));
    const pt = join(dir, 'model.pt');
    writeFileSync(pt, new Uint8Array([0x80, 2, 0x2e]));
    const np = join(dir, 'x.npy');
    writeFileSync(np, npy(W, [24, 16], '<f4').subarray(0, 300));
    for (const [args, what] of [
      [[bad], new RegExp(`^nnspectra: error: ${bad}: truncated`)],
      [[pt], /is a PyTorch pickle, which can execute code/],
      [[np], /x\.npy: shape \[24,16\] × <f4 is 1536 bytes but the file holds 172/],
      [[model, '--conv', 'x'], /conv must be slices or reshape/],
      [[model, '--filter', '('], /filter must be a valid regular expression/],
      [[model, '--seed', '3'], /^nnspectra: --seed applies only with --randomize/],
      [[model, '--csv', '--eigenvalues'], /--eigenvalues applies only with --json/],
      [[join(dir, 'nope.onnx')], /nope\.onnx: cannot read/],
    ] as Array<[string[], RegExp]>) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(args[0].endsWith('nope.onnx') ? 1 : 2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(what);
    }
  });

  it('several files of different formats in one report (the built CLI decodes ONNX with its schema)', () => {
    const onnx = join(dir, 'm.onnx');
    writeFileSync(onnx, onnxModel({ initializer: [{ name: 'fc', dims: [24, 16], data_type: 1, raw_data: encode(W, 'F32') }] }));
    const np = join(dir, 'w.npy');
    writeFileSync(np, npy(W, [24, 16], '>f8', true));
    const r = cli([onnx, np, '--json', '--backend', 'cpu']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.files).toEqual([onnx, np]);
    expect(j.layers.map((l: { name: string }) => l.name)).toEqual(['fc', 'w']);
    expect(j.layers[0].logNorm).toBeCloseTo(j.layers[1].logNorm, 6);
  });

  it('the progress bar counts layers', () => {
    const r = cli([model, '--json', '--backend', 'cpu'], { NNSPECTRA_PROGRESS: '1' });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/layers 2\/2/);
  });
});
