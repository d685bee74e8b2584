// L-BFGS for the logistic objective, for widths where a (width+1)² Hessian is too big to
// hold or factor (Focal Lab accepts up to 10,000 columns). Memory: a few vectors of
// width + 1 and one of rows; each evaluation is two passes over the rows.

import { throwIfAborted } from '../errors';
import { linearPredictor, objectiveAndGradient, scaledGradientNorm, type LogisticProblem } from './logisticObjective';
import { backtrack, dot, type SolverOptions, type SolverResult } from './solver';

/** Correction pairs kept (scipy's L-BFGS-B, which scikit-learn uses, keeps 10). */
const MEMORY = 10;

export function solveLbfgs(problem: LogisticProblem, start: Float64Array, options: SolverOptions): SolverResult {
  const { inputs, rows, width } = problem;
  const m = width + 1;
  let theta = Float64Array.from(start);
  let margins = new Float64Array(rows);
  let gradient = new Float64Array(m);
  linearPredictor(inputs, rows, width, theta, theta[width], margins);
  let value = objectiveAndGradient(problem, theta, margins, gradient);

  // The trial point of the line search; swapped with the current one when accepted.
  let trialTheta = new Float64Array(m);
  let trialMargins = new Float64Array(rows);
  let trialGradient = new Float64Array(m);
  let trialValue = value;

  const steps: Float64Array[] = [];
  const gradientChanges: Float64Array[] = [];
  const inverseCurvatures: number[] = [];
  const direction = new Float64Array(m);
  const alphas = new Float64Array(MEMORY);

  let iterations = 0;
  let converged = false;
  for (;;) {
    throwIfAborted(options.signal);
    if (scaledGradientNorm(gradient, problem) <= options.tolerance) {
      converged = true;
      break;
    }
    if (iterations >= options.maxIterations) break;

    twoLoopDirection(gradient, steps, gradientChanges, inverseCurvatures, alphas, direction);
    let slope0 = dot(gradient, direction);
    if (!(slope0 < 0)) {
      // Rounding made the quasi-Newton direction useless: forget the pairs, go downhill.
      steps.length = 0;
      gradientChanges.length = 0;
      inverseCurvatures.length = 0;
      twoLoopDirection(gradient, steps, gradientChanges, inverseCurvatures, alphas, direction);
      slope0 = dot(gradient, direction);
    }

    const step = backtrack(value, slope0, (t) => {
      for (let j = 0; j < m; j++) trialTheta[j] = theta[j] + t * direction[j];
      linearPredictor(inputs, rows, width, trialTheta, trialTheta[width], trialMargins);
      trialValue = objectiveAndGradient(problem, trialTheta, trialMargins, trialGradient);
      return { value: trialValue, slope: dot(trialGradient, direction) };
    });
    if (step === 0) break; // the precision floor: no step along the direction lowers f

    // The last trial is the accepted step; remember s = Δtheta and y = Δgradient.
    const s = new Float64Array(m);
    const y = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      s[j] = trialTheta[j] - theta[j];
      y[j] = trialGradient[j] - gradient[j];
    }
    const curvature = dot(s, y);
    // Strict convexity makes sᵀy > 0; skip a pair that rounding made non-positive.
    if (curvature > 1e-12 * dot(y, y)) {
      if (steps.length === MEMORY) {
        steps.shift();
        gradientChanges.shift();
        inverseCurvatures.shift();
      }
      steps.push(s);
      gradientChanges.push(y);
      inverseCurvatures.push(1 / curvature);
    }

    [theta, trialTheta] = [trialTheta, theta];
    [margins, trialMargins] = [trialMargins, margins];
    [gradient, trialGradient] = [trialGradient, gradient];
    value = trialValue;
    iterations++;
  }
  return { theta, iterations, converged };
}

/**
 * direction = -H·gradient with H the L-BFGS inverse-Hessian estimate (the two-loop recursion,
 * Nocedal and Wright, Algorithm 7.4), scaled by sᵀy / yᵀy of the newest pair. Without pairs,
 * steepest descent scaled so that the first step moves no entry by more than 1.
 */
export function twoLoopDirection(
  gradient: Float64Array,
  steps: Float64Array[],
  gradientChanges: Float64Array[],
  inverseCurvatures: number[],
  alphas: Float64Array,
  direction: Float64Array,
): void {
  const m = gradient.length;
  for (let j = 0; j < m; j++) direction[j] = gradient[j];
  const pairs = steps.length;
  if (pairs === 0) {
    let largest = 0;
    for (let j = 0; j < m; j++) largest = Math.max(largest, Math.abs(gradient[j]));
    const scale = largest > 1 ? 1 / largest : 1;
    for (let j = 0; j < m; j++) direction[j] *= -scale;
    return;
  }
  for (let k = pairs - 1; k >= 0; k--) {
    const a = inverseCurvatures[k] * dot(steps[k], direction);
    alphas[k] = a;
    const y = gradientChanges[k];
    for (let j = 0; j < m; j++) direction[j] -= a * y[j];
  }
  const newest = pairs - 1;
  const gamma = 1 / (inverseCurvatures[newest] * dot(gradientChanges[newest], gradientChanges[newest]));
  for (let j = 0; j < m; j++) direction[j] *= gamma;
  for (let k = 0; k < pairs; k++) {
    const b = inverseCurvatures[k] * dot(gradientChanges[k], direction);
    const s = steps[k];
    const a = alphas[k];
    for (let j = 0; j < m; j++) direction[j] += (a - b) * s[j];
  }
  for (let j = 0; j < m; j++) direction[j] = -direction[j];
}
