// Messages between the extension host and its webviews (results panel, settings side bar).
// Discriminated on `type`; webviews send `ready` first and the host answers with the full
// state, then sends increments. Pure types and reducers: no vscode, no DOM.

import type { ComparisonConfig, ComparisonResults, DatasetSummary, DecisionPlane, EvaluationSettings, FoldEvaluation, FoldResult, LossKind, ReferenceResult, RunResult } from '../core/results';
import { pooledOperatingPoints } from '../core/evaluation/pooled';
import type { OperatingPoints } from '../core/metrics/operatingPoints';
import type { ModelMetrics } from '../core/results';
import type { MulticlassComparisonResults, MulticlassFoldEvaluation, MulticlassFoldResult, MulticlassReferenceResult, MulticlassRunResult } from '../core/multiclassResults';
import { isMulticlassResults } from '../core/multiclassResults';
import type { RunSource } from './runIdentity';
import type { Arm } from '../core/arms';
import type { FocalLabSettings } from './settings';

// ---------- results panel ----------

export type PanelPhase = 'reading' | 'preparing' | 'training' | 'evaluating' | 'finished' | 'cancelled' | 'failed';

/**
 * One model (run) while it trains. Its fits (folds × repeats) may overlap in time; the curves
 * are those of the fit that started last (`fitIndex`), reset whenever a new fit starts.
 */
export interface LiveRun {
  loss: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  status: 'waiting' | 'training' | 'finished' | 'failed';
  /** Planned epochs. */
  epochs: number;
  /** The fit whose curves are shown: 0-based index of all the run's fits, and how many there are. */
  fitIndex: number;
  fits: number;
  /** 0-based repeat and fold of that fit. */
  repeat: number;
  fold: number;
  /** Fits of this run that ended (finished or stopped early). */
  fitsDone: number;
  /** The best epoch so far of the shown fit (1-based; the kept weights with early stopping), if known. */
  bestEpoch: number | null;
  /** Where the shown fit is within the epoch it is training (large files), until that epoch ends. */
  batch?: { epoch: number; batch: number; batches: number };
  trainLoss: number[];
  valLoss: number[];
  valLogLoss: number[];
  error?: string;
}

/** A fold as the panel needs it: no per-row predictions, no per-fold curves or histories (large). */
export type PanelFold = Pick<FoldResult, 'repeat' | 'fold' | 'bestEpoch' | 'epochsRun' | 'rows'>;
export type PanelReferenceFold = Pick<FoldEvaluation, 'repeat' | 'fold' | 'rows'>;
/**
 * Pooled metrics as the panel needs them: no ROC or PR curve points, which the panel draws from
 * the operating points (the same rows, exact counts), so the point the threshold explorer marks
 * lies on the drawn curve.
 */
export type PanelMetrics = Omit<ModelMetrics, 'rocCurve' | 'prCurve'>;
interface PanelPooled {
  pooled: PanelMetrics | null;
  /**
   * Exact TP/FP counts at up to ~240 thresholds (every distinct score when there are fewer) of the
   * pooled out-of-fold test predictions (first repeat: every row once), with 0.5 and the mean
   * validation-tuned threshold among them: the threshold explorer and the ROC/PR curves.
   * Null for a failed run or a stored run without predictions.
   */
  operatingPoints: OperatingPoints | null;
}
export type PanelRun = Omit<RunResult, 'folds' | 'pooled'> & { folds: PanelFold[] } & PanelPooled;
export type PanelReference = Omit<ReferenceResult, 'folds' | 'pooled'> & { folds: PanelReferenceFold[] } & PanelPooled;
/** The results without what grows with the file or the folds: what the panel, the Runs view and the host need. */
export type PanelResults = Omit<ComparisonResults, 'runs' | 'references' | 'foldRows'> & { runs: PanelRun[]; references: PanelReference[] };

/** A multi-class fold and run as the panel needs them: no per-row predictions, no per-fold histories. */
export type PanelMulticlassFold = Pick<MulticlassFoldResult, 'repeat' | 'fold' | 'bestEpoch' | 'epochsRun' | 'rows'>;
export type PanelMulticlassRun = Omit<MulticlassRunResult, 'folds'> & { folds: PanelMulticlassFold[] };
export type PanelMulticlassReference = Omit<MulticlassReferenceResult, 'folds'> & { folds: Pick<MulticlassFoldEvaluation, 'repeat' | 'fold' | 'rows'>[] };
/** The multi-class results (dataset.task 'multiclass') without what grows with the file. */
export type PanelMulticlassResults = Omit<MulticlassComparisonResults, 'runs' | 'references'> & { runs: PanelMulticlassRun[]; references: PanelMulticlassReference[] };
/** Results of either task, as the comparison worker sends them: check isMulticlassResults. */
export type AnyPanelResults = PanelResults | PanelMulticlassResults;

export function isMulticlassPanelResults(results: AnyPanelResults): results is PanelMulticlassResults {
  return results.dataset.task === 'multiclass';
}

export interface PanelState {
  runId: string;
  /** 'comparison': one model per loss; 'sweep': the same loss over a grid of gamma values. */
  kind: 'comparison' | 'sweep';
  /** The CSV's file name, shown as the title. */
  fileName: string;
  /** Which file and settings the run used, and its number: Re-run repeats exactly this (absent in states saved by older versions). */
  source?: RunSource;
  phase: PanelPhase;
  /** Why the run ended, when cancelled or failed; one sentence. */
  message?: string;
  /** 0..1 while reading the file. */
  readFraction: number;
  config: ComparisonConfig | null;
  /** How the models are evaluated (folds, repeats, early stopping), once the data set is read. */
  evaluation: EvaluationSettings | null;
  dataset: DatasetSummary | null;
  decisionPlane: DecisionPlane | null;
  /** One entry per model, keyed by its run id (its arm's id: 'bce', 'bce+smote', or loss@gamma in a sweep). */
  live: Record<string, LiveRun>;
  /** What each run trains and is called, known once the data set is read (absent in states saved before arms). */
  arms?: Arm[];
  /** The two-class results (binary target, or one class against the rest). */
  results: PanelResults | null;
  /** The results of one multi-class model per loss (3+ classes); `results` stays null then. */
  multiclass?: PanelMulticlassResults | null;
  /** Share of the whole run done (0..1) and the estimated time left, while training. */
  progress?: RunProgressUpdate;
}

export interface RunProgressUpdate {
  fraction: number;
  /** Seconds left at the pace so far; null until there is a pace to go by. */
  etaSeconds: number | null;
}

/** A model's place within its current epoch. */
export interface BatchUpdate {
  key: string;
  fitIndex: number;
  epoch: number;
  batch: number;
  batches: number;
}

export interface EpochUpdate {
  key: string;
  /** The fit the epoch belongs to; updates of a fit no longer shown only count as progress. */
  fitIndex: number;
  epoch: number;
  epochs: number;
  trainLoss: number;
  valLoss: number;
  valLogLoss: number;
  bestEpoch: number;
}

export type ToPanel =
  | { type: 'state'; state: PanelState }
  | { type: 'phase'; phase: PanelPhase; message?: string }
  | { type: 'readProgress'; fraction: number }
  | { type: 'dataset'; dataset: DatasetSummary; decisionPlane: DecisionPlane | null; config: ComparisonConfig; evaluation: EvaluationSettings; arms: Arm[] }
  /** A fit (one fold of one model) starts: its curves replace the previous fold's. */
  | { type: 'runStarted'; key: string; loss: LossKind; gamma: number; alphaForPositiveClass: number | null; epochs: number; fitIndex: number; fits: number; repeat: number; fold: number }
  /** Several epochs at once: the host batches them to at most ~10 messages a second. */
  | { type: 'epochs'; updates: EpochUpdate[] }
  /** Progress within epochs and over the run: coalesced and sent with the epoch batches (at most ~10 a second). */
  | { type: 'progress'; progress: RunProgressUpdate; batches: BatchUpdate[] }
  | { type: 'fitFinished'; key: string; fitIndex: number; bestEpoch: number; epochsRun: number }
  | { type: 'runFailed'; key: string; message: string }
  | { type: 'results'; results: AnyPanelResults };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'stop' }
  | { type: 'rerun' }
  | { type: 'exportReport' }
  /** Copy Loss as Code for one run (its id) of the comparison; the host asks for the framework. */
  | { type: 'copyLossAsCode'; runKey: string }
  | { type: 'exportNotebook' }
  /** Put a table (Markdown or CSV) on the clipboard; `what` names it for the confirmation. */
  | { type: 'copyText'; text: string; what: string }
  /** Save a chart: a PNG data URL, offered under `fileName` in a save dialog. */
  | { type: 'saveImage'; fileName: string; dataUrl: string }
  /** Run this run again with the decision regions over the principal components, or over two columns the host asks for. */
  | { type: 'choosePlane'; plane: 'pca' | 'columns' };

/** The id of a model before results exist (schema-2 run ids: the loss, or loss@gamma in a sweep). */
export function runKey(kind: PanelState['kind'], loss: LossKind, gamma: number): string {
  return kind === 'sweep' ? `${loss}@${gamma}` : loss;
}

export function emptyPanelState(runId: string, kind: PanelState['kind'], fileName: string, source?: RunSource): PanelState {
  return { runId, kind, fileName, ...(source ? { source } : {}), phase: 'reading', readFraction: 0, config: null, evaluation: null, dataset: null, decisionPlane: null, live: {}, results: null };
}

/** Significant digits kept in the panel's copy: the panel shows three decimals; results.json keeps every digit. */
const PANEL_DIGITS = 6;

function compact(value: number): number {
  return Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(PANEL_DIGITS));
}

function compactAll<T>(value: T): T {
  if (typeof value === 'number') return compact(value) as T;
  if (Array.isArray(value)) return value.map((v) => compactAll(v)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = compactAll(v);
    return out as T;
  }
  return value;
}

/**
 * The panel's copy of the results: every fold's test predictions, curves and histories dropped
 * (they grow with the file and the folds; summaries, pooled metrics and the first fold's history
 * stay), the pooled predictions replaced by their operating points (bounded), numbers to six
 * significant digits. Whatever the file, the message stays small. Runs in the comparison worker
 * (and on the host only when a stored run is reopened).
 */
export function stripTestPredictions(results: ComparisonResults | PanelResults): PanelResults;
export function stripTestPredictions(results: ComparisonResults | MulticlassComparisonResults | AnyPanelResults): AnyPanelResults;
export function stripTestPredictions(results: ComparisonResults | MulticlassComparisonResults | AnyPanelResults): AnyPanelResults {
  if (isMulticlassResults(results)) return stripMulticlassPredictions(results as MulticlassComparisonResults | PanelMulticlassResults);
  return stripBinaryPredictions(results as ComparisonResults | PanelResults);
}

function stripBinaryPredictions(results: ComparisonResults | PanelResults): PanelResults {
  const fold = ({ repeat, fold, bestEpoch, epochsRun, rows }: PanelFold): PanelFold => ({ repeat, fold, bestEpoch, epochsRun, rows });
  const referenceFold = ({ repeat, fold, rows }: PanelReferenceFold): PanelReferenceFold => ({ repeat, fold, rows });
  const metrics = (m: ModelMetrics | PanelMetrics | null): PanelMetrics | null => {
    if (!m) return null;
    const { rocCurve: _roc, prCurve: _pr, ...rest } = m as ModelMetrics;
    return rest;
  };
  // Operating points from the folds' predictions; a copy that is already the panel's keeps its own.
  const points = (model: { folds: readonly (PanelFold | PanelReferenceFold | FoldEvaluation)[]; operatingPoints?: OperatingPoints | null }): OperatingPoints | null => {
    const folds = model.folds as FoldEvaluation[];
    if (folds.length && folds.every((f) => f.test && f.metrics)) return pooledOperatingPoints(folds);
    return model.operatingPoints ?? null;
  };
  const region = (decisionRegion: PanelRun['decisionRegion']) => (decisionRegion ? { probabilities: decisionRegion.probabilities.map((p) => Math.round(p * 1000) / 1000) } : null);
  // The fold rows grow with the file and serve only the exported notebook (read from results.json).
  const { foldRows: _foldRows, ...rest } = results as ComparisonResults;
  return compactAll({
    ...rest,
    runs: results.runs.map((run) => ({ ...run, folds: run.folds.map(fold), pooled: metrics(run.pooled), operatingPoints: run.status === 'finished' ? points(run) : null, decisionRegion: region(run.decisionRegion) })),
    references: (results.references ?? []).map((reference) => ({ ...reference, folds: reference.folds.map(referenceFold), pooled: metrics(reference.pooled), operatingPoints: points(reference) })),
  });
}

/** The multi-class counterpart: folds without predictions, region confidences to three decimals, numbers to six digits. */
function stripMulticlassPredictions(results: MulticlassComparisonResults | PanelMulticlassResults): PanelMulticlassResults {
  const fold = ({ repeat, fold, bestEpoch, epochsRun, rows }: PanelMulticlassFold): PanelMulticlassFold => ({ repeat, fold, bestEpoch, epochsRun, rows });
  return compactAll({
    ...results,
    runs: results.runs.map((run) => ({
      ...run,
      folds: run.folds.map(fold),
      decisionRegion: run.decisionRegion ? { predicted: run.decisionRegion.predicted, confidence: run.decisionRegion.confidence.map((p) => Math.round(p * 1000) / 1000) } : null,
    })),
    // Absent in results written before the references were fitted.
    references: (results.references ?? []).map((reference) => ({ ...reference, folds: reference.folds.map(({ repeat, fold, rows }) => ({ repeat, fold, rows })) })),
    referenceComparisons: results.referenceComparisons ?? [],
  });
}

/** A finished (or failed) run as the live series the loss charts draw: the first fold's history. */
export function liveFromRun(run: PanelRun | PanelMulticlassRun, existing?: LiveRun): LiveRun {
  return {
    loss: run.loss,
    gamma: run.gamma,
    alphaForPositiveClass: 'alphaForPositiveClass' in run ? run.alphaForPositiveClass : null,
    status: run.status,
    epochs: existing?.epochs ?? run.epochsRun,
    fitIndex: 0,
    fits: Math.max(1, run.folds.length),
    repeat: 0,
    fold: 0,
    fitsDone: run.folds.length,
    // The curves drawn once results exist are the first fold's, so is the best epoch.
    bestEpoch: run.status === 'finished' ? run.bestEpoch : null,
    trainLoss: run.history?.trainLoss ?? [],
    valLoss: run.history?.valLoss ?? [],
    valLogLoss: run.history?.valLogLoss ?? [],
    ...(run.error ? { error: run.error } : {}),
  };
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
      return { ...state, dataset: message.dataset, decisionPlane: message.decisionPlane, config: message.config, evaluation: message.evaluation, arms: message.arms, readFraction: 1 };
    case 'runStarted': {
      const existing = state.live[message.key];
      // A fit that starts before a later one already shown (fits may overlap) does not take over the charts.
      if (existing && existing.fitIndex > message.fitIndex && existing.trainLoss.length > 0) return state;
      return {
        ...state,
        live: {
          ...state.live,
          [message.key]: {
            loss: message.loss,
            gamma: message.gamma,
            alphaForPositiveClass: message.alphaForPositiveClass,
            status: existing?.status === 'failed' ? 'failed' : 'training',
            epochs: message.epochs,
            fitIndex: message.fitIndex,
            fits: message.fits,
            repeat: message.repeat,
            fold: message.fold,
            fitsDone: existing?.fitsDone ?? 0,
            bestEpoch: null,
            trainLoss: [],
            valLoss: [],
            valLogLoss: [],
            ...(existing?.error ? { error: existing.error } : {}),
          },
        },
      };
    }
    case 'epochs': {
      const live = { ...state.live };
      for (const update of message.updates) {
        const run = live[update.key];
        if (!run || run.fitIndex !== update.fitIndex) continue;
        const at = update.epoch - 1;
        const { batch: _done, ...rest } = run;
        void _done;
        live[update.key] = {
          ...rest,
          epochs: update.epochs,
          bestEpoch: update.bestEpoch,
          trainLoss: withValue(run.trainLoss, at, update.trainLoss),
          valLoss: withValue(run.valLoss, at, update.valLoss),
          valLogLoss: withValue(run.valLogLoss, at, update.valLogLoss),
        };
      }
      return { ...state, live };
    }
    case 'progress': {
      const live = { ...state.live };
      for (const update of message.batches) {
        const run = live[update.key];
        // A batch of an epoch already drawn (or of a fit no longer shown) is stale.
        if (!run || run.fitIndex !== update.fitIndex || update.epoch <= run.trainLoss.length) continue;
        live[update.key] = { ...run, batch: { epoch: update.epoch, batch: update.batch, batches: update.batches } };
      }
      return { ...state, live, progress: message.progress };
    }
    case 'fitFinished': {
      const run = state.live[message.key];
      if (!run) return state;
      const fitsDone = run.fitsDone + 1;
      const shown = run.fitIndex === message.fitIndex;
      return {
        ...state,
        live: {
          ...state.live,
          [message.key]: {
            ...run,
            fitsDone,
            status: run.status === 'failed' ? 'failed' : fitsDone >= run.fits ? 'finished' : run.status,
            bestEpoch: shown ? message.bestEpoch : run.bestEpoch,
          },
        },
      };
    }
    case 'runFailed': {
      const run = state.live[message.key];
      return run ? { ...state, live: { ...state.live, [message.key]: { ...run, status: 'failed', error: message.message } } } : state;
    }
    case 'results': {
      const live = { ...state.live };
      for (const run of message.results.runs) live[run.id] = liveFromRun(run, live[run.id]);
      const results = message.results;
      return {
        ...state,
        phase: 'finished',
        results: isMulticlassPanelResults(results) ? null : results,
        multiclass: isMulticlassPanelResults(results) ? results : null,
        config: message.results.config,
        evaluation: message.results.evaluation,
        dataset: message.results.dataset,
        decisionPlane: message.results.decisionPlane,
        // What each run trained, from the results when the panel missed the dataset message (a stored run).
        arms: results.runs.every((run) => run.arm) ? results.runs.map((run) => run.arm!) : state.arms,
        live,
      };
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

/** Training rows per p_t bin (0–0.1, …, 0.9–1), pooled over folds, under one run's loss at its kept epoch. */
export interface PTrueHistogram {
  /** The run's label ("BCE"). */
  runLabel: string;
  counts: number[];
}

export interface SidebarState {
  settings: FocalLabSettings;
  /** The positive class of the last data set, so the form can say which class alpha weighs. */
  positiveClass: string | null;
  negativeClass: string | null;
  /** What alpha 'auto' came to on the last data set (negatives / all rows of its training split), if known. */
  autoAlpha: number | null;
  /** Three or more classes trained as one model: the classes in order, and what 'auto' gives each (inverse class frequency, summing to 1). */
  classes?: string[] | null;
  autoAlphaPerClass?: number[] | null;
  /** The CSV a Run would use, if any, and where it comes from: the CSV in the editor, the results panel in view, or the last run. */
  fileName: string | null;
  filePath: string | null;
  fileSource: 'editor' | 'panel' | 'last run' | null;
  canRerun: boolean;
  /** What Re-run repeats, in words ("churn.csv, run 3 (BCE, focal · γ 2)"), when it can. */
  rerunLabel: string | null;
  running: boolean;
  /** Where the training rows of the last run of the file Run uses sit on the p_t axis, when known. */
  pTrueHistogram: (PTrueHistogram & { fileName: string }) | null;
}

export type ToSidebar = { type: 'state'; state: SidebarState };

export type FromSidebar =
  | { type: 'ready' }
  /**
   * Write settings; several at once when they are only valid together (the split fractions
   * must add up to 1). The host validates again and answers with the state.
   */
  | { type: 'changeSettings'; values: Partial<FocalLabSettings> }
  /** Run on the file the side bar names, with exactly these settings (the form's, all valid). */
  | { type: 'run'; settings: FocalLabSettings }
  | { type: 'rerun' }
  | { type: 'stop' };
