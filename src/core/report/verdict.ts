// The one sentence that answers the user's question: which loss served the
// minority (positive) class best, and by how much. "Best" is minority F1 at the
// default threshold 0.5 (what a model does out of the box), ties broken by PR-AUC
// (threshold-free). The sentence is plain text; renderers escape it.

import type { ComparisonResults, ThresholdMetrics } from '../results';
import { isFiniteNumber } from './format';
import { classRoles, finishedRuns, isFinished, quoteName, runLabels, type FinishedRun } from './names';

interface Scored {
  run: FinishedRun;
  label: string;
  threshold: number;
  recall: number;
  f1: number;
  prAuc: number;
}

/** Values closer than this are the same result, not a win. */
const SAME = 1e-6;

export function minorityVerdict(results: Omit<ComparisonResults, 'verdict'>): string {
  const { dataset } = results;
  const classPhrase = `the ${classRoles(dataset).positive} class ${quoteName(dataset.positiveClass)}`;
  const labels = runLabels(results.runs);
  const failed = results.runs.map((run, i) => (isFinished(run) ? null : labels[i]!)).filter((l): l is string => l !== null);
  const failedNote = failed.length === 0 ? '' : ` (${joinWords(failed)} failed and ${failed.length === 1 ? 'is' : 'are'} not compared)`;

  const finished = finishedRuns(results);
  const scored = finished.map((run) => score(run, labels[results.runs.indexOf(run)]!, dataset.positiveClass));

  if (results.runs.length === 0) return 'No model was trained, so there is nothing to compare.';
  if (scored.length === 0) return `No run finished (${joinWords(failed)} failed), so there is nothing to compare.`;
  if (scored.length === 1) {
    const only = scored[0]!;
    return (
      `Only ${only.label} finished${failedNote}: for ${classPhrase} it reached a recall of ${fmt(only.recall)} ` +
      `and an F1 of ${fmt(only.f1)} at threshold ${fmtThreshold(only.threshold)}, with a PR-AUC of ${fmt(only.prAuc)}; ` +
      `there is no other loss to compare it with.`
    );
  }
  if (scored.every((s) => !isFiniteNumber(s.f1) && !isFiniteNumber(s.prAuc))) {
    return `No loss can be ranked for ${classPhrase}: F1 and PR-AUC are not available for any run${failedNote}.`;
  }

  const ranked = rank(scored);
  const best = ranked[0]!;
  const bce = ranked.find((s) => behavesLikeBce(s.run));

  if (behavesLikeBce(best.run)) {
    // BCE won (or tied): the useful comparison is with the strongest alternative.
    const rival = ranked[1]!;
    const allSame = ranked.every((s) => same(s.f1, best.f1) && same(s.prAuc, best.prAuc));
    if (allSame) {
      return (
        `No loss did better than BCE for ${classPhrase}: all ${ranked.length} runs reached an F1 of ${fmt(best.f1)} ` +
        `at threshold ${fmtThreshold(best.threshold)} and a PR-AUC of ${fmt(best.prAuc)}${failedNote}.`
      );
    }
    const [rivalF1, bestF1] = fmtPair(rival.f1, best.f1);
    const [rivalPr, bestPr] = fmtPair(rival.prAuc, best.prAuc);
    return (
      `No loss did better than BCE for ${classPhrase}: the best alternative, ${rival.label}, reached an F1 of ${rivalF1} ` +
      `vs ${bestF1} at threshold ${fmtThreshold(best.threshold)} and a PR-AUC of ${rivalPr} vs ${bestPr}${failedNote}.`
    );
  }

  // Against BCE when it ran; otherwise against the weakest run, the widest honest gap.
  const baseline = bce ?? ranked[ranked.length - 1]!;
  if (same(best.f1, baseline.f1) && same(best.prAuc, baseline.prAuc)) {
    return (
      `No loss did better than ${bce ? 'BCE' : 'the others'} for ${classPhrase}: all ${ranked.length} runs reached an F1 of ` +
      `${fmt(best.f1)} at threshold ${fmtThreshold(best.threshold)} and a PR-AUC of ${fmt(best.prAuc)}${failedNote}.`
    );
  }
  const [basePr, bestPr] = fmtPair(baseline.prAuc, best.prAuc);
  return (
    `${best.label} served ${classPhrase} best: ` +
    `recall at threshold ${fmtThreshold(best.threshold)} ${movement(baseline.recall, best.recall, baseline.label)}, ` +
    `F1 ${movement(baseline.f1, best.f1)}, at a PR-AUC of ${bestPr} vs ${basePr}${failedNote}.`
  );
}

function score(run: FinishedRun, label: string, positiveClass: string): Scored {
  const at = defaultThreshold(run.metrics.atThreshold);
  const perClass = at?.perClass[positiveClass];
  return {
    run,
    label,
    threshold: at?.threshold ?? 0.5,
    recall: perClass?.recall ?? NaN,
    f1: perClass?.f1 ?? NaN,
    prAuc: run.metrics.prAuc,
  };
}

/** The fixed 0.5 threshold; failing that, whichever reported threshold is nearest to it. */
function defaultThreshold(entries: readonly ThresholdMetrics[]): ThresholdMetrics | undefined {
  const fixed = entries.find((t) => t.thresholdSource === 'default');
  if (fixed) return fixed;
  return [...entries].sort((a, b) => Math.abs(a.threshold - 0.5) - Math.abs(b.threshold - 0.5))[0];
}

/** Highest F1 first, then highest PR-AUC; missing values last; on a full tie BCE first (no claim without a gain). */
function rank(scored: Scored[]): Scored[] {
  const key = (v: number) => (isFiniteNumber(v) ? v : -Infinity);
  return scored
    .map((s, order) => ({ s, order }))
    .sort((a, b) => {
      const f1 = key(b.s.f1) - key(a.s.f1);
      if (Math.abs(f1) > SAME) return f1;
      const pr = key(b.s.prAuc) - key(a.s.prAuc);
      if (Math.abs(pr) > SAME) return pr;
      const bce = Number(behavesLikeBce(b.s.run)) - Number(behavesLikeBce(a.s.run));
      return bce !== 0 ? bce : a.order - b.order;
    })
    .map(({ s }) => s);
}

/** BCE, or focal loss at gamma 0 without alpha (the same loss): the baseline of a gamma sweep. */
function behavesLikeBce(run: FinishedRun): boolean {
  return run.loss === 'bce' || (run.loss === 'focal' && run.gamma === 0);
}

function same(a: number, b: number): boolean {
  if (!isFiniteNumber(a) || !isFiniteNumber(b)) return !isFiniteNumber(a) && !isFiniteNumber(b);
  return Math.abs(a - b) <= SAME;
}

/** "rose from 0.41 (BCE) to 0.83", "fell from …", "stayed at 0.52". */
function movement(from: number, to: number, fromLabel?: string): string {
  const tag = fromLabel ? ` (${fromLabel})` : '';
  if (!isFiniteNumber(from) || !isFiniteNumber(to)) return `was ${fmt(to)} (${fmt(from)}${fromLabel ? ` for ${fromLabel}` : ' before'})`;
  if (same(from, to)) return `stayed at ${fmt(to)}${fromLabel ? ` (as with ${fromLabel})` : ''}`;
  const [a, b] = fmtPair(from, to);
  return `${to > from ? 'rose' : 'fell'} from ${a}${tag} to ${b}`;
}

function fmt(value: number): string {
  return isFiniteNumber(value) ? value.toFixed(2) : 'n/a';
}

/** Two decimals, more when two different values would otherwise print the same. */
function fmtPair(a: number, b: number): [string, string] {
  if (!isFiniteNumber(a) || !isFiniteNumber(b) || same(a, b)) return [fmt(a), fmt(b)];
  for (let decimals = 2; decimals < 4; decimals++) {
    if (a.toFixed(decimals) !== b.toFixed(decimals)) return [a.toFixed(decimals), b.toFixed(decimals)];
  }
  return [a.toFixed(4), b.toFixed(4)];
}

function fmtThreshold(value: number): string {
  return isFiniteNumber(value) ? String(Math.round(value * 1000) / 1000) : 'n/a';
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
