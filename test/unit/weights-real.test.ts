/**
 * A real trained model end to end: face-api's face-recognition network (a ResNet-34-style
 * embedding net, TF.js weights quantized to uint8) as the npm package @vladmandic/face-api
 * ships it. The package is fetched with `npm pack` into test/.cache (ignored, never committed);
 * the test is skipped, saying so, only when the npm registry cannot be reached.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listTensors } from '../../src/io/open.js';
import { fileSource, folderResolver } from '../../src/io/node-source.js';
import { analyzeWeights } from '../../src/weights/analyze.js';

const PKG = '@vladmandic/face-api@1.7.15';
const CACHE = resolve(import.meta.dirname, '../.cache/face-api');
const MODEL = join(CACHE, 'package/model/face_recognition_model-weights_manifest.json');
const NETWORK = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network/i;
let skipReason: string | null = null;

beforeAll(() => {
  if (existsSync(MODEL)) return;
  mkdirSync(CACHE, { recursive: true });
  const pack = spawnSync('npm', ['pack', PKG, '--pack-destination', CACHE, '--silent'], { encoding: 'utf8', timeout: 180_000 });
  if (pack.status !== 0) {
    const why = `${pack.stderr ?? ''}${pack.error?.message ?? ''}`;
    if (NETWORK.test(why)) {
      skipReason = `npm registry unreachable, ${PKG} not fetched: ${why.split('\n').find((l) => NETWORK.test(l))?.trim()}`;
      return;
    }
    throw new Error(`npm pack ${PKG} failed: ${why.split('\n')[0]}`);
  }
  const tgz = join(CACHE, pack.stdout.trim().split('\n').pop()!);
  const tar = spawnSync('tar', ['xzf', tgz, '-C', CACHE, 'package/model'], { encoding: 'utf8' });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
}, 200_000);

describe('a real trained model from npm (@vladmandic/face-api, face recognition net)', () => {
  it('uint8 weights dequantize onto their grid; every conv and the fc layer get a finite report', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    const src = await fileSource(MODEL);
    const listing = await listTensors(src, folderResolver());
    expect(listing.format).toBe('tfjs');
    expect(listing.tensors).toHaveLength(117);
    const manifest = JSON.parse((await import('node:fs')).readFileSync(MODEL, 'utf8'))[0].weights as Array<{ name: string; quantization: { scale: number; min: number } }>;
    for (const name of ['conv32_down/conv/filters', 'fc']) {
      const t = listing.tensors.find((x) => x.name === name)!;
      const { scale, min } = manifest.find((w) => w.name === name)!.quantization;
      const v = await t.read();
      let off = 0;
      for (let i = 0; i < v.length; i++) {
        const q = Math.round((v[i] - min) / scale);
        if (!(q >= 0 && q <= 255 && v[i] === Math.fround(q * scale + min))) off++;
      }
      expect(off).toBe(0);
    }
    const r = await analyzeWeights(MODEL, { backend: 'cpu' });
    expect(r.layers).toHaveLength(30);
    expect(r.skipped).toHaveLength(87);
    expect(r.skipped.every((s) => s.reason === '1-D (bias or normalisation)')).toBe(true);
    const fc = r.layers.find((l) => l.name === 'fc')!;
    expect([fc.kind, fc.N, fc.M, fc.matrices]).toEqual(['dense', 256, 128, 1]);
    const conv = r.layers.find((l) => l.name === 'conv256_1/conv1/conv/filters')!;
    expect([conv.kind, conv.N, conv.M, conv.matrices]).toEqual(['conv2d', 256, 256, 9]);
    for (const l of r.layers) {
      expect(Number.isFinite(l.alpha)).toBe(true);
      expect(l.alpha!).toBeGreaterThan(1);
      expect(l.stableRank).toBeGreaterThanOrEqual(1);
      expect(l.stableRank).toBeLessThanOrEqual(l.M * l.matrices);
    }
    // The numbers quoted in docs/weights.md (mean α over the 30 layers, the fc layer).
    expect(r.summary.alpha!).toBeCloseTo(4.712, 2);
    expect(fc.alpha!).toBeCloseTo(5.957, 2);
  });
});
