// What the Newton and L-BFGS solvers share: their options and result, and the line search.

export interface SolverOptions {
  maxIterations: number;
  /** Stop when the largest gradient entry, divided by C·rows, is at most this. */
  tolerance: number;
  signal?: AbortSignal;
}

export interface SolverResult {
  /** [w_0 … w_{width-1}, b]. */
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

const SUFFICIENT_DECREASE = 1e-4;
const MAX_HALVINGS = 60;

/**
 * Backtracking from t = 1 along a descent direction (slope0 = φ'(0) < 0). A step is taken when
 * it satisfies the Armijo condition, or when φ'(t) <= 0: the objective is convex, so a
 * non-positive slope at t means φ fell all the way from 0 to t. The second test matters near
 * the optimum, where the decrease is below the rounding of f (about 1e-16·|f|) and Armijo on
 * computed values would fail although the step is good; slopes stay accurate there.
 * Returns 0 when no step in 60 halvings qualifies.
 */
export function backtrack(value0: number, slope0: number, at: (step: number) => { value: number; slope: number }): number {
  let step = 1;
  for (let k = 0; k < MAX_HALVINGS; k++) {
    const { value, slope } = at(step);
    if (value <= value0 + SUFFICIENT_DECREASE * step * slope0 || slope <= 0) return step;
    step *= 0.5;
  }
  return 0;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}
