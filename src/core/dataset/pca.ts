// The first two principal components of a row-major matrix, by power iteration on
// X^T X without forming the covariance (inputs can be thousands of columns wide).

import { derivedRandom } from '../random';

export interface PrincipalPlane {
  mean: Float64Array;
  components: [Float64Array, Float64Array];
  explainedVariance: [number, number];
}

export function principalPlane(matrix: Float32Array, rows: number, width: number, seed: number): PrincipalPlane {
  const mean = new Float64Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c] += matrix[r * width + c];
  for (let c = 0; c < width; c++) mean[c] /= Math.max(rows, 1);
  let totalVariance = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const d = matrix[r * width + c] - mean[c];
      totalVariance += d * d;
    }
  }
  totalVariance /= Math.max(rows - 1, 1);
  const random = derivedRandom(seed, 'pca');
  const components: Float64Array[] = [];
  const variances: number[] = [];
  const projected = new Float64Array(rows);
  for (let k = 0; k < 2; k++) {
    let vector = new Float64Array(width).map(() => random() - 0.5);
    let eigenvalue = 0;
    for (let iteration = 0; iteration < 200; iteration++) {
      // Deflate: keep the vector orthogonal to the components already found.
      for (const previous of components) subtractProjection(vector, previous);
      normalise(vector);
      // w = X_c^T (X_c v) / (n - 1)
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let c = 0; c < width; c++) sum += (matrix[r * width + c] - mean[c]) * vector[c];
        projected[r] = sum;
      }
      const next = new Float64Array(width);
      for (let r = 0; r < rows; r++) {
        const p = projected[r];
        for (let c = 0; c < width; c++) next[c] += (matrix[r * width + c] - mean[c]) * p;
      }
      for (let c = 0; c < width; c++) next[c] /= Math.max(rows - 1, 1);
      for (const previous of components) subtractProjection(next, previous);
      let norm = 0;
      for (const v of next) norm += v * v;
      norm = Math.sqrt(norm);
      const change = norm === 0 ? 0 : Math.abs(norm - eigenvalue) / norm;
      eigenvalue = norm;
      if (norm === 0) break;
      for (let c = 0; c < width; c++) next[c] /= norm;
      const converged = change < 1e-10 && iteration > 5;
      vector = next;
      if (converged) break;
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

function normalise(vector: Float64Array): void {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vector.length; i++) vector[i] /= norm;
}

function subtractProjection(vector: Float64Array, unit: Float64Array): void {
  let dot = 0;
  for (let i = 0; i < vector.length; i++) dot += vector[i] * unit[i];
  for (let i = 0; i < vector.length; i++) vector[i] -= dot * unit[i];
}
