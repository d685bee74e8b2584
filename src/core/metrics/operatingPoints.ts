// A model's operating points: the exact confusion counts at a bounded list of thresholds, for the
// panel's threshold explorer. A point at threshold t counts the rows with p >= t as predicted
// positive (the rule of every other metric here). With few distinct scores every distinct score
// is a point, so the list is the complete curve (scikit-learn's roc_curve with
// drop_intermediate=False); with more, points are kept evenly along the curve in (FPR, TPR,
// precision), so detail survives where the curves bend, and the counts at each kept threshold
// stay exact. The list is bounded whatever the number of rows.

export interface OperatingPoints {
  /** Positive and negative rows the counts come from. */
  positives: number;
  negatives: number;
  /** Increasing thresholds; at thresholds[i], rows with p >= thresholds[i] are predicted positive. */
  thresholds: number[];
  /** True and false positives at each threshold (fn = positives - tp, tn = negatives - fp). */
  tp: number[];
  fp: number[];
  /** Every distinct score is a threshold (the complete curve), or the list was thinned. */
  complete: boolean;
}

export interface OperatingCounts {
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface OperatingMetrics extends OperatingCounts {
  /** TP / (TP + FP); 0 when nothing is predicted positive (scikit-learn's zero_division = 0). */
  precision: number;
  /** TP / positives (the true-positive rate). */
  recall: number;
  /** FP / negatives. */
  falsePositiveRate: number;
  /** 2PR / (P + R) = 2TP / (2TP + FP + FN); 0 when undefined. */
  f1: number;
}

/** Points kept per model in the panel's copy: about 4 KB of JSON per model. */
export const DEFAULT_MAX_OPERATING_POINTS = 240;

/**
 * The operating points of scores against labels (1 = positive). `include` are thresholds that
 * must be points (0.5, the validation-tuned threshold) even when the list is thinned.
 */
export function operatingPoints(labels: ArrayLike<number>, probabilities: ArrayLike<number>, options: { maxPoints?: number; include?: readonly number[] } = {}): OperatingPoints {
  if (labels.length !== probabilities.length) throw new RangeError(`operatingPoints: ${labels.length} labels but ${probabilities.length} probabilities.`);
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_OPERATING_POINTS;
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`operatingPoints: maxPoints must be a whole number >= 2, got ${maxPoints}.`);
  // Positives' and negatives' scores sorted apart (native numeric sorts, fast on a million rows),
  // then merged from the highest score down: counts at every distinct score.
  let nPositive = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPositive++;
  const positive = new Float64Array(nPositive);
  const negative = new Float64Array(labels.length - nPositive);
  for (let i = 0, a = 0, b = 0; i < labels.length; i++) {
    const p = probabilities[i]!;
    if (Number.isNaN(p)) throw new RangeError('operatingPoints: a probability is NaN.');
    if (labels[i] === 1) positive[a++] = p;
    else negative[b++] = p;
  }
  positive.sort();
  negative.sort();
  const all: { t: number; tp: number; fp: number }[] = [];
  let i = positive.length - 1;
  let j = negative.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? positive[i]! : -Infinity, j >= 0 ? negative[j]! : -Infinity);
    while (i >= 0 && positive[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && negative[j] === t) {
      fp++;
      j--;
    }
    all.push({ t, tp, fp });
  }
  all.reverse(); // increasing thresholds
  const P = positive.length;
  const N = negative.length;
  const complete = all.length <= maxPoints;
  const kept = complete ? all : thin(all, maxPoints, P, N);
  const points = kept.slice();
  // Thresholds that must be present: counts at t are those of the lowest distinct score >= t.
  for (const t of options.include ?? []) {
    if (!Number.isFinite(t) || points.some((p) => p.t === t)) continue;
    const at = lowestAtOrAbove(all, t);
    points.push(at ? { t, tp: at.tp, fp: at.fp } : { t, tp: 0, fp: 0 });
  }
  points.sort((a, b) => a.t - b.t);
  return { positives: P, negatives: N, thresholds: points.map((p) => p.t), tp: points.map((p) => p.tp), fp: points.map((p) => p.fp), complete: complete && points.length === kept.length };
}

function lowestAtOrAbove<T extends { t: number }>(sorted: readonly T[], t: number): T | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
}

/** At most maxPoints of the points, evenly spaced along the curve in (FPR, TPR, precision); the ends always kept. */
function thin(points: readonly { t: number; tp: number; fp: number }[], maxPoints: number, P: number, N: number): { t: number; tp: number; fp: number }[] {
  const coords = (p: { tp: number; fp: number }): [number, number, number] => [N ? p.fp / N : 0, P ? p.tp / P : 0, p.tp + p.fp ? p.tp / (p.tp + p.fp) : 1];
  const cumulative = new Float64Array(points.length);
  let previous = coords(points[0]!);
  for (let k = 1; k < points.length; k++) {
    const c = coords(points[k]!);
    cumulative[k] = cumulative[k - 1]! + Math.abs(c[0] - previous[0]) + Math.abs(c[1] - previous[1]) + Math.abs(c[2] - previous[2]);
    previous = c;
  }
  const pick = (targets: number): number[] => {
    const last = points.length - 1;
    const total = cumulative[last]!;
    const kept = [0];
    let k = 0;
    for (let s = 1; s < targets - 1; s++) {
      if (total > 0) {
        const target = (s * total) / (targets - 1);
        while (k < last && cumulative[k]! < target) k++;
      } else k = Math.round((s * last) / (targets - 1));
      if (k > kept[kept.length - 1]! && k < last) kept.push(k);
    }
    kept.push(last);
    return kept;
  };
  // Targets landing on one long segment pick the same point: find the densest spacing that fits.
  let lo = maxPoints;
  let hi = points.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (pick(mid).length <= maxPoints) lo = mid;
    else hi = mid - 1;
  }
  return pick(lo).map((k) => points[k]!);
}

/** The counts at the i-th point. */
export function countsAt(points: OperatingPoints, index: number): OperatingCounts {
  const tp = points.tp[index]!;
  const fp = points.fp[index]!;
  return { threshold: points.thresholds[index]!, tp, fp, fn: points.positives - tp, tn: points.negatives - fp };
}

/** Precision, recall, false-positive rate and F1 of counts (scikit-learn's definitions, zero_division = 0). */
export function operatingMetrics(counts: OperatingCounts): OperatingMetrics {
  const { tp, fp, fn, tn } = counts;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const falsePositiveRate = fp + tn === 0 ? 0 : fp / (fp + tn);
  const f1 = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { ...counts, precision, recall, falsePositiveRate, f1 };
}

/** The index of the point whose threshold is closest to t (the lower one on a tie). */
export function nearestPoint(points: OperatingPoints, t: number): number {
  let best = 0;
  for (let k = 1; k < points.thresholds.length; k++) if (Math.abs(points.thresholds[k]! - t) < Math.abs(points.thresholds[best]! - t)) best = k;
  return best;
}

/** The highest threshold whose recall is at least `minRecall` (the fewest false positives that reach it); null if none. */
export function pointForRecall(points: OperatingPoints, minRecall: number): number | null {
  for (let k = points.thresholds.length - 1; k >= 0; k--) {
    if (points.positives > 0 && points.tp[k]! / points.positives >= minRecall) return k;
  }
  return null;
}

/**
 * The point of the lowest cost `costRatio · FN + FP` (a missed positive costs `costRatio` false
 * alarms); the higher threshold on a tie.
 */
export function pointForCost(points: OperatingPoints, costRatio: number): number {
  let best = 0;
  let bestCost = Infinity;
  for (let k = 0; k < points.thresholds.length; k++) {
    const cost = costRatio * (points.positives - points.tp[k]!) + points.fp[k]!;
    if (cost <= bestCost) {
      best = k;
      bestCost = cost;
    }
  }
  return best;
}

/** The point of the highest F1 (the higher threshold on a tie; F1s compared exactly, as fractions of counts). */
export function pointForBestF1(points: OperatingPoints): number {
  let best = 0;
  let bestNumerator = -1;
  let bestDenominator = 1;
  for (let k = 0; k < points.thresholds.length; k++) {
    const tp = points.tp[k]!;
    // F1 = 2TP / (2TP + FP + FN) = 2TP / (TP + FP + positives).
    const numerator = 2 * tp;
    const denominator = tp + points.fp[k]! + points.positives;
    const f1Numerator = denominator === 0 ? 0 : numerator;
    const f1Denominator = denominator === 0 ? 1 : denominator;
    if (f1Numerator * bestDenominator >= bestNumerator * f1Denominator) {
      best = k;
      bestNumerator = f1Numerator;
      bestDenominator = f1Denominator;
    }
  }
  return best;
}
