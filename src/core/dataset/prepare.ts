// From a parsed CSV to model-ready matrices: target and positive class, column roles,
// stratified split, encoding fitted on the training rows, and the plane for decision regions.

import type { CsvTable } from '../csv';
import { FocalLabInputError, quoted } from '../errors';
import type { ColumnSummary, DatasetSummary, DecisionPlane } from '../results';
import { inferFeatureRole, profileColumn, summariseColumn } from './columnRoles';
import { encodeRows, encodedFeatureNames, encoderWidth, fitCategoricalEncoder, fitNumericEncoder, numericReader, type FeatureEncoder, type NumericEncoder } from './encoding';
import { findDuplicateRows } from './duplicates';
import { principalPlane } from './pca';
import { duplicatesNotice, mergedClassesNotice, readingNotices } from './readingNotices';
import { stratifiedSplit, type SplitFractions } from './split';
import { chooseMulticlassTarget } from './multiclassTarget';
import { chooseBinaryTarget, chooseTarget } from './target';
import { derivedRandom, shuffleInPlace } from '../random';

/** Most float32 values in the decision-region grid inputs. */
const MAX_GRID_VALUES = 4_000_000;
const MIN_GRID_STEPS = 10;

export interface PrepareOptions extends AnalyseOptions {
  split: SplitFractions;
  seed: number;
  maxCategories: number;
  /** Grid resolution of the decision-region plot (steps x steps). */
  gridSteps?: number;
  /** At most this many test points are drawn on the decision-region plot. */
  maxPlotPoints?: number;
  /** Two classes unless 'auto' is asked for (see AnalyseOptions). */
  task?: 'auto' | 'binary';
  /** Two numeric input columns for the decision plane instead of the principal components. */
  planeColumns?: readonly [string, string];
}

export interface MatrixSplit {
  inputs: Float32Array;
  labels: Uint8Array;
  rows: number;
}

/** The single split, encoded, with the data set's summary. */
export interface PreparedDataset extends EncodedFold {
  summary: Omit<DatasetSummary, 'file' | 'delimiter'>;
}

/** What is decided once per file, before any fold: the target, the classes, the column roles. */
export interface AnalysedTable {
  table: CsvTable;
  summary: Omit<DatasetSummary, 'file' | 'delimiter' | 'split' | 'inputWidth'>;
  /** 0 or 1 per data row (binary), the class index (multi-class), 255 where the target is missing (those rows are left out). */
  labelOfRow: Uint8Array;
  /** 'multiclass': one model over summary.classes (three or more); 'binary': negative 0, positive 1. */
  task: 'binary' | 'multiclass';
  /** Class names by label: [negative, positive] for binary. */
  classes: string[];
  /** The input columns and how each is encoded; the encoders themselves are fitted per fold. */
  features: { column: CsvTable['columns'][number]; role: 'numeric' | 'boolean' | 'categorical' }[];
}

export interface AnalyseOptions {
  target?: string;
  positive?: string;
  /**
   * 'auto': a target of three or more classes trains one multi-class model unless `positive`
   * names a class; 'binary' (the default): always two classes (one-vs-rest for more).
   */
  task?: 'auto' | 'binary';
  /** Drop exact duplicate rows before any split. */
  dedupe?: boolean;
}

export function analyseTable(table: CsvTable, options: AnalyseOptions): AnalysedTable {
  const targetChoice = chooseTarget(table, options.target);
  const multiclass = options.positive === undefined && options.task === 'auto' ? chooseMulticlassTarget(table, targetChoice.column) : null;
  const binary = multiclass ? multiclassAsSummary(multiclass) : chooseBinaryTarget(table, targetChoice.column, options.positive);
  const notices: string[] = readingNotices(table);
  const merged = mergedClassesNotice(targetChoice.column.name, binary.merged);
  if (merged) notices.push(merged);
  if (multiclass) {
    notices.push(`The target '${targetChoice.column.name}' has ${multiclass.classes.length} classes, trained as one multi-class model (softmax); give --positive CLASS to compare one class against the rest instead.`);
  } else if (binary.oneVsRest) {
    notices.push(`The target '${targetChoice.column.name}' has more than two classes, so the comparison is one-vs-rest: '${binary.positiveClass}' against all others.`);
  }
  if (binary.rowsWithoutTarget > 0) {
    notices.push(`${binary.rowsWithoutTarget} row${binary.rowsWithoutTarget === 1 ? '' : 's'} without a target value ${binary.rowsWithoutTarget === 1 ? 'was' : 'were'} left out.`);
  }
  const duplicates = findDuplicateRows(table);
  if (options.dedupe && duplicates.count > 0) {
    for (let row = 0; row < table.rowCount; row++) {
      const label = binary.labelOfRow[row]!;
      if (!duplicates.isDuplicate[row] || label > 1) continue;
      binary.classCounts[label === 1 ? binary.positiveClass : binary.negativeClass]!--;
      binary.labelOfRow[row] = 255;
    }
  }
  const duplicated = duplicatesNotice(duplicates, table.lineOfRow, options.dedupe ?? false);
  if (duplicated) notices.push(duplicated);
  const columns: ColumnSummary[] = [];
  const features: AnalysedTable['features'] = [];
  for (const column of table.columns) {
    const profile = profileColumn(column, table.rowCount);
    if (column === targetChoice.column) {
      columns.push(summariseColumn(profile, 'target'));
      continue;
    }
    const { role, notice } = inferFeatureRole(profile);
    columns.push(summariseColumn(profile, role, notice));
    if (notice) notices.push(notice);
    if (role === 'numeric' || role === 'boolean') features.push({ column, role });
    else if (role === 'categorical' && column.kind === 'categorical') features.push({ column, role });
  }
  if (features.length === 0) {
    throw new FocalLabInputError('no-features', `Besides the target ${quoted(targetChoice.column.name)}, the file has no usable input column (all are empty, constant or identifiers); add feature columns.`);
  }
  return {
    table,
    labelOfRow: binary.labelOfRow,
    task: multiclass ? 'multiclass' : 'binary',
    classes: multiclass ? multiclass.classes : [binary.negativeClass, binary.positiveClass],
    features,
    summary: {
      rows: table.rowCount,
      task: multiclass ? 'multiclass' : 'binary',
      classes: multiclass ? multiclass.classes : [binary.negativeClass, binary.positiveClass],
      target: targetChoice.column.name,
      targetSource: targetChoice.source,
      positiveClass: binary.positiveClass,
      negativeClass: binary.negativeClass,
      positiveClassSource: binary.positiveClassSource,
      classCounts: binary.classCounts,
      rowsWithoutTarget: binary.rowsWithoutTarget,
      features: features.map((f) => f.column.name),
      columns,
      notices,
    },
  };
}

/**
 * The summary fields of a multi-class target in the binary summary's terms: the rarest class
 * stands where the positive class does (the verdict's rarest-class recall is about it).
 */
function multiclassAsSummary(target: NonNullable<ReturnType<typeof chooseMulticlassTarget>>): ReturnType<typeof chooseBinaryTarget> {
  let rarest = 0;
  for (let c = 1; c < target.counts.length; c++) if (target.counts[c] < target.counts[rarest]) rarest = c;
  return {
    positiveClass: target.classes[rarest],
    negativeClass: 'every other class',
    positiveClassSource: 'minority',
    labelOfRow: target.labelOfRow,
    classCounts: Object.fromEntries(target.classes.map((name, c) => [name, target.counts[c]])),
    rowsWithoutTarget: target.rowsWithoutTarget,
    oneVsRest: false,
    merged: target.merged,
  };
}

export interface EncodedFold {
  width: number;
  featureNames: string[];
  train: MatrixSplit;
  validation: MatrixSplit;
  test: MatrixSplit;
  decisionPlane: DecisionPlane | null;
  /** Model inputs for every grid cell of the decision plane, row-major (steps * steps rows). */
  gridInputs: Float32Array | null;
  /** The input columns of each categorical feature's one-hot slots (SMOTE copies a group whole from one parent). */
  oneHotGroups: { start: number; width: number }[];
}

export interface EncodeOptions {
  seed: number;
  maxCategories: number;
  /** The decision-region plane and grid cost a PCA and a grid of inputs: only for the fold that shows them. */
  withDecisionPlane: boolean;
  /** Two numeric input columns to draw the regions over instead of the principal components. */
  planeColumns?: readonly [string, string];
  gridSteps?: number;
  maxPlotPoints?: number;
}

/** Encodes one fold: imputation, scaling, one-hot and the PCA plane fitted on its training rows only. */
export function encodeFold(analysed: AnalysedTable, rows: { train: Uint32Array; validation: Uint32Array; test: Uint32Array }, options: EncodeOptions): EncodedFold {
  const encoders: FeatureEncoder[] = analysed.features.map(({ column, role }) =>
    role === 'categorical' && column.kind === 'categorical'
      ? fitCategoricalEncoder(column, rows.train, options.maxCategories)
      : fitNumericEncoder(column.name, numericReader(column, role === 'boolean'), rows.train),
  );
  const featureNames = encodedFeatureNames(encoders);
  const width = featureNames.length;
  const oneHotGroups: EncodedFold['oneHotGroups'] = [];
  let start = 0;
  for (const encoder of encoders) {
    if (encoder.kind === 'categorical') oneHotGroups.push({ start, width: encoderWidth(encoder) });
    start += encoderWidth(encoder);
  }
  const toSplit = (indices: Uint32Array): MatrixSplit => ({
    inputs: encodeRows(encoders, indices),
    labels: labelsOf(analysed.labelOfRow, indices),
    rows: indices.length,
  });
  const train = toSplit(rows.train);
  const validation = toSplit(rows.validation);
  const test = toSplit(rows.test);
  const { plane, gridInputs } = !options.withDecisionPlane
    ? { plane: null, gridInputs: null }
    : options.planeColumns
      ? buildColumnsPlane(encoders, planeColumnIndices(analysed, options.planeColumns), rows, test, width, options)
      : buildDecisionPlane(encoders, train, test, width, options);
  return { width, featureNames, train, validation, test, decisionPlane: plane, gridInputs, oneHotGroups };
}

/**
 * Which input features the plane's two columns are, checked with a sentence that says what to
 * choose instead. Only numeric columns: an axis needs an order and a range, which a categorical
 * (or yes/no) column does not have.
 */
export function planeColumnIndices(analysed: AnalysedTable, names: readonly [string, string]): [number, number] {
  const numeric = analysed.features.filter((f) => f.role === 'numeric').map((f) => f.column.name);
  const choose = numeric.length >= 2 ? `choose two of the numeric input columns: ${listNames(numeric)}` : `the file has ${numeric.length === 0 ? 'no numeric input column' : `one numeric input column (${quoted(numeric[0])})`}, so use the principal components`;
  if (names[0] === names[1]) throw new FocalLabInputError('bad-option', `The plane names ${quoted(names[0])} twice; ${choose}.`);
  return names.map((name) => {
    const index = analysed.features.findIndex((f) => f.column.name === name);
    const feature = analysed.features[index];
    if (feature?.role === 'numeric') return index;
    let why: string;
    if (feature) why = `${quoted(name)} is ${feature.role === 'boolean' ? 'a yes/no column' : 'categorical'}, which has no range to draw along an axis`;
    else if (name === analysed.summary.target) why = `${quoted(name)} is the target`;
    else if (analysed.table.columns.some((c) => c.name === name)) why = `${quoted(name)} is not an input (it was left out as ${analysed.summary.columns.find((c) => c.name === name)?.role === 'identifier' ? 'an identifier' : 'constant or empty'})`;
    else why = `the file has no column ${quoted(name)}`;
    throw new FocalLabInputError('bad-option', `Cannot draw the decision regions over ${quoted(name)}: ${why}; ${choose}.`);
  }) as [number, number];
}

function listNames(names: string[], most = 8): string {
  const shown = names.slice(0, most).map(quoted).join(', ');
  return names.length > most ? `${shown} and ${names.length - most} more` : shown;
}

/** The labels of the given rows (a plain loop: Uint8Array.from with a callback is slow on 100,000 rows). */
function labelsOf(labelOfRow: Uint8Array, rows: Uint32Array): Uint8Array {
  const labels = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) labels[i] = labelOfRow[rows[i]];
  return labels;
}

/** The single-split preparation: analyse, one stratified train/validation/test split, encode. */
export function prepareDataset(table: CsvTable, options: PrepareOptions): PreparedDataset {
  const analysed = analyseTable(table, options);
  const split = stratifiedSplit(analysed.labelOfRow, options.split, options.seed, analysed.summary.positiveClass, analysed.summary.negativeClass, analysed.task === 'multiclass' ? analysed.classes : undefined);
  const fold = encodeFold(analysed, split, { ...options, withDecisionPlane: true });
  return {
    summary: { ...analysed.summary, inputWidth: fold.width, split: { train: fold.train.rows, validation: fold.validation.rows, test: fold.test.rows } },
    ...fold,
  };
}

/**
 * The plane is an affine map from plot coordinates (a, b) to model inputs: origin + a*u + b*v.
 * For two numeric features the plot shows their original units; otherwise the first two
 * principal components of the standardised training inputs.
 */
function buildDecisionPlane(
  encoders: FeatureEncoder[],
  train: MatrixSplit,
  test: MatrixSplit,
  width: number,
  options: { seed: number; gridSteps?: number; maxPlotPoints?: number },
): { plane: DecisionPlane | null; gridInputs: Float32Array | null } {
  if (width < 2) return { plane: null, gridInputs: null };
  // The grid is steps * steps rows of `width` inputs, copied to every training worker: on very
  // wide inputs (10,000 columns) a coarser grid keeps it to MAX_GRID_VALUES (16 MB), not 144 MB.
  const steps = Math.min(options.gridSteps ?? 60, Math.max(MIN_GRID_STEPS, Math.floor(Math.sqrt(MAX_GRID_VALUES / width))));
  let origin: Float64Array;
  let u: Float64Array;
  let v: Float64Array;
  let kind: DecisionPlane['kind'];
  let xLabel: string;
  let yLabel: string;
  let explainedVariance: [number, number] | undefined;
  const [first, second] = encoders;
  if (encoders.length === 2 && width === 2 && first.kind === 'numeric' && second.kind === 'numeric') {
    kind = 'features';
    origin = Float64Array.of(-first.mean / first.standardDeviation, -second.mean / second.standardDeviation);
    u = Float64Array.of(1 / first.standardDeviation, 0);
    v = Float64Array.of(0, 1 / second.standardDeviation);
    xLabel = first.name;
    yLabel = second.name;
  } else {
    const pca = principalPlane(train.inputs, train.rows, width, options.seed);
    kind = 'pca';
    origin = pca.mean;
    [u, v] = pca.components;
    explainedVariance = pca.explainedVariance;
    xLabel = 'PC1';
    yLabel = 'PC2';
  }
  // Plot coordinates of a model input x: least squares on the plane (exact for orthonormal or diagonal axes).
  const project = (inputs: Float32Array, row: number): [number, number] => {
    if (kind === 'features') {
      return [(inputs[row * width] - origin[0]) / u[0], (inputs[row * width + 1] - origin[1]) / v[1]];
    }
    let a = 0;
    let b = 0;
    for (let c = 0; c < width; c++) {
      const d = inputs[row * width + c] - origin[c];
      a += d * u[c];
      b += d * v[c];
    }
    return [a, b];
  };
  // Axis ranges from the training points, padded, so the regions frame the data.
  let xMin = Infinity, xMax = -Infinity, yMin = Infinity, yMax = -Infinity;
  for (let row = 0; row < train.rows; row++) {
    const [a, b] = project(train.inputs, row);
    if (a < xMin) xMin = a;
    if (a > xMax) xMax = a;
    if (b < yMin) yMin = b;
    if (b > yMax) yMax = b;
  }
  const padX = (xMax - xMin || 1) * 0.05;
  const padY = (yMax - yMin || 1) * 0.05;
  xMin -= padX; xMax += padX; yMin -= padY; yMax += padY;
  const gridInputs = new Float32Array(steps * steps * width);
  for (let j = 0; j < steps; j++) {
    const b = yMin + ((j + 0.5) / steps) * (yMax - yMin);
    for (let i = 0; i < steps; i++) {
      const a = xMin + ((i + 0.5) / steps) * (xMax - xMin);
      const base = (j * steps + i) * width;
      for (let c = 0; c < width; c++) gridInputs[base + c] = origin[c] + a * u[c] + b * v[c];
    }
  }
  const maxPoints = options.maxPlotPoints ?? 1500;
  const order = Uint32Array.from({ length: test.rows }, (_, i) => i);
  if (test.rows > maxPoints) {
    shuffleInPlace(order, derivedRandom(options.seed, 'plot-points'));
  }
  const shown = order.subarray(0, Math.min(maxPoints, test.rows));
  const points = { x: [] as number[], y: [] as number[], labels: [] as number[] };
  for (const row of shown) {
    const [a, b] = project(test.inputs, row);
    points.x.push(round(a));
    points.y.push(round(b));
    points.labels.push(test.labels[row]);
  }
  return {
    plane: { kind, xLabel, yLabel, xMin, xMax, yMin, yMax, steps, ...(explainedVariance ? { explainedVariance } : {}), points },
    gridInputs,
  };
}

/**
 * The plane of two chosen numeric columns, in their own units: each axis spans its column's
 * training range, and every other input is held at its training median (numeric) or its most
 * frequent training category (categorical), so the regions are one slice of the model.
 */
function buildColumnsPlane(
  encoders: FeatureEncoder[],
  [xFeature, yFeature]: [number, number],
  rows: { train: Uint32Array; test: Uint32Array },
  test: MatrixSplit,
  width: number,
  options: { seed: number; gridSteps?: number; maxPlotPoints?: number },
): { plane: DecisionPlane; gridInputs: Float32Array } {
  const steps = Math.min(options.gridSteps ?? 60, Math.max(MIN_GRID_STEPS, Math.floor(Math.sqrt(MAX_GRID_VALUES / width))));
  const held = new Float32Array(width);
  const heldAt: Record<string, number | string> = {};
  const slotOf: number[] = [];
  let offset = 0;
  encoders.forEach((encoder, index) => {
    slotOf.push(offset);
    if (encoder.kind === 'numeric') {
      held[offset] = (encoder.median - encoder.mean) / encoder.standardDeviation;
      if (index !== xFeature && index !== yFeature) heldAt[encoder.name] = encoder.median;
    } else {
      // Slot 0 is the most frequent training category; with none seen, the rows were all missing.
      const slot = encoder.otherSlot > 0 ? 0 : encoder.missingSlot >= 0 ? encoder.missingSlot : encoder.otherSlot;
      held[offset + slot] = 1;
      heldAt[encoder.name] = encoder.slotNames[slot].slice(encoder.name.length + 1);
    }
    offset += encoderWidth(encoder);
  });
  const x = encoders[xFeature] as NumericEncoder;
  const y = encoders[yFeature] as NumericEncoder;
  const range = (encoder: NumericEncoder): [number, number] => {
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows.train) {
      const value = encoder.read(row);
      if (value < min) min = value;
      if (value > max) max = value;
    }
    if (!(min <= max)) return [encoder.median - 0.5, encoder.median + 0.5]; // no value on the training rows
    return min === max ? [min - 0.5, max + 0.5] : [min, max];
  };
  const [xMin, xMax] = range(x);
  const [yMin, yMax] = range(y);
  const gridInputs = new Float32Array(steps * steps * width);
  for (let j = 0; j < steps; j++) {
    const b = yMin + ((j + 0.5) / steps) * (yMax - yMin);
    for (let i = 0; i < steps; i++) {
      const a = xMin + ((i + 0.5) / steps) * (xMax - xMin);
      const base = (j * steps + i) * width;
      gridInputs.set(held, base);
      gridInputs[base + slotOf[xFeature]] = (a - x.mean) / x.standardDeviation;
      gridInputs[base + slotOf[yFeature]] = (b - y.mean) / y.standardDeviation;
    }
  }
  // Test points at their own values of the two columns (rows missing either have no place).
  const order = Uint32Array.from({ length: test.rows }, (_, i) => i);
  shuffleInPlace(order, derivedRandom(options.seed, 'plot-points'));
  const maxPoints = options.maxPlotPoints ?? 1500;
  const points = { x: [] as number[], y: [] as number[], labels: [] as number[] };
  for (const i of order) {
    if (points.x.length >= maxPoints) break;
    const a = x.read(rows.test[i]);
    const b = y.read(rows.test[i]);
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    points.x.push(a);
    points.y.push(b);
    points.labels.push(test.labels[i]);
  }
  return { plane: { kind: 'columns', xLabel: x.name, yLabel: y.name, xMin, xMax, yMin, yMax, steps, heldAt, points }, gridInputs };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
