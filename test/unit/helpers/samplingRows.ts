// Seeded training rows for the resampling tests.

import { gaussian, seededRandom } from '../../../src/core/random';
import type { TrainingRows } from '../../../src/core/sampling/rows';

/** Seeded rows with the given rows per class; each row's first input is its own index, so copies can be traced. */
export function rowsWithCounts(counts: readonly number[], width: number, seed = 1): TrainingRows {
  const random = seededRandom(seed);
  const rows = counts.reduce((a, b) => a + b, 0);
  const labels = new Uint8Array(rows);
  // Classes interleaved, as a shuffled fold would have them.
  const left = [...counts];
  for (let i = 0; i < rows; i++) {
    let c = Math.floor(random() * counts.length);
    while (left[c] === 0) c = (c + 1) % counts.length;
    left[c]--;
    labels[i] = c;
  }
  const inputs = new Float32Array(rows * width);
  for (let i = 0; i < rows; i++) {
    inputs[i * width] = i;
    for (let col = 1; col < width; col++) inputs[i * width + col] = gaussian(random) + labels[i];
  }
  return { inputs, labels, rows, width };
}

export function classCounts(labels: Uint8Array, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const label of labels) counts[label]++;
  return counts;
}
