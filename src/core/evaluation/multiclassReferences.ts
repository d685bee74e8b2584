// The two reference rows of a multi-class comparison, the counterparts of the binary task's:
// the base-rate predictor (every row gets the class frequencies of its fold's training rows)
// and multinomial logistic regression (the "straight line" the network must beat). Fitted per
// fold on the same rows as the models, evaluated with the multi-class metrics, and compared
// with every finished loss on macro PR-AUC, so the verdict can say when a linear model does
// better, as for two classes.

import { formatMetric } from '../report/format';
import type { MulticlassFoldEvaluation, MulticlassPairedComparison, MulticlassReferenceResult, MulticlassRunResult } from '../multiclassResults';
import { baseRateLogits, fitMultinomialLogisticRegression, predictMultinomialLogits } from '../reference/multinomialLogisticRegression';
import type { ReferenceKind } from '../results';
import { compareMulticlassModels, evaluateMulticlassFold, pooledMulticlassMetrics, summariseMulticlassFolds, type MulticlassComparisonOptions } from './multiclass';

/** A fold's data as the comparison holds it: float32 inputs and class-index labels, row-major. */
export interface MulticlassReferenceFoldData {
  width: number;
  train: { inputs: Float32Array; labels: Uint8Array; rows: number };
  validation: { labels: Uint8Array };
  test: { inputs: Float32Array; labels: Uint8Array; rows: number };
}

export interface MulticlassReferenceFold {
  repeat: number;
  fold: number;
  /** The file's 0-based data-row indices of the test rows. */
  test: ArrayLike<number>;
}

export const MULTICLASS_REFERENCE_KINDS: readonly ReferenceKind[] = ['base-rate', 'logistic-regression'];

/**
 * Both reference models fitted on one fold's training rows and evaluated on its test rows. The
 * comparison fits logistic regression in a training thread and passes its test logits; without
 * them it is fitted here.
 */
export function fitMulticlassReferenceFold(
  data: MulticlassReferenceFoldData,
  fold: MulticlassReferenceFold,
  classes: readonly string[],
  signal?: AbortSignal,
  linearTestLogits?: Float64Array,
): Record<ReferenceKind, MulticlassFoldEvaluation> {
  const k = classes.length;
  const linear = () => predictMultinomialLogits(fitMultinomialLogisticRegression(data.train.inputs, data.train.labels, data.train.rows, data.width, k, { signal }), data.test.inputs, data.test.rows, data.width);
  const logits: Record<ReferenceKind, Float64Array> = {
    'base-rate': baseRateLogits(data.train.labels, k, data.test.rows),
    'logistic-regression': linearTestLogits ?? linear(),
  };
  const evaluate = (kind: ReferenceKind): MulticlassFoldEvaluation =>
    evaluateMulticlassFold(
      { repeat: fold.repeat, fold: fold.fold, trainRows: data.train.rows, testRows: Uint32Array.from(fold.test), testLabels: data.test.labels, testLogits: logits[kind], validationLabels: data.validation.labels },
      classes,
    );
  return { 'base-rate': evaluate('base-rate'), 'logistic-regression': evaluate('logistic-regression') };
}

/**
 * The reference rows of the results from their folds (any order), and the paired comparisons of
 * logistic regression with every finished loss (loss = 'logistic-regression', baseline = the run).
 */
export function multiclassReferences(
  folds: readonly Record<ReferenceKind, MulticlassFoldEvaluation>[],
  finished: readonly Pick<MulticlassRunResult, 'id' | 'folds'>[],
  rarest: number,
  options: MulticlassComparisonOptions,
): { references: MulticlassReferenceResult[]; referenceComparisons: MulticlassPairedComparison[] } {
  if (folds.length === 0) return { references: [], referenceComparisons: [] };
  const byFold = (a: MulticlassFoldEvaluation, b: MulticlassFoldEvaluation) => a.repeat - b.repeat || a.fold - b.fold;
  const references = MULTICLASS_REFERENCE_KINDS.map((kind): MulticlassReferenceResult => {
    const evaluations = folds.map((f) => f[kind]).sort(byFold);
    return { kind, folds: evaluations, summary: summariseMulticlassFolds(evaluations, rarest), pooled: pooledMulticlassMetrics(evaluations, options.classes) };
  });
  const linear = references.find((r) => r.kind === 'logistic-regression')!;
  const referenceComparisons = finished.flatMap((run) =>
    compareMulticlassModels({ id: 'logistic-regression', folds: linear.folds }, run, { ...options, familySize: Math.max(1, finished.length) }).filter((c) => c.metric === 'macroPrAuc'),
  );
  return { references, referenceComparisons };
}

/**
 * The verdict's note when multinomial logistic regression ranks the classes better than the
 * network under every loss (macro PR-AUC higher than each, with paired intervals above zero).
 */
export function linearModelNote(references: readonly MulticlassReferenceResult[], referenceComparisons: readonly MulticlassPairedComparison[], finished: readonly Pick<MulticlassRunResult, 'id' | 'summary'>[]): string | null {
  const linear = references.find((r) => r.kind === 'logistic-regression');
  if (!linear || finished.length === 0) return null;
  const beatsEvery = finished.every((run) => {
    const c = referenceComparisons.find((x) => x.loss === 'logistic-regression' && x.baseline === run.id && x.metric === 'macroPrAuc');
    return c?.reliable === true && (c.meanDifference ?? 0) > 0;
  });
  if (!beatsEvery) return null;
  const best = Math.max(...finished.map((run) => run.summary?.macroPrAuc.mean ?? -Infinity));
  return `A linear model does better here: multinomial logistic regression reaches a macro PR-AUC of ${formatMetric(linear.summary.macroPrAuc.mean)} against at most ${formatMetric(best)} for the network under any loss (higher than each, 95% paired intervals); more data or a smaller network may be needed.`;
}
