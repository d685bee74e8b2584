// Typed messages between the engine and its training workers, and the events a comparison
// streams to whoever runs it (CLI, extension host). Discriminated on `type`.

import type { EpochReport, TrainingOutput, TrainingSettings } from '../core/model/train';
import type { TableInspection } from '../core/dataset/inspect';
import type { ComparisonConfig, DatasetSummary, DecisionPlane, LossKind, RunResult } from '../core/results';
import type { ComparisonRequest } from '../worker/runComparison';
import type { PanelResults } from './webviewProtocol';

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
}

export type ToTrainingWorker = { type: 'train'; job: TrainingJob };

export type FromTrainingWorker =
  | { type: 'epoch'; report: EpochReport }
  | { type: 'finished'; output: TrainingOutput; backend: string }
  | { type: 'failed'; message: string; reason: 'diverged' | 'error' }
  | { type: 'cancelled' };

export type ComparisonStage = 'reading' | 'preparing' | 'training' | 'evaluating';

export type ComparisonEvent =
  | { type: 'stage'; stage: ComparisonStage }
  | { type: 'read-progress'; bytesRead: number; totalBytes: number }
  | { type: 'dataset'; dataset: DatasetSummary; decisionPlane: DecisionPlane | null; config: ComparisonConfig }
  | { type: 'run-started'; loss: LossKind; gamma: number; alphaForPositiveClass: number | null }
  | ({ type: 'epoch'; loss: LossKind; gamma: number } & EpochReport)
  | { type: 'run-finished'; run: RunResult }
  | { type: 'run-failed'; loss: LossKind; gamma: number; message: string };

// ---------- extension host <-> comparison worker ----------


export type ToComparisonWorker =
  | { type: 'inspect'; id: string; file: string; target?: string; maxFileBytes: number }
  /** With resultsFile, the worker writes results.json there (atomically) before it answers. */
  | { type: 'compare'; id: string; request: ComparisonRequest; resultsFile?: string }
  | { type: 'cancel'; id: string };

export type FromComparisonWorker =
  | { type: 'inspected'; id: string; inspection: TableInspection }
  | { type: 'event'; id: string; event: ComparisonEvent }
  /** The results without the per-row test predictions; the complete results.json is in resultsFile, written off the host thread. */
  | { type: 'results'; id: string; results: PanelResults }
  /** kind 'input': the user can fix it (message says how); 'cancelled'; 'internal': a bug. */
  | { type: 'error'; id: string; kind: 'input' | 'cancelled' | 'internal'; message: string };
