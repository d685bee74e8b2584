// Trains one network with one loss: seeded mini-batch Adam, a validation pass per epoch,
// then logits for the validation, test and decision-grid inputs.
// Two engines run the same maths from the same initial weights and batch order:
// - 'kernel' (default): one WebAssembly SIMD kernel per step (kernelTrainer.ts), ~10x
//   faster than TensorFlow.js on small networks, where per-op overhead dominates;
// - 'tfjs': TensorFlow.js ops with autograd and tf.train.adam, the reference that tests
//   compare the kernel against, and the fallback where WebAssembly SIMD is missing.

import { CancelledError } from '../errors';
import { meanLoss } from '../losses';
import { averagePrecisionScore } from '../metrics/ranking';
import { meanSoftmaxLoss, softmaxKindOf, softmaxProbabilities } from '../softmaxLosses';
import { derivedRandom, shuffleInPlace } from '../random';
import type { LossKind, TrainingHistory } from '../results';
import { KernelTrainer, kernelAvailable } from './kernelTrainer';
import { ContributionBins, type ContributionSums } from '../evaluation/contributions';

export interface LabelledInputs {
  inputs: Float32Array;
  /** 0/1 for two classes (1 = positive); class indices 0..K-1 for K >= 3 classes. */
  labels: Uint8Array;
  rows: number;
}

export interface TrainingSettings {
  loss: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  /** The target's classes: absent or 2 trains one logit; K >= 3 trains K softmax logits (labels are class indices). */
  classes?: number;
  /** With K >= 3 classes, one weight per class (the losses that use alpha need it). */
  alphaPerClass?: number[] | null;
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  priorBiasInit: boolean;
  /** Default: 'kernel' where WebAssembly SIMD is available, else 'tfjs'. */
  engine?: TrainingEngine;
  /** Stop when the monitored validation value has not improved for `patience` epochs, and keep the best epoch's weights. null: train every epoch, keep the last. */
  earlyStopping?: EarlyStopping | null;
}

export type MonitoredValue = 'own-loss' | 'log-loss' | 'pr-auc';
export const MONITORED_VALUES: readonly MonitoredValue[] = ['own-loss', 'log-loss', 'pr-auc'];

export interface EarlyStopping {
  /** Epochs without improvement before stopping (at least 1). */
  patience: number;
  /** own-loss: the model's own loss on the validation rows (as Keras monitors val_loss); log-loss: plain BCE; pr-auc: average precision (higher is better). */
  monitor: MonitoredValue;
}

export type TrainingEngine = 'kernel' | 'tfjs';

/** The engine trainModel uses for these settings. */
export function resolveEngine(settings: Pick<TrainingSettings, 'engine' | 'hidden'>): TrainingEngine {
  if (settings.engine === 'tfjs') return 'tfjs';
  return settings.hidden.length === 2 && kernelAvailable() ? 'kernel' : 'tfjs';
}

export interface TrainingData {
  width: number;
  train: LabelledInputs;
  validation: LabelledInputs;
  test: LabelledInputs;
  gridInputs: Float32Array | null;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  valLogLoss: number;
  /** The best epoch so far (the one whose weights would be kept). */
  bestEpoch: number;
}

/** Where training is within an epoch: `batch` of `batches` mini-batches done (1-based epoch). */
export interface BatchReport {
  epoch: number;
  batch: number;
  batches: number;
}

/** At most this many batch reports per epoch, and only for epochs of at least this many batches. */
export const BATCH_REPORTS_PER_EPOCH = 50;

export interface TrainingHooks {
  /** Checked before every batch; true stops training with a CancelledError. */
  shouldStop?: () => boolean;
  onEpoch?: (report: EpochReport) => void;
  /**
   * Progress within an epoch, so a large file does not look frozen: every batches/50 batches
   * (never the last one: onEpoch follows it), only when an epoch has 50 batches or more.
   */
  onBatch?: (report: BatchReport) => void;
}

export interface TrainingOutput {
  history: TrainingHistory;
  epochsRun: number;
  /** The epoch whose weights were kept (1-based): the best monitored epoch with early stopping, else the last. */
  bestEpoch: number;
  trainingSeconds: number;
  /** One logit per row, or K per row (row-major) with K >= 3 classes. */
  validationLogits: Float32Array;
  testLogits: Float32Array;
  gridLogits: Float32Array | null;
  /** Training rows by p_t bin and class, during epoch 1's pass and the kept epoch's (null when no epoch ran). */
  contributions: { first: ContributionSums; kept: ContributionSums } | null;
}

/** Training stopped because the loss became NaN or infinite; the message says what to change. */
export class TrainingDivergedError extends Error {
  override readonly name = 'TrainingDivergedError';
}

/** log of each class's share of the training rows (clamped like priorLogit): softmax then starts at the priors. */
function priorLogits(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts.map((n) => Math.log(Math.min(Math.max(n / Math.max(labels.length, 1), 1e-4), 1 - 1e-4)));
}

/** The validation values one epoch reports: own loss, plain (cross-entropy) log-loss, PR-AUC (macro one-vs-rest for K classes). */
interface ValidationScorer {
  ownLoss(logits: Float32Array): number;
  logLoss(logits: Float32Array): number;
  prAuc(logits: Float32Array): number;
}

function validationScorer(settings: TrainingSettings, labels: Uint8Array): ValidationScorer {
  const classes = settings.classes ?? 2;
  const values = Float64Array.from(labels);
  if (classes < 3) {
    const referenceOptions = { gamma: settings.gamma, alpha: settings.alphaForPositiveClass };
    return {
      ownLoss: (logits) => meanLoss(settings.loss, values, logits, referenceOptions),
      logLoss: (logits) => meanLoss('bce', values, logits, {}),
      prAuc: (logits) => averagePrecisionScore(values, logits),
    };
  }
  const options = { classes, gamma: settings.gamma, alpha: settings.alphaPerClass ?? null };
  const oneVsRest = new Uint8Array(labels.length);
  const column = new Float64Array(labels.length);
  return {
    ownLoss: (logits) => meanSoftmaxLoss(softmaxKindOf(settings.loss), values, logits, options),
    logLoss: (logits) => meanSoftmaxLoss('ce', values, logits, { classes }),
    prAuc(logits) {
      const probabilities = softmaxProbabilities(logits, classes);
      let sum = 0;
      let defined = 0;
      for (let c = 0; c < classes; c++) {
        for (let i = 0; i < labels.length; i++) {
          oneVsRest[i] = labels[i] === c ? 1 : 0;
          column[i] = probabilities[i * classes + c];
        }
        const ap = averagePrecisionScore(oneVsRest, column);
        if (!Number.isNaN(ap)) {
          sum += ap;
          defined++;
        }
      }
      return defined ? sum / defined : NaN;
    },
  };
}

function priorLogit(labels: Uint8Array): number {
  let positives = 0;
  for (const label of labels) positives += label;
  const prior = Math.min(Math.max(positives / Math.max(labels.length, 1), 1e-4), 1 - 1e-4);
  return Math.log(prior / (1 - prior));
}

/** One engine's view of a model under training. */
export interface Trainer {
  /** The order the steps take the training rows in (0..rows-1 at first): shuffle it in place. */
  order: Uint32Array;
  /** One optimiser step on the training rows order[start .. start + count). */
  step(start: number, count: number): void;
  /** The summed per-sample training loss of the epoch's steps (read once per epoch). */
  takeEpochLossSum(): number;
  predict(inputs: Float32Array, rows: number): Float32Array;
  saveParameters(): Float32Array[];
  restoreParameters(saved: Float32Array[]): void;
  parametersFinite(): boolean;
  /** From the next step on, add every trained row to `bins` (null: stop adding). */
  collectContributions(bins: ContributionBins | null): void;
  dispose(): void;
}

function kernelTrainer(width: number, train: LabelledInputs, settings: TrainingSettings, outputBias: number | number[], batchSize: number): Trainer {
  const trainer = new KernelTrainer(width, settings.hidden, settings.seed, outputBias, batchSize, settings.learningRate, {
    kind: settings.loss,
    gamma: settings.gamma,
    alphaForPositiveClass: settings.alphaForPositiveClass,
    classes: settings.classes,
    alphaPerClass: settings.alphaPerClass,
  });
  // The kernel gathers each batch from its own copy of the training rows (no per-step copy in JavaScript).
  const order = trainer.holdTrainingRows(train.inputs, train.labels, train.rows);
  let lossSum = 0;
  return {
    order,
    step(start, count) {
      lossSum += trainer.stepOnRows(start, count);
    },
    takeEpochLossSum() {
      const sum = lossSum;
      lossSum = 0;
      return sum;
    },
    predict: (inputs, rows) => trainer.predict(inputs, rows),
    saveParameters: () => [trainer.parameters()],
    restoreParameters: (saved) => trainer.setParameters(saved[0]),
    parametersFinite: () => trainer.parametersFinite(),
    collectContributions(bins) {
      trainer.contributions = bins;
    },
    dispose: () => trainer.release(),
  };
}

/**
 * The TensorFlow.js engine, loaded on first use: a training thread that trains with the kernel
 * never pays for loading TensorFlow.js (a few hundred milliseconds per thread).
 */
function tfjsEngine(): typeof import('./tfjsTrainer') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose, see above
  return require('./tfjsTrainer');
}

export function trainModel(data: TrainingData, settings: TrainingSettings, hooks: TrainingHooks = {}): TrainingOutput {
  const { width, train, validation } = data;
  const started = performance.now();
  const batchSize = Math.max(1, Math.min(settings.batchSize, train.rows));
  const classes = settings.classes ?? 2;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`classes must be a whole number of at least 2, got ${classes}.`);
  const outputBias = !settings.priorBiasInit ? 0 : classes >= 3 ? priorLogits(train.labels, classes) : priorLogit(train.labels);
  const trainer = resolveEngine(settings) === 'kernel' ? kernelTrainer(width, train, settings, outputBias, batchSize) : tfjsEngine().tfjsTrainer(width, train, settings, outputBias, batchSize);
  const scorer = validationScorer(settings, validation.labels);
  // The same shuffle stream for every loss: only the loss differs between models of a comparison.
  const random = derivedRandom(settings.seed, 'batches');
  const { order } = trainer;
  const history: TrainingHistory = { trainLoss: [], valLoss: [], valLogLoss: [] };
  const stopping = settings.earlyStopping ?? null;
  if (stopping && !(Number.isInteger(stopping.patience) && stopping.patience >= 1)) throw new RangeError(`early stopping patience must be a whole number of at least 1 (got ${stopping.patience}).`);
  const batches = Math.ceil(train.rows / batchSize);
  const reportEvery = hooks.onBatch && batches >= BATCH_REPORTS_PER_EPOCH ? Math.ceil(batches / BATCH_REPORTS_PER_EPOCH) : 0;
  let epochsRun = 0;
  let bestEpoch = 0;
  let bestValue = Infinity;
  let bestParameters: Float32Array[] | null = null;
  // Where the loss spends its gradient, summed over each epoch's training pass as the rows are
  // trained on: epoch 1's pass and the kept epoch's (no pass of its own).
  const epochContributions = new ContributionBins(classes);
  let firstContributions: ContributionBins | null = null;
  let keptContributions: ContributionBins | null = null;
  trainer.collectContributions(epochContributions);
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      shuffleInPlace(order, random);
      epochContributions.clear();
      let batch = 0;
      for (let start = 0; start < train.rows; start += batchSize) {
        if (hooks.shouldStop?.()) throw new CancelledError();
        trainer.step(start, Math.min(batchSize, train.rows - start));
        batch++;
        if (reportEvery > 0 && batch % reportEvery === 0 && batch < batches) hooks.onBatch?.({ epoch, batch, batches });
      }
      const trainLoss = trainer.takeEpochLossSum() / train.rows;
      const validationLogits = trainer.predict(validation.inputs, validation.rows);
      const valLoss = scorer.ownLoss(validationLogits);
      const valLogLoss = scorer.logLoss(validationLogits);
      // ReLU maps NaN to 0 on the WebAssembly backend, so NaN weights can hide behind a finite loss: check both.
      const problem = !Number.isFinite(trainLoss) || !Number.isFinite(valLoss) ? `the loss became ${Number.isNaN(trainLoss) || Number.isNaN(valLoss) ? 'NaN' : 'infinite'}` : trainer.parametersFinite() ? null : 'the weights became NaN or infinite';
      if (problem) {
        throw new TrainingDivergedError(`Training diverged at epoch ${epoch} (${problem}); lower the learning rate (now ${settings.learningRate}) or check the input for extreme values.`);
      }
      if (epoch === 1) firstContributions = epochContributions.copy();
      history.trainLoss.push(trainLoss);
      history.valLoss.push(valLoss);
      history.valLogLoss.push(valLogLoss);
      epochsRun = epoch;
      // Lower is better for every monitored value (PR-AUC enters negated).
      const monitored = !stopping ? 0 : stopping.monitor === 'own-loss' ? valLoss : stopping.monitor === 'log-loss' ? valLogLoss : -scorer.prAuc(validationLogits);
      const improved = !stopping || monitored < bestValue || bestEpoch === 0;
      if (improved) {
        bestEpoch = epoch;
        keptContributions = epochContributions.copy();
        if (stopping) {
          bestValue = monitored;
          bestParameters = trainer.saveParameters();
        }
      }
      hooks.onEpoch?.({ epoch, epochs: settings.epochs, trainLoss, valLoss, valLogLoss, bestEpoch });
      if (stopping && epoch - bestEpoch >= stopping.patience) break;
    }
    if (hooks.shouldStop?.()) throw new CancelledError();
    if (bestParameters && bestEpoch !== epochsRun) trainer.restoreParameters(bestParameters);
    return {
      history,
      epochsRun,
      bestEpoch,
      trainingSeconds: (performance.now() - started) / 1000,
      validationLogits: trainer.predict(validation.inputs, validation.rows),
      testLogits: trainer.predict(data.test.inputs, data.test.rows),
      gridLogits: data.gridInputs ? trainer.predict(data.gridInputs, data.gridInputs.length / width) : null,
      contributions: firstContributions && keptContributions ? { first: firstContributions.toSums(), kept: keptContributions.toSums() } : null,
    };
  } finally {
    trainer.dispose();
  }
}
