/**
 * Decoding of stored floats into typed arrays. F16 and BF16 are widened to float32 bit by bit
 * (every half and bfloat16 value, subnormals, infinities and NaN included, is exactly
 * representable in float32).
 */

/** The float32 value of an IEEE binary16 bit pattern (exact). */
export function f16ToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

const F16_TABLE = (() => {
  const t = new Float32Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = f16ToF32(i);
  return t;
})();

/** Byte size of one element of a float dtype. */
export function floatBytes(dtype: 'F64' | 'F32' | 'F16' | 'BF16'): number {
  return dtype === 'F64' ? 8 : dtype === 'F32' ? 4 : 2;
}

/**
 * Decodes `count` floats of `dtype` from `bytes` (little-endian unless `bigEndian`), into
 * float64 for F64 and float32 otherwise. `bytes` must hold exactly count × size bytes.
 */
export function decodeFloats(bytes: Uint8Array, dtype: 'F64' | 'F32' | 'F16' | 'BF16', count: number, bigEndian = false): Float32Array | Float64Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !bigEndian;
  switch (dtype) {
    case 'F64': {
      const out = new Float64Array(count);
      if (le && bytes.byteOffset % 8 === 0) out.set(new Float64Array(bytes.buffer, bytes.byteOffset, count));
      else for (let i = 0; i < count; i++) out[i] = dv.getFloat64(8 * i, le);
      return out;
    }
    case 'F32': {
      const out = new Float32Array(count);
      if (le && bytes.byteOffset % 4 === 0) out.set(new Float32Array(bytes.buffer, bytes.byteOffset, count));
      else for (let i = 0; i < count; i++) out[i] = dv.getFloat32(4 * i, le);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = F16_TABLE[dv.getUint16(2 * i, le)];
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = dv.getUint16(2 * i, le) << 16;
      return out;
    }
  }
}
