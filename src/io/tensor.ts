/** What every weight reader returns: tensors described by their headers, read on demand. */

/** Element types the analysis reads; anything else is listed as skipped with the reason. */
export type FloatDType = 'F64' | 'F32' | 'F16' | 'BF16';

/** A tensor found in a file. Its data is read only when `read` is called. */
export interface TensorEntry {
  name: string;
  /** The file holding the data (the first shard for TF.js groups spanning several). */
  file: string;
  /** The stored element type as the format names it (e.g. F32, float16, uint8→float32). */
  dtype: string;
  shape: number[];
  /**
   * Axis order of a 4-D kernel: 'OIHW' (PyTorch, ONNX, safetensors, NumPy) or 'HWIO'
   * (TensorFlow.js). Absent for other ranks.
   */
  layout?: 'OIHW' | 'HWIO';
  /** The values in C (row-major) order: float64 for F64 data, else float32 (exact for F16/BF16). */
  read(): Promise<Float32Array | Float64Array>;
}

/** A tensor that is listed but not analysed, and why. */
export interface SkippedTensor {
  name: string;
  reason: string;
}

/** The tensors of one model (one file, or an index/manifest with its parts). */
export interface TensorListing {
  format: 'safetensors' | 'onnx' | 'npy' | 'npz' | 'tfjs';
  /** Every file read, the entry file first. */
  files: string[];
  tensors: TensorEntry[];
  skipped: SkippedTensor[];
}

/** Product of a shape, or -1 when it is not a list of safe non-negative integers. */
export function elementCount(shape: unknown): number {
  if (!Array.isArray(shape) || shape.length > 32) return -1;
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return -1;
    n *= d;
    if (!Number.isSafeInteger(n)) return -1;
  }
  return n;
}
