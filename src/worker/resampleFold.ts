// Resampling of one fold's training rows for an arm, in the comparison thread, onto shared
// memory the training thread reads. Validation and test rows are never passed here.

import type { ArmSampling } from '../core/arms';
import { throwIfAborted } from '../core/errors';
import { resampleTrainingRows } from '../core/sampling/methods';
import type { SharedInputs } from '../shared/protocol';
import type { SharedFold } from './runComparison';

export interface ResampledTraining {
  train: SharedInputs;
  seconds: number;
  /** Sentences about classes SMOTE could not treat as asked (too few rows for k neighbours). */
  notices: string[];
}

export function resampleFoldTraining(data: SharedFold, sampling: ArmSampling, seed: number, classNames: readonly string[], signal?: AbortSignal): ResampledTraining {
  throwIfAborted(signal);
  const rows = { inputs: data.train.inputs, labels: data.train.labels, rows: data.train.rows, width: data.width };
  // k is SMOTE's alone: the arm carries its default for every method.
  const spec = sampling.method === 'smote' ? sampling : { method: sampling.method, ratio: sampling.ratio };
  const result = resampleTrainingRows(rows, spec, { seed, oneHotGroups: data.oneHotGroups, classNames });
  const inputs = new Float32Array(new SharedArrayBuffer(result.inputs.byteLength));
  inputs.set(result.inputs);
  const labels = new Uint8Array(new SharedArrayBuffer(result.labels.byteLength));
  labels.set(result.labels);
  return { train: { inputs, labels, rows: result.rows }, seconds: result.seconds, notices: result.notices };
}
