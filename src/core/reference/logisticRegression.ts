// Logistic regression as scikit-learn's LogisticRegression() defaults define it: L2 penalty,
// C = 1, intercept fitted and not penalised, i.e. the minimiser of
//   0.5·||w||² + C·Σ_i logloss(y_i, x_i·w + b).
// It is the "straight line" reference row the network must beat. Fitted to convergence in
// float64 (scikit-learn's default tol = 1e-4 stops early; we want its exact minimiser):
// Newton's method up to NEWTON_MAX_WIDTH columns, L-BFGS beyond, where a width² Hessian
// would not fit.

import { linearPredictor, type LogisticProblem } from './logisticObjective';
import { solveLbfgs } from './lbfgsSolver';
import { solveNewton } from './newtonSolver';

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength, as scikit-learn's C. Default 1. */
  C?: number;
  /** Default 100 for Newton, 10,000 for L-BFGS. */
  maxIterations?: number;
  /** Largest gradient entry divided by C·rows (the mean-log-loss scale) at which to stop. Default 1e-10. */
  tolerance?: number;
  /** Checked between iterations; an aborted signal throws CancelledError. */
  signal?: AbortSignal;
  /** 'auto' (default): Newton up to NEWTON_MAX_WIDTH columns, L-BFGS beyond. */
  solver?: 'auto' | 'newton' | 'lbfgs';
}

export interface LogisticRegressionModel {
  coefficients: Float64Array;
  intercept: number;
  iterations: number;
  /** False when maxIterations ran out (or rounding stalled the line search) before the tolerance was met. */
  converged: boolean;
}

/** Widest input fitted by Newton's method: its Hessian is (width+1)² doubles and width²/2 work per row. */
export const NEWTON_MAX_WIDTH = 300;
export const DEFAULT_TOLERANCE = 1e-10;
const DEFAULT_NEWTON_ITERATIONS = 100;
const DEFAULT_LBFGS_ITERATIONS = 10_000;

/**
 * Fits L2-regularised logistic regression to row-major float32 inputs (rows × width) and 0/1
 * labels. Safe on separable data (the penalty keeps w bounded), on all-zero and constant
 * columns (their coefficient is 0, or shared with the intercept by the penalty), and on
 * one-class labels (where scikit-learn refuses): the intercept then grows until the gradient
 * test passes, about ±23, and w stays 0, so predictions are the one class, finitely.
 */
export function fitLogisticRegression(
  inputs: Float32Array,
  labels: Uint8Array,
  rows: number,
  width: number,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  checkShape('fitLogisticRegression', inputs, rows, width);
  if (rows === 0) throw new RangeError('fitLogisticRegression needs at least one row.');
  if (labels.length !== rows) throw new RangeError(`fitLogisticRegression: ${labels.length} labels for ${rows} rows.`);
  let positives = 0;
  for (let i = 0; i < rows; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`fitLogisticRegression: labels must be 0 or 1; label ${i} is ${y}.`);
    positives += y;
  }
  for (let k = 0; k < inputs.length; k++) {
    if (!Number.isFinite(inputs[k])) {
      throw new RangeError(`fitLogisticRegression: inputs must be finite; row ${Math.floor(k / width)}, column ${k % width} is ${inputs[k]}.`);
    }
  }
  const C = options.C ?? 1;
  if (!(C > 0) || !Number.isFinite(C)) throw new RangeError(`fitLogisticRegression: C must be a positive number, got ${C}.`);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  if (!(tolerance > 0)) throw new RangeError(`fitLogisticRegression: tolerance must be positive, got ${tolerance}.`);
  const solver = options.solver ?? 'auto';
  const useNewton = solver === 'newton' || (solver === 'auto' && width <= NEWTON_MAX_WIDTH);
  const maxIterations = options.maxIterations ?? (useNewton ? DEFAULT_NEWTON_ITERATIONS : DEFAULT_LBFGS_ITERATIONS);
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(`fitLogisticRegression: maxIterations must be a whole number >= 0, got ${maxIterations}.`);
  }

  const problem: LogisticProblem = { inputs, labels, rows, width, C };
  // Start at w = 0 and the intercept of the base rate (half a row added to each class so that
  // one-class labels start finite): the optimum is usually close, which saves an iteration or two.
  const start = new Float64Array(width + 1);
  start[width] = Math.log((positives + 0.5) / (rows - positives + 0.5));
  const solverOptions = { maxIterations, tolerance, signal: options.signal };
  const result = useNewton ? solveNewton(problem, start, solverOptions) : solveLbfgs(problem, start, solverOptions);
  return {
    coefficients: result.theta.slice(0, width),
    intercept: result.theta[width],
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** The logits x_i·w + b of every row. */
export function predictLogits(model: LogisticRegressionModel, inputs: Float32Array, rows: number, width: number): Float64Array {
  checkShape('predictLogits', inputs, rows, width);
  if (model.coefficients.length !== width) {
    throw new RangeError(`predictLogits: the model has ${model.coefficients.length} coefficients, the inputs ${width} columns.`);
  }
  return linearPredictor(inputs, rows, width, model.coefficients, model.intercept, new Float64Array(rows));
}

function checkShape(fn: string, inputs: Float32Array, rows: number, width: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(width) || width < 0) {
    throw new RangeError(`${fn}: rows and width must be whole numbers >= 0, got ${rows} and ${width}.`);
  }
  if (inputs.length !== rows * width) {
    throw new RangeError(`${fn}: ${inputs.length} inputs do not make ${rows} rows × ${width} columns.`);
  }
}
