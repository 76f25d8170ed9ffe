/**
 * The weights page end to end in headless Chromium: a safetensors file generated here is given
 * to the page's file input, the worker analyses it, and the table, the ESD plot and the CSV
 * agree with the same report computed in Node.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wat } from '../../vite.config.js';
import { analyzeWeights } from '../../src/weights/analyze.js';
import { encode, safetensors, withSingularValues } from '../unit/weights-fixtures.js';
import { CHROMIUM, CHROMIUM_FLAGS } from './harness.js';

const REPO = resolve(import.meta.dirname, '../..');
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let dir: string;
const errors: string[] = [];

const S = Array.from({ length: 24 }, (_, i) => 2 / (1 + i) ** 0.8);
const model = () =>
  safetensors([
    { name: 'block.0.mlp.weight', dtype: 'F32', shape: [40, 24], bytes: encode(withSingularValues(40, 24, S, 1), 'F32') },
    { name: 'block.0.mlp.bias', dtype: 'F32', shape: [40], bytes: encode(new Float64Array(40), 'F32') },
    { name: 'block.0.attn.weight', dtype: 'BF16', shape: [24, 24], bytes: encode(withSingularValues(24, 24, S, 2), 'BF16') },
  ]);

beforeAll(async () => {
  server = await createServer({
    root: resolve(REPO, 'demo'),
    configFile: false,
    plugins: [wat()],
    worker: { format: 'es', plugins: () => [wat()] },
    logLevel: 'error',
    server: { host: 'localhost', port: 0, fs: { allow: [REPO] }, hmr: false },
    // protobufjs is CommonJS: the dev server must pre-bundle it for the worker.
    optimizeDeps: { noDiscovery: true, include: ['protobufjs'] },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  dir = mkdtempSync(join(tmpdir(), 'nnspectra-weights-'));
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, 'profile')}`] });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push((e as Error).message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(`http://localhost:${port}/weights.html`, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('weights page', () => {
  it('analyses a dropped safetensors file in the worker: table, ESD plot and CSV match the Node report', async () => {
    const file = join(dir, 'model.safetensors');
    const bytes = model();
    writeFileSync(file, bytes);
    await page.select('[name="backend"]', 'cpu');
    const input = (await page.$('#files')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 120_000 }).catch((e) => {
      throw new Error(`${e.message}; page errors: ${errors.join(' | ')}`);
    });
    expect(await page.$eval('#error', (e) => e.textContent)).toBe('');
    const rows = await page.$$eval('#layers tbody tr', (trs) => trs.map((tr) => Array.from(tr.children, (td) => td.textContent)));
    const ref = await analyzeWeights({ name: 'model.safetensors', data: bytes }, { backend: 'cpu' });
    expect(rows.map((r) => r.slice(0, 4))).toEqual(ref.layers.map((l) => [l.name, l.shape.join('×'), String(l.N), String(l.M)]));
    rows.forEach((r, i) => expect(Number(r[4])).toBeCloseTo(ref.layers[i].alpha!, 3));
    expect(await page.$eval('#skipped summary', (e) => e.textContent)).toBe('1 tensors skipped');
    // Progress messages from the worker may arrive after the report: the final status stays.
    await new Promise((r) => setTimeout(r, 300));
    expect(await page.$eval('#status', (e) => e.textContent)).toMatch(/^2 layers \(cpu\); mean α \d\.\d{3}/);
    expect(await page.$('#esd canvas')).not.toBeNull();
    const csv = await page.evaluate(() => (window as unknown as { weightsDocuments(): { csv: string } }).weightsDocuments().csv);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('layer_id,name,N,M,Q,alpha,alpha_weighted,log_norm,log_spectral_norm,stable_rank,mp_softrank,num_spikes,xmin,D,warning');
    expect(Number(lines[1].split(',')[5])).toBeCloseTo(ref.layers[0].alpha!, 12);
    // Sorting by α (click the header) orders the rows by it.
    await page.$$eval('#layers th', (ths) => (ths[4] as HTMLElement).click());
    const sorted = await page.$$eval('#layers tbody tr', (trs) => trs.map((tr) => Number(tr.children[4].textContent)));
    expect(sorted).toEqual(sorted.slice().sort((a, b) => a - b));
    expect(errors).toEqual([]);
  });

  it('a malformed file shows the reader\'s one-line message', async () => {
    const file = join(dir, 'broken.safetensors');
    writeFileSync(file, model().subarray(0, 100));
    const input = (await page.$('#files')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await page.waitForSelector('body[data-state="error"]', { timeout: 60_000 });
    expect(await page.$eval('#error', (e) => e.textContent)).toMatch(/^broken\.safetensors: truncated/);
  });
});
