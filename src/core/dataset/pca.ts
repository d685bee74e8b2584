// The first two principal components of a row-major matrix, by power iteration with deflation.
// For the usual widths the covariance is formed once (one pass over the rows, then every
// iteration is a small d x d product); very wide inputs (thousands of one-hot columns) use
// X^T (X v) instead, which never forms the d x d matrix.

import { derivedRandom } from '../random';

export interface PrincipalPlane {
  mean: Float64Array;
  components: [Float64Array, Float64Array];
  explainedVariance: [number, number];
}

/** Up to this width the covariance matrix (width^2 doubles) is formed explicitly. */
const EXPLICIT_COVARIANCE_MAX_WIDTH = 256;
const MAX_ITERATIONS = 300;

type CovarianceTimes = (vector: Float64Array) => Float64Array;

/** `method` is for tests; by default the width decides. */
export function principalPlane(matrix: Float32Array, rows: number, width: number, seed: number, method?: 'explicit' | 'matrix-free'): PrincipalPlane {
  const mean = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c] += matrix[r * width + c];
  for (let c = 0; c < width; c++) mean[c] /= Math.max(rows, 1);
  const divisor = Math.max(rows - 1, 1);
  const explicit = method ? method === 'explicit' : width <= EXPLICIT_COVARIANCE_MAX_WIDTH;
  const times = explicit ? explicitCovariance(matrix, rows, width, mean, divisor) : matrixFreeCovariance(matrix, rows, width, mean, divisor);
  let totalVariance = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const d = matrix[r * width + c] - mean[c];
      totalVariance += d * d;
    }
  }
  totalVariance /= divisor;

  const random = derivedRandom(seed, 'pca');
  const components: Float64Array[] = [];
  const variances: number[] = [];
  for (let k = 0; k < 2; k++) {
    let vector: Float64Array = new Float64Array(width).map(() => random() - 0.5);
    let eigenvalue = 0;
    for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      // Deflate: keep the vector orthogonal to the components already found.
      for (const previous of components) subtractProjection(vector, previous);
      normalise(vector);
      const next = times(vector);
      for (const previous of components) subtractProjection(next, previous);
      const norm = Math.sqrt(dot(next, next));
      if (norm === 0) break;
      const change = Math.abs(norm - eigenvalue) / norm;
      eigenvalue = norm;
      for (let c = 0; c < width; c++) next[c] /= norm;
      vector = next;
      if (change < 1e-12 && iteration > 5) break;
    }
    // Sign convention: the largest-magnitude loading is positive, so the plot does not flip between runs.
    let largest = 0;
    for (let c = 1; c < width; c++) if (Math.abs(vector[c]) > Math.abs(vector[largest])) largest = c;
    if (vector[largest] < 0) for (let c = 0; c < width; c++) vector[c] = -vector[c];
    components.push(vector);
    variances.push(eigenvalue);
  }
  const ratio = (v: number) => (totalVariance > 0 ? v / totalVariance : 0);
  return { mean, components: [components[0], components[1]], explainedVariance: [ratio(variances[0]), ratio(variances[1])] };
}

function explicitCovariance(matrix: Float32Array, rows: number, width: number, mean: Float64Array, divisor: number): CovarianceTimes {
  const covariance = new Float64Array(width * width);
  const centred = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) centred[c] = matrix[r * width + c] - mean[c];
    // Upper triangle only; mirrored below.
    for (let i = 0; i < width; i++) {
      const di = centred[i];
      if (di === 0) continue;
      const base = i * width;
      for (let j = i; j < width; j++) covariance[base + j] += di * centred[j];
    }
  }
  for (let i = 0; i < width; i++) {
    for (let j = i; j < width; j++) {
      const value = covariance[i * width + j] / divisor;
      covariance[i * width + j] = value;
      covariance[j * width + i] = value;
    }
  }
  return (vector) => {
    const out = new Float64Array(width);
    for (let i = 0; i < width; i++) {
      let sum = 0;
      const base = i * width;
      for (let j = 0; j < width; j++) sum += covariance[base + j] * vector[j];
      out[i] = sum;
    }
    return out;
  };
}

function matrixFreeCovariance(matrix: Float32Array, rows: number, width: number, mean: Float64Array, divisor: number): CovarianceTimes {
  const projected = new Float64Array(rows);
  return (vector) => {
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let c = 0; c < width; c++) sum += (matrix[r * width + c] - mean[c]) * vector[c];
      projected[r] = sum;
    }
    const out = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const p = projected[r];
      for (let c = 0; c < width; c++) out[c] += (matrix[r * width + c] - mean[c]) * p;
    }
    for (let c = 0; c < width; c++) out[c] /= divisor;
    return out;
  };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function normalise(vector: Float64Array): void {
  const norm = Math.sqrt(dot(vector, vector)) || 1;
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
}

function subtractProjection(vector: Float64Array, unit: Float64Array): void {
  const projection = dot(vector, unit);
  for (let i = 0; i < vector.length; i++) vector[i] -= projection * unit[i];
}
