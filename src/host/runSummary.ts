// The one-line summary of a finished run shown in the Runs view.

import { LOSS_LABELS, lossLabel } from '../core/results';
import { multiclassRunLabels } from '../core/report/multiclassLabels';
import { inverseFrequencyAlphas } from '../core/softmaxLosses';
import { armStrategy } from '../core/arms';
import type { RunSource } from '../shared/runIdentity';
import { isMulticlassPanelResults, type AnyPanelResults, type PanelMulticlassResults, type PanelResults, type PTrueHistogram } from '../shared/webviewProtocol';
import type { StoredRunSummary } from './runStore';

export function summariseRun(id: string, kind: StoredRunSummary['kind'], file: string, fileName: string, results: AnyPanelResults, source?: RunSource): StoredRunSummary {
  if (isMulticlassPanelResults(results)) return summariseMulticlassRun(id, kind, file, fileName, results, source);
  // The headline names the best mean PR-AUC (the ranking metric the verdict leads with); the verdict says whether it is reliable.
  let best: { label: string; mean: number } | undefined;
  for (const run of results.runs) {
    const mean = run.summary?.prAuc.mean;
    if (mean === undefined || mean === null || !Number.isFinite(mean)) continue;
    const label = kind === 'sweep' ? `γ ${run.gamma}` : (run.arm?.label ?? LOSS_LABELS[run.loss] ?? run.id);
    if (!best || mean > best.mean) best = { label, mean };
  }
  const folds = results.evaluation.folds * results.evaluation.repeats;
  const protocol = results.evaluation.protocol === 'cross-validation' ? `${folds} folds` : 'one split';
  return {
    id,
    kind,
    file,
    fileName,
    createdAt: results.createdAt,
    losses: results.runs.map((r) => r.id),
    headline: best ? `highest mean PR-AUC ${best.mean.toFixed(3)} (${best.label}, ${protocol})` : 'no finished model',
    verdict: results.verdict.text,
    positiveClass: results.dataset.positiveClass,
    negativeClass: results.dataset.negativeClass,
    autoAlpha: autoAlphaOf(results),
    ...(source ? { source } : {}),
    ...pTrueHistogramOf(results),
  };
}

/** A multi-class run: the headline names the best mean macro PR-AUC, and the summary keeps the classes and what auto alpha came to. */
function summariseMulticlassRun(id: string, kind: StoredRunSummary['kind'], file: string, fileName: string, results: PanelMulticlassResults, source?: RunSource): StoredRunSummary {
  const labels = kind === 'sweep' ? results.runs.map((r) => `γ ${r.gamma}`) : multiclassRunLabels(results.runs);
  let best: { label: string; mean: number } | undefined;
  results.runs.forEach((run, i) => {
    const mean = run.summary?.macroPrAuc.mean;
    if (typeof mean === 'number' && Number.isFinite(mean) && (!best || mean > best.mean)) best = { label: labels[i], mean };
  });
  const folds = results.evaluation.folds * results.evaluation.repeats;
  const protocol = results.evaluation.protocol === 'cross-validation' ? `${folds} folds` : 'one split';
  const classes = results.dataset.classes;
  const auto = results.config.alpha === 'auto' ? results.runs.find((r) => r.alphaPerClass)?.alphaPerClass : undefined;
  const withRows = results.runs.filter((r) => r.status === 'finished' && r.contributions);
  const baseline = withRows.find((r) => r.loss === 'bce') ?? withRows.find((r) => r.gamma === 0) ?? withRows[0];
  const counts = new Array<number>(10).fill(0);
  if (baseline?.contributions) for (const contribution of Object.values(baseline.contributions.atEpoch.kept)) contribution.count.forEach((n, bin) => (counts[bin] += n));
  return {
    id,
    kind,
    file,
    fileName,
    createdAt: results.createdAt,
    losses: results.runs.map((r) => r.id),
    headline: best ? `${classes.length} classes: highest mean macro PR-AUC ${best.mean.toFixed(3)} (${best.label}, ${protocol})` : 'no finished model',
    verdict: results.verdict.text,
    positiveClass: results.dataset.positiveClass,
    negativeClass: results.dataset.negativeClass,
    classes,
    // What an 'auto' run used, else the same rule (inverse class frequency) over the whole file: the split is stratified.
    autoAlphaPerClass: auto ? classes.map((c) => auto[c]) : inverseFrequencyAlphas(classes.map((c) => results.dataset.classCounts[c] ?? 0)),
    ...(source ? { source } : {}),
    ...(baseline?.contributions ? { pTrueHistogram: { runLabel: lossLabel(baseline.loss, 'multiclass'), counts } } : {}),
  };
}

/** The baseline run's training rows per p_t bin at its kept epoch (BCE, else gamma 0, else the first run with contributions). */
function pTrueHistogramOf(results: PanelResults): { pTrueHistogram?: PTrueHistogram } {
  const withRows = results.runs.filter((r) => r.status === 'finished' && r.contributions);
  const plain = (r: (typeof withRows)[number]) => !r.arm || armStrategy(r.arm) === null;
  const run = withRows.find((r) => r.loss === 'bce' && plain(r)) ?? withRows.find((r) => r.gamma === 0 && plain(r)) ?? withRows[0];
  if (!run?.contributions) return {};
  const counts = new Array<number>(10).fill(0);
  for (const contribution of Object.values(run.contributions.atEpoch.kept)) contribution.count.forEach((n, bin) => (counts[bin] += n));
  return { pTrueHistogram: { runLabel: run.arm?.label ?? LOSS_LABELS[run.loss] ?? run.id, counts } };
}

/** The alpha an 'auto' run used, else inverse class frequency over the whole file (the split is stratified). */
function autoAlphaOf(results: PanelResults): number | undefined {
  const used = results.config.alpha === 'auto' ? results.runs.find((r) => r.alphaForPositiveClass !== null)?.alphaForPositiveClass : undefined;
  if (typeof used === 'number') return used;
  const positives = results.dataset.classCounts[results.dataset.positiveClass] ?? 0;
  const total = Object.values(results.dataset.classCounts).reduce((a, b) => a + b, 0);
  return total > 0 ? (total - positives) / total : undefined;
}
