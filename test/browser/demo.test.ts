/**
 * The demo explorer, end to end in headless Chromium: theory on load, then a small GPU Monte
 * Carlo run through the page's own controls. Uses only what a visitor uses: the DOM.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { wat } from '../../vite.config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { theorySpectrum } from '../../src/theory/spectrum.js';
import { CHROMIUM, CHROMIUM_FLAGS } from './harness.js';

const REPO = resolve(import.meta.dirname, '../..');
let server: ViteDevServer;
let browser: Browser;
let page: Page;
let profile: string;
const errors: string[] = [];

beforeAll(async () => {
  server = await createServer({
    root: resolve(REPO, 'demo'),
    configFile: false,
    plugins: [wat()], // the CPU twin's WebAssembly kernels are .wat sources
    logLevel: 'error',
    server: { host: 'localhost', port: 0, fs: { allow: [REPO] }, hmr: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  profile = mkdtempSync(join(tmpdir(), 'nnspectra-demo-'));
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`] });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push((e as Error).message));
  await page.goto(`http://localhost:${port}/`, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close().catch(() => {});
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function setField(name: string, value: string): Promise<void> {
  await page.$eval(`[name="${name}"]`, (el, v) => ((el as HTMLInputElement).value = v), value);
}

describe('demo explorer', () => {
  it('draws the theory spectrum on load with the engine\'s κ\'(1) and regime', async () => {
    await page.waitForSelector('#chart canvas', { timeout: 60_000 });
    const summary = await page.$eval('#summary', (e) => e.textContent ?? '');
    const t = theorySpectrum({ activation: 'tanh', depths: [1], lmax: 4 });
    expect(summary).toContain(`κ'(1) = ${t.kappaPrime1.toFixed(5)} — ${t.regime}`);
    expect(errors).toEqual([]);
  });

  it('rejects bad input with the library\'s one-line message', async () => {
    // Number fields are range-checked by the browser itself; expressions are the library's job.
    await setField('activation', 'x +* 2');
    await page.click('button[type="submit"]');
    const err = await page.$eval('#error', (e) => e.textContent ?? '');
    expect(err).toMatch(/^activation/);
    expect(err.split('\n')).toHaveLength(1);
    await setField('activation', 'tanh');
  });

  it('samples networks on the page GPU and overlays them on the theory', async () => {
    await setField('lmax', '6');
    await setField('depths', '1,2');
    await setField('width', '16');
    await setField('networks', '4');
    await page.select('select[name="backend"]', 'webgpu');
    await page.click('#sample');
    await page.waitForFunction(() => !(document.querySelector('#sample') as HTMLButtonElement).disabled, { timeout: 240_000 });
    expect(await page.$eval('#error', (e) => e.textContent)).toBe('');
    const summary = await page.$eval('#summary', (e) => e.textContent ?? '');
    expect(summary).toMatch(/^4 networks of width 16, depth 2 on webgpu \(.*swiftshader.*\)/i);
    const legend = await page.$$eval('.u-legend .u-label', (els) => els.map((e) => e.textContent));
    expect(legend).toEqual(expect.arrayContaining(['L = 1', 'L = 2', 'sampled L = 2']));
    expect(errors).toEqual([]);
  });
});
