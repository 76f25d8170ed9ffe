/** Model weight readers: safetensors, ONNX, NumPy .npy/.npz, TensorFlow.js; one module each. */
export { listTensors, pickleRefusal } from './open.js';
export { readSafetensors, readSafetensorsIndex, SAFETENSORS_MAX_HEADER } from './safetensors.js';
export { readOnnx } from './onnx.js';
export { readNpy, readNpyHeader, NPY_MAX_HEADER } from './npy.js';
export { readNpz } from './npz.js';
export { readTfjs, dequantize } from './tfjs.js';
export { f16ToF32, decodeFloats } from './dtype.js';
export { bufferSource, blobSource, setResolver, MAX_READ_BYTES, type ByteSource, type SourceResolver } from './source.js';
export type { TensorEntry, TensorListing, SkippedTensor, FloatDType } from './tensor.js';
