// A realistic schemaVersion 2 ComparisonResults for report tests, built by the engine's own
// evaluation functions rather than by hand: seeded synthetic logits per fold go through
// evaluateFold, summariseFolds, pooledMetrics, compareModels and buildVerdict, as
// src/worker/runComparison.ts does with a trained network's logits.
//
// The synthetic models: one latent score per row (a 10% positive class), each model sees it
// through its own noise and scale. "focal" is less noisy than BCE (a real ranking gain, reliable
// over the folds); "alpha-focal" is BCE's ranking shifted towards the rare class (higher recall at
// 0.5 from a moved operating point, no ranking gain); logistic regression sits in between; the
// base rate predicts the training prevalence.

import { evaluateFold, type FoldPredictions } from '../../../src/core/evaluation/evaluateFold';
import { pooledMetrics } from '../../../src/core/evaluation/pooled';
import { compareModels, summariseFolds } from '../../../src/core/evaluation/summarise';
import { SUMMARY_METRICS } from '../../../src/core/evaluation/summaryMetrics';
import { buildVerdict } from '../../../src/core/evaluation/verdict';
import { gaussian, seededRandom } from '../../../src/core/random';
import { runLabels } from '../../../src/core/report/names';
import { upgradeResults } from '../../../src/core/resultsUpgrade';
import type {
  ComparisonResults,
  DecisionPlane,
  EvaluationSettings,
  FoldEvaluation,
  FoldResult,
  LossKind,
  ReferenceResult,
  RunResult,
  TrainingHistory,
} from '../../../src/core/results';

export interface SampleOptions {
  file?: string;
  target?: string;
  positiveClass?: string;
  negativeClass?: string;
  features?: string[];
  notices?: string[];
  /** Add a failed weighted-BCE run. */
  withFailedRun?: boolean;
  /** Test folds (default 5); 1 = a single train/validation/test split with the paired bootstrap. */
  folds?: number;
  repeats?: number;
  /** Data rows (default 2,000, 10% positive). Few rows give folds with fewer than 20 positives. */
  rows?: number;
  /** A gamma sweep of focal loss (run ids focal@gamma, baseline gamma 0) instead of the three losses. */
  sweepGammas?: number[];
  seed?: number;
}

interface ModelSpec {
  id: string;
  loss: LossKind;
  gamma: number;
  alpha: number | null;
  /** Noise on the latent score (ranking quality), scale and shift of the logit. */
  noise: number;
  scale: number;
  shift: number;
}

const STEPS = 24;

export function sampleResults(options: SampleOptions = {}): ComparisonResults {
  const positiveClass = options.positiveClass ?? '1';
  const negativeClass = options.negativeClass ?? '0';
  const classes = { positiveClass, negativeClass };
  const seed = options.seed ?? 42;
  const K = options.folds ?? 5;
  const R = options.repeats ?? 1;
  const n = options.rows ?? 2000;
  const labels = Uint8Array.from({ length: n }, (_, i) => (i % 10 === 3 ? 1 : 0));
  const random = seededRandom(seed);
  const latent = Array.from(labels, (y) => (y === 1 ? 2.0 : 0) + gaussian(random) - 2.4);

  const specs: ModelSpec[] = options.sweepGammas
    ? options.sweepGammas.map((gamma) => ({ id: `focal@${gamma}`, loss: 'focal', gamma, alpha: null, noise: 0.9 - Math.min(gamma, 4) * 0.1, scale: 1 / (1 + gamma * 0.2), shift: gamma * 0.15 }))
    : [
        { id: 'bce', loss: 'bce', gamma: 0, alpha: null, noise: 0.9, scale: 1, shift: 0 },
        { id: 'focal', loss: 'focal', gamma: 2, alpha: null, noise: 0.25, scale: 0.7, shift: 0.45 },
        { id: 'alpha-focal', loss: 'alpha-focal', gamma: 2, alpha: 0.9, noise: 0.9, scale: 1, shift: 1.8 },
      ];
  // The noise of a row is drawn once per model: alpha-focal shares BCE's (the same ranking, moved).
  const noiseOf = new Map<string, number[]>();
  const bceNoise = Array.from(labels, () => gaussian(random));
  for (const [i, spec] of specs.entries()) noiseOf.set(spec.id, spec.loss === 'alpha-focal' ? bceNoise.map((v) => v + gaussian(random) * 0.05) : i === 0 ? bceNoise : Array.from(labels, () => gaussian(random)));
  const linearNoise = Array.from(labels, () => gaussian(random));
  const logitOf = (spec: Pick<ModelSpec, 'noise' | 'scale' | 'shift'>, noise: number[], row: number) => (latent[row]! + noise[row]! * spec.noise) * spec.scale + spec.shift;

  // Stratified folds by row order within each class (seeded shuffle per repeat); a fifth of each fold's other rows validate.
  const splits: { repeat: number; fold: number; test: number[]; validation: number[]; train: number[] }[] = [];
  for (let repeat = 0; repeat < R; repeat++) {
    const order = Array.from({ length: n }, (_, i) => i);
    const shuffle = seededRandom(seed + 1000 * (repeat + 1));
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const byClass = [order.filter((i) => labels[i] === 0), order.filter((i) => labels[i] === 1)];
    const assignment = new Int32Array(n);
    for (const rows of byClass) rows.forEach((row, k) => (assignment[row] = K === 1 ? (k % 5 === 0 ? 0 : -1) : k % K));
    for (let fold = 0; fold < K; fold++) {
      const test = order.filter((i) => assignment[i] === fold).sort((a, b) => a - b);
      const rest = order.filter((i) => assignment[i] !== fold);
      const validation = [...rest.filter((i) => labels[i] === 0).filter((_, k) => k % 5 === 0), ...rest.filter((i) => labels[i] === 1).filter((_, k) => k % 5 === 0)];
      const inValidation = new Set(validation);
      splits.push({ repeat, fold, test, validation, train: rest.filter((i) => !inValidation.has(i)) });
    }
  }

  const predictions = (split: (typeof splits)[number], logit: (row: number) => number): FoldPredictions => ({
    repeat: split.repeat,
    fold: split.fold,
    trainRows: split.train.length,
    testRows: Uint32Array.from(split.test),
    testLabels: Uint8Array.from(split.test, (i) => labels[i]!),
    testLogits: split.test.map(logit),
    validationLabels: Uint8Array.from(split.validation, (i) => labels[i]!),
    validationLogits: split.validation.map(logit),
  });

  const runs: RunResult[] = specs.map((spec, index) => {
    const noise = noiseOf.get(spec.id)!;
    const folds: FoldResult[] = splits.map((split, f) => {
      const evaluation = evaluateFold(predictions(split, (row) => logitOf(spec, noise, row)), classes);
      const epochsRun = 12 + ((index * 3 + f * 5) % 9);
      const bestEpoch = Math.max(1, epochsRun - 5);
      return { ...evaluation, bestEpoch, epochsRun, history: history(epochsRun, bestEpoch, spec.loss === 'bce' ? 0.3 : 0.06, index + f) };
    });
    return {
      id: spec.id,
      loss: spec.loss,
      gamma: spec.gamma,
      alphaForPositiveClass: spec.alpha,
      status: 'finished',
      trainingSeconds: 3.1 + index,
      backend: 'wasm-kernel',
      folds,
      summary: summariseFolds(folds, positiveClass),
      pooled: pooledMetrics(folds, classes),
      history: folds[0]!.history,
      bestEpoch: folds[0]!.bestEpoch,
      epochsRun: folds[0]!.epochsRun,
      decisionRegion: { probabilities: grid(spec.shift, spec.scale) },
    };
  });

  if (options.withFailedRun) {
    runs.push({
      id: 'weighted-bce',
      loss: 'weighted-bce',
      gamma: 0,
      alphaForPositiveClass: 0.9,
      status: 'failed',
      error: 'Training stopped at epoch 3 because the loss became NaN; try a smaller learning rate.',
      trainingSeconds: 0,
      backend: 'none',
      folds: [],
      summary: null,
      pooled: null,
      history: { trainLoss: [], valLoss: [], valLogLoss: [] },
      bestEpoch: 0,
      epochsRun: 0,
      decisionRegion: null,
    });
  }

  const prevalence = (split: (typeof splits)[number]) => split.train.filter((i) => labels[i] === 1).length / split.train.length;
  const referenceFolds = (logit: (split: (typeof splits)[number], row: number) => number): FoldEvaluation[] =>
    splits.map((split) => evaluateFold(predictions(split, (row) => logit(split, row)), classes));
  const references: ReferenceResult[] = [
    ['base-rate', referenceFolds((split) => Math.log(prevalence(split) / (1 - prevalence(split))))] as const,
    ['logistic-regression', referenceFolds((_, row) => logitOf({ noise: 0.6, scale: 0.9, shift: 0.1 }, linearNoise, row))] as const,
  ].map(([kind, folds]) => ({ kind, folds, summary: summariseFolds(folds, positiveClass), pooled: pooledMetrics(folds, classes)! }));

  const evaluation: EvaluationSettings = {
    protocol: K === 1 ? 'holdout' : 'cross-validation',
    folds: K,
    repeats: R,
    validationShare: 0.2,
    earlyStopping: { patience: 5, monitor: 'own-loss' },
  };
  // As runComparison: BCE (or the loss at gamma 0 without alpha) is the baseline.
  const finished = runs.filter((r) => r.status === 'finished');
  const baseline = finished.find((r) => r.loss === 'bce' || (r.gamma === 0 && r.alphaForPositiveClass === null)) ?? finished[0] ?? null;
  const headline = SUMMARY_METRICS.filter((m) => m.headline).length;
  const compareOptions = { evaluation, positiveClass, seed, familySize: Math.max(1, finished.length - 1) * headline, resamples: 500 };
  const comparisons = baseline ? finished.filter((r) => r !== baseline).flatMap((r) => compareModels(r, baseline, compareOptions)) : [];
  const linear = references.find((r) => r.kind === 'logistic-regression')!;
  const referenceComparisons = finished.flatMap((r) => compareModels({ id: 'logistic-regression', folds: linear.folds }, r, { ...compareOptions, metrics: ['prAuc'], familySize: finished.length }));

  const target = options.target ?? 'is_fraud';
  const features = options.features ?? ['amount', 'account_age_days', 'hour', 'merchant_type'];
  const first = splits[0]!;
  const dataset: ComparisonResults['dataset'] = {
    file: options.file ?? 'transactions.csv',
    rows: n + 12,
    delimiter: ',',
    target,
    targetSource: 'name',
    positiveClass,
    negativeClass,
    positiveClassSource: 'minority',
    classCounts: { [negativeClass]: n - labels.reduce((a, b) => a + b, 0), [positiveClass]: labels.reduce((a, b) => a + b, 0) },
    rowsWithoutTarget: 12,
    features,
    inputWidth: features.length + 5,
    columns: [
      { name: 'transaction_id', role: 'identifier', missing: 0, distinct: n + 12, notice: 'Left out: every value is different, so it looks like an identifier.' },
      ...features.map((name) => ({ name, role: 'numeric' as const, missing: 0, distinct: 800 })),
      { name: target, role: 'target', missing: 12, distinct: 2 },
    ],
    notices: options.notices ?? ['12 rows without a target value were left out.'],
    split: { train: first.train.length, validation: first.validation.length, test: first.test.length },
  };
  const verdict = buildVerdict({
    dataset,
    evaluation,
    runs,
    labels: runLabels(runs),
    baselineId: baseline?.id ?? null,
    comparisons,
    references,
    linearComparisons: referenceComparisons,
    maxEpochs: 30,
  });
  return {
    schemaVersion: 2,
    tool: { name: 'focal-lab', version: '0.2.0' },
    createdAt: '2026-11-26T21:40:00.000Z',
    durationSeconds: 15.3,
    dataset,
    config: {
      losses: [...new Set(specs.map((s) => s.loss))],
      gamma: 2,
      alpha: 'auto',
      epochs: 30,
      batchSize: 64,
      learningRate: 0.001,
      hidden: [32, 16],
      seed,
      split: { train: 0.7, validation: 0.1, test: 0.2 },
      priorBiasInit: true,
      maxCategories: 20,
      folds: K,
      repeats: R,
      earlyStopping: 5,
      monitor: 'own-loss',
    },
    evaluation,
    decisionPlane: plane(),
    runs,
    references,
    comparisons,
    referenceComparisons,
    verdict,
  };
}

/** A schemaVersion 1 file (one split per run, a string verdict) made from a holdout sample, read through upgradeResults. */
export function schemaOneResults(options: SampleOptions = {}): ComparisonResults {
  const v2 = sampleResults({ ...options, folds: 1 });
  const v1 = {
    schemaVersion: 1,
    tool: v2.tool,
    createdAt: v2.createdAt,
    durationSeconds: v2.durationSeconds,
    dataset: v2.dataset,
    config: { ...v2.config, folds: undefined, repeats: undefined, earlyStopping: undefined, monitor: undefined },
    decisionPlane: v2.decisionPlane,
    runs: v2.runs.map((run) => ({
      loss: run.loss,
      gamma: run.gamma,
      alphaForPositiveClass: run.alphaForPositiveClass,
      status: run.status,
      error: run.error,
      epochsRun: run.epochsRun,
      trainingSeconds: run.trainingSeconds,
      backend: run.backend,
      history: run.history,
      metrics: run.folds[0]?.metrics ?? null,
      decisionRegion: run.decisionRegion,
      test: run.folds[0] ? { labels: run.folds[0].test.labels, probabilities: run.folds[0].test.probabilities } : { labels: [], probabilities: [] },
    })),
    verdict: "Alpha-balanced focal served the minority class '1' best: recall at threshold 0.5 rose from 0.45 (BCE) to 0.83.",
  };
  return upgradeResults(JSON.parse(JSON.stringify(v1)));
}

/** The run with a given id (throws when absent or not finished, so tests fail loudly). */
export function runOf(results: ComparisonResults, id: string): RunResult & { summary: NonNullable<RunResult['summary']> } {
  const run = results.runs.find((r) => r.id === id);
  if (!run || !run.summary) throw new Error(`no finished run ${id} in the fixture`);
  return run as RunResult & { summary: NonNullable<RunResult['summary']> };
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

// --- training curves, plane and grid -------------------------------------------

function history(epochs: number, best: number, floor: number, seed: number): TrainingHistory {
  const random = seededRandom(500 + seed);
  // Falls to the kept epoch, then the validation curve climbs again (overfitting).
  const train = Array.from({ length: epochs }, (_, e) => floor + floor * 1.4 * Math.exp(-e / 4) + (random() - 0.5) * floor * 0.03);
  const bend = (e: number) => (e + 1 <= best ? 0 : (e + 1 - best) * 0.012);
  return {
    trainLoss: train,
    valLoss: train.map((v, e) => v * 1.1 + bend(e) * floor * 3),
    valLogLoss: train.map((_, e) => 0.24 + 0.22 * Math.exp(-e / 4) + bend(e) + seed * 0.004),
  };
}

function plane(): DecisionPlane {
  const random = seededRandom(900);
  const x: number[] = [];
  const y: number[] = [];
  const sampled: number[] = [];
  for (let i = 0; i < 240; i++) {
    const label = i % 10 === 3 ? 1 : 0;
    x.push((label ? 1.3 : -0.45) + gaussian(random) * (label ? 0.9 : 1.0));
    y.push((label ? 0.9 : -0.2) + gaussian(random) * 0.9);
    sampled.push(label);
  }
  return { kind: 'pca', xLabel: 'PC1', yLabel: 'PC2', xMin: -3.5, xMax: 4, yMin: -3, yMax: 3.5, steps: STEPS, explainedVariance: [0.41, 0.22], points: { x, y, labels: sampled } };
}

function grid(shift: number, scale: number): number[] {
  const out: number[] = [];
  for (let row = 0; row < STEPS; row++) {
    const yv = -3 + (6.5 * row) / (STEPS - 1);
    for (let col = 0; col < STEPS; col++) {
      const xv = -3.5 + (7.5 * col) / (STEPS - 1);
      out.push(1 / (1 + Math.exp(-((1.6 * xv + 1.1 * yv - 0.25 * yv * yv - 2.2) * scale + shift))));
    }
  }
  return out;
}
