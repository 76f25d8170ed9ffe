/// <reference types="@webgpu/types" preserve="true" />
/**
 * nnspectra: spectral analysis of neural networks on WebGPU, in the browser and in Node.
 *
 * This module is the public API and nothing else: every export is documented where it is
 * defined. Computations take `backend: 'webgpu' | 'cpu' | 'auto'`; long ones accept
 * `{ signal, onProgress }` ({@link RunOptions}).
 *
 * @packageDocumentation
 */

export { NnspectraError, type ErrorCode } from './errors.js';
export type { ProgressEvent, RunOptions } from './progress.js';
export type { Backend, ResolvedBackend } from './backend.js';

// GPU runtime
export {
  getGpu,
  setDevice,
  releaseDevice,
  describeAdapter,
  webgpuAvailable,
  type GpuContext,
  type AdapterDescription,
} from './gpu/device.js';

// Random numbers (Philox4x32-10; identical streams on CPU and GPU)
export { philox4x32, normalAt, fillNormals, STREAM_WEIGHTS, STREAM_BIAS, STREAM_USER } from './rng/philox.js';

// ---- theory engine ----
export type { ActivationSpec, BuiltinActivation } from './theory/activation-spec.js';
export { BUILTIN_ACTIVATIONS } from './theory/activation-spec.js';
export type { Expr, UnaryFn, BinaryFn, BinaryOp } from './theory/expr-ast.js';
export { parseExpr, evalExpr, compileExpr, derivExpr, formatExpr } from './theory/expr.js';
export {
  parseActivation,
  toActivationSpec,
  activationFn,
  activationLabel,
  activationParam,
  ACTIVATION_PARAM_DEFAULTS,
  type ActivationFn,
} from './theory/activations.js';
export { resolveVariances, activationMoments, type ResolvedVariances, type ParamMode } from './theory/variances.js';
export { erf, erfc, normalCdf } from './theory/special.js';
export { gaussLegendre, gaussGegenbauer, compositeGaussLegendre, type QuadratureRule } from './sphere/quadrature.js';
export {
  gegenbauer,
  gegenbauerAll,
  gegenbauerRecurrence,
  gegenbauerAllFast,
  harmonicDimension,
  sphereArea,
  projectionConstant,
  type GegenbauerRecurrence,
} from './sphere/gegenbauer.js';
export {
  theorySpectrum,
  MAX_DEPTH,
  MAX_LMAX,
  MAX_DIM,
  type TheoryParams,
  type TheoryResult,
  type DepthSpectrum,
} from './theory/spectrum.js';
export {
  kappaPrime1,
  rawKappaPrime1,
  regimeOf,
  classifyActivations,
  hermiteCoefficients,
  phaseDiagram,
  varianceFixedPoint,
  SPARSE_TOLERANCE,
  type Regime,
  type Classification,
  type HermiteCoefficients,
  type PhaseDiagram,
  type Axis,
} from './theory/regimes.js';
export { kernelFamily, type CorrelationMap, type KernelFamily, type Parity } from './theory/kernels.js';

// ---- sampling, GPU runtime, spherical harmonics ----
// Monte Carlo spectra of random networks (WebGPU kernels with float64 CPU twins).
export { sampleSpectrum, sampleBlock, resultFromMoments, defaultGridLmax, gridAliasWarning, type SampleParams, type SampleResult, type SamplePartial, type SampleRunOptions, type BlockRun } from './sample/sample.js';
export { compareWithTheory, ZERO_THEORY, type TheoryComparison } from './sample/spectra.js';
export { blockMoments, mergeMoments, type SpectrumMoments } from './sample/moments.js';
export { sampleWidthSweep, type SweepResult, type SweepEntry } from './sample/sweep.js';
export { sampleShard, parseShard, mergeShards, shardRange, MAX_SHARD_BYTES, type ShardFile, type ShardBlock, type ShardRunParams } from './sample/shard.js';
export { networkWeights, layerShapes, macsPerPoint, type NetworkShape, type LayerShape } from './sample/network.js';
export { fieldsCpu } from './sample/fields-cpu.js';
export { fieldsGpu, forEachFieldChunk, planFieldChunks, type GpuChunkOptions, type FieldChunk, type FieldChunkPlan, type LayerTile, type LayerKernel } from './sample/fields-gpu.js';
// Activations as WGSL (act / act_deriv), shared with the training kernels.
export { activationWgsl, activationFunctionsWgsl } from './gpu/activation-wgsl.js';
export { evalActivationGpu } from './gpu/activation-eval.js';
// GPU runtime: shader composition, buffers, pipelines, chunking.
export { composeShader, shaderSource, shaderNames, type Defines } from './gpu/shader.js';
export { storageBuffer, uniformBuffer, readBuffer, readF32, readU32, computePipeline, bindBuffers, encodeDispatch, withGpuErrors } from './gpu/buffers.js';
export { dispatchGrid, bindingBudget, itemsPerChunk, chunkRanges } from './gpu/limits.js';
// Spherical harmonics on S² (Gauss–Legendre grid, exact to band limit) and S^{d-1} estimators.
export { sphereGrid, smoothRingLength, gridPoints, gridIntegrate, type SphereGrid } from './sphere/grid.js';
export { legendreColumn, lmIndex, lmCount, lmPairs } from './sphere/legendre.js';
export { shtAnalysis, shtSynthesis, shtPower, shtPowerSum, type RingMode } from './sphere/sht-cpu.js';
export {
  shtGpu, shtSynthesisGpu, clearShtTables, chooseLegendre, gpuRingUsesFft, TABLE_MAX_LMAX,
  type ShtGpuResult, type ShtGpuOptions, type LegendreMode,
} from './sphere/sht-gpu.js';
export { fftComplex, fftPlan, ringUsesFft, type FftPlan } from './sphere/fft.js';
export { gegenbauerPower, antipodalGegenbauerPower } from './sphere/gegenbauer-estimator.js';
export { gegenbauerPowerGpu, antipodalGegenbauerPowerGpu } from './sphere/gegenbauer-gpu.js';
export { randomSpherePoints, antipodalSpherePoints, STREAM_POINTS } from './sphere/harmonics.js';

// ---- linear algebra and spectral metrics ----
// Linear algebra: webgpu kernels with float64 CPU twins (see src/linalg/*.ts for the methods
// and the accuracy each one guarantees).
export { cpuKernels } from './linalg/cpu/wasm-kernels.js';
export {
  eigh,
  eighBatched,
  svd,
  gemm,
  gram,
  reduceMatrix,
  matrixReduce,
  elementwise,
  transpose,
  type EighOptions,
  type EighResult,
  type EighBatchedResult,
  type SvdOptions,
  type SvdResult,
  type GemmOptions,
  type GemmResult,
  type GramOptions,
  type GramResult,
  type ReduceOp,
  type MapOp,
  type MatrixReduceOptions,
  type ElementwiseOptions,
  type Matrix,
} from './linalg/index.js';
// Spectral metrics: pure functions on eigenvalues / singular values / singular vectors.
export {
  mpEdges,
  mpDensity,
  mpCdf,
  mpFit,
  ksDistance,
  tracyWidomScale,
  bbpOutlier,
  powerLawFit,
  hillEstimator,
  effectiveRank,
  stableRank,
  numericalRank,
  normSummary,
  alphaWeighted,
  topEigenvectorOverlap,
  singularVectorAgreement,
  adjacentLayerAlignment,
  esdHistogram,
  type MpEdges,
  type MpFit,
  type MpFitOptions,
  type PowerLawFit,
  type PowerLawOptions,
  type HillEstimate,
  type NormSummary,
  type AgreementResult,
  type AlignmentResult,
  type EsdHistogram,
  type EsdOptions,
} from './analysis/index.js';

// ---- training lab ----
export { train, Trainer, type TrainResult, type TrainOutcome, type LabelRunSummary } from './train/loop.js';
export {
  resolveConfig as resolveTrainConfig,
  PRESETS as TRAIN_PRESETS,
  PRESET_SETTINGS as TRAIN_PRESET_SETTINGS,
  PRESET_PAPER_SIZES as TRAIN_PRESET_PAPER_SIZES,
  type PresetSize as TrainPresetSize,
  type TrainOptions,
  type TrainConfig,
  type PresetName as TrainPreset,
} from './train/config.js';
export type { Checkpoint, LayerSpectrum, KernelSpectrum } from './train/monitor.js';
export type { TaskName as TrainTask } from './train/tasks.js';
export type { OptimizerName } from './train/optimizer.js';
export type { Parameterization } from './train/model.js';
export { lossBarrier, interpolateWeights, type BarrierResult } from './train/barrier.js';
export { weightAgreement, AGREEMENT_K, type WeightAgreement } from './train/sv-agreement.js';
export { magnitudeMask, randomMaskLike } from './train/masks.js';
export { svPrune, svdBand, type SvPruneResult } from './train/sv-prune.js';
export { spearman, perturbWeights, PERTURBATION_ETAS, type LmcResult, type PairComparison } from './train/lmc.js';
export type { LotteryResult, TicketResult } from './train/lottery.js';

// ---- spectral reports of model weight files ----
// Readers: safetensors (sharded too), ONNX, NumPy .npy/.npz, TensorFlow.js; each a parser over
// byte ranges of a ByteSource (a Node file handle, a browser File, or bytes in memory).
export {
  listTensors,
  readSafetensors,
  readSafetensorsIndex,
  readOnnx,
  readNpy,
  readNpz,
  readTfjs,
  f16ToF32,
  bufferSource,
  blobSource,
  setResolver,
  type ByteSource,
  type SourceResolver,
  type TensorEntry,
  type TensorListing,
  type SkippedTensor,
} from './io/index.js';
export {
  analyzeWeights,
  layerMetrics,
  ALPHA_OVER,
  ALPHA_UNDER,
  reportJson,
  reportCsv,
  csvText,
  esdPlotData,
  CSV_COLUMNS,
  type EsdPlotPoint,
  type AnalyzeWeightsOptions,
  type WeightsSource,
  type WeightsReport,
  type LayerReport,
  type LayerMetrics,
  type RandomizedMetrics,
  type WeightsSummary,
  type ConvMode,
} from './weights/index.js';
