// Typed messages between the engine and its training workers, and the events a comparison
// streams to whoever runs it (CLI, extension host). Discriminated on `type`.

import type { BatchReport, EpochReport, TrainingOutput, TrainingSettings } from '../core/model/train';
import type { TableInspection } from '../core/dataset/inspect';
import type { ComparisonConfig, DatasetSummary, DecisionPlane, EvaluationSettings, LossKind } from '../core/results';
import type { AnyPanelResults } from './webviewProtocol';
import type { Arm } from '../core/arms';

/** What to compare: the CLI, the extension host and other callers of runComparison send this. */
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
  /**
   * The training threads' priority. 'low' (default) yields the cores to the editor and the rest of
   * the machine; the CLI asks for 'normal', as any command run in a terminal gets (`nice` lowers it).
   */
  threadPriority?: 'low' | 'normal';
}

/** Float32/Uint8 data on SharedArrayBuffers, so every worker reads one copy. */
export interface SharedInputs {
  inputs: Float32Array;
  labels: Uint8Array;
  rows: number;
}

export interface TrainingJob {
  settings: TrainingSettings;
  width: number;
  train: SharedInputs;
  validation: SharedInputs;
  test: SharedInputs;
  gridInputs: Float32Array | null;
  /** Int32Array(1) on a SharedArrayBuffer; non-zero asks the worker to stop before its next batch. */
  stopFlag: Int32Array;
  preferredBackend: 'wasm' | 'cpu';
  wasmDirectory: string;
  /** Post progress within each epoch ('batch' messages); false when nothing shows it. Default true. */
  reportBatches?: boolean;
}

/** The linear reference of a fold (logistic regression), fitted in a training thread like a model. */
export interface ReferenceJob {
  /** 2 = binary logistic regression; K >= 3 = multinomial. */
  classes: number;
  width: number;
  train: SharedInputs;
  validation: SharedInputs;
  test: SharedInputs;
  /** Int32Array(1) on a SharedArrayBuffer; non-zero asks the fit to stop. */
  stopFlag: Int32Array;
}

export type ToTrainingWorker = { type: 'train'; job: TrainingJob } | { type: 'reference'; job: ReferenceJob };

export type FromTrainingWorker =
  | { type: 'epoch'; report: EpochReport }
  | { type: 'batch'; report: BatchReport }
  | { type: 'finished'; output: TrainingOutput; backend: string }
  | { type: 'reference-finished'; testLogits: Float64Array; validationLogits: Float64Array }
  | { type: 'failed'; message: string; reason: 'diverged' | 'error' }
  | { type: 'cancelled' };

export type ComparisonStage = 'reading' | 'preparing' | 'training' | 'evaluating';

/** Which fit an event belongs to: the run (its id), and the fold it is training on. */
export interface FitPlace {
  runId: string;
  loss: LossKind;
  gamma: number;
  /** 0-based. */
  repeat: number;
  fold: number;
}

export type ComparisonEvent =
  | { type: 'stage'; stage: ComparisonStage }
  | { type: 'read-progress'; bytesRead: number; totalBytes: number }
  /** The data set is read and the arms are known: what each run is (its label and what it trains), before any training. */
  | { type: 'dataset'; dataset: DatasetSummary; decisionPlane: DecisionPlane | null; config: ComparisonConfig; evaluation: EvaluationSettings; arms: Arm[] }
  /** A fit starts: fit `fitIndex` (0-based) of the run's `fits` (folds × repeats). */
  | ({ type: 'run-started'; alphaForPositiveClass: number | null; fits: number; fitIndex: number } & FitPlace)
  | ({ type: 'epoch' } & FitPlace & EpochReport)
  /** Progress within an epoch of a fit (at most 50 per epoch; none for small epochs). */
  | ({ type: 'batch-progress' } & FitPlace & BatchReport)
  | ({ type: 'fit-finished'; bestEpoch: number; epochsRun: number } & FitPlace)
  /** The run failed (on some fold) and trains no further folds. */
  | { type: 'run-failed'; runId: string; loss: LossKind; gamma: number; message: string };

// ---------- extension host <-> comparison worker ----------


export type ToComparisonWorker =
  | { type: 'inspect'; id: string; file: string; target?: string; maxFileBytes: number; missingValues?: string[] }
  /** With resultsFile, the worker writes results.json there (atomically) before it answers. */
  | { type: 'compare'; id: string; request: ComparisonRequest; resultsFile?: string }
  | { type: 'cancel'; id: string }
  /** Reads a stored results.json, upgrades it to the current schema and answers with the panel copy: no whole file is parsed on the host thread. */
  | { type: 'load-results'; id: string; file: string };

export type FromComparisonWorker =
  | { type: 'inspected'; id: string; inspection: TableInspection }
  | { type: 'event'; id: string; event: ComparisonEvent }
  /** The results without the per-row test predictions; the complete results.json is in resultsFile, written off the host thread. */
  | { type: 'results'; id: string; results: AnyPanelResults }
  | { type: 'loaded'; id: string; results: AnyPanelResults }
  /** kind 'input': the user can fix it (message says how); 'cancelled'; 'internal': a bug. */
  | { type: 'error'; id: string; kind: 'input' | 'cancelled' | 'internal'; message: string };
