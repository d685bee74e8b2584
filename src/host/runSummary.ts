// The one-line summary of a finished run shown in the Runs view.

import { LOSS_LABELS } from '../core/results';
import type { PanelResults } from '../shared/webviewProtocol';
import type { StoredRunSummary } from './runStore';

export function summariseRun(id: string, kind: StoredRunSummary['kind'], file: string, fileName: string, results: PanelResults): StoredRunSummary {
  const positive = results.dataset.positiveClass;
  let best: { label: string; f1: number } | undefined;
  for (const run of results.runs) {
    const f1 = run.metrics?.atThreshold.find((t) => t.thresholdSource === 'default')?.perClass[positive]?.f1;
    if (f1 === undefined || !Number.isFinite(f1)) continue;
    const label = kind === 'sweep' ? `γ ${run.gamma}` : LOSS_LABELS[run.loss];
    if (!best || f1 > best.f1) best = { label, f1 };
  }
  return {
    id,
    kind,
    file,
    fileName,
    createdAt: results.createdAt,
    losses: kind === 'sweep' ? results.runs.map((r) => `${r.loss}@${r.gamma}`) : results.runs.map((r) => r.loss),
    headline: best ? `best minority F1 ${best.f1.toFixed(2)} (${best.label})` : 'no finished model',
    verdict: results.verdict,
    positiveClass: positive,
    negativeClass: results.dataset.negativeClass,
    autoAlpha: autoAlphaOf(results),
  };
}

/** The alpha an 'auto' run used, else inverse class frequency over the whole file (the split is stratified). */
function autoAlphaOf(results: PanelResults): number | undefined {
  const used = results.config.alpha === 'auto' ? results.runs.find((r) => r.alphaForPositiveClass !== null)?.alphaForPositiveClass : undefined;
  if (typeof used === 'number') return used;
  const positives = results.dataset.classCounts[results.dataset.positiveClass] ?? 0;
  const total = Object.values(results.dataset.classCounts).reduce((a, b) => a + b, 0);
  return total > 0 ? (total - positives) / total : undefined;
}
