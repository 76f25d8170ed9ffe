// Accuracy of the GPU spherical-harmonic transforms at large lmax (Legendre values made in the
// kernel, FFT rings), against the float64 twin: a band-limited field with N(0, 1) coefficients is
// synthesised in float64, rounded to f32, analysed on the GPU; the error is the largest
// coefficient error over the largest coefficient. The GPU synthesis of the same coefficients is
// checked against the float64 field the same way. Buffers are held to the WebGPU default binding
// size (128 MiB) whatever the adapter allows.
//
//   npx vite build && node bench/sample/verify-sht-large.mjs [--lmax 1023,2047]
// Result: bench/results/sht-large.json (on SwiftShader: about a minute at 1023, several at 2047).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as nn from '../../dist/index.js';

const { values: args } = parseArgs({ options: { lmax: { type: 'string', default: '1023,2047' } } });
const here = dirname(fileURLToPath(import.meta.url));
const log = (msg) => process.stderr.write(`${new Date().toISOString()} ${msg}\n`);
const DEFAULT_BINDING = 128 * 2 ** 20;

const ctx = await nn.getGpu();
const out = { date: new Date().toISOString(), adapter: nn.describeAdapter(ctx.adapter), memoryCapBytes: DEFAULT_BINDING, criterion: 'max |a_gpu - a| / max |a| <= 1e-4', results: [] };
for (const lmax of args.lmax.split(',').map(Number)) {
  const g = nn.sphereGrid(lmax);
  const ntot = nn.lmCount(lmax);
  const a = new Float64Array(2 * ntot);
  for (let i = 0; i < ntot; i++) {
    a[2 * i] = nn.normalAt(11, 16, i, 0, 0, 0);
    a[2 * i + 1] = i <= lmax ? 0 : nn.normalAt(11, 16, i, 1, 0, 0);
  }
  const amax = a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  let t = performance.now();
  const f64 = nn.shtSynthesis(g, a, lmax);
  const cpuSynthesisS = (performance.now() - t) / 1e3;
  const f32 = Float32Array.from(f64);
  t = performance.now();
  const twin = nn.shtAnalysis(g, Float64Array.from(f32), 0, lmax);
  const cpuAnalysisS = (performance.now() - t) / 1e3;
  log(`lmax ${lmax}: float64 twin synthesis ${cpuSynthesisS.toFixed(1)} s, analysis ${cpuAnalysisS.toFixed(1)} s`);
  const buf = nn.storageBuffer(ctx.device, f32, 'fields');
  const opts = { coeffs: true, legendre: 'fly', memoryCapBytes: DEFAULT_BINDING };
  t = performance.now();
  const r = await nn.shtGpu(ctx, buf, 1, g, lmax, opts);
  const gpuAnalysisS = (performance.now() - t) / 1e3;
  buf.destroy();
  let errTrue = 0, errTwin = 0, errTwinTrue = 0;
  for (let i = 0; i < 2 * ntot; i++) {
    errTrue = Math.max(errTrue, Math.abs(r.coeffs[i] - a[i]));
    errTwin = Math.max(errTwin, Math.abs(r.coeffs[i] - twin[i]));
    errTwinTrue = Math.max(errTwinTrue, Math.abs(twin[i] - a[i]));
  }
  log(`lmax ${lmax}: GPU analysis ${gpuAnalysisS.toFixed(1)} s, error ${(errTrue / amax).toExponential(2)}`);
  t = performance.now();
  const fs = await nn.shtSynthesisGpu(ctx, Float32Array.from(a), 1, g, lmax, { legendre: 'fly', memoryCapBytes: DEFAULT_BINDING });
  const gpuSynthesisS = (performance.now() - t) / 1e3;
  let ferr = 0, fmax = 0;
  for (let p = 0; p < f64.length; p++) {
    ferr = Math.max(ferr, Math.abs(fs[p] - f64[p]));
    fmax = Math.max(fmax, Math.abs(f64[p]));
  }
  log(`lmax ${lmax}: GPU synthesis ${gpuSynthesisS.toFixed(1)} s, error ${(ferr / fmax).toExponential(2)}`);
  out.results.push({
    lmax, nlat: g.nlat, nlon: g.nlon, fftRings: nn.gpuRingUsesFft(g.nlon, lmax + 1),
    analysis: {
      errorVsTrue: errTrue / amax, errorVsTwinOfF32Field: errTwin / amax, f32FieldRoundingError: errTwinTrue / amax,
      pass: errTrue / amax <= 1e-4,
    },
    synthesis: { relErrorVsFloat64Field: ferr / fmax },
    seconds: { cpuSynthesis: cpuSynthesisS, cpuAnalysis: cpuAnalysisS, gpuAnalysis: gpuAnalysisS, gpuSynthesis: gpuSynthesisS },
  });
}
const file = join(here, '..', 'results', 'sht-large.json');
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
await nn.releaseDevice();
process.exit(0);
