// API reference (`npm run docs` -> docs/api/): one TypeDoc module per subpath of package.json
// "exports", so a new entry point is documented as soon as it is exported.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const entryPoints = Object.entries(pkg.exports)
  .filter(([sub, target]) => sub !== './package.json' && typeof target === 'object')
  .map(([, target]) => target.types.replace(/^\.\/types\//, 'src/').replace(/\.d\.ts$/, '.ts'));

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  entryPoints,
  out: 'docs/api',
  tsconfig: 'tsconfig.types.json',
  name: `nnspectra ${pkg.version}`,
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  githubPages: false,
  hideGenerator: true,
  validation: { notExported: false, invalidLink: true, notDocumented: false },
};
