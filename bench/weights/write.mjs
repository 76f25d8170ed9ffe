// Streaming safetensors writer for the benchmark: the header first, then each tensor's bytes
// as they are generated, so a model of any size is written with one tensor in memory.
import { closeSync, openSync, writeSync } from 'node:fs';

const SIZES = { F32: 4, F64: 8, F16: 2, BF16: 2 };

/** tensors: [{ name, shape, dtype, fill(): Uint8Array }] written in order. */
export function writeSafetensors(path, tensors) {
  const header = {};
  let off = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1) * SIZES[t.dtype];
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [off, off + n] };
    off += n;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const fd = openSync(path, 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeSync(fd, len);
    writeSync(fd, Buffer.from(json));
    for (const t of tensors) {
      const b = t.fill();
      let done = 0;
      while (done < b.length) done += writeSync(fd, b, done, b.length - done);
    }
  } finally {
    closeSync(fd);
  }
  return 8 + json.length + off;
}

/** N(0, std²) float32 values from xorshift128+ and Box–Muller (fast, seeded). */
export function normalF32(count, std, seed) {
  const out = new Float32Array(count);
  let s0 = (seed * 2654435761) >>> 0 || 1, s1 = 0x9e3779b9 ^ seed;
  const u = () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x >>> 0;
    return ((s0 + s1) >>> 0) / 4294967296 + 1 / 8589934592;
  };
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(u())) * std, th = 2 * Math.PI * u();
    out[i] = r * Math.cos(th);
    if (i + 1 < count) out[i + 1] = r * Math.sin(th);
  }
  return out;
}

/** GPT-2 small (124M) parameter shapes in the Hugging Face layout (Conv1D weights are in × out). */
export function gpt2SmallShapes() {
  const d = 768, t = [['wte.weight', [50257, d]], ['wpe.weight', [1024, d]]];
  for (let i = 0; i < 12; i++) {
    const h = `h.${i}.`;
    t.push(
      [h + 'ln_1.weight', [d]], [h + 'ln_1.bias', [d]],
      [h + 'attn.c_attn.weight', [d, 3 * d]], [h + 'attn.c_attn.bias', [3 * d]],
      [h + 'attn.c_proj.weight', [d, d]], [h + 'attn.c_proj.bias', [d]],
      [h + 'ln_2.weight', [d]], [h + 'ln_2.bias', [d]],
      [h + 'mlp.c_fc.weight', [d, 4 * d]], [h + 'mlp.c_fc.bias', [4 * d]],
      [h + 'mlp.c_proj.weight', [4 * d, d]], [h + 'mlp.c_proj.bias', [d]],
    );
  }
  t.push(['ln_f.weight', [d]], ['ln_f.bias', [d]]);
  return t;
}
