// Where a loss spends its gradient: the training rows binned by the model's probability of
// their true class p_t (10 equal-width bins) and by class, with the loss and the magnitude of
// the gradient with respect to the logit(s) summed per bin. With plain BCE the many easy
// majority rows (p_t near 1) can carry much of the gradient together; focal loss's
// (1 - p_t)^gamma turns them down. Filled during a training pass, row by row, from values the
// training step computes anyway, so it costs no pass of its own.

import { perSampleLoss, perSampleLossGradient, sigmoid } from '../losses';
import { perSampleSoftmaxLoss, perSampleSoftmaxLossGradient, softmaxKindOf, trueClassMargin } from '../softmaxLosses';
import type { ClassContribution, ContributionTable, LossKind, RunContributions } from '../results';

export type { ClassContribution, ContributionTable, RunContributions };

/** Number of equal-width p_t bins. */
export const CONTRIBUTION_BINS = 10;

/** Bin edges of p_t: 0, 0.1, ..., 1. */
export const P_TRUE_EDGES: readonly number[] = Array.from({ length: CONTRIBUTION_BINS + 1 }, (_, i) => i / CONTRIBUTION_BINS);

/** p_t bin of a probability: [0, 0.1) → 0, …, [0.9, 1] → 9. */
export function pTrueBin(pTrue: number): number {
  const bin = Math.floor(pTrue * CONTRIBUTION_BINS);
  return bin < 0 ? 0 : bin >= CONTRIBUTION_BINS ? CONTRIBUTION_BINS - 1 : bin;
}

/** Running sums per class × bin; add rows, merge folds, then turn into shares. */
export class ContributionBins {
  readonly count: Float64Array;
  readonly loss: Float64Array;
  readonly gradient: Float64Array;

  constructor(readonly classes: number) {
    this.count = new Float64Array(classes * CONTRIBUTION_BINS);
    this.loss = new Float64Array(classes * CONTRIBUTION_BINS);
    this.gradient = new Float64Array(classes * CONTRIBUTION_BINS);
  }

  /** One training row: its class index, p_t, its loss and |dL/dz| (the L2 norm over the logits for several classes). */
  add(classIndex: number, pTrue: number, loss: number, gradientMagnitude: number): void {
    const at = classIndex * CONTRIBUTION_BINS + pTrueBin(pTrue);
    this.count[at] += 1;
    this.loss[at] += loss;
    this.gradient[at] += gradientMagnitude;
  }

  /** Adds another fold's sums (pooling over folds). */
  merge(other: ContributionBins): void {
    if (other.classes !== this.classes) throw new RangeError(`merge: ${other.classes} classes into ${this.classes}`);
    for (let i = 0; i < this.count.length; i++) {
      this.count[i] += other.count[i];
      this.loss[i] += other.loss[i];
      this.gradient[i] += other.gradient[i];
    }
  }

  clear(): void {
    this.count.fill(0);
    this.loss.fill(0);
    this.gradient.fill(0);
  }

  /** A copy (kept when its epoch becomes the best one). */
  copy(): ContributionBins {
    const copy = new ContributionBins(this.classes);
    copy.merge(this);
    return copy;
  }

  /** Plain sums, to post between threads and pool. */
  toSums(): ContributionSums {
    return { classes: this.classes, count: Array.from(this.count), loss: Array.from(this.loss), gradient: Array.from(this.gradient) };
  }

  static fromSums(sums: ContributionSums): ContributionBins {
    const bins = new ContributionBins(sums.classes);
    bins.count.set(sums.count);
    bins.loss.set(sums.loss);
    bins.gradient.set(sums.gradient);
    return bins;
  }

  /** Shares summing to 1 over all classes and bins (all 0 when nothing was added). */
  toTable(classNames: readonly string[]): ContributionTable {
    if (classNames.length !== this.classes) throw new RangeError(`toTable: ${classNames.length} names for ${this.classes} classes`);
    const total = (values: Float64Array) => values.reduce((sum, value) => sum + value, 0);
    const lossTotal = total(this.loss);
    const gradientTotal = total(this.gradient);
    const table: ContributionTable = {};
    classNames.forEach((name, c) => {
      const slice = (values: Float64Array) => Array.from(values.subarray(c * CONTRIBUTION_BINS, (c + 1) * CONTRIBUTION_BINS));
      table[name] = {
        count: slice(this.count),
        lossShare: slice(this.loss).map((v) => (lossTotal > 0 ? v / lossTotal : 0)),
        gradientShare: slice(this.gradient).map((v) => (gradientTotal > 0 ? v / gradientTotal : 0)),
      };
    });
    return table;
  }
}

/** ContributionBins as plain data (structured-clone and JSON friendly). */
export interface ContributionSums {
  classes: number;
  count: number[];
  loss: number[];
  gradient: number[];
}

/** The gradient or loss share of one class's rows whose p_t lies in [from, to). */
export function shareBetween(contribution: ClassContribution, from: number, to: number, of: 'lossShare' | 'gradientShare' = 'gradientShare'): number {
  let share = 0;
  for (let bin = 0; bin < CONTRIBUTION_BINS; bin++) {
    const low = P_TRUE_EDGES[bin];
    if (low >= from - 1e-12 && low < to - 1e-12) share += contribution[of][bin];
  }
  return share;
}

/** Confidence groups the panel and reports name: easy rows are well classified, hard ones are not. */
export const CONFIDENCE_GROUPS = [
  { id: 'hard', label: 'hard (p_t < 0.5)', from: 0, to: 0.5 },
  { id: 'medium', label: 'medium (0.5 ≤ p_t < 0.9)', from: 0.5, to: 0.9 },
  { id: 'easy', label: 'easy (p_t ≥ 0.9)', from: 0.9, to: 1 + 1e-9 },
] as const;

/** What a run's loss needs to score a row: its kind, gamma and alpha (binary or per class). */
export interface ContributionLoss {
  kind: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  /** 2 (one logit) or K >= 3 (K logits per row). */
  classes: number;
  alphaPerClass: readonly number[] | null;
}

/**
 * Adds rows scored from their logits (one per row, or K per row row-major). The reference
 * losses do the scoring; the WebAssembly trainer adds rows itself from its own step.
 */
export function addRowsFromLogits(bins: ContributionBins, loss: ContributionLoss, labels: ArrayLike<number>, logits: ArrayLike<number>): void {
  if (loss.classes < 3) {
    const options = { gamma: loss.gamma, alpha: loss.alphaForPositiveClass };
    const losses = perSampleLoss(loss.kind, labels, logits, options);
    const gradients = perSampleLossGradient(loss.kind, labels, logits, options);
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i];
      bins.add(y, sigmoid((2 * y - 1) * logits[i]), losses[i], Math.abs(gradients[i]));
    }
    return;
  }
  const classes = loss.classes;
  const options = { classes, gamma: loss.gamma, alpha: loss.alphaPerClass ? [...loss.alphaPerClass] : null };
  const kind = softmaxKindOf(loss.kind);
  const losses = perSampleSoftmaxLoss(kind, labels, logits, options);
  const gradients = perSampleSoftmaxLossGradient(kind, labels, logits, options);
  for (let i = 0; i < labels.length; i++) {
    let squares = 0;
    for (let c = 0; c < classes; c++) squares += gradients[i * classes + c] ** 2;
    bins.add(labels[i], sigmoid(trueClassMargin(logits, i, classes, labels[i])), losses[i], Math.sqrt(squares));
  }
}

/** What a fit returns: the sums of epoch 1's pass and of the kept epoch's. */
export interface FitContributions {
  first: ContributionSums;
  kept: ContributionSums;
}

/** Pools the folds' sums (rows add up over folds) and turns them into shares; null when a fold has none. */
export function pooledContributions(perFold: readonly (FitContributions | null | undefined)[], classNames: readonly string[]): RunContributions | null {
  if (perFold.length === 0 || perFold.some((fit) => !fit)) return null;
  const pool = (epoch: 'first' | 'kept') => {
    const bins = new ContributionBins(classNames.length);
    for (const fit of perFold) bins.merge(ContributionBins.fromSums(fit![epoch]));
    return bins.toTable(classNames);
  };
  return { pTrueEdges: [...P_TRUE_EDGES], atEpoch: { first: pool('first'), kept: pool('kept') } };
}
