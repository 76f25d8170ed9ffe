/** Per-layer spectral reports of model weight files. */
export { analyzeWeights, shuffle } from './analyze.js';
export type { AnalyzeWeightsOptions, WeightsSource, WeightsReport, LayerReport, RandomizedMetrics, WeightsSummary } from './analyze.js';
export { layerMetrics, ALPHA_OVER, ALPHA_UNDER, type LayerMetrics } from './metrics.js';
export { matrixEigenvalues } from './esd.js';
export type { ConvMode, LayerKind } from './matrices.js';
export { reportJson, reportCsv, csvText, CSV_COLUMNS, RAND_COLUMNS } from './export.js';
export { esdPlotData, type Point as EsdPlotPoint } from './plot-data.js';
