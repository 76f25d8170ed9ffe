/** Spectral metrics: pure functions on arrays of eigenvalues or singular values. */
export { mpEdges, mpDensity, mpCdf, mpFit, ksDistance, tracyWidomScale, bbpOutlier } from './marchenko-pastur.js';
export type { MpEdges, MpFit, MpFitOptions } from './marchenko-pastur.js';
export { powerLawFit, hillEstimator } from './power-law.js';
export type { PowerLawFit, PowerLawOptions, HillEstimate } from './power-law.js';
export { effectiveRank, stableRank, numericalRank, normSummary, alphaWeighted } from './ranks.js';
export type { NormSummary } from './ranks.js';
export { topEigenvectorOverlap, singularVectorAgreement, adjacentLayerAlignment } from './alignment.js';
export type { AgreementResult, AlignmentResult } from './alignment.js';
export { esdHistogram } from './histogram.js';
export type { EsdHistogram, EsdOptions } from './histogram.js';
