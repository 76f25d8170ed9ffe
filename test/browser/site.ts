/**
 * The built explorer (demo/dist) served by a tiny static server under a sub-path (so relative
 * asset paths are exercised), and headless Chromium pages on it with WebGPU on SwiftShader or
 * without WebGPU. Records console errors, page errors and every 404.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_FLAGS } from './harness.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const DIST = resolve(REPO, 'demo/dist');
export const ARTIFACTS = resolve(import.meta.dirname, 'artifacts');
/** The site is served below this path, as from a project page on a static host. */
export const BASE_PATH = '/some/sub/path/';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
};

export interface Site {
  url: string;
  notFound: string[];
  close(): Promise<void>;
}

export async function serveSite(): Promise<Site> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('demo/dist is missing: run `npm run demo:build` first');
  const notFound: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (!path.startsWith(BASE_PATH)) {
      notFound.push(path);
      res.writeHead(404).end();
      return;
    }
    let rel = normalize(path.slice(BASE_PATH.length));
    if (rel === '.' || rel === '' || rel.endsWith('/')) rel = join(rel, 'index.html');
    const file = join(DIST, rel);
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      notFound.push(path);
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, 'localhost', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://localhost:${port}${BASE_PATH}`,
    notFound,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export interface Chromium {
  browser: Browser;
  close(): Promise<void>;
}

/** Flags without WebGPU: the adapter request finds nothing, as in a browser that lacks it. */
export const NO_WEBGPU_FLAGS = [...CHROMIUM_FLAGS.filter((f) => !/webgpu/i.test(f)), '--disable-features=WebGPU,WebGPUService'];

export async function launch(webgpu = true): Promise<Chromium> {
  const profile = mkdtempSync(join(tmpdir(), 'nnspectra-site-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...(webgpu ? CHROMIUM_FLAGS : NO_WEBGPU_FLAGS), `--user-data-dir=${profile}`],
    protocolTimeout: 300_000,
    defaultViewport: { width: 1280, height: 900 },
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface SitePage {
  page: Page;
  /** Console errors and uncaught page errors (worker ones included). */
  errors: string[];
}

/** A page that records errors and the longest main-thread tasks (window.__longTasks). */
export async function openPage(browser: Browser): Promise<SitePage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${(e as Error).message}`));
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return { page, errors };
}

/** Opens `query` on the site and waits for the explorer to be ready. */
export async function gotoView(p: SitePage, site: Site, query: string): Promise<void> {
  await p.page.goto(`${site.url}${query}`, { waitUntil: 'load' });
  await p.page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
}

/**
 * Pixels actually on screen inside `selector`: a screenshot of its box, decoded in the page.
 * Returns the number of distinct colours and the fraction of pixels that are not background.
 */
export async function screenPixels(page: Page, selector: string): Promise<{ colours: number; inked: number }> {
  const handle = await page.waitForSelector(selector, { timeout: 30_000 });
  const png = (await handle!.screenshot({ encoding: 'base64' })) as string;
  return page.evaluate(async (b64: string) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      if (!(d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) inked++;
    }
    return { colours: seen.size, inked: inked / (d.length / 4) };
  }, png);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) as `${string}.png`, fullPage: true });
}
