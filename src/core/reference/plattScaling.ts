// Platt scaling: recalibrates a model's logits z as sigmoid(slope·z + intercept), fitted on
// validation rows by unregularised maximum likelihood (scikit-learn's
// LogisticRegression(penalty=None) on the one feature z). Alpha weighting moves a model's
// implied prior; recalibrating puts the losses on an equal footing before calibration is compared.
//
// The maximum-likelihood fit does not exist when the logits separate the classes (every
// positive at or above every negative, or the reverse) or when only one class is present:
// the slope or intercept runs off to infinity. Then the targets are smoothed as in Platt (1999),
// positives to (N+ + 1)/(N+ + 2) and negatives to 1/(N- + 2), which keeps both finite and
// for one class gives slope 0 and an intercept of logit((N + 1)/(N + 2)) (or its negative).
// Constant logits carry no ranking: slope 0 and the intercept of the (smoothed if one-class)
// prevalence.

import { sigmoid } from '../losses';
import { backtrack } from './solver';

export interface PlattScaling {
  slope: number;
  intercept: number;
  /** How the fit was made (see the file comment). */
  method: 'maximum-likelihood' | 'smoothed-targets' | 'constant-logits';
}

const MAX_ITERATIONS = 200;
/** Largest gradient entry, per row, at which the fit stops. */
const TOLERANCE = 1e-12;

export function fitPlattScaling(logits: ArrayLike<number>, labels: ArrayLike<number>): PlattScaling {
  const n = logits.length;
  if (labels.length !== n) throw new RangeError(`fitPlattScaling: ${n} logits and ${labels.length} labels.`);
  if (n === 0) throw new RangeError('fitPlattScaling needs at least one row.');
  let positives = 0;
  let minPositive = Infinity;
  let maxPositive = -Infinity;
  let minNegative = Infinity;
  let maxNegative = -Infinity;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = logits[i];
    const y = labels[i];
    if (!Number.isFinite(z)) throw new RangeError(`fitPlattScaling: logits must be finite; logit ${i} is ${String(z)}.`);
    if (y === 1) {
      positives++;
      minPositive = Math.min(minPositive, z);
      maxPositive = Math.max(maxPositive, z);
    } else if (y === 0) {
      minNegative = Math.min(minNegative, z);
      maxNegative = Math.max(maxNegative, z);
    } else {
      throw new RangeError(`fitPlattScaling: labels must be 0 or 1; label ${i} is ${String(y)}.`);
    }
    sum += z;
  }
  const negatives = n - positives;
  const bothClasses = positives > 0 && negatives > 0;
  // The MLE exists exactly when the classes overlap in both directions.
  const overlap = bothClasses && minPositive < maxNegative && maxPositive > minNegative;
  const positiveTarget = overlap ? 1 : (positives + 1) / (positives + 2);
  const negativeTarget = overlap ? 0 : 1 / (negatives + 2);

  if (Math.min(minPositive, minNegative) === Math.max(maxPositive, maxNegative)) {
    const meanTarget = bothClasses ? positives / n : (positives * positiveTarget + negatives * negativeTarget) / n;
    return { slope: 0, intercept: Math.log(meanTarget) - Math.log1p(-meanTarget), method: 'constant-logits' };
  }
  // Centre and scale z so that Newton's 2×2 system is well conditioned whatever the logits' range.
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (logits[i] - mean) ** 2;
  const scale = Math.sqrt(squares / n);
  const x = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (logits[i] - mean) / scale;
    t[i] = labels[i] === 1 ? positiveTarget : negativeTarget;
  }
  const [a, b] = newtonTwoParameters(x, t);
  return { slope: a / scale, intercept: b - (a * mean) / scale, method: overlap ? 'maximum-likelihood' : 'smoothed-targets' };
}

/** Calibrated probabilities sigmoid(slope·z + intercept). */
export function applyPlattScaling(model: PlattScaling, logits: ArrayLike<number>): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = sigmoid(model.slope * logits[i] + model.intercept);
  return out;
}

/** Cross-entropy Σ softplus(η) - t·η with η = a·x + b, minimised by Newton with backtracking. */
function newtonTwoParameters(x: Float64Array, t: Float64Array): [number, number] {
  const n = x.length;
  let meanTarget = 0;
  for (let i = 0; i < n; i++) meanTarget += t[i] / n;
  // Start at the best constant prediction: finite, and the Hessian is well defined there.
  let a = 0;
  let b = Math.log(meanTarget) - Math.log1p(-meanTarget);
  const evaluate = (slope: number, intercept: number, da: number, db: number) => {
    let value = 0;
    let directional = 0;
    for (let i = 0; i < n; i++) {
      const eta = slope * x[i] + intercept;
      value += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - t[i] * eta;
      directional += (sigmoid(eta) - t[i]) * (da * x[i] + db);
    }
    return { value, slope: directional };
  };
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    let ga = 0;
    let gb = 0;
    let haa = 0;
    let hab = 0;
    let hbb = 0;
    let value = 0;
    for (let i = 0; i < n; i++) {
      const eta = a * x[i] + b;
      const p = sigmoid(eta);
      const r = p - t[i];
      const w = p * sigmoid(-eta);
      value += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - t[i] * eta;
      ga += r * x[i];
      gb += r;
      haa += w * x[i] * x[i];
      hab += w * x[i];
      hbb += w;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= TOLERANCE * n) break;
    const determinant = haa * hbb - hab * hab;
    let da: number;
    let db: number;
    if (determinant > 1e-14 * haa * hbb && determinant > 0) {
      da = -(hbb * ga - hab * gb) / determinant;
      db = -(haa * gb - hab * ga) / determinant;
    } else {
      // Saturated probabilities left no curvature to trust: step downhill instead.
      da = -ga / n;
      db = -gb / n;
    }
    const slope0 = ga * da + gb * db;
    if (!(slope0 < 0)) break;
    const step = backtrack(value, slope0, (s) => evaluate(a + s * da, b + s * db, da, db));
    if (step === 0) break;
    a += step * da;
    b += step * db;
  }
  return [a, b];
}
