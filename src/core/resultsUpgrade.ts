// Reads results.json of any schema version into the current shape, so runs stored by an earlier
// Focal Lab still open. Schema 1 held one train/validation/test split per run: it becomes a
// holdout evaluation with one fold, no intervals and no comparisons, and its verdict says so.

import { summariseFolds } from './evaluation/summarise';
import { RESULTS_SCHEMA_VERSION, type ComparisonResults, type FoldResult, type LossKind, type ModelMetrics, type RunResult, type TrainingHistory } from './results';

interface RunV1 {
  loss: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  status: 'finished' | 'failed';
  error?: string;
  epochsRun: number;
  trainingSeconds: number;
  backend: string;
  history: TrainingHistory;
  metrics: ModelMetrics | null;
  decisionRegion: { probabilities: number[] } | null;
  test?: { labels: number[]; probabilities: number[] };
}

type ResultsV1 = Omit<ComparisonResults, 'schemaVersion' | 'runs' | 'evaluation' | 'references' | 'comparisons' | 'referenceComparisons' | 'verdict' | 'config'> & {
  schemaVersion: 1;
  config: Omit<ComparisonResults['config'], 'folds' | 'repeats' | 'earlyStopping' | 'monitor'>;
  runs: RunV1[];
  verdict: string;
};

export class UnsupportedResultsError extends Error {
  override readonly name = 'UnsupportedResultsError';
}

export function upgradeResults(parsed: unknown): ComparisonResults {
  const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === RESULTS_SCHEMA_VERSION) return parsed as ComparisonResults;
  if (version === 1) return fromVersion1(parsed as ResultsV1);
  throw new UnsupportedResultsError(
    typeof version === 'number' && version > RESULTS_SCHEMA_VERSION
      ? `it was written by a newer Focal Lab (results schema ${version}); update Focal Lab to open it`
      : 'it is not a Focal Lab results file',
  );
}

const NO_RECALIBRATION = { logLoss: NaN, brier: NaN, ece: NaN, slope: NaN, intercept: NaN };

function fromVersion1(old: ResultsV1): ComparisonResults {
  const sameLoss = (loss: LossKind) => old.runs.filter((r) => r.loss === loss).length > 1;
  const split = old.dataset.split;
  const runs: RunResult[] = old.runs.map((run) => {
    const id = sameLoss(run.loss) ? `${run.loss}@${run.gamma}` : run.loss;
    const base = { id, loss: run.loss, gamma: run.gamma, alphaForPositiveClass: run.alphaForPositiveClass, trainingSeconds: run.trainingSeconds, backend: run.backend, history: run.history, bestEpoch: run.epochsRun, epochsRun: run.epochsRun, decisionRegion: run.decisionRegion };
    if (run.status !== 'finished' || !run.metrics) {
      return { ...base, status: 'failed', error: run.error ?? 'This run failed.', folds: [], summary: null, pooled: null };
    }
    const labels = run.test?.labels ?? [];
    const fold: FoldResult = {
      repeat: 0,
      fold: 0,
      metrics: run.metrics,
      recalibrated: NO_RECALIBRATION,
      rows: { train: split.train, validation: split.validation, test: split.test, validationPositives: NaN, testPositives: labels.reduce((a, b) => a + b, 0) },
      // Schema 1 did not record which file rows were tested.
      test: { rows: [], labels, probabilities: run.test?.probabilities ?? [] },
      bestEpoch: run.epochsRun,
      epochsRun: run.epochsRun,
      history: run.history,
    };
    return { ...base, status: 'finished', folds: [fold], summary: summariseFolds([fold], old.dataset.positiveClass), pooled: run.metrics };
  });
  return {
    ...old,
    schemaVersion: RESULTS_SCHEMA_VERSION,
    config: { ...old.config, folds: 1, repeats: 1, earlyStopping: 0, monitor: 'own-loss' },
    evaluation: {
      protocol: 'holdout',
      folds: 1,
      repeats: 1,
      validationShare: split.validation / Math.max(1, split.train + split.validation),
      earlyStopping: null,
    },
    runs,
    references: [],
    comparisons: [],
    referenceComparisons: [],
    verdict: {
      text: 'Stored by an earlier Focal Lab from one split and one seed, without intervals: its differences are not tested. Re-run for a cross-validated comparison.',
      claims: [],
      notes: [`Its verdict then was: ${old.verdict}`],
    },
  };
}
