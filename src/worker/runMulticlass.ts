// The multi-class task of runComparison: a target of three or more classes trained as one
// model with K softmax outputs per loss, on the same folds, threads, early stopping and
// evaluation protocol as the binary task; evaluated with the multi-class metrics, paired
// comparisons with the cross-entropy baseline and a verdict on macro PR-AUC, macro-F1 and
// the recall of the rarest class; the reference rows (base rate, multinomial logistic
// regression) are fitted once per fold.

import * as path from 'path';
import { VALIDATION_SHARE } from '../core/config';
import type { AnalysedTable } from '../core/dataset/prepare';
import { pooledContributions, type FitContributions } from '../core/evaluation/contributions';
import { CancelledError, FocalLabInputError, throwIfAborted } from '../core/errors';
import { assignFolds } from '../core/evaluation/folds';
import {
  MULTICLASS_SUMMARY_METRICS,
  buildMulticlassVerdict,
  compareMulticlassModels,
  evaluateMulticlassFold,
  pooledMulticlassMetrics,
  summariseMulticlassFolds,
} from '../core/evaluation/multiclass';
import { fitMulticlassReferenceFold, linearModelNote, multiclassReferences } from '../core/evaluation/multiclassReferences';
import { lossUsesAlpha, lossUsesGamma } from '../core/losses';
import { argmaxRows, rarestClass } from '../core/metrics/multiclass';
import type { MulticlassComparisonResults, MulticlassDecisionRegion, MulticlassFoldResult, MulticlassRunResult } from '../core/multiclassResults';
import { multiclassRunLabels } from '../core/report/multiclassLabels';
import { RESULTS_SCHEMA_VERSION, type ComparisonConfig, type DatasetSummary, type EvaluationSettings } from '../core/results';
import { inverseFrequencyAlphas, softmaxProbabilities } from '../core/softmaxLosses';
import { TOOL_VERSION } from '../core/version';
import type { ComparisonEvent, ComparisonRequest, TrainingJob } from '../shared/protocol';
import { baselineRun, defaultConcurrency, FoldCache, samplingSeed, usableFolds, type RunPlan } from './runComparison';
import { resampleFoldTraining } from './resampleFold';
import { effectiveBetaOf } from '../core/arms';
import { classBalancedAlphas } from '../core/sampling/classBalanced';
import { RunFailedError, runWithConcurrency, TrainingThreads } from './trainingPool';

export interface MulticlassContext {
  request: ComparisonRequest;
  config: ComparisonConfig;
  plan: RunPlan[];
  analysed: AnalysedTable;
  delimiter: string;
  started: number;
  signal?: AbortSignal;
  emit: (event: ComparisonEvent) => void;
  /** The comparison's training threads, started before the file was read; closed here. */
  threads: TrainingThreads;
}

interface FitOutcome {
  fold: MulticlassFoldResult;
  trainingSeconds: number;
  backend: string;
  decisionRegion: MulticlassDecisionRegion | null;
  contributions: FitContributions | null;
}

/** An arm's weight of each class, in class order, or null when its loss does not weigh the classes. */
function armClassWeights(arm: RunPlan, config: ComparisonConfig, classes: readonly string[], trainCounts: readonly number[]): number[] | null {
  if (!lossUsesAlpha(arm.loss)) return null;
  const beta = effectiveBetaOf(arm);
  if (beta !== null) return classBalancedAlphas(trainCounts, beta);
  return resolveClassWeights((arm.alpha ?? config.alpha) as ComparisonConfig['alpha'], classes, trainCounts);
}

/**
 * The weight of each class, in class order, for a loss that uses alpha: 'auto' is inverse
 * class frequency on the training rows normalised to sum 1; a record must name every class.
 */
export function resolveClassWeights(alpha: ComparisonConfig['alpha'], classes: readonly string[], trainCounts: readonly number[]): number[] {
  if (alpha === 'auto') return inverseFrequencyAlphas(trainCounts);
  if (typeof alpha === 'number') {
    throw new FocalLabInputError(
      'bad-option',
      `alpha ${alpha} is one class's weight, but the target has ${classes.length} classes trained as one model: give one weight per class, like --alpha "${classes.slice(0, 3).map((c, i) => `${c}=${[0.2, 0.3, 0.5][i]}`).join(',')}${classes.length > 3 ? ',…' : ''}", or auto (inverse class frequency).`,
    );
  }
  const given = Object.keys(alpha);
  const find = (name: string) => given.find((key) => key === name) ?? given.find((key) => key.trim().toLowerCase() === name.trim().toLowerCase());
  const missing = classes.filter((name) => find(name) === undefined);
  const known = new Set(classes.map((name) => find(name)));
  const unknown = given.filter((key) => !known.has(key));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [
      missing.length ? `no weight for ${missing.map((m) => `'${m}'`).join(', ')}` : '',
      unknown.length ? `${unknown.map((u) => `'${u}'`).join(', ')} ${unknown.length === 1 ? 'is not a class' : 'are not classes'} of the target` : '',
    ].filter(Boolean);
    throw new FocalLabInputError('bad-option', `alpha must give one weight to every class (${classes.map((c) => `'${c}'`).join(', ')}): ${parts.join('; ')}.`);
  }
  return classes.map((name) => alpha[find(name)!]);
}

function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) if (label < classes) counts[label]++;
  return counts;
}

function decisionRegionOf(gridLogits: Float32Array, classes: number): MulticlassDecisionRegion {
  const probabilities = softmaxProbabilities(gridLogits, classes);
  const predicted = Array.from(argmaxRows(probabilities, classes));
  return { predicted, confidence: predicted.map((c, i) => Math.round(probabilities[i * classes + c] * 1e4) / 1e4) };
}

export async function runMulticlassComparison(context: MulticlassContext): Promise<MulticlassComparisonResults> {
  const { request, config, plan, analysed, signal, emit } = context;
  const classes = analysed.classes;
  const k = classes.length;
  // A wrong --alpha is reported before anything trains.
  if (config.alpha !== 'auto') resolveClassWeights(config.alpha, classes, classes.map(() => 1));
  const rarest = rarestClass(classCounts(analysed.labelOfRow, k));
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
    { positive: analysed.summary.positiveClass, negative: analysed.summary.negativeClass, classes },
  );
  // Each fold is used by one fit per run and by its references.
  const encoded = new FoldCache(analysed, foldRows, config, plan.length + 1);
  const first = encoded.take(0);
  const dataset = {
    file: path.basename(request.file),
    delimiter: context.delimiter,
    ...analysed.summary,
    task: 'multiclass' as const,
    classes,
    inputWidth: first.width,
    split: { train: first.train.rows, validation: first.validation.rows, test: first.test.rows },
  } satisfies DatasetSummary;
  const firstTrainCounts = classCounts(first.trainLabels, k);
  encoded.release(0);
  emit({ type: 'dataset', dataset, decisionPlane: first.decisionPlane, config, evaluation, arms: plan });
  throwIfAborted(signal);

  const wasmDirectory = request.wasmDirectory ?? path.join(__dirname, 'wasm');
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const failures = new Map<string, { foldIndex: number; message: string }>();
  const fitsOf = new Map<string, FitOutcome[]>(plan.map((run) => [run.id, []]));
  const referenceFolds: ReturnType<typeof fitMulticlassReferenceFold>[] = [];

  emit({ type: 'stage', stage: 'training' });
  const { threads } = context;
  const fitOne = async (run: RunPlan, foldIndex: number): Promise<void> => {
    throwIfAborted(signal);
    if (failures.has(run.id)) return;
    const fold = foldRows[foldIndex];
    const data = encoded.take(foldIndex);
    try {
      const gamma = lossUsesGamma(run.loss) ? run.gamma : 0;
      const alphaPerClass = armClassWeights(run, config, classes, classCounts(data.trainLabels, k));
      // Resampling touches only this fold's training rows; validation and test rows stay as they are.
      const resampled = run.sampling ? resampleFoldTraining(data, run.sampling, samplingSeed(config.seed, foldIndex), classes, signal) : null;
      for (const notice of resampled?.notices ?? []) if (!dataset.notices.includes(notice)) dataset.notices.push(notice);
      const job: TrainingJob = {
        settings: {
          loss: run.loss,
          gamma,
          alphaForPositiveClass: null,
          classes: k,
          alphaPerClass,
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
      };
      const where = { runId: run.id, loss: run.loss, gamma, repeat: fold.repeat, fold: fold.fold };
      emit({ type: 'run-started', ...where, alphaForPositiveClass: null, fits: foldRows.length, fitIndex: foldIndex });
      try {
        const { output, backend } = await threads.run(job, { signal, onEpoch: (report) => emit({ type: 'epoch', ...where, ...report }) });
        const evaluated = evaluateMulticlassFold(
          {
            repeat: fold.repeat,
            fold: fold.fold,
            trainRows: resampled?.train.rows ?? data.train.rows,
            testRows: fold.test,
            testLabels: data.test.labels,
            testLogits: output.testLogits,
            validationLabels: data.validation.labels,
          },
          classes,
        );
        fitsOf.get(run.id)!.push({
          fold: { ...evaluated, bestEpoch: output.bestEpoch, epochsRun: output.epochsRun, history: output.history, ...(resampled ? { samplingSeconds: resampled.seconds } : {}) },
          trainingSeconds: output.trainingSeconds,
          backend,
          contributions: output.contributions,
          decisionRegion: output.gridLogits ? decisionRegionOf(output.gridLogits, k) : null,
        });
        emit({ type: 'fit-finished', ...where, bestEpoch: output.bestEpoch, epochsRun: output.epochsRun });
      } catch (error) {
        if (!(error instanceof RunFailedError)) throw error;
        const message = foldRows.length > 1 ? `${error.message} (fold ${foldIndex + 1} of ${foldRows.length})` : error.message;
        const earlier = failures.get(run.id);
        if (!earlier) emit({ type: 'run-failed', runId: run.id, loss: run.loss, gamma, message });
        if (!earlier || foldIndex < earlier.foldIndex) failures.set(run.id, { foldIndex, message });
      }
    } finally {
      encoded.release(foldIndex);
    }
  };
  /** A fold's references; multinomial logistic regression is fitted in a training thread: with many classes it takes seconds, which must not hold up the live events. */
  const fitReferences = async (foldIndex: number): Promise<void> => {
    throwIfAborted(signal);
    const fold = foldRows[foldIndex];
    const data = encoded.take(foldIndex);
    try {
      const linear = await threads.fitReference({ classes: k, width: data.width, train: data.train, validation: data.validation, test: data.test, stopFlag }, { signal });
      referenceFolds.push(fitMulticlassReferenceFold(data, fold, classes, signal, linear.testLogits));
    } finally {
      encoded.release(foldIndex);
    }
  };
  const tasks = foldRows.flatMap((_, foldIndex) => [() => fitReferences(foldIndex), ...plan.map((run) => () => fitOne(run, foldIndex))]);
  const concurrency = request.concurrency ?? defaultConcurrency(plan.length, tasks.length);
  let settled: PromiseSettledResult<void>[];
  try {
    settled = await runWithConcurrency(tasks, concurrency);
  } finally {
    await threads.close();
  }
  throwIfAborted(signal);
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new CancelledError();
  }
  emit({ type: 'stage', stage: 'evaluating' });
  const byFold = (a: { repeat: number; fold: number }, b: { repeat: number; fold: number }) => a.repeat - b.repeat || a.fold - b.fold;
  const runs: MulticlassRunResult[] = plan.map((run) => {
    const gamma = lossUsesGamma(run.loss) ? run.gamma : 0;
    const weights = armClassWeights(run, config, classes, firstTrainCounts);
    const alphaPerClass = weights ? Object.fromEntries(classes.map((name, c) => [name, weights[c]])) : null;
    const fits = fitsOf.get(run.id)!.sort((a, b) => byFold(a.fold, b.fold));
    const failure = failures.get(run.id)?.message;
    if (failure !== undefined || fits.length !== foldRows.length) {
      return {
        id: run.id, arm: run, loss: run.loss, gamma, alphaPerClass, status: 'failed', error: failure ?? 'Some folds did not finish.',
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
      alphaPerClass,
      status: 'finished',
      trainingSeconds: fits.reduce((sum, f) => sum + f.trainingSeconds, 0),
      ...(run.sampling ? { samplingSeconds: foldResults.reduce((sum, f) => sum + (f.samplingSeconds ?? 0), 0) } : {}),
      backend: fits[0].backend,
      folds: foldResults,
      summary: summariseMulticlassFolds(foldResults, rarest),
      pooled: pooledMulticlassMetrics(foldResults, classes),
      history: foldResults[0].history,
      bestEpoch: foldResults[0].bestEpoch,
      epochsRun: foldResults[0].epochsRun,
      decisionRegion: fits[0].decisionRegion,
      contributions: pooledContributions(fits.map((f) => f.contributions), classes),
    };
  });
  const finished = runs.filter((r) => r.status === 'finished');
  const baseline = baselineRun(finished, (r) => r.alphaPerClass !== null);
  const headlineMetrics = MULTICLASS_SUMMARY_METRICS.filter((m) => m.headline).length;
  const compareOptions = { evaluation, classes, rarest, seed: config.seed, familySize: Math.max(1, finished.length - 1) * headlineMetrics };
  const comparisons = baseline ? finished.filter((r) => r !== baseline).flatMap((r) => compareMulticlassModels(r, baseline, compareOptions)) : [];
  throwIfAborted(signal);
  const labels = multiclassRunLabels(runs);
  const { references, referenceComparisons } = multiclassReferences(referenceFolds, finished, rarest, compareOptions);
  const verdict = buildMulticlassVerdict({ evaluation, runs, labels, baselineId: baseline?.id ?? null, comparisons, classes, rarest, maxEpochs: config.epochs });
  const linear = linearModelNote(references, referenceComparisons, finished);
  if (linear) verdict.notes.push(linear);
  const results: MulticlassComparisonResults = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'focal-lab', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    durationSeconds: (performance.now() - context.started) / 1000,
    dataset,
    config,
    evaluation,
    decisionPlane: first.decisionPlane,
    runs,
    references,
    comparisons,
    referenceComparisons,
    verdict,
  };
  throwIfAborted(signal);
  return results;
}
