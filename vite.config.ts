/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { chmodSync, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

/**
 * `import kernels from './x.wat'` gives the module's WebAssembly binary as base64: the text
 * format is the source of truth, assembled by wabt at build (and test) time, so no binary is
 * committed and nothing is assembled at run time.
 */
export function wat(): Plugin {
  return {
    name: 'nnspectra-wat',
    async load(id) {
      if (!id.endsWith('.wat')) return null;
      const wabt = await (await import('wabt')).default();
      const mod = wabt.parseWat(id, readFileSync(id, 'utf8'), { simd: true });
      try {
        mod.validate();
        const { buffer } = mod.toBinary({});
        return `export default ${JSON.stringify(Buffer.from(buffer).toString('base64'))};`;
      } finally {
        mod.destroy();
      }
    },
  };
}

/**
 * The package's entry points, each built to dist/<name>.js. A library entry names its subpath
 * in package.json "exports" (`subpath`), where its line points at dist/<name>.js and at its
 * types, types/<src without src/ and .ts>.d.ts (emitted by tsconfig.types.json);
 * test/package checks the two agree and installs the packed tarball to use every subpath.
 * node-device and node-source are entries only so that their file names are stable: package.json
 * "browser" maps them to nothing, so browser bundles never contain the Node WebGPU binding or
 * the Node file reader.
 */
export const ENTRIES: Record<string, { src: string; subpath?: string }> = {
  index: { src: 'src/index.ts', subpath: '.' },
  cli: { src: 'src/cli/main.ts' },
  'node-device': { src: 'src/gpu/node-device.ts' },
  'node-source': { src: 'src/io/node-source.ts' },
  widgets: { src: 'src/widgets/index.ts', subpath: './widgets' },
};

/**
 * Browser bundles (the explorer, the widgets' worker) get stand-ins for the Node WebGPU
 * bootstrap and the Node file reader, so that neither the `webgpu` binding nor any `node:` module can enter them.
 */
export function browserOnly(): Plugin {
  const id = '\0nnspectra-no-node-device';
  const files = '\0nnspectra-no-node-source';
  return {
    name: 'nnspectra-browser-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source.endsWith('/node-device.js') && importer && /[\\/]src[\\/]gpu[\\/]/.test(importer)) return id;
      if (source.endsWith('/io/node-source.js') && importer && /[\\/]src[\\/]/.test(importer)) return files;
      return null;
    },
    load(source) {
      if (source === id) return `export async function nodeGpu() { throw new Error('WebGPU is not available here (navigator.gpu is missing)'); }`;
      if (source === files) {
        const refuse = `throw new Error('file paths are read in Node only: in a browser pass File, Blob or ArrayBuffer sources');`;
        return `export async function fileSource() { ${refuse} }\nexport function folderResolver() { ${refuse} }`;
      }
      return null;
    },
  };
}

// Runtime dependencies stay external in the library/CLI build; the demo bundles what it uses.
const external = [
  /^node:/,
  ...builtinModules,
  'webgpu',
  'commander',
  'cli-table3',
  'cli-progress',
  'comlink',
  'uplot',
  'protobufjs',
  'fflate',
  'vega',
  'vega-lite',
];

export default defineConfig(({ mode }) => {
  if (mode === 'demo') {
    return {
      root: resolve(import.meta.dirname, 'demo'),
      // Relative asset paths: the site works from any sub-path of any static server.
      base: './',
      build: {
        outDir: resolve(import.meta.dirname, 'demo/dist'),
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: {
          input: {
            index: resolve(import.meta.dirname, 'demo/index.html'),
            embed: resolve(import.meta.dirname, 'demo/embed.html'),
            weights: resolve(import.meta.dirname, 'demo/weights.html'),
          },
        },
      },
      worker: { format: 'es', plugins: () => [wat(), browserOnly()], rollupOptions: { output: { codeSplitting: false } } },
      plugins: [wat(), browserOnly()],
    };
  }
  return {
    // The widgets find their worker relative to their own module.
    base: './',
    build: {
      target: 'node20',
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      lib: {
        entry: Object.fromEntries(Object.entries(ENTRIES).map(([name, e]) => [name, resolve(import.meta.dirname, e.src)])),
        formats: ['es'],
      },
      // The wat plugin assembles WebAssembly on a busy machine: its timing note is not a problem.
      rollupOptions: { external, checks: { pluginTimings: false } },
    },
    // The widgets' compute worker is a self-contained browser bundle.
    worker: { format: 'es', plugins: () => [wat(), browserOnly()], rollupOptions: { output: { codeSplitting: false } } },
    plugins: [
      wat(),
      {
        // npm links `bin` entries without changing their mode: the CLI must be executable itself.
        name: 'nnspectra-cli-executable',
        writeBundle(options: { dir?: string }) {
          chmodSync(resolve(options.dir ?? 'dist', 'cli.js'), 0o755);
        },
      },
    ],
    test: {
      // SwiftShader runs WGSL on this machine's CPU: GPU suites get generous timeouts and run
      // one file at a time so they do not compete for the two cores.
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
        },
        {
          extends: true,
          test: {
            name: 'gpu',
            include: ['test/gpu/**/*.test.ts'],
            environment: 'node',
            testTimeout: 300_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
        {
          extends: true,
          test: {
            // packs the built package and installs the tarball into an empty project
            name: 'package',
            include: ['test/package/**/*.test.ts'],
            environment: 'node',
            testTimeout: 240_000,
            hookTimeout: 240_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.ts'],
            environment: 'node',
            testTimeout: 300_000,
            hookTimeout: 180_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
