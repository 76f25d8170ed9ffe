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

// Runtime dependencies stay external in the library/CLI build; the demo bundles what it uses.
const external = [
  /^node:/,
  ...builtinModules,
  'webgpu',
  'commander',
  'cli-table3',
  'cli-progress',
  'protobufjs',
  'fflate',
  'vega',
  'vega-lite',
];

export default defineConfig(({ mode }) => {
  if (mode === 'demo') {
    return {
      root: resolve(import.meta.dirname, 'demo'),
      // The Node WebGPU bootstrap is only reached where navigator.gpu is missing.
      build: {
        outDir: resolve(import.meta.dirname, 'demo/dist'),
        emptyOutDir: true,
        target: 'es2022',
        rollupOptions: {
          external: ['webgpu', /^node:/],
          input: { main: resolve(import.meta.dirname, 'demo/index.html'), weights: resolve(import.meta.dirname, 'demo/weights.html') },
        },
      },
      // Workers are ES modules (they share chunks with the pages) and load .wat kernels too.
      worker: { format: 'es', plugins: () => [wat()] },
      plugins: [wat()],
    };
  }
  return {
    build: {
      target: 'node20',
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      lib: {
        entry: { index: resolve(import.meta.dirname, 'src/index.ts'), cli: resolve(import.meta.dirname, 'src/cli/main.ts') },
        formats: ['es'],
      },
      rollupOptions: { external },
    },
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
