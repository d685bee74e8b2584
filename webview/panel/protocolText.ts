// How the models were evaluated, in one line for the header and one sentence for the legends.

import type { ComparisonConfig, EvaluationSettings } from '../../src/core/results';

const MONITOR_WORDS: Record<NonNullable<EvaluationSettings['earlyStopping']>['monitor'], string> = {
  'own-loss': 'validation loss',
  'log-loss': 'validation log-loss',
  'pr-auc': 'validation PR-AUC',
};

/** The evaluation as the run will do it (from the config while the data set is still read). */
export function evaluationOf(evaluation: EvaluationSettings | null, config: ComparisonConfig | null): EvaluationSettings | null {
  if (evaluation) return evaluation;
  if (!config) return null;
  const folds = config.folds ?? 1;
  return {
    protocol: folds > 1 ? 'cross-validation' : 'holdout',
    folds,
    repeats: config.repeats ?? 1,
    validationShare: 0.2,
    earlyStopping: config.earlyStopping ? { patience: config.earlyStopping, monitor: config.monitor ?? 'own-loss' } : null,
  };
}

/** Test folds the means rest on. */
export function testFolds(evaluation: EvaluationSettings): number {
  return evaluation.protocol === 'cross-validation' ? evaluation.folds * evaluation.repeats : 1;
}

/** "5-fold stratified cross-validation · early stopping after 5 epochs without a better validation loss". */
export function protocolLine(evaluation: EvaluationSettings): string {
  const split =
    evaluation.protocol === 'cross-validation'
      ? `${evaluation.folds}-fold stratified cross-validation${evaluation.repeats > 1 ? `, repeated ${evaluation.repeats} times` : ''} (${testFolds(evaluation)} test folds)`
      : 'one stratified train/validation/test split';
  const stopping = evaluation.earlyStopping
    ? `early stopping after ${evaluation.earlyStopping.patience} epoch${evaluation.earlyStopping.patience === 1 ? '' : 's'} without a better ${MONITOR_WORDS[evaluation.earlyStopping.monitor] ?? evaluation.earlyStopping.monitor}, best epoch kept`
    : 'no early stopping (last epoch kept)';
  return `${split} · ${stopping}`;
}

/** What a cell's "mean ± half-width" means under this protocol. */
export function intervalSentence(evaluation: EvaluationSettings): string {
  return evaluation.protocol === 'cross-validation'
    ? `mean over the ${testFolds(evaluation)} test folds ± half-width of its 95% Student-t interval`
    : 'value on the single test split (no interval: one split)';
}

export function methodName(method: 'corrected-resampled-t' | 'paired-bootstrap'): string {
  return method === 'corrected-resampled-t' ? 'corrected resampled t-test (Nadeau & Bengio)' : 'paired bootstrap over the test rows (2,000 resamples)';
}
