// Runs a whole comparison: read the CSV, prepare the data, train one model per loss in
// worker threads (see defaultConcurrency), evaluate each on the test split.
// The CLI and the extension both call this; it never blocks its caller for long.

import * as os from 'os';
import * as path from 'path';
import { DEFAULT_MAX_FILE_MEGABYTES, resolveAlpha, resolveConfig } from '../core/config';
import { readCsvFile } from '../core/csv';
import { prepareDataset, type MatrixSplit } from '../core/dataset/prepare';
import { CancelledError, throwIfAborted } from '../core/errors';
import { lossUsesAlpha, lossUsesGamma, sigmoid } from '../core/losses';
import { bestF1Threshold, computeMetrics } from '../core/metrics';
import { minorityVerdict } from '../core/report';
import { RESULTS_SCHEMA_VERSION, type ComparisonConfig, type ComparisonResults, type LossKind, type RunResult } from '../core/results';
import { TOOL_VERSION } from '../core/version';
import type { ComparisonEvent, SharedInputs, TrainingJob } from '../shared/protocol';
import { RunFailedError, runWithConcurrency, trainInWorker } from './trainingPool';

export interface ComparisonRequest {
  file: string;
  target?: string;
  positive?: string;
  config?: Partial<ComparisonConfig>;
  /** Files larger than this are refused before reading. Default DEFAULT_MAX_FILE_MEGABYTES. */
  maxFileBytes?: number;
  backend?: 'wasm' | 'cpu';
  /**
   * Explicit models to train instead of one per `config.losses` (at `config.gamma`): a gamma
   * sweep is the same loss at several gamma values.
   */
  runs?: { loss: LossKind; gamma: number }[];
  /** Models trained at once; default: see defaultConcurrency. */
  concurrency?: number;
  /** Where the bundle's worker script and wasm files are (defaults: next to this bundle). */
  workerScript?: string;
  wasmDirectory?: string;
}

export interface ComparisonRunOptions {
  signal?: AbortSignal;
  onEvent?: (event: ComparisonEvent) => void;
}

function toShared(split: MatrixSplit): SharedInputs {
  const inputs = new Float32Array(new SharedArrayBuffer(split.inputs.byteLength));
  inputs.set(split.inputs);
  const labels = new Uint8Array(new SharedArrayBuffer(split.labels.byteLength));
  labels.set(split.labels);
  return { inputs, labels, rows: split.rows };
}

/**
 * Models trained at once. At least one per core; on fewer cores than models, up to
 * MODELS_AT_ONCE still start together: three models sharing two cores finish in about 1.5
 * model-times, where waves of two would take 2. Each training thread holds a few tens of MB.
 */
const MODELS_AT_ONCE = 4;
export function defaultConcurrency(models: number): number {
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  return Math.max(1, Math.min(models, Math.max(cores, MODELS_AT_ONCE)));
}

export async function runComparison(request: ComparisonRequest, options: ComparisonRunOptions = {}): Promise<ComparisonResults> {
  const started = performance.now();
  const { signal } = options;
  const emit = (event: ComparisonEvent) => options.onEvent?.(event);
  const config = resolveConfig(request.config);
  const plan = request.runs ?? config.losses.map((loss) => ({ loss, gamma: config.gamma }));
  for (const { loss, gamma } of plan) resolveConfig({ ...config, losses: [loss], gamma }); // validates each model of a sweep
  throwIfAborted(signal);

  emit({ type: 'stage', stage: 'reading' });
  const table = await readCsvFile(request.file, {
    signal,
    maxBytes: request.maxFileBytes ?? DEFAULT_MAX_FILE_MEGABYTES * 1024 * 1024,
    onProgress: (bytesRead, totalBytes) => emit({ type: 'read-progress', bytesRead, totalBytes }),
  });
  throwIfAborted(signal);

  emit({ type: 'stage', stage: 'preparing' });
  const prepared = prepareDataset(table, {
    target: request.target,
    positive: request.positive,
    split: config.split,
    seed: config.seed,
    maxCategories: config.maxCategories,
  });
  const dataset = { file: path.basename(request.file), delimiter: table.delimiter, ...prepared.summary };
  emit({ type: 'dataset', dataset, decisionPlane: prepared.decisionPlane, config });
  throwIfAborted(signal);

  let trainPositives = 0;
  for (const label of prepared.train.labels) trainPositives += label;
  const alphaValue = resolveAlpha(config.alpha, trainPositives, prepared.train.rows);
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const shared = { train: toShared(prepared.train), validation: toShared(prepared.validation), test: toShared(prepared.test) };
  let gridInputs: Float32Array | null = null;
  if (prepared.gridInputs) {
    gridInputs = new Float32Array(new SharedArrayBuffer(prepared.gridInputs.byteLength));
    gridInputs.set(prepared.gridInputs);
  }
  const wasmDirectory = request.wasmDirectory ?? path.join(__dirname, 'wasm');
  const validationLabels = Float64Array.from(prepared.validation.labels);
  const testLabels = Array.from(prepared.test.labels);

  emit({ type: 'stage', stage: 'training' });
  const runOne = async ({ loss, gamma: requestedGamma }: { loss: LossKind; gamma: number }): Promise<RunResult> => {
    // After a cancel, the models still waiting for a lane are not announced as started.
    throwIfAborted(signal);
    const gamma = lossUsesGamma(loss) ? requestedGamma : 0;
    const alphaForPositiveClass = lossUsesAlpha(loss) ? alphaValue : null;
    const job: TrainingJob = {
      settings: {
        loss,
        gamma,
        alphaForPositiveClass,
        hidden: config.hidden,
        epochs: config.epochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        seed: config.seed,
        priorBiasInit: config.priorBiasInit,
      },
      width: prepared.width,
      ...shared,
      gridInputs,
      stopFlag,
      preferredBackend: request.backend ?? 'wasm',
      wasmDirectory,
    };
    emit({ type: 'run-started', loss, gamma, alphaForPositiveClass });
    const base = { loss, gamma, alphaForPositiveClass };
    try {
      const { output, backend } = await trainInWorker(job, {
        signal,
        workerScript: request.workerScript,
        onEpoch: (report) => emit({ type: 'epoch', loss, gamma, ...report }),
      });
      const validationProbabilities = Float64Array.from(output.validationLogits, sigmoid);
      const testProbabilities = Array.from(output.testLogits, sigmoid);
      const tunedThreshold = bestF1Threshold(validationLabels, validationProbabilities);
      const metrics = computeMetrics(testLabels, testProbabilities, {
        positiveClass: dataset.positiveClass,
        negativeClass: dataset.negativeClass,
        thresholds: [
          { threshold: 0.5, source: 'default' },
          { threshold: tunedThreshold, source: 'validation-f1' },
        ],
      });
      const run: RunResult = {
        ...base,
        status: 'finished',
        epochsRun: output.epochsRun,
        trainingSeconds: output.trainingSeconds,
        backend,
        history: output.history,
        metrics,
        decisionRegion: output.gridLogits ? { probabilities: Array.from(output.gridLogits, (z) => Math.round(sigmoid(z) * 1e4) / 1e4) } : null,
        test: { labels: testLabels, probabilities: testProbabilities },
      };
      emit({ type: 'run-finished', run });
      return run;
    } catch (error) {
      if (!(error instanceof RunFailedError)) throw error;
      emit({ type: 'run-failed', loss, gamma, message: error.message });
      return {
        ...base,
        status: 'failed',
        error: error.message,
        epochsRun: 0,
        trainingSeconds: 0,
        backend: 'none',
        history: { trainLoss: [], valLoss: [], valLogLoss: [] },
        metrics: null,
        decisionRegion: null,
        test: { labels: [], probabilities: [] },
      };
    }
  };
  const concurrency = request.concurrency ?? defaultConcurrency(plan.length);
  const settled = await runWithConcurrency(plan.map((spec) => () => runOne(spec)), concurrency);
  throwIfAborted(signal);
  const runs: RunResult[] = [];
  for (const outcome of settled) {
    if (outcome.status === 'rejected') throw outcome.reason instanceof Error ? outcome.reason : new CancelledError();
    runs.push(outcome.value);
  }
  emit({ type: 'stage', stage: 'evaluating' });
  const partial: Omit<ComparisonResults, 'verdict'> = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: 'focal-lab', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    durationSeconds: (performance.now() - started) / 1000,
    dataset,
    config,
    decisionPlane: prepared.decisionPlane,
    runs,
  };
  const results = { ...partial, verdict: minorityVerdict(partial) };
  // A cancel that arrives while evaluating still cancels: the caller must not write these results.
  throwIfAborted(signal);
  return results;
}
