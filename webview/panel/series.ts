// The models of a run as the charts see them: one series per model, keyed like `state.live`
// (the loss in a comparison, loss@gamma in a sweep), with a label and a fixed colour.

import { runKey, type LiveRun, type PanelRun, type PanelState } from '../../src/shared/webviewProtocol';
import type { LossKind } from '../../src/core/results';
import { fmtShort, lossLabel } from './format';
import { lossColour, lossDash, sweepColour, type Theme } from './theme';

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
}

export function gammaLabel(gamma: number): string {
  return `γ = ${fmtShort(gamma)}`;
}

/** Keys in display order: the config's loss order in a comparison, gamma order in a sweep. */
export function seriesKeys(state: PanelState): string[] {
  const keys = new Set<string>();
  if (state.results) for (const run of state.results.runs) keys.add(runKey(state.kind, run.loss, run.gamma));
  for (const key of Object.keys(state.live)) keys.add(key);
  if (state.kind === 'comparison' && state.config) for (const loss of state.config.losses) keys.add(loss);
  const list = [...keys];
  if (state.kind === 'sweep') {
    list.sort((a, b) => gammaOf(state, a) - gammaOf(state, b));
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

function liveFromRun(run: PanelRun): LiveRun {
  return {
    loss: run.loss,
    gamma: run.gamma,
    alphaForPositiveClass: run.alphaForPositiveClass,
    status: run.status,
    epochs: run.epochsRun,
    trainLoss: run.history?.trainLoss ?? [],
    valLoss: run.history?.valLoss ?? [],
    valLogLoss: run.history?.valLogLoss ?? [],
    ...(run.error ? { error: run.error } : {}),
  };
}

export function seriesFor(state: PanelState, theme: Theme): Series[] {
  const runs = new Map<string, PanelRun>();
  if (state.results) for (const run of state.results.runs) runs.set(runKey(state.kind, run.loss, run.gamma), run);
  return seriesKeys(state).map((key, index) => {
    const run = runs.get(key);
    // A state built from stored results may lack the live entry: draw the run's history instead.
    const live = state.live[key] ?? (run ? liveFromRun(run) : undefined);
    const loss: LossKind = run?.loss ?? live?.loss ?? (key.split('@')[0] as LossKind);
    const gamma = run?.gamma ?? live?.gamma ?? gammaOf(state, key);
    const sweep = state.kind === 'sweep';
    return {
      key,
      loss,
      gamma,
      label: sweep ? gammaLabel(gamma) : lossLabel(loss),
      colour: sweep ? sweepColour(theme, index) : lossColour(theme, loss),
      dash: sweep ? [] : lossDash(loss),
      live,
      run,
    };
  });
}
