// The models of a run as the charts see them: one series per model, keyed like `state.live`
// (the run id: the loss in a comparison, loss@gamma in a sweep), with a label and a fixed colour;
// and the two reference predictors (base rate, logistic regression), drawn muted and marked.

import { liveFromRun, runKey, type LiveRun, type PanelMetrics, type PanelReference, type PanelRun, type PanelState } from '../../src/shared/webviewProtocol';
import type { LossKind, MetricSummaries, ReferenceKind } from '../../src/core/results';
import type { OperatingPoints } from '../../src/core/metrics/operatingPoints';
import { fmtShort, lossLabel } from './format';
import { hex, lossColour, lossDash, referenceColour, sweepColours, type Theme } from './theme';
import { armStyle } from '../../src/core/arms';
import { readableOn } from '../../src/core/report/palette';

export interface Series {
  key: string;
  loss: LossKind;
  gamma: number;
  label: string;
  colour: string;
  dash: number[];
  live: LiveRun | undefined;
  /** The finished (or failed) run, once results arrived. */
  run: PanelRun | undefined;
  /** Set for the reference predictors: not a loss, never part of the verdict. */
  reference: ReferenceKind | null;
  /** Per-metric mean, interval and per-fold values; null before results or for a failed run. */
  summary: MetricSummaries | null;
  /** Metrics of the pooled out-of-fold predictions (AUCs, reliability, confusion summed over folds). */
  pooled: PanelMetrics | null;
  /** Exact counts at the thresholds of the pooled predictions: ROC/PR curves and the threshold explorer. */
  points: OperatingPoints | null;
}

export const REFERENCE_LABELS: Readonly<Record<ReferenceKind, string>> = {
  'base-rate': 'Base rate',
  'logistic-regression': 'Logistic regression',
};

/** The reference predictors of the results, in a fixed order (base rate, then logistic regression). */
export function referenceSeries(state: PanelState, theme: Theme): Series[] {
  const references: PanelReference[] = state.results?.references ?? [];
  const order: ReferenceKind[] = ['base-rate', 'logistic-regression'];
  return [...references]
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((reference) => ({
      key: `reference-${reference.kind}`,
      loss: 'bce' as LossKind,
      gamma: 0,
      label: REFERENCE_LABELS[reference.kind] ?? reference.kind,
      colour: referenceColour(theme, reference.kind),
      dash: reference.kind === 'base-rate' ? [2, 3] : [8, 3, 2, 3],
      live: undefined,
      run: undefined,
      reference: reference.kind,
      summary: reference.summary ?? null,
      pooled: reference.pooled ?? null,
      points: reference.operatingPoints ?? null,
    }));
}

/** A sweep's column and legend name: gamma 0 is plain BCE, and says so. */
export function gammaLabel(gamma: number): string {
  return gamma === 0 ? 'γ = 0 (BCE)' : `γ = ${fmtShort(gamma)}`;
}

/** Keys in display order: the config's loss order in a comparison, gamma order in a sweep. */
export function seriesKeys(state: PanelState): string[] {
  const keys = new Set<string>();
  if (state.results) for (const run of state.results.runs) keys.add(run.id);
  for (const key of Object.keys(state.live)) keys.add(key);
  const arms = state.arms ?? state.results?.runs.flatMap((run) => (run.arm ? [run.arm] : []));
  if (state.kind === 'comparison' && !state.results) {
    if (arms && arms.length > 0) for (const arm of arms) keys.add(arm.id);
    else if (state.config) for (const loss of state.config.losses) keys.add(runKey(state.kind, loss, state.config.gamma));
  }
  const list = [...keys];
  if (state.kind === 'sweep') {
    list.sort((a, b) => gammaOf(state, a) - gammaOf(state, b));
  } else if (arms && arms.length > 0) {
    const order = arms.map((arm) => arm.id);
    list.sort((a, b) => rank(order, a) - rank(order, b));
  } else if (state.config) {
    const order = state.config.losses as string[];
    list.sort((a, b) => rank(order, a) - rank(order, b));
  }
  return list;
}

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

function gammaOf(state: PanelState, key: string): number {
  const live = state.live[key];
  if (live) return live.gamma;
  const at = key.lastIndexOf('@');
  return at >= 0 ? Number(key.slice(at + 1)) : 0;
}


export function seriesFor(state: PanelState, theme: Theme): Series[] {
  const runs = new Map<string, PanelRun>();
  if (state.results) for (const run of state.results.runs) runs.set(run.id, run);
  const keys = seriesKeys(state);
  const sweepPalette = sweepColours(theme, keys.map((key) => state.live[key]?.gamma ?? runs.get(key)?.gamma ?? gammaOf(state, key)));
  return keys.map((key, index) => {
    const run = runs.get(key);
    // A state built from stored results may lack the live entry: draw the run's history instead.
    const live = state.live[key] ?? (run ? liveFromRun(run) : undefined);
    const loss: LossKind = run?.loss ?? live?.loss ?? (key.split('@')[0] as LossKind);
    const gamma = run?.gamma ?? live?.gamma ?? gammaOf(state, key);
    const sweep = state.kind === 'sweep';
    // An arm names and styles itself ('BCE + SMOTE' in SMOTE's colour); older runs by their loss.
    const arm = run?.arm ?? state.arms?.find((a) => a.id === key);
    const style = arm ? armStyle(arm) : null;
    return {
      key,
      loss,
      gamma,
      label: sweep ? gammaLabel(gamma) : (arm?.label ?? lossLabel(loss, state.dataset?.task)),
      colour: sweep ? sweepPalette[index]! : style ? readableOn(style.colour, hex(theme.background)) : lossColour(theme, loss),
      dash: sweep ? [] : (style?.dash ?? lossDash(loss)),
      live,
      run,
      reference: null,
      summary: run?.status === 'finished' ? (run.summary ?? null) : null,
      pooled: run?.status === 'finished' ? (run.pooled ?? null) : null,
      points: run?.status === 'finished' ? (run.operatingPoints ?? null) : null,
    };
  });
}
