// Messages between the extension host and its webviews (results panel, settings side bar).
// Discriminated on `type`; webviews send `ready` first and the host answers with the full
// state, then sends increments. Pure types and reducers: no vscode, no DOM.

import type { ComparisonConfig, ComparisonResults, DatasetSummary, DecisionPlane, LossKind, RunResult } from '../core/results';
import type { FocalLabSettings } from './settings';

// ---------- results panel ----------

export type PanelPhase = 'reading' | 'preparing' | 'training' | 'evaluating' | 'finished' | 'cancelled' | 'failed';

export interface LiveRun {
  loss: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  status: 'waiting' | 'training' | 'finished' | 'failed';
  /** Planned epochs. */
  epochs: number;
  trainLoss: number[];
  valLoss: number[];
  valLogLoss: number[];
  error?: string;
}

/** A run as the panel needs it: everything but the per-row test predictions (large). */
export type PanelRun = Omit<RunResult, 'test'>;
export type PanelResults = Omit<ComparisonResults, 'runs'> & { runs: PanelRun[] };

export interface PanelState {
  runId: string;
  /** 'comparison': one model per loss; 'sweep': the same loss over a grid of gamma values. */
  kind: 'comparison' | 'sweep';
  /** The CSV's file name, shown as the title. */
  fileName: string;
  phase: PanelPhase;
  /** Why the run ended, when cancelled or failed; one sentence. */
  message?: string;
  /** 0..1 while reading the file. */
  readFraction: number;
  config: ComparisonConfig | null;
  dataset: DatasetSummary | null;
  decisionPlane: DecisionPlane | null;
  /** One entry per model, keyed by `runKey` (loss, or loss@gamma in a sweep). */
  live: Record<string, LiveRun>;
  results: PanelResults | null;
}

export interface EpochUpdate {
  key: string;
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  valLogLoss: number;
}

export type ToPanel =
  | { type: 'state'; state: PanelState }
  | { type: 'phase'; phase: PanelPhase; message?: string }
  | { type: 'readProgress'; fraction: number }
  | { type: 'dataset'; dataset: DatasetSummary; decisionPlane: DecisionPlane | null; config: ComparisonConfig }
  | { type: 'runStarted'; key: string; loss: LossKind; gamma: number; alphaForPositiveClass: number | null; epochs: number }
  /** Several epochs at once: the host batches them to at most ~10 messages a second. */
  | { type: 'epochs'; updates: EpochUpdate[] }
  | { type: 'runFailed'; key: string; message: string }
  | { type: 'results'; results: PanelResults };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'rerun' }
  | { type: 'exportReport' };

export function runKey(kind: PanelState['kind'], loss: LossKind, gamma: number): string {
  return kind === 'sweep' ? `${loss}@${gamma}` : loss;
}

export function emptyPanelState(runId: string, kind: PanelState['kind'], fileName: string): PanelState {
  return { runId, kind, fileName, phase: 'reading', readFraction: 0, config: null, dataset: null, decisionPlane: null, live: {}, results: null };
}

export function stripTestPredictions(results: ComparisonResults): PanelResults {
  return { ...results, runs: results.runs.map(({ test: _test, ...run }) => run) };
}

/** The one reducer both sides use: the host keeps the state to replay it, the panel to draw it. */
export function applyToPanelState(state: PanelState, message: ToPanel): PanelState {
  switch (message.type) {
    case 'state':
      return message.state;
    case 'phase':
      return { ...state, phase: message.phase, message: message.message };
    case 'readProgress':
      return { ...state, readFraction: message.fraction };
    case 'dataset':
      return { ...state, dataset: message.dataset, decisionPlane: message.decisionPlane, config: message.config, readFraction: 1 };
    case 'runStarted':
      return {
        ...state,
        live: {
          ...state.live,
          [message.key]: { loss: message.loss, gamma: message.gamma, alphaForPositiveClass: message.alphaForPositiveClass, status: 'training', epochs: message.epochs, trainLoss: [], valLoss: [], valLogLoss: [] },
        },
      };
    case 'epochs': {
      const live = { ...state.live };
      for (const update of message.updates) {
        const run = live[update.key];
        if (!run) continue;
        const at = update.epoch - 1;
        live[update.key] = {
          ...run,
          epochs: update.epochs,
          trainLoss: withValue(run.trainLoss, at, update.trainLoss),
          valLoss: withValue(run.valLoss, at, update.valLoss),
          valLogLoss: withValue(run.valLogLoss, at, update.valLogLoss),
        };
      }
      return { ...state, live };
    }
    case 'runFailed': {
      const run = state.live[message.key];
      return run ? { ...state, live: { ...state.live, [message.key]: { ...run, status: 'failed', error: message.message } } } : state;
    }
    case 'results': {
      const live = { ...state.live };
      for (const run of message.results.runs) {
        const key = runKey(state.kind, run.loss, run.gamma);
        const existing = live[key];
        live[key] = {
          loss: run.loss,
          gamma: run.gamma,
          alphaForPositiveClass: run.alphaForPositiveClass,
          status: run.status,
          epochs: existing?.epochs ?? run.epochsRun,
          ...run.history,
          ...(run.error ? { error: run.error } : {}),
        };
      }
      return { ...state, phase: 'finished', results: message.results, config: message.results.config, dataset: message.results.dataset, decisionPlane: message.results.decisionPlane, live };
    }
    default: {
      const unexpected: never = message;
      return unexpected;
    }
  }
}

function withValue(values: number[], index: number, value: number): number[] {
  const copy = values.slice(0, index);
  copy[index] = value;
  return copy;
}

// ---------- settings side bar ----------

export interface SidebarState {
  settings: FocalLabSettings;
  /** The positive class of the last data set, so the form can say which class alpha weighs. */
  positiveClass: string | null;
  negativeClass: string | null;
  /** What alpha 'auto' came to on the last data set (negatives / all rows of its training split), if known. */
  autoAlpha: number | null;
  /** The CSV a Run would use (active editor or last run), if any. */
  fileName: string | null;
  canRerun: boolean;
  running: boolean;
}

export type ToSidebar = { type: 'state'; state: SidebarState };

export type FromSidebar =
  | { type: 'ready' }
  /**
   * Write settings; several at once when they are only valid together (the split fractions
   * must add up to 1). The host validates again and answers with the state.
   */
  | { type: 'changeSettings'; values: Partial<FocalLabSettings> }
  | { type: 'run' }
  | { type: 'rerun' }
  | { type: 'stop' };
