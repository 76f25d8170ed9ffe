/**
 * Headless-Chromium harness for browser tests: serves test/browser/page (which puts the public
 * API on `window.nnspectra`) with vite's dev server on http://localhost (WebGPU needs a secure
 * origin), launches /usr/bin/chromium through puppeteer-core with SwiftShader WebGPU, and
 * evaluates functions in the page. Works headless without a display (CI).
 *
 *   const h = await openHarness();
 *   const r = await h.run((api, p) => api.sampleSpectrum(p), params);
 *   await h.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import { wat } from '../../vite.config.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** WebGPU on SwiftShader, no background network traffic. */
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Harness {
  page: Page;
  browser: Browser;
  url: string;
  /** Console lines the page printed (errors included), for diagnostics. */
  console: string[];
  /** Runs `fn(window.nnspectra, arg)` in the page and returns its (JSON-serialisable) result. */
  run<A, R>(fn: (api: typeof import('../../src/index.js'), arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>>;
  close(): Promise<void>;
}

const REPO = resolve(import.meta.dirname, '../..');

export async function openHarness(opts: { root?: string } = {}): Promise<Harness> {
  const root = opts.root ?? resolve(import.meta.dirname, 'page');
  const server: ViteDevServer = await createServer({
    root,
    configFile: false,
    plugins: [wat()], // the CPU twin's WebAssembly kernels are .wat sources
    logLevel: 'error',
    clearScreen: false,
    server: { host: 'localhost', port: 0, strictPort: false, fs: { allow: [REPO] }, hmr: false },
    // CommonJS dependencies of the API (protobufjs) must be pre-bundled to load as ES modules.
    optimizeDeps: { noDiscovery: true, include: ['protobufjs'] },
  });
  await server.listen();
  const addr = server.httpServer?.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = `http://localhost:${port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'nnspectra-chromium-'));
  let browser: Browser | null = null;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`],
      protocolTimeout: 600_000,
    });
    const page = await browser.newPage();
    const lines: string[] = [];
    page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => lines.push(`pageerror: ${(e as Error).message}`));
    await page.goto(url, { waitUntil: 'load' });
    await page
      .waitForFunction(() => (window as unknown as { nnspectraReady?: boolean }).nnspectraReady === true, { timeout: 120_000 })
      .catch((e: Error) => {
        // Say why the page never got ready (a module that failed to load, usually).
        throw new Error(`${e.message}; page said: ${lines.join(' | ') || 'nothing'}`);
      });
    const b = browser;
    return {
      page,
      browser: b,
      url,
      console: lines,
      async run(fn, arg) {
        const src = fn.toString();
        return page.evaluate(
          async (source: string, a: unknown) => {
            // eslint-disable-next-line no-new-func -- test code shipped to the page as text
            const f = new Function(`return (${source})`)() as (api: unknown, x: unknown) => unknown;
            return await f((window as unknown as { nnspectra: unknown }).nnspectra, a);
          },
          src,
          arg as never,
        ) as never;
      },
      async close() {
        await b.close().catch(() => {});
        await server.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close().catch(() => {});
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
