// The verdict states only what the paired intervals support. A loss is named better or worse than
// the baseline on a headline metric only when the 95% interval of the paired difference excludes
// zero; otherwise it says "no reliable difference". Notes add what a careful reader needs: a recall
// gain that comes from a moved operating point, a linear model that ranks better than every loss,
// and figures that rest on few positives. Plain text; renderers escape it.

import { formatMetric, formatPercent } from '../report/format';
import { quoteName } from '../report/names';
import type { DatasetSummary, EvaluationSettings, FoldEvaluation, PairedComparison, ReferenceResult, RunResult, Verdict, VerdictClaim } from '../results';
import { summaryMetric, SUMMARY_METRICS } from './summaryMetrics';

/** Fewer positives than this in a test fold or a validation set make per-fold figures fragile. */
export const FEW_POSITIVES = 20;

export interface VerdictInput {
  dataset: DatasetSummary;
  evaluation: EvaluationSettings;
  runs: readonly RunResult[];
  /** Label of each run, in the order of runs. */
  labels: readonly string[];
  baselineId: string | null;
  comparisons: readonly PairedComparison[];
  references: readonly ReferenceResult[];
  /** Logistic regression minus each loss on PR-AUC, paired as the loss comparisons are. */
  linearComparisons: readonly PairedComparison[];
  /** The most epochs a fit could train (config.epochs). */
  maxEpochs: number;
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${formatMetric(Math.abs(value))}`;

export function interval(comparison: PairedComparison): string {
  if (comparison.ciLow === null || comparison.ciHigh === null) return 'no interval';
  return `95% CI ${signed(comparison.ciLow)} to ${signed(comparison.ciHigh)}`;
}

/** "5 test folds" / "5 folds × 2 repeats" / "one test split (bootstrap)". */
export function protocolPhrase(evaluation: EvaluationSettings): string {
  if (evaluation.protocol === 'holdout') return 'one test split, paired bootstrap';
  return evaluation.repeats > 1 ? `${evaluation.folds} folds × ${evaluation.repeats} repeats` : `${evaluation.folds} test folds`;
}

export function buildVerdict(input: VerdictInput): Verdict {
  const { runs, labels, evaluation } = input;
  const finished = runs.filter((r) => r.status === 'finished' && r.folds.length > 0);
  const labelOf = (id: string) => labels[runs.findIndex((r) => r.id === id)] ?? id;
  const notes: string[] = [];
  const failed = runs.filter((r) => r.status !== 'finished');
  if (failed.length > 0) notes.push(`${failed.map((r) => labelOf(r.id)).join(', ')} failed and ${failed.length === 1 ? 'is' : 'are'} not compared.`);
  if (runs.length === 0) return { text: 'No model was trained, so there is nothing to compare.', claims: [], notes };
  if (finished.length === 0) return { text: 'No model finished, so there is nothing to compare.', claims: [], notes };
  const baseline = input.baselineId ? labelOf(input.baselineId) : null;
  const claims: VerdictClaim[] = [];
  const stated: string[] = [];
  if (finished.length === 1 || !input.baselineId) {
    notes.push(...caveats(input));
    return { text: `Only ${labelOf(finished[0].id)} finished, so there is no other loss to compare it with.`, claims, notes };
  }
  const headline = SUMMARY_METRICS.filter((m) => m.headline);
  for (const run of finished) {
    if (run.id === input.baselineId) continue;
    const parts: string[] = [];
    for (const spec of headline) {
      const comparison = input.comparisons.find((c) => c.loss === run.id && c.baseline === input.baselineId && c.metric === spec.key);
      if (!comparison || !comparison.reliable || comparison.meanDifference === null) continue;
      const higher = comparison.meanDifference > 0;
      const direction = higher === (spec.better === 'higher') ? 'better' : 'worse';
      claims.push({ loss: run.id, metric: spec.key, direction });
      // The first claim of a loss carries its interval; the table holds the others' (the box stays short).
      const detail = parts.length === 0 ? `${signed(comparison.meanDifference)}, ${interval(comparison)}` : signed(comparison.meanDifference);
      parts.push(`${direction} ${spec.label} (${detail})`);
    }
    if (parts.length > 0) stated.push(`${labelOf(run.id)}: ${parts.join('; ')}`);
  }
  const basis = protocolPhrase(evaluation);
  const text =
    stated.length === 0
      ? `No reliable difference on this data: no loss beat or trailed ${baseline} on ${orList(headline.map((m) => m.label))} beyond chance (${basis}).`
      : `Against ${baseline} (${basis}): ${stated.join('. ')}. Other differences are within chance; intervals in the table.`;
  notes.push(...operatingPointNotes(input, labelOf));
  notes.push(...caveats(input));
  return { text, claims, notes };
}

/** A reliably higher recall at 0.5 without a reliable gain in ranking or tuned F1 is a moved threshold. */
function operatingPointNotes(input: VerdictInput, labelOf: (id: string) => string): string[] {
  const notes: string[] = [];
  const baselineRun = input.runs.find((r) => r.id === input.baselineId);
  if (!baselineRun) return notes;
  const positive = input.dataset.positiveClass;
  for (const run of input.runs) {
    if (run.id === input.baselineId || run.status !== 'finished') continue;
    const find = (metric: PairedComparison['metric']) => input.comparisons.find((c) => c.loss === run.id && c.baseline === input.baselineId && c.metric === metric);
    const recall = find('minorityRecallAt05');
    if (!recall?.reliable || (recall.meanDifference ?? 0) <= 0) continue;
    const betterModel = ['prAuc', 'minorityF1AtTuned'].some((m) => {
      const c = find(m as PairedComparison['metric']);
      return c?.reliable && (c.meanDifference ?? 0) > 0;
    });
    if (betterModel) continue;
    const matched = baselineRecallAtMatchedRate(run.folds, baselineRun.folds);
    const recallOf = (r: RunResult) => r.summary?.minorityRecallAt05.mean ?? null;
    const fprOf = (r: RunResult) => r.summary?.falsePositiveRateAt05.mean ?? null;
    notes.push(
      `${labelOf(run.id)}'s higher recall at 0.5 (${formatMetric(recallOf(run))} vs ${formatMetric(recallOf(baselineRun))} for ${quoteName(positive)}) comes with a false-positive rate of ` +
        `${formatPercent(fprOf(run))} (vs ${formatPercent(fprOf(baselineRun))}) and from a moved operating point, not a better model: ` +
        `at the same false-positive rate ${labelOf(baselineRun.id)} reaches a recall of ${formatMetric(matched)}.`,
    );
  }
  return notes;
}

/**
 * The baseline's recall at the threshold where its false-positive rate matches the candidate's
 * at 0.5 (the largest threshold-free step not above it), per fold, averaged.
 */
export function baselineRecallAtMatchedRate(candidateFolds: readonly FoldEvaluation[], baselineFolds: readonly FoldEvaluation[]): number {
  const values: number[] = [];
  for (const fold of candidateFolds) {
    const base = baselineFolds.find((f) => f.repeat === fold.repeat && f.fold === fold.fold);
    if (!base) continue;
    const at = fold.metrics.atThreshold.find((t) => t.thresholdSource === 'default');
    if (!at) continue;
    const [[tn, fp]] = at.confusion;
    const target = tn + fp > 0 ? fp / (tn + fp) : 0;
    values.push(recallAtFalsePositiveRate(base.test.labels, base.test.probabilities, target));
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/** Highest recall over thresholds whose false-positive rate does not exceed `rate` (ties move together). */
export function recallAtFalsePositiveRate(labels: readonly number[], probabilities: readonly number[], rate: number): number {
  const order = labels.map((_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  let positives = 0;
  for (const label of labels) positives += label;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  let tp = 0;
  let fp = 0;
  let best = 0;
  for (let k = 0; k < order.length; ) {
    const score = probabilities[order[k]];
    let groupTp = 0;
    let groupFp = 0;
    while (k < order.length && probabilities[order[k]] === score) {
      if (labels[order[k]] === 1) groupTp++;
      else groupFp++;
      k++;
    }
    if ((fp + groupFp) / negatives > rate + 1e-12) break;
    tp += groupTp;
    fp += groupFp;
    best = tp / positives;
  }
  return best;
}

function caveats(input: VerdictInput): string[] {
  const notes: string[] = [];
  // With early stopping on, a fit that kept its last epoch at the limit was still improving.
  if (input.evaluation.earlyStopping) {
    const undertrained = input.runs
      .filter((r) => r.status === 'finished' && r.folds.length > 0)
      .map((r) => ({ run: r, atLimit: r.folds.filter((f) => f.bestEpoch === input.maxEpochs).length }))
      .filter(({ run, atLimit }) => atLimit * 2 >= run.folds.length);
    if (undertrained.length > 0) {
      const labelOf = (id: string) => input.labels[input.runs.findIndex((r) => r.id === id)] ?? id;
      const which = undertrained.map(({ run, atLimit }) => `${labelOf(run.id)} on ${atLimit} of ${run.folds.length} folds`).join(', ');
      notes.push(
        `Still improving at the epoch limit (${input.maxEpochs}): ${which} kept the last epoch. These models may be undertrained, and a loss that learns faster can look better than it is; raise the epochs.`,
      );
    }
  }
  const finishedLosses = input.runs.filter((r) => r.status === 'finished');
  const linear = input.references.find((r) => r.kind === 'logistic-regression');
  if (linear && finishedLosses.length > 0) {
    // A warning, not a claim about the losses: the 95% interval of each paired difference suffices.
    const beatsAll = finishedLosses.every((run) => {
      const c = input.linearComparisons.find((x) => x.loss === 'logistic-regression' && x.baseline === run.id && x.metric === 'prAuc');
      return c !== undefined && c.ciLow !== null && c.ciLow > 0;
    });
    if (beatsAll) {
      const best = Math.max(...finishedLosses.map((r) => r.summary?.prAuc.mean ?? -Infinity));
      notes.push(
        `A linear model does better here: logistic regression reaches a PR-AUC of ${formatMetric(linear.summary.prAuc.mean)} against at most ${formatMetric(best)} for the network under any loss (higher than each, 95% paired intervals); more data or a smaller network may be needed.`,
      );
    }
  }
  const first = finishedLosses[0];
  if (first) {
    const testPositives = Math.min(...first.folds.map((f) => f.rows.testPositives));
    const validationPositives = Math.min(...first.folds.map((f) => f.rows.validationPositives));
    if (testPositives < FEW_POSITIVES || validationPositives < FEW_POSITIVES) {
      notes.push(
        `Few cases: as few as ${testPositives} positive${testPositives === 1 ? '' : 's'} in a test ${input.evaluation.protocol === 'holdout' ? 'split' : 'fold'} and ${validationPositives} in a validation set, so the tuned threshold and the per-fold figures rest on few cases and the intervals are wide.`,
      );
    }
  }
  if (input.evaluation.protocol === 'holdout') {
    notes.push('One split: the intervals resample the test rows only and leave out how much a model varies with its training rows; cross-validation (--folds 5) includes that.');
  }
  return notes;
}

function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The metric's label, for tables of comparisons. */
export function metricLabel(key: PairedComparison['metric']): string {
  return summaryMetric(key).label;
}
