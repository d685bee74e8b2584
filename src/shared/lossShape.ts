// The shape of each loss as a function of p_t, the probability the model gives the true
// class, for the side bar's small chart: BCE (-log p_t), focal loss at gamma
// ((1 - p_t)^gamma * -log p_t), and alpha-balanced focal loss for either class. Pure: no DOM.
//
// Evaluated directly in p_t (not through a logit), in a form that stays finite on (0, 1]:
//   -log p_t          as -log1p(p_t - 1) above 0.5 (p_t - 1 is exact there), -log(p_t) below
//   (1 - p_t)^gamma   as exp(gamma * log1p(-p_t)), exactly 1 at gamma = 0 (BCE), 0 at p_t = 1
// so no gamma in [0, 10] gives NaN, and the focal curve equals perSampleLoss('focal') at the
// logit z = log(p_t / (1 - p_t)) with y = 1 (checked in test/unit/lossShape.test.ts).

/** The smallest p_t on the default grid: -log(0.001) ≈ 6.9, above any sensible y range. */
export const DEFAULT_MIN_PT = 1e-3;
/** Points on the default grid: smooth at a side bar's width, cheap to redraw on every slider move. */
export const DEFAULT_POINTS = 200;
/** The y range the chart shows: BCE reaches 5 at p_t ≈ 0.0067. */
export const LOSS_SHAPE_Y_MAX = 5;

/** `points` values of p_t from `minPt` to 1 inclusive, evenly spaced, increasing. */
export function ptGrid(points: number = DEFAULT_POINTS, minPt: number = DEFAULT_MIN_PT): number[] {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`ptGrid needs at least 2 points, got ${points}.`);
  if (!(minPt > 0 && minPt < 1)) throw new RangeError(`ptGrid needs 0 < minPt < 1, got ${minPt}.`);
  const grid = new Array<number>(points);
  const step = (1 - minPt) / (points - 1);
  for (let i = 0; i < points - 1; i++) grid[i] = minPt + i * step;
  grid[points - 1] = 1;
  return grid;
}

function checkPt(pt: number): void {
  if (!(pt > 0 && pt <= 1)) throw new RangeError(`p_t must be in (0, 1], got ${pt}.`);
}

function checkGamma(gamma: number): void {
  if (!(Number.isFinite(gamma) && gamma >= 0)) throw new RangeError(`gamma must be a finite number >= 0, got ${gamma}.`);
}

/** Cross-entropy of the true class, -log p_t; 0 at p_t = 1. */
export function bceOfPt(pt: number): number {
  checkPt(pt);
  if (pt === 1) return 0; // not -log1p(0), which is -0
  return pt > 0.5 ? -Math.log1p(pt - 1) : -Math.log(pt);
}

/** The focal modulating factor (1 - p_t)^gamma; exactly 1 at gamma = 0 (even at p_t = 1). */
export function modulatingFactor(pt: number, gamma: number): number {
  checkPt(pt);
  checkGamma(gamma);
  if (gamma === 0) return 1;
  if (pt === 1) return 0;
  return Math.exp(gamma * Math.log1p(-pt));
}

/** Focal loss of the true class, (1 - p_t)^gamma * -log p_t; equals BCE at gamma = 0. */
export function focalOfPt(pt: number, gamma: number): number {
  return modulatingFactor(pt, gamma) * bceOfPt(pt);
}

export interface LossShapeOptions {
  gamma: number;
  /** The weight of the positive class (the negative gets 1 - alpha); null: no alpha curves. */
  alpha: number | null;
  points?: number;
  minPt?: number;
}

export interface LossShapeCurves {
  /** The x values, increasing, ending at 1. */
  pt: number[];
  bce: number[];
  focal: number[];
  /** alpha * focal: the loss of a positive example whose p_t is x. Null without alpha. */
  alphaPositive: number[] | null;
  /** (1 - alpha) * focal: the loss of a negative example whose p_t is x. Null without alpha. */
  alphaNegative: number[] | null;
}

/** Every curve the chart draws, sampled on one p_t grid. */
export function lossShape(options: LossShapeOptions): LossShapeCurves {
  const { gamma, alpha } = options;
  checkGamma(gamma);
  if (alpha !== null && !(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be between 0 and 1, got ${alpha}.`);
  const pt = ptGrid(options.points, options.minPt);
  const bce = pt.map(bceOfPt);
  const focal = pt.map((p, i) => modulatingFactor(p, gamma) * bce[i]);
  return {
    pt,
    bce,
    focal,
    alphaPositive: alpha === null ? null : focal.map((f) => alpha * f),
    alphaNegative: alpha === null ? null : focal.map((f) => (1 - alpha) * f),
  };
}
