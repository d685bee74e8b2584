// Runs a whole comparison: read the CSV, prepare the data, train one model per loss in
// worker threads (see defaultConcurrency), evaluate each on the test split.
// The CLI and the extension both call this; it never blocks its caller for long.

import * as os from 'os';
import * as path from 'path';
import { comparisonArms, DEFAULT_MAX_FILE_MEGABYTES, resolveConfig, VALIDATION_SHARE } from '../core/config';
import { armStrategy, sweepArms, trainingKey, type Arm } from '../core/arms';
import { moveLogits, moveThreshold } from '../core/evaluation/thresholdMoving';
import { armAlphaForPositiveClass } from '../core/armWeights';
import { resampleFoldTraining } from './resampleFold';
import { readCsvFile } from '../core/csv';
import { analyseTable, encodeFold, type AnalysedTable, type MatrixSplit } from '../core/dataset/prepare';
import { pooledContributions, type FitContributions } from '../core/evaluation/contributions';
import { CancelledError, quoted, throwIfAborted } from '../core/errors';
import { evaluateFold } from '../core/evaluation/evaluateFold';
import { assignFolds, type FoldRows } from '../core/evaluation/folds';
import { pooledMetrics } from '../core/evaluation/pooled';
import { SharedBootstrap } from '../core/evaluation/bootstrap';
import { BOOTSTRAP_RESAMPLES, compareModels, summariseFolds } from '../core/evaluation/summarise';
import { SUMMARY_METRICS } from '../core/evaluation/summaryMetrics';
import { buildVerdict } from '../core/evaluation/verdict';
import { lossUsesGamma, sigmoid } from '../core/losses';
import { runLabels } from '../core/report/names';
import {
  RESULTS_SCHEMA_VERSION,
  type ComparisonConfig,
  type ComparisonResults,
  type DatasetSummary,
  type DecisionPlane,
  type DecisionRegion,
  type EvaluationSettings,
  type FoldEvaluation,
  type FoldResult,
  type ReferenceKind,
  type ReferenceResult,
  type RunResult,
} from '../core/results';
import { TOOL_VERSION } from '../core/version';
import type { ComparisonEvent, ComparisonRequest, SharedInputs, TrainingJob } from '../shared/protocol';
import type { MulticlassComparisonResults } from '../core/multiclassResults';
import { runMulticlassComparison } from './runMulticlass';
import { RunFailedError, runWithConcurrency, TrainingThreads } from './trainingPool';

export type { ComparisonRequest } from '../shared/protocol';

export interface ComparisonRunOptions {
  signal?: AbortSignal;
  onEvent?: (event: ComparisonEvent) => void;
  /**
   * Emit batch-progress events (default true). False when nothing shows them (the CLI with --json
   * or without a terminal): a fit then sends no message per few batches, about 45 an epoch.
   */
  batchProgress?: boolean;
}

function toShared(split: MatrixSplit): SharedInputs {
  const inputs = new Float32Array(new SharedArrayBuffer(split.inputs.byteLength));
  inputs.set(split.inputs);
  const labels = new Uint8Array(new SharedArrayBuffer(split.labels.byteLength));
  labels.set(split.labels);
  return { inputs, labels, rows: split.rows };
}

/**
 * Fits trained at once. With a single split there are only a few fits: on fewer cores than
 * models, up to MODELS_AT_ONCE still start together (three models sharing two cores finish in
 * about 1.5 model-times, where waves of two would take 2). With cross-validation the queue of
 * fits keeps every core busy anyway: one thread per core took the same time for 15 fits on two
 * cores (12.5-12.6 s against 12.6-13.2 s with three), with fewer threads holding memory and
 * competing with the host and the comparison thread. Each thread holds a few tens of MB.
 */
const MODELS_AT_ONCE = 4;
export function defaultConcurrency(models: number, fits = models): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  if (fits >= 2 * cores) return cores;
  return Math.max(1, Math.min(models, Math.max(cores, MODELS_AT_ONCE)));
}

/** What one run trains: its arm. */
export type RunPlan = Arm;

/**
 * The arms of a request: a sweep's explicit runs (ids loss@gamma), else the config's arms (or
 * one per loss). Labels and what is allowed depend on the task, known once the target is read.
 */
export function planArms(request: ComparisonRequest, config: ComparisonConfig, task: 'binary' | 'multiclass' = 'binary'): Arm[] {
  if (!request.runs) return comparisonArms(config, task);
  const defaults = { gamma: config.gamma, alpha: config.alpha, task };
  return request.runs.map((run) => sweepArms(run.loss, [run.gamma], defaults)[0]!);
}

interface FitOutcome {
  fold: FoldResult;
  trainingSeconds: number;
  backend: string;
  decisionRegion: DecisionRegion | null;
  contributions: FitContributions | null;
}

/**
 * Runs a two-class comparison: a target of three or more classes becomes one class (the
 * rarest, or `positive`) against the rest. runAnyComparison trains one multi-class model instead.
 */
export async function runComparison(request: ComparisonRequest, options: ComparisonRunOptions = {}): Promise<ComparisonResults> {
  return (await runTask(request, options, 'binary')) as ComparisonResults;
}

/**
 * Runs a comparison of the task the target calls for: one multi-class model when it has three
 * or more classes and `positive` names none (check isMulticlassResults), else as runComparison.
 */
export function runAnyComparison(request: ComparisonRequest, options: ComparisonRunOptions = {}): Promise<ComparisonResults | MulticlassComparisonResults> {
  return runTask(request, options, 'auto');
}

async function runTask(request: ComparisonRequest, options: ComparisonRunOptions, task: 'auto' | 'binary'): Promise<ComparisonResults | MulticlassComparisonResults> {
  const started = performance.now();
  const config = resolveConfig(request.config);
  const plan: RunPlan[] = planArms(request, config);
  for (const { loss, gamma } of plan) resolveConfig({ ...config, arms: undefined, losses: [loss], gamma }); // validates each model of a sweep
  throwIfAborted(options.signal);
  // The training threads start now and load while the file is read and the folds are encoded.
  const threads = new TrainingThreads(request.workerScript, request.threadPriority);
  try {
    const groups = groupByTraining(plan).length;
    const fits = config.folds === 1 ? 1 : config.folds * config.repeats;
    threads.prestart(request.concurrency ?? defaultConcurrency(groups, fits * (groups + 1)));
    return await runWithThreads(request, options, task, { started, config, plan, threads });
  } finally {
    // No training thread outlives the comparison, whatever ended it.
    await threads.close();
  }
}

async function runWithThreads(
  request: ComparisonRequest,
  options: ComparisonRunOptions,
  task: 'auto' | 'binary',
  context: { started: number; config: ComparisonConfig; plan: RunPlan[]; threads: TrainingThreads },
): Promise<ComparisonResults | MulticlassComparisonResults> {
  const { started, config, threads } = context;
  let { plan } = context;
  const { signal } = options;
  const emit = (event: ComparisonEvent) => options.onEvent?.(event);

  emit({ type: 'stage', stage: 'reading' });
  const table = await readCsvFile(request.file, {
    signal,
    maxBytes: request.maxFileBytes ?? DEFAULT_MAX_FILE_MEGABYTES * 1024 * 1024,
    missingValues: config.missingValues,
    onProgress: (bytesRead, totalBytes) => emit({ type: 'read-progress', bytesRead, totalBytes }),
  });
  throwIfAborted(signal);

  emit({ type: 'stage', stage: 'preparing' });
  const analysed = analyseTable(table, { target: request.target, positive: request.positive, task, dedupe: config.dedupe });
  plan = planArms(request, config, analysed.task);
  if (analysed.task === 'multiclass') return runMulticlassComparison({ request, config, plan, analysed, delimiter: table.delimiter, started, signal, emit, threads });
  const classes = { positiveClass: analysed.summary.positiveClass, negativeClass: analysed.summary.negativeClass };
  const folds = usableFolds(config.folds, analysed);
  const evaluation: EvaluationSettings = {
    protocol: folds === 1 ? 'holdout' : 'cross-validation',
    folds,
    repeats: folds === 1 ? 1 : config.repeats,
    validationShare: folds === 1 ? config.split.validation / (config.split.train + config.split.validation) : VALIDATION_SHARE,
    earlyStopping: config.earlyStopping > 0 ? { patience: config.earlyStopping, monitor: config.monitor } : null,
  };
  const foldRows = assignFolds(
    analysed.labelOfRow,
    { folds: evaluation.folds, repeats: evaluation.repeats, validationShare: evaluation.validationShare, split: config.split, seed: config.seed },
    { positive: classes.positiveClass, negative: classes.negativeClass },
  );
  // Arms that train the same model (threshold moving and its loss) share one fit per fold.
  const groups = groupByTraining(plan);
  // Each fold is used by one fit per group and by its references.
  const encoded = new FoldCache(analysed, foldRows, config, groups.length + 1);
  const first = encoded.take(0);
  const dataset: DatasetSummary = {
    file: path.basename(request.file),
    path: path.resolve(request.file),
    delimiter: table.delimiter,
    ...analysed.summary,
    inputWidth: first.width,
    split: { train: first.train.rows, validation: first.validation.rows, test: first.test.rows },
  };
  encoded.release(0);
  emit({ type: 'dataset', dataset, decisionPlane: first.decisionPlane, config, evaluation, arms: plan });
  throwIfAborted(signal);

  const wasmDirectory = request.wasmDirectory ?? path.join(__dirname, 'wasm');
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const references = new Map<ReferenceKind, FoldEvaluation[]>([['base-rate', []], ['logistic-regression', []]]);
  /** The first fold (in fold order, not arrival order: results stay the same run after run) each run failed on. */
  const failures = new Map<string, { foldIndex: number; message: string }>();
  const fitsOf = new Map<string, FitOutcome[]>(plan.map((run) => [run.id, []]));
  const samplingSecondsOf = new Map<string, number>(plan.map((run) => [run.id, 0]));
  const samplingNotices = new Set<string>();

  emit({ type: 'stage', stage: 'training' });
  /**
   * Work on this thread for a fit that came back (evaluating it), run once the lanes have sent
   * their next jobs: the training thread trains the next fit meanwhile instead of waiting.
   */
  const pending: Promise<void>[] = [];
  const byFold = (a: FoldEvaluation, b: FoldEvaluation) => a.repeat - b.repeat || a.fold - b.fold;
  const pooledOf = new Map<string, ReturnType<typeof pooledMetrics>>();
  const afterDispatch = (work: () => void): void => {
    pending.push(new Promise((resolve, reject) => setImmediate(() => {
      try {
        work();
        resolve();
      } catch (error) {
        reject(error);
      }
    })));
  };
  /** A fold for a task; the next fold is encoded while the threads train on this one, not when its first task waits for it. */
  const takeFold = (foldIndex: number): SharedFold => {
    const data = encoded.take(foldIndex);
    afterDispatch(() => {
      if (!signal?.aborted) encoded.prepare(foldIndex + 1);
    });
    return data;
  };
  const fitOne = async (group: readonly Arm[], foldIndex: number): Promise<void> => {
    // After a cancel, or once this run has failed on another fold, nothing more starts.
    throwIfAborted(signal);
    const lead = group[0]!;
    if (failures.has(lead.id)) return;
    const fold = foldRows[foldIndex];
    const data = takeFold(foldIndex);
    // Set once the evaluation, which still reads the fold, is scheduled: it releases the fold then.
    let releasedLater = false;
    try {
      const gamma = lossUsesGamma(lead.loss) ? lead.gamma : 0;
      const trainCounts = [data.train.rows - data.trainPositives, data.trainPositives];
      const alphaForPositiveClass = armAlphaForPositiveClass(lead, trainCounts);
      // Resampling touches only this fold's training rows; validation and test rows stay as they are.
      const resampled = lead.sampling ? resampleFoldTraining(data, lead.sampling, samplingSeed(config.seed, foldIndex), [classes.negativeClass, classes.positiveClass], signal) : null;
      if (resampled) {
        for (const arm of group) samplingSecondsOf.set(arm.id, samplingSecondsOf.get(arm.id)! + resampled.seconds);
        for (const notice of resampled.notices) samplingNotices.add(notice);
      }
      const job: TrainingJob = {
        settings: {
          loss: lead.loss,
          gamma,
          alphaForPositiveClass,
          hidden: config.hidden,
          epochs: config.epochs,
          batchSize: config.batchSize,
          learningRate: config.learningRate,
          seed: config.seed,
          priorBiasInit: config.priorBiasInit,
          earlyStopping: evaluation.earlyStopping,
        },
        width: data.width,
        train: resampled?.train ?? data.train,
        validation: data.validation,
        test: data.test,
        gridInputs: data.gridInputs,
        stopFlag,
        preferredBackend: request.backend ?? 'wasm',
        wasmDirectory,
        reportBatches: options.batchProgress !== false,
      };
      const places = group.map((arm) => ({ runId: arm.id, loss: arm.loss, gamma, repeat: fold.repeat, fold: fold.fold }));
      for (const where of places) emit({ type: 'run-started', ...where, alphaForPositiveClass, fits: foldRows.length, fitIndex: foldIndex });
      try {
        const { output, backend } = await threads.run(job, {
          signal,
          onEpoch: (report) => { for (const where of places) emit({ type: 'epoch', ...where, ...report }); },
          onBatch: (report) => { for (const where of places) emit({ type: 'batch-progress', ...where, ...report }); },
        });
        const predictions = {
          repeat: fold.repeat,
          fold: fold.fold,
          trainRows: resampled?.train.rows ?? data.train.rows,
          testRows: fold.test,
          testLabels: data.test.labels,
          testLogits: output.testLogits,
          validationLabels: data.validation.labels,
          validationLogits: output.validationLogits,
        };
        releasedLater = true;
        afterDispatch(() => {
          try {
            group.forEach((arm, i) => {
              const moved = arm.thresholdMoving ? moveThreshold(predictions) : null;
              const evaluated = evaluateFold(moved ?? predictions, classes);
              const gridLogits = output.gridLogits && moved ? moveLogits(output.gridLogits, moved.threshold) : output.gridLogits;
              fitsOf.get(arm.id)!.push({
                fold: {
                  ...evaluated,
                  bestEpoch: output.bestEpoch,
                  epochsRun: output.epochsRun,
                  history: output.history,
                  ...(moved ? { decisionThreshold: moved.threshold } : {}),
                  ...(resampled ? { samplingSeconds: resampled.seconds } : {}),
                },
                trainingSeconds: output.trainingSeconds,
                backend,
                contributions: output.contributions,
                decisionRegion: gridLogits ? { probabilities: Array.from(gridLogits, (z) => Math.round(sigmoid(z) * 1e4) / 1e4) } : null,
              });
              emit({ type: 'fit-finished', ...places[i]!, bestEpoch: output.bestEpoch, epochsRun: output.epochsRun });
              // A run's last fold is in: its pooled metrics now, while other fits still train, not after them all.
              const fitsOfRun = fitsOf.get(arm.id)!;
              if (fitsOfRun.length === foldRows.length) pooledOf.set(arm.id, pooledMetrics(fitsOfRun.map((f) => f.fold).sort(byFold), classes));
            });
          } finally {
            encoded.release(foldIndex);
          }
        });
      } catch (error) {
        if (!(error instanceof RunFailedError)) throw error;
        const message = foldRows.length > 1 ? `${error.message} (fold ${foldIndex + 1} of ${foldRows.length})` : error.message;
        for (const arm of group) {
          const earlier = failures.get(arm.id);
          if (!earlier) emit({ type: 'run-failed', runId: arm.id, loss: arm.loss, gamma, message });
          if (!earlier || foldIndex < earlier.foldIndex) failures.set(arm.id, { foldIndex, message });
        }
      }
    } finally {
      if (!releasedLater) encoded.release(foldIndex);
    }
  };
  // Fold by fold, every run of a fold in turn: the folds in memory at once stay few.
  /** A fold's references: logistic regression fitted in a training thread (a slow fit never holds up the live events), and the base rate. */
  const fitReferences = async (foldIndex: number): Promise<void> => {
    throwIfAborted(signal);
    const fold = foldRows[foldIndex];
    const data = takeFold(foldIndex);
    let releasedLater = false;
    try {
      const linear = await threads.fitReference({ classes: 2, width: data.width, train: data.train, validation: data.validation, test: data.test, stopFlag }, { signal });
      releasedLater = true;
      afterDispatch(() => {
        try {
          references.get('base-rate')!.push(referenceEvaluation(data, fold, classes, null));
          references.get('logistic-regression')!.push(referenceEvaluation(data, fold, classes, linear));
        } finally {
          encoded.release(foldIndex);
        }
      });
    } finally {
      if (!releasedLater) encoded.release(foldIndex);
    }
  };
  // A fold's reference last: the shortest task of the fold, so the last fold's leaves the two lanes finishing close together.
  const tasks = foldRows.flatMap((_, foldIndex) => [...groups.map((group) => () => fitOne(group, foldIndex)), () => fitReferences(foldIndex)]);
  const concurrency = request.concurrency ?? defaultConcurrency(groups.length, tasks.length);
  const settled = await runWithConcurrency(tasks, concurrency);
  // The threads are done: free their memory before evaluating (runTask closes them again, harmlessly).
  await threads.close();
  settled.push(...(await Promise.allSettled(pending)));
  throwIfAborted(signal);
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new CancelledError();
  }
  emit({ type: 'stage', stage: 'evaluating' });
  dataset.notices.push(...samplingNotices);
  const firstTrainCounts = [first.train.rows - first.trainPositives, first.trainPositives];
  const runs: RunResult[] = plan.map((run) => {
    const gamma = lossUsesGamma(run.loss) ? run.gamma : 0;
    const fits = fitsOf.get(run.id)!.sort((a, b) => byFold(a.fold, b.fold));
    const alphaForPositiveClass = armAlphaForPositiveClass(run, firstTrainCounts);
    const failure = failures.get(run.id)?.message;
    if (failure !== undefined || fits.length !== foldRows.length) {
      return {
        id: run.id, arm: run, loss: run.loss, gamma, alphaForPositiveClass, status: 'failed', error: failure ?? 'Some folds did not finish.',
        trainingSeconds: 0, backend: 'none', folds: [], summary: null, pooled: null,
        history: { trainLoss: [], valLoss: [], valLogLoss: [] }, bestEpoch: 0, epochsRun: 0, decisionRegion: null, contributions: null,
      };
    }
    const foldResults = fits.map((f) => f.fold);
    return {
      id: run.id,
      arm: run,
      loss: run.loss,
      gamma,
      alphaForPositiveClass,
      status: 'finished',
      trainingSeconds: fits.reduce((sum, f) => sum + f.trainingSeconds, 0),
      ...(run.sampling ? { samplingSeconds: samplingSecondsOf.get(run.id)! } : {}),
      backend: fits[0].backend,
      folds: foldResults,
      summary: summariseFolds(foldResults, classes.positiveClass),
      pooled: pooledOf.get(run.id) ?? pooledMetrics(foldResults, classes),
      history: foldResults[0].history,
      bestEpoch: foldResults[0].bestEpoch,
      epochsRun: foldResults[0].epochsRun,
      decisionRegion: fits[0].decisionRegion,
      contributions: pooledContributions(fits.map((f) => f.contributions), [classes.negativeClass, classes.positiveClass]),
    };
  });
  const referenceResults: ReferenceResult[] = [...references].map(([kind, evaluations]) => {
    const sorted = evaluations.sort(byFold);
    return { kind, folds: sorted, summary: summariseFolds(sorted, classes.positiveClass), pooled: pooledMetrics(sorted, classes)! };
  });
  const finished = runs.filter((r) => r.status === 'finished');
  const baseline = baselineRun(finished, (r) => r.alphaForPositiveClass !== null);
  const headlineMetrics = SUMMARY_METRICS.filter((m) => m.headline).length;
  const linear = referenceResults.find((r) => r.kind === 'logistic-regression');
  // One split: every model is resampled on the same 2,000 draws of the test rows, once.
  const bootstrap =
    evaluation.protocol === 'holdout'
      ? new SharedBootstrap([...finished.map((r) => r.folds[0]), ...(linear ? [linear.folds[0]] : [])], { seed: config.seed, resamples: BOOTSTRAP_RESAMPLES })
      : undefined;
  const compareOptions = { evaluation, positiveClass: classes.positiveClass, seed: config.seed, familySize: Math.max(1, finished.length - 1) * headlineMetrics, bootstrap };
  const comparisons = baseline ? finished.filter((r) => r !== baseline).flatMap((r) => compareModels(r, baseline, compareOptions)) : [];
  // One question (does a linear model rank better than every loss?), asked of each loss.
  const referenceComparisons = linear ? finished.flatMap((r) => compareModels({ id: 'logistic-regression', folds: linear.folds }, r, { ...compareOptions, metrics: ['prAuc'], familySize: finished.length })) : [];
  throwIfAborted(signal);
  const verdict = buildVerdict({
    dataset,
    evaluation,
    runs,
    labels: runLabels(runs),
    baselineId: baseline?.id ?? null,
    comparisons,
    references: referenceResults,
    linearComparisons: referenceComparisons,
    maxEpochs: config.epochs,
  });
  const results: ComparisonResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'focal-lab', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    dataset,
    config,
    evaluation,
    decisionPlane: first.decisionPlane,
    runs,
    references: referenceResults,
    comparisons,
    referenceComparisons,
    verdict,
    foldRows: foldRows.map(({ repeat, fold, train, validation }) => ({ repeat, fold, train: Array.from(train), validation: Array.from(validation) })),
  };
  // A cancel that arrives while evaluating still cancels: the caller must not write these results.
  throwIfAborted(signal);
  return results;
}

/**
 * The run every other is compared with: plain BCE (no class weights, resampling or threshold
 * moving), else a run at gamma 0 without alpha, else the first.
 */
export function baselineRun<R extends Pick<RunResult, 'loss' | 'gamma' | 'arm'>>(finished: readonly R[], weighsClasses: (run: R) => boolean): R | null {
  const plain = (run: R) => !run.arm || armStrategy(run.arm) === null;
  return finished.find((r) => r.loss === 'bce' && plain(r)) ?? finished.find((r) => r.gamma === 0 && !weighsClasses(r) && plain(r)) ?? finished[0] ?? null;
}

/** Arms grouped by what they train, in the order of their first arm. */
export function groupByTraining(arms: readonly Arm[]): Arm[][] {
  const groups = new Map<string, Arm[]>();
  for (const arm of arms) {
    const key = trainingKey(arm);
    const group = groups.get(key);
    if (group) group.push(arm);
    else groups.set(key, [arm]);
  }
  return [...groups.values()];
}

/** A seed per fold for resampling, the same for every arm of the fold. */
export function samplingSeed(seed: number, foldIndex: number): number {
  return (seed * 31 + foldIndex * 7919 + 1) >>> 0;
}

/** Rows each class needs per fold: one each for the fold's training, validation and test parts, and a spare. */
const ROWS_PER_CLASS_PER_FOLD = 3;

/**
 * The folds a file can afford: K-fold needs 3·K rows of each class. A smaller class gets fewer
 * folds (at least 2), or else the single split, with a notice — never a silent change.
 */
export function usableFolds(requested: number, analysed: AnalysedTable): number {
  if (requested === 1) return 1;
  const counts = new Array<number>(analysed.classes.length).fill(0);
  for (const label of analysed.labelOfRow) if (label < counts.length) counts[label]++;
  // Binary: the positive class on a tie; multi-class: the first of the smallest classes.
  let smaller = analysed.task === 'binary' ? (counts[1] <= counts[0] ? 1 : 0) : 0;
  if (analysed.task === 'multiclass') for (let c = 1; c < counts.length; c++) if (counts[c] < counts[smaller]) smaller = c;
  const rows = counts[smaller];
  const possible = Math.min(requested, Math.floor(rows / ROWS_PER_CLASS_PER_FOLD));
  if (possible >= requested) return requested;
  const name = analysed.task === 'multiclass' ? analysed.classes[smaller] : smaller === 1 ? analysed.summary.positiveClass : analysed.summary.negativeClass;
  const used = possible >= 2 ? possible : 1;
  analysed.summary.notices.push(
    `The class ${quoted(name)} has only ${rows} rows, too few for ${requested}-fold cross-validation (${ROWS_PER_CLASS_PER_FOLD * requested} needed, ${ROWS_PER_CLASS_PER_FOLD} per fold): Focal Lab used ${used >= 2 ? `${used} folds` : 'one train/validation/test split'} instead. With so few cases the intervals are wide.`,
  );
  return used;
}

export function positivesOf(labels: Uint8Array): number {
  let count = 0;
  for (const label of labels) count += label;
  return count;
}

/**
 * A reference predictor evaluated like a loss: the base rate (the training rows' prevalence, when
 * `linear` is null) or logistic regression (its logits, fitted on the fold's training rows).
 */
function referenceEvaluation(data: SharedFold, rows: FoldRows, classes: { positiveClass: string; negativeClass: string }, linear: { testLogits: Float64Array; validationLogits: Float64Array } | null): FoldEvaluation {
  let testLogits: Float64Array;
  let validationLogits: Float64Array;
  if (!linear) {
    const prevalence = Math.min(Math.max(data.trainPositives / Math.max(1, data.train.rows), 1e-6), 1 - 1e-6);
    const logit = Math.log(prevalence / (1 - prevalence));
    testLogits = new Float64Array(data.test.rows).fill(logit);
    validationLogits = new Float64Array(data.validation.rows).fill(logit);
  } else {
    ({ testLogits, validationLogits } = linear);
  }
  return evaluateFold(
    {
      repeat: rows.repeat,
      fold: rows.fold,
      trainRows: data.train.rows,
      testRows: rows.test,
      testLabels: data.test.labels,
      testLogits,
      validationLabels: data.validation.labels,
      validationLogits,
    },
    classes,
  );
}

export interface SharedFold {
  width: number;
  train: SharedInputs;
  validation: SharedInputs;
  test: SharedInputs;
  gridInputs: Float32Array | null;
  decisionPlane: DecisionPlane | null;
  trainPositives: number;
  trainLabels: Uint8Array;
  /** Where each categorical column's one-hot block sits in the inputs (SMOTE takes a whole block from one parent). */
  oneHotGroups: { start: number; width: number }[];
}

/**
 * Each fold is encoded once, when its first fit starts, onto SharedArrayBuffers every training
 * thread reads, and dropped when its last fit ends; the first fold also carries the
 * decision-region grid and stays until the end.
 */
export class FoldCache {
  private readonly entries = new Map<number, { data: SharedFold; users: number; remaining: number }>();

  constructor(
    private readonly analysed: AnalysedTable,
    private readonly folds: readonly FoldRows[],
    private readonly config: ComparisonConfig,
    /** Takes of each fold before it can be dropped: its fits and its references. */
    private readonly fitsPerFold: number,
  ) {}

  take(index: number): SharedFold {
    const entry = this.entries.get(index) ?? this.encode(index);
    entry.users++;
    return entry.data;
  }

  /** Encodes a fold before its first take (while the training threads are busy), if it is not yet. */
  prepare(index: number): void {
    if (index < this.folds.length && !this.entries.has(index)) this.encode(index);
  }

  private encode(index: number): { data: SharedFold; users: number; remaining: number } {
    {
      const fold = encodeFold(this.analysed, this.folds[index], { seed: this.config.seed, maxCategories: this.config.maxCategories, withDecisionPlane: index === 0, planeColumns: this.config.planeColumns });
      let gridInputs: Float32Array | null = null;
      if (fold.gridInputs) {
        gridInputs = new Float32Array(new SharedArrayBuffer(fold.gridInputs.byteLength));
        gridInputs.set(fold.gridInputs);
      }
      const data: SharedFold = {
        width: fold.width,
        train: toShared(fold.train),
        validation: toShared(fold.validation),
        test: toShared(fold.test),
        gridInputs,
        decisionPlane: fold.decisionPlane,
        trainPositives: positivesOf(fold.train.labels),
        trainLabels: fold.train.labels,
        oneHotGroups: fold.oneHotGroups,
      };
      // Fold 0 is taken once more for the data set summary, before any fit.
      const entry = { data, users: 0, remaining: this.fitsPerFold + (index === 0 ? 1 : 0) };
      this.entries.set(index, entry);
      return entry;
    }
  }

  release(index: number): void {
    const entry = this.entries.get(index);
    if (!entry) return;
    entry.users--;
    entry.remaining--;
    if (entry.remaining <= 0 && entry.users <= 0 && index !== 0) this.entries.delete(index);
  }
}
