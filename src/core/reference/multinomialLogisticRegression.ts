// Multinomial logistic regression, the K-class "straight line" reference, as scikit-learn's
// LogisticRegression() defines it for three or more classes (multinomial since 1.5): with the
// binary reference's regularisation (L2, C = 1, intercepts fitted and not penalised), the
// minimiser of
//   0.5·||W||² + C·Σ_i [logsumexp(x_i·W + b) − (x_i·W + b)_{y_i}].
// W is unique (at the optimum its columns sum to zero); the intercepts only up to a common
// shift, which changes no probability: they are returned centred (summing to zero).
// Fitted by L-BFGS to the binary reference's tolerance in float64: (width + 1)·K parameters
// make a Hessian too large for Newton's method once K or the width grows.

import { throwIfAborted } from '../errors';
import { twoLoopDirection } from './lbfgsSolver';
import { DEFAULT_TOLERANCE } from './logisticRegression';
import { backtrack, dot } from './solver';

export interface MultinomialLogisticRegressionOptions {
  /** Inverse regularisation strength, as scikit-learn's C. Default 1. */
  C?: number;
  /** Default 10,000. */
  maxIterations?: number;
  /** Largest gradient entry divided by C·rows at which to stop. Default 1e-10, as the binary reference. */
  tolerance?: number;
  signal?: AbortSignal;
}

export interface MultinomialLogisticRegressionModel {
  classes: number;
  /** Row-major width × classes: coefficients[j·K + c] weighs input j for class c. */
  coefficients: Float64Array;
  /** One per class, centred to sum to zero. */
  intercepts: Float64Array;
  iterations: number;
  converged: boolean;
}

const MEMORY = 10;

interface Problem {
  inputs: Float32Array;
  labels: ArrayLike<number>;
  rows: number;
  width: number;
  classes: number;
  C: number;
}

/** Logits x_i·W + b of every row into `out` (row-major rows × K). */
function logitsOf(problem: Pick<Problem, 'inputs' | 'rows' | 'width' | 'classes'>, theta: ArrayLike<number>, out: Float64Array): Float64Array {
  const { inputs, rows, width, classes: k } = problem;
  const bias = width * k;
  for (let i = 0; i < rows; i++) {
    const row = i * width;
    const o = i * k;
    for (let c = 0; c < k; c++) out[o + c] = theta[bias + c];
    for (let j = 0; j < width; j++) {
      const x = inputs[row + j];
      if (x === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) out[o + c] += x * theta[w + c];
    }
  }
  return out;
}

/** The objective at theta, and its gradient into `gradient`; `logits` are theta's (logitsOf). */
function objectiveAndGradient(problem: Problem, theta: Float64Array, logits: Float64Array, gradient: Float64Array): number {
  const { inputs, labels, rows, width, classes: k, C } = problem;
  const bias = width * k;
  gradient.fill(0);
  const residual = new Float64Array(k);
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const o = i * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[o + c]);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[o + c] - max);
    const logSum = max + Math.log(sum);
    const y = labels[i];
    loss += logSum - logits[o + y];
    for (let c = 0; c < k; c++) residual[c] = Math.exp(logits[o + c] - logSum) - (c === y ? 1 : 0);
    for (let c = 0; c < k; c++) gradient[bias + c] += residual[c];
    const row = i * width;
    for (let j = 0; j < width; j++) {
      const x = inputs[row + j];
      if (x === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) gradient[w + c] += x * residual[c];
    }
  }
  let penalty = 0;
  for (let p = 0; p < theta.length; p++) {
    gradient[p] *= C;
    if (p < bias) {
      penalty += theta[p] * theta[p];
      gradient[p] += theta[p];
    }
  }
  return 0.5 * penalty + C * loss;
}

/**
 * Fits multinomial L2 logistic regression to row-major float32 inputs (rows × width) and class
 * indices 0..classes−1. A class without training rows gets a large negative intercept (its
 * probability goes towards 0), finitely.
 */
export function fitMultinomialLogisticRegression(
  inputs: Float32Array,
  labels: ArrayLike<number>,
  rows: number,
  width: number,
  classes: number,
  options: MultinomialLogisticRegressionOptions = {},
): MultinomialLogisticRegressionModel {
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`fitMultinomialLogisticRegression: classes must be a whole number >= 2, got ${classes}.`);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(width) || width < 0) throw new RangeError(`fitMultinomialLogisticRegression: needs rows >= 1 and width >= 0, got ${rows} and ${width}.`);
  if (inputs.length !== rows * width) throw new RangeError(`fitMultinomialLogisticRegression: ${inputs.length} inputs do not make ${rows} rows × ${width} columns.`);
  if (labels.length !== rows) throw new RangeError(`fitMultinomialLogisticRegression: ${labels.length} labels for ${rows} rows.`);
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(`fitMultinomialLogisticRegression: label ${i} is ${y}, not a class index below ${classes}.`);
    counts[y]++;
  }
  for (let p = 0; p < inputs.length; p++) {
    if (!Number.isFinite(inputs[p])) throw new RangeError(`fitMultinomialLogisticRegression: inputs must be finite; row ${Math.floor(p / width)}, column ${p % width} is ${inputs[p]}.`);
  }
  const C = options.C ?? 1;
  if (!(C > 0) || !Number.isFinite(C)) throw new RangeError(`fitMultinomialLogisticRegression: C must be a positive number, got ${C}.`);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? 10_000;
  const problem: Problem = { inputs, labels, rows, width, classes, C };
  const m = (width + 1) * classes;
  // Start at W = 0 and the intercepts of the class frequencies (half a row added to each class).
  let theta: Float64Array = new Float64Array(m);
  for (let c = 0; c < classes; c++) theta[width * classes + c] = Math.log((counts[c] + 0.5) / (rows + 0.5 * classes));
  let logits: Float64Array = logitsOf(problem, theta, new Float64Array(rows * classes));
  let gradient: Float64Array = new Float64Array(m);
  let value = objectiveAndGradient(problem, theta, logits, gradient);
  let trialTheta: Float64Array = new Float64Array(m);
  let trialLogits: Float64Array = new Float64Array(rows * classes);
  let trialGradient: Float64Array = new Float64Array(m);
  let trialValue = value;
  const steps: Float64Array[] = [];
  const changes: Float64Array[] = [];
  const inverseCurvatures: number[] = [];
  const direction = new Float64Array(m);
  const alphas = new Float64Array(MEMORY);
  const scale = C * rows;
  let iterations = 0;
  let converged = false;
  for (;;) {
    throwIfAborted(options.signal);
    let largest = 0;
    for (let p = 0; p < m; p++) largest = Math.max(largest, Math.abs(gradient[p]));
    if (largest / scale <= tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    twoLoopDirection(gradient, steps, changes, inverseCurvatures, alphas, direction);
    let slope0 = dot(gradient, direction);
    if (!(slope0 < 0)) {
      steps.length = 0;
      changes.length = 0;
      inverseCurvatures.length = 0;
      twoLoopDirection(gradient, steps, changes, inverseCurvatures, alphas, direction);
      slope0 = dot(gradient, direction);
    }
    const step = backtrack(value, slope0, (t) => {
      for (let p = 0; p < m; p++) trialTheta[p] = theta[p] + t * direction[p];
      logitsOf(problem, trialTheta, trialLogits);
      trialValue = objectiveAndGradient(problem, trialTheta, trialLogits, trialGradient);
      return { value: trialValue, slope: dot(trialGradient, direction) };
    });
    if (step === 0) break;
    const s = new Float64Array(m);
    const y = new Float64Array(m);
    for (let p = 0; p < m; p++) {
      s[p] = trialTheta[p] - theta[p];
      y[p] = trialGradient[p] - gradient[p];
    }
    const curvature = dot(s, y);
    if (curvature > 1e-12 * dot(y, y)) {
      if (steps.length === MEMORY) {
        steps.shift();
        changes.shift();
        inverseCurvatures.shift();
      }
      steps.push(s);
      changes.push(y);
      inverseCurvatures.push(1 / curvature);
    }
    [theta, trialTheta] = [trialTheta, theta];
    [logits, trialLogits] = [trialLogits, logits];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = trialValue;
    iterations++;
  }
  const intercepts = theta.slice(width * classes);
  const mean = intercepts.reduce((a, b) => a + b, 0) / classes;
  for (let c = 0; c < classes; c++) intercepts[c] -= mean;
  return { classes, coefficients: theta.slice(0, width * classes), intercepts, iterations, converged };
}

/** The logits x_i·W + b of every row, row-major rows × K. */
export function predictMultinomialLogits(model: MultinomialLogisticRegressionModel, inputs: Float32Array, rows: number, width: number): Float64Array {
  if (model.coefficients.length !== width * model.classes) throw new RangeError(`predictMultinomialLogits: the model has ${model.coefficients.length / model.classes} inputs, the data ${width} columns.`);
  if (inputs.length !== rows * width) throw new RangeError(`predictMultinomialLogits: ${inputs.length} inputs do not make ${rows} rows × ${width} columns.`);
  const theta = new Float64Array(model.coefficients.length + model.classes);
  theta.set(model.coefficients);
  theta.set(model.intercepts, model.coefficients.length);
  return logitsOf({ inputs, rows, width, classes: model.classes }, theta, new Float64Array(rows * model.classes));
}

/** The base-rate predictor for K classes: every row gets the class frequencies of the training rows, as logits (log frequencies). */
export function baseRateLogits(trainLabels: ArrayLike<number>, classes: number, rows: number): Float64Array {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < trainLabels.length; i++) counts[trainLabels[i]]++;
  const total = Math.max(1, trainLabels.length);
  // A class absent from the training rows gets a tiny share, not -Infinity (its log-loss stays finite).
  const logs = counts.map((n) => Math.log(Math.max(n / total, 1e-6)));
  const out = new Float64Array(rows * classes);
  for (let i = 0; i < rows; i++) for (let c = 0; c < classes; c++) out[i * classes + c] = logs[c];
  return out;
}
