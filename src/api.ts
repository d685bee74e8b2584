// The public module `require('focal-lab/core')`: the same functions the CLI and the
// extension use.

export { perSampleLoss, perSampleLossGradient, meanLoss, inverseFrequencyAlpha } from './core/losses';
export type { LossOptions } from './core/losses';
export { computeMetrics, rocAucScore, averagePrecisionScore, bestF1Threshold } from './core/metrics';
export { readCsvFile, parseCsv } from './core/csv';
export type { CsvTable, CsvColumn } from './core/csv';
export { prepareDataset } from './core/dataset/prepare';
export { DEFAULT_CONFIG, resolveConfig } from './core/config';
export { FocalLabInputError, isInputError, isCancelled } from './core/errors';
export { writeComparisonOutputs, resultsToJson } from './core/output';
export { renderMarkdownReport, renderHtmlReport, minorityVerdict } from './core/report';
export { runComparison } from './worker/runComparison';
export { liveTrainingWorkers } from './worker/trainingPool';
export type { ComparisonRequest, ComparisonRunOptions } from './worker/runComparison';
export type { ComparisonEvent } from './shared/protocol';
export * from './core/results';
