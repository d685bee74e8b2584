// Input checks shared by the metrics: a mistake here is a caller's bug, so a RangeError
// that names the function and the offending index.

export function checkLabels(fn: string, labels: ArrayLike<number>, values: ArrayLike<number>): void {
  if (labels.length !== values.length) {
    throw new RangeError(`${fn}: labels and scores must have the same length, got ${labels.length} and ${values.length}.`);
  }
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y !== 0 && y !== 1) throw new RangeError(`${fn}: labels must be 0 or 1 (1 = positive class); label ${i} is ${String(y)}.`);
  }
}

/** Labels 0/1 and finite scores of any range (ranking metrics). */
export function checkScores(fn: string, labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  checkLabels(fn, labels, scores);
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`${fn}: scores must be finite; score ${i} is ${String(scores[i])}.`);
  }
}

/** Labels 0/1 and probabilities in [0, 1] (calibration and threshold metrics). */
export function checkProbabilities(fn: string, labels: ArrayLike<number>, probabilities: ArrayLike<number>): void {
  checkLabels(fn, labels, probabilities);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${fn}: probabilities must be in [0, 1]; probability ${i} is ${String(p)}.`);
  }
}

export function countPositives(labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  return positives;
}
