// The resampling methods an arm can ask for, in one table, and the one call the comparison makes
// per fold and arm: resample that fold's training rows (never its validation or test rows).

import { FocalLabInputError } from '../errors';
import { randomOversample, randomUndersample } from './resample';
import { DEFAULT_SAMPLING_RATIO, ratioProblem, type ResampledRows, type SamplingMethod, type TrainingRows } from './rows';
import { DEFAULT_SMOTE_NEIGHBOURS, neighboursProblem, smote, type OneHotGroup } from './smote';

export type { SamplingMethod };

interface SamplingMethodInfo {
  /** The name users see. */
  label: string;
  /** Whether the method has a neighbour count k. */
  usesNeighbours: boolean;
}

export const SAMPLING_METHODS: Readonly<Record<SamplingMethod, SamplingMethodInfo>> = {
  oversample: { label: 'Random oversampling', usesNeighbours: false },
  undersample: { label: 'Random undersampling', usesNeighbours: false },
  smote: { label: 'SMOTE', usesNeighbours: true },
};

export const SAMPLING_METHOD_NAMES = Object.keys(SAMPLING_METHODS) as SamplingMethod[];

/** What an arm asks for: a method, its ratio (default 1) and, for SMOTE, k (default 5). */
export interface SamplingSpec {
  method: SamplingMethod;
  ratio?: number;
  k?: number;
}

export interface SamplingContext {
  /** The fold's seed; each method derives its own stream from it. */
  seed: number;
  /** EncodedFold.oneHotGroups (SMOTE copies each group whole from one parent). */
  oneHotGroups?: readonly OneHotGroup[];
  /** Class names by index, for the notices. */
  classNames?: readonly string[];
}

export interface SampledTrainingRows extends ResampledRows {
  /** Sentences for the run's notices (SMOTE on a class too small for k neighbours). */
  notices: string[];
}

/** The sentence saying what is wrong with a sampling spec, or null when it can be used. */
export function samplingProblem(spec: { method?: unknown; ratio?: unknown; k?: unknown }): string | null {
  if (typeof spec.method !== 'string' || !Object.hasOwn(SAMPLING_METHODS, spec.method)) {
    return `The resampling method must be one of ${SAMPLING_METHOD_NAMES.join(', ')} (got ${String(spec.method)}).`;
  }
  if (spec.ratio !== undefined) {
    const problem = ratioProblem(spec.ratio);
    if (problem) return problem;
  }
  if (spec.k !== undefined) {
    if (!SAMPLING_METHODS[spec.method as SamplingMethod].usesNeighbours) return `Only SMOTE takes a neighbour count k; ${spec.method} does not.`;
    const problem = neighboursProblem(spec.k);
    if (problem) return problem;
  }
  return null;
}

/** Resamples one fold's training rows as the spec asks. */
export function resampleTrainingRows(data: TrainingRows, spec: SamplingSpec, context: SamplingContext): SampledTrainingRows {
  const problem = samplingProblem(spec);
  if (problem) throw new FocalLabInputError('bad-option', problem);
  const ratio = spec.ratio ?? DEFAULT_SAMPLING_RATIO;
  switch (spec.method) {
    case 'oversample':
      return { ...randomOversample(data, { ratio, seed: context.seed }), notices: [] };
    case 'undersample':
      return { ...randomUndersample(data, { ratio, seed: context.seed }), notices: [] };
    case 'smote':
      return smote(data, { ratio, k: spec.k ?? DEFAULT_SMOTE_NEIGHBOURS, seed: context.seed, oneHotGroups: context.oneHotGroups, classNames: context.classNames });
  }
}
