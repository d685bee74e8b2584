// The public module `require('focal-lab/core')`: the same functions the CLI and the
// extension use.

export { perSampleLoss, perSampleLossGradient, meanLoss, inverseFrequencyAlpha } from './core/losses';
export type { LossOptions } from './core/losses';
export { perSampleSoftmaxLoss, perSampleSoftmaxLossGradient, meanSoftmaxLoss, softmaxProbabilities, inverseFrequencyAlphas, SOFTMAX_LOSS_KINDS } from './core/softmaxLosses';
export type { SoftmaxLossOptions } from './core/softmaxLosses';
export { computeMulticlassMetrics } from './core/metrics/multiclass';
export type { MulticlassMetrics, MulticlassClassMetrics, MulticlassMetricsOptions } from './core/metrics/multiclass';
export { computeMetrics, rocAucScore, averagePrecisionScore, bestF1Threshold, logLoss, brierScore, expectedCalibrationError, reliabilityBins } from './core/metrics';
export { meanInterval, correctedResampledInterval, studentTQuantile, studentTCdf, percentile } from './core/stats';
export { fitLogisticRegression, predictLogits as predictLogisticRegressionLogits, fitPlattScaling, applyPlattScaling } from './core/reference';
export { assignFolds } from './core/evaluation/folds';
export { SUMMARY_METRICS } from './core/evaluation/summaryMetrics';
export { summariseFolds, compareModels } from './core/evaluation/summarise';
export { storedLogit } from './core/evaluation/evaluateFold';
export { upgradeResults } from './core/resultsUpgrade';
export { readCsvFile, parseCsv } from './core/csv';
export type { CsvTable, CsvColumn } from './core/csv';
export { prepareDataset } from './core/dataset/prepare';
export { DEFAULT_CONFIG, resolveConfig, VALIDATION_SHARE } from './core/config';
export { FocalLabInputError, isInputError, isCancelled } from './core/errors';
export { writeComparisonOutputs, resultsToJson } from './core/output';
export { renderMarkdownReport, renderHtmlReport, verdictOf } from './core/report';
export { runComparison, runAnyComparison } from './worker/runComparison';
export { isMulticlassResults } from './core/multiclassResults';
export type * from './core/multiclassResults';
export { lossCode, lossSpecOfRun, CODE_FRAMEWORKS } from './core/export/lossCode';
export type { CodeFramework, LossCodeSpec, BinaryLossSpec, MultiClassLossSpec } from './core/export/lossCode';
export { comparisonNotebook } from './core/export/notebook';
export { liveTrainingWorkers } from './worker/trainingPool';
export type { ComparisonRequest, ComparisonRunOptions } from './worker/runComparison';
export type { ComparisonEvent } from './shared/protocol';
export * from './core/results';
