// Newton's method (IRLS) for the logistic objective: a Cholesky solve of the (width+1)²
// Hessian per iteration and a backtracking line search along the Newton direction.
// Quadratic convergence, so "to convergence" costs a handful of passes over the rows;
// the Hessian's width² memory and width²/2 work per row keep it to moderate widths.

import { throwIfAborted } from '../errors';
import { alongDirection, hessianAt, linearPredictor, objectiveAndGradient, scaledGradientNorm, type LogisticProblem } from './logisticObjective';
import { backtrack, dot, type SolverOptions, type SolverResult } from './solver';

export function solveNewton(problem: LogisticProblem, start: Float64Array, options: SolverOptions): SolverResult {
  const { inputs, rows, width } = problem;
  const m = width + 1;
  const theta = Float64Array.from(start);
  const margins = linearPredictor(inputs, rows, width, theta, theta[width], new Float64Array(rows));
  const marginSteps = new Float64Array(rows);
  const gradient = new Float64Array(m);
  const hessian = new Float64Array(m * m);
  const direction = new Float64Array(m);

  let iterations = 0;
  let converged = false;
  for (;;) {
    throwIfAborted(options.signal);
    // The gradient first: the last iteration then skips the Hessian, the costly pass.
    const value = objectiveAndGradient(problem, theta, margins, gradient);
    if (scaledGradientNorm(gradient, problem) <= options.tolerance) {
      converged = true;
      break;
    }
    if (iterations >= options.maxIterations) break;
    hessianAt(problem, margins, hessian);

    for (let j = 0; j < m; j++) direction[j] = -gradient[j];
    choleskySolveInPlace(hessian, m, direction);
    let slope0 = dot(gradient, direction);
    if (!(slope0 < 0)) {
      // Cannot happen for a positive definite Hessian; if rounding breaks it, fall back to steepest descent.
      for (let j = 0; j < m; j++) direction[j] = -gradient[j];
      slope0 = -dot(gradient, gradient);
    }
    linearPredictor(inputs, rows, width, direction, direction[width], marginSteps);
    const step = backtrack(value, slope0, (t) => alongDirection(problem, theta, direction, margins, marginSteps, t));
    if (step === 0) break; // no step along the direction lowers f: the precision floor
    for (let j = 0; j < m; j++) theta[j] += step * direction[j];
    for (let i = 0; i < rows; i++) margins[i] += step * marginSteps[i];
    iterations++;
  }
  return { theta, iterations, converged };
}

/**
 * Solves H·x = b for a symmetric positive definite H given by its upper triangle (row-major m×m),
 * overwriting b with x. The Hessian is positive definite in exact arithmetic (the penalty adds
 * the identity on w, the data give the intercept curvature C·Σ p(1-p) > 0); if rounding or
 * saturated probabilities make a pivot vanish, a growing ridge is added and the factorisation retried.
 */
export function choleskySolveInPlace(hessian: Float64Array, m: number, b: Float64Array): void {
  const factor = new Float64Array(m * m);
  let largestDiagonal = 0;
  for (let j = 0; j < m; j++) largestDiagonal = Math.max(largestDiagonal, Math.abs(hessian[j * m + j]));
  // A pivot this small relative to the largest diagonal entry would give a direction of rounding noise.
  const smallestPivot = largestDiagonal * 1e-14;
  let ridge = 0;
  for (let attempt = 0; !choleskyFactor(hessian, m, ridge, smallestPivot, factor); attempt++) {
    if (attempt === 30 || !Number.isFinite(largestDiagonal)) throw new Error(`Newton solver: the Hessian is not positive definite even with a ridge of ${ridge}.`);
    ridge = ridge === 0 ? Math.max(largestDiagonal, 1) * 1e-12 : ridge * 100;
  }
  // Forward substitution L·y = b, then back substitution Lᵀ·x = y (L lower, stored row-major).
  for (let i = 0; i < m; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= factor[i * m + k] * b[k];
    b[i] = sum / factor[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < m; k++) sum -= factor[k * m + i] * b[k];
    b[i] = sum / factor[i * m + i];
  }
}

/** L with L·Lᵀ = H + ridge·I into `factor` (lower triangle); false when a pivot is not above smallestPivot. */
function choleskyFactor(hessian: Float64Array, m: number, ridge: number, smallestPivot: number, factor: Float64Array): boolean {
  factor.fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      // H is stored as its upper triangle: H[j][i] with j <= i.
      let sum = hessian[j * m + i] + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= factor[i * m + k] * factor[j * m + k];
      if (i === j) {
        if (!(sum > smallestPivot) || !Number.isFinite(sum)) return false;
        factor[i * m + i] = Math.sqrt(sum);
      } else {
        factor[i * m + j] = sum / factor[j * m + j];
      }
    }
  }
  return true;
}
