/**
 * The screenshots of docs/explorer.md: each view of the built explorer at a size that shows
 * what it is for. Run on demand (NNSPECTRA_SCREENSHOTS=1 npx vitest run test/browser/screenshots.test.ts);
 * writes docs/img/explorer-<view>.png.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { it } from 'vitest';
import { gotoView, launch, openPage, REPO, serveSite } from './site.js';

const SHOTS: [string, string, number][] = [
  ['sphere', '?view=sphere&activation=tanh&depth=3&width=128&lmax=32&grid=64&seed=2', 1],
  ['spectrum', '?view=spectrum&activation=relu&depths=1,2,4&lmax=16&widths=32,256&networks=24&autorun=1', 1],
  ['depth', '?view=depth&activation=tanh&depth=30&lmax=48', 1],
  ['phase', '?view=phase&activation=tanh&n=64', 1],
  ['training', '?view=training&preset=invariant-bulk&d=96&width=144&ntrain=192&ntest=192&steps=40&every=10&autorun=1', 1],
  ['bench', '?view=bench&width=64&depth=2&networks=2&lmax=31&sht=31,63&eig=128&autorun=1', 1],
];

it.skipIf(!process.env.NNSPECTRA_SCREENSHOTS)('docs screenshots', async () => {
  await build({ configFile: resolve(REPO, 'vite.config.ts'), mode: 'demo', logLevel: 'error' });
  const site = await serveSite();
  const c = await launch(true);
  const out = resolve(REPO, 'docs/img');
  mkdirSync(out, { recursive: true });
  try {
    for (const [name, query, n] of SHOTS) {
      const p = await openPage(c.browser);
      await p.page.setViewport({ width: 1280, height: 860 });
      await gotoView(p, site, query);
      await p.page.waitForFunction((k: number) => Number(document.body.dataset.results ?? 0) >= k, { timeout: 300_000 }, n);
      await new Promise((r) => setTimeout(r, 1500));
      await p.page.screenshot({ path: resolve(out, `explorer-${name}.png`) as `${string}.png`, fullPage: true });
      await p.page.close();
    }
  } finally {
    await c.close();
    await site.close();
  }
}, 900_000);
