// A realistic ComparisonResults for report tests: one shared, imbalanced test set
// (10% positives), three models whose probabilities behave like BCE (confident,
// misses positives at 0.5), focal (softer) and alpha-balanced focal (shifted
// towards the rare class), metrics computed from those probabilities the way the
// engine defines them, a PCA decision plane, and optionally a failed fourth run.

import type {
  ComparisonResults,
  CurvePoint,
  DecisionPlane,
  LossKind,
  ModelMetrics,
  ReliabilityBin,
  RunResult,
  ThresholdMetrics,
} from '../../../src/core/results';
import { minorityVerdict } from '../../../src/core/report';
import { seededRandom } from '../../../src/core/random';

export interface SampleOptions {
  file?: string;
  target?: string;
  positiveClass?: string;
  negativeClass?: string;
  features?: string[];
  notices?: string[];
  /** Add a failed weighted-BCE run. */
  withFailedRun?: boolean;
}

const TEST_ROWS = 750;
const STEPS = 36;

export function sampleResults(options: SampleOptions = {}): ComparisonResults {
  const positiveClass = options.positiveClass ?? '1';
  const negativeClass = options.negativeClass ?? '0';
  const random = seededRandom(7);
  const labels = Array.from({ length: TEST_ROWS }, (_, i) => (i % 10 === 3 ? 1 : 0));

  const models: { loss: LossKind; gamma: number; alpha: number | null; shift: number; scale: number; seconds: number }[] = [
    { loss: 'bce', gamma: 0, alpha: null, shift: 0, scale: 1, seconds: 4.2 },
    { loss: 'focal', gamma: 2, alpha: null, shift: 0.45, scale: 0.7, seconds: 4.9 },
    { loss: 'alpha-focal', gamma: 2, alpha: 0.9, shift: 0.95, scale: 0.8, seconds: 5.1 },
  ];
  // One latent score per row, shared by all models, so they disagree the way trained models do.
  const latent = labels.map((y) => (y === 1 ? 2.2 : 0) + gaussian(random) * 1.05 - 2.6);
  const runs: RunResult[] = models.map((m, index) => {
    const noise = seededRandom(100 + index);
    const probabilities = latent.map((z) => sigmoid((z + gaussian(noise) * 0.25) * m.scale + m.shift));
    const metrics = computeMetrics(labels, probabilities, positiveClass, negativeClass);
    return {
      loss: m.loss,
      gamma: m.gamma,
      alphaForPositiveClass: m.alpha,
      status: 'finished',
      epochsRun: 30,
      trainingSeconds: m.seconds,
      backend: 'wasm',
      history: history(30, m.loss === 'bce' ? 0.33 : m.loss === 'focal' ? 0.06 : 0.035, index),
      metrics,
      decisionRegion: { probabilities: grid(m.shift, m.scale) },
      test: { labels, probabilities },
    };
  });

  if (options.withFailedRun) {
    runs.push({
      loss: 'weighted-bce',
      gamma: 0,
      alphaForPositiveClass: 0.9,
      status: 'failed',
      error: 'Training stopped at epoch 3 because the loss became NaN; try a smaller learning rate.',
      epochsRun: 3,
      trainingSeconds: 0.6,
      backend: 'wasm',
      history: { trainLoss: [0.41, 0.38, NaN], valLoss: [0.4, 0.39, NaN], valLogLoss: [0.52, 0.5, NaN] },
      metrics: null,
      decisionRegion: null,
      test: { labels: [], probabilities: [] },
    });
  }

  const target = options.target ?? 'is_fraud';
  const features = options.features ?? ['amount', 'account_age_days', 'hour', 'merchant_type'];
  const results: Omit<ComparisonResults, 'verdict'> = {
    schemaVersion: 1,
    tool: { name: 'focal-lab', version: '0.1.0' },
    createdAt: '2026-11-26T21:40:00.000Z',
    durationSeconds: 15.3,
    dataset: {
      file: options.file ?? 'transactions.csv',
      rows: 5000,
      delimiter: ',',
      target,
      targetSource: 'name',
      positiveClass,
      negativeClass,
      positiveClassSource: 'minority',
      classCounts: { [negativeClass]: 4500, [positiveClass]: 500 },
      rowsWithoutTarget: 12,
      features,
      inputWidth: features.length + 5,
      columns: [
        { name: 'transaction_id', role: 'identifier', missing: 0, distinct: 5012, notice: 'Left out: every value is different, so it looks like an identifier.' },
        ...features.map((name) => ({ name, role: 'numeric' as const, missing: 0, distinct: 800 })),
        { name: target, role: 'target', missing: 12, distinct: 2 },
      ],
      notices: options.notices ?? ['12 rows without a target value were left out.'],
      split: { train: 3490, validation: 748, test: TEST_ROWS },
    },
    config: {
      losses: runs.map((r) => r.loss),
      gamma: 2,
      alpha: 'auto',
      epochs: 30,
      batchSize: 64,
      learningRate: 0.001,
      hidden: [32, 16],
      seed: 42,
      split: { train: 0.7, validation: 0.15, test: 0.15 },
      priorBiasInit: true,
      maxCategories: 20,
    },
    decisionPlane: plane(labels),
    runs,
  };
  return { ...results, verdict: minorityVerdict(results) };
}

/** The run of a given loss (throws when absent, so tests fail loudly). */
export function runOf(results: ComparisonResults, loss: LossKind): RunResult & { metrics: ModelMetrics } {
  const run = results.runs.find((r) => r.loss === loss);
  if (!run || !run.metrics) throw new Error(`no finished ${loss} run in the fixture`);
  return run as RunResult & { metrics: ModelMetrics };
}

/** Metrics at the default threshold for the positive class of a run. */
export function minorityAt05(results: ComparisonResults, loss: LossKind) {
  const at = runOf(results, loss).metrics.atThreshold.find((t) => t.thresholdSource === 'default')!;
  return at.perClass[results.dataset.positiveClass]!;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

// --- metrics, as the engine defines them (scikit-learn conventions) -------------

function computeMetrics(labels: number[], p: number[], positive: string, negative: string): ModelMetrics {
  const rocCurve = roc(labels, p);
  const { curve: prCurve, ap } = pr(labels, p);
  let rocAuc = 0;
  for (let i = 1; i < rocCurve.length; i++) rocAuc += ((rocCurve[i]!.x - rocCurve[i - 1]!.x) * (rocCurve[i]!.y + rocCurve[i - 1]!.y)) / 2;
  const eps = 1e-15;
  const logLoss = -mean(labels.map((y, i) => (y ? Math.log(Math.max(p[i]!, eps)) : Math.log(Math.max(1 - p[i]!, eps)))));
  const brier = mean(labels.map((y, i) => (p[i]! - y) ** 2));
  const reliability = bins(labels, p);
  const ece = reliability.filter((b) => b.count > 0).reduce((s, b) => s + (b.count / labels.length) * Math.abs(b.meanPredicted - b.fractionPositive), 0);
  const candidates = [...new Set(p.map((v) => Math.round(v * 100) / 100))];
  const tuned = candidates
    .map((t) => at(labels, p, t, 'validation-f1', positive, negative))
    .sort((a, b) => b.perClass[positive]!.f1 - a.perClass[positive]!.f1)[0]!;
  return {
    rocAuc,
    prAuc: ap,
    logLoss,
    brier,
    ece,
    reliability,
    rocCurve,
    prCurve,
    atThreshold: [at(labels, p, 0.5, 'default', positive, negative), tuned],
  };
}

function at(labels: number[], p: number[], threshold: number, source: ThresholdMetrics['thresholdSource'], positive: string, negative: string): ThresholdMetrics {
  let tn = 0, fp = 0, fn = 0, tp = 0;
  labels.forEach((y, i) => {
    const predicted = p[i]! >= threshold ? 1 : 0;
    if (y === 1 && predicted) tp++;
    else if (y === 1) fn++;
    else if (predicted) fp++;
    else tn++;
  });
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const cls = (hit: number, falseAlarm: number, miss: number) => {
    const precision = div(hit, hit + falseAlarm);
    const recall = div(hit, hit + miss);
    return { precision, recall, f1: div(2 * precision * recall, precision + recall), support: hit + miss };
  };
  const tpr = div(tp, tp + fn);
  const tnr = div(tn, tn + fp);
  const mccDen = Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
  return {
    threshold,
    thresholdSource: source,
    accuracy: (tp + tn) / labels.length,
    balancedAccuracy: (tpr + tnr) / 2,
    mcc: mccDen === 0 ? 0 : (tp * tn - fp * fn) / mccDen,
    gMean: Math.sqrt(tpr * tnr),
    confusion: [[tn, fp], [fn, tp]],
    perClass: { [negative]: cls(tn, fn, fp), [positive]: cls(tp, fp, fn) },
  };
}

function roc(labels: number[], p: number[]): CurvePoint[] {
  const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const P = labels.filter((y) => y === 1).length;
  const N = labels.length - P;
  const out: CurvePoint[] = [{ x: 0, y: 0, threshold: Infinity }];
  let tp = 0, fp = 0;
  order.forEach((i, k) => {
    if (labels[i]) tp++;
    else fp++;
    if (k === order.length - 1 || p[order[k + 1]!] !== p[i]) out.push({ x: fp / N, y: tp / P, threshold: p[i]! });
  });
  return out;
}

function pr(labels: number[], p: number[]): { curve: CurvePoint[]; ap: number } {
  const order = p.map((_, i) => i).sort((a, b) => p[b]! - p[a]!);
  const P = labels.filter((y) => y === 1).length;
  const points: CurvePoint[] = [];
  let tp = 0, fp = 0, ap = 0, lastRecall = 0;
  order.forEach((i, k) => {
    if (labels[i]) tp++;
    else fp++;
    if (k === order.length - 1 || p[order[k + 1]!] !== p[i]) {
      const recall = tp / P;
      const precision = tp / (tp + fp);
      ap += (recall - lastRecall) * precision;
      lastRecall = recall;
      points.push({ x: recall, y: precision, threshold: p[i]! });
    }
  });
  // scikit-learn order: decreasing recall, ending at (0, 1).
  return { curve: [...points.reverse(), { x: 0, y: 1, threshold: Infinity }], ap };
}

function bins(labels: number[], p: number[]): ReliabilityBin[] {
  return Array.from({ length: 10 }, (_, b) => {
    const lower = b / 10;
    const upper = (b + 1) / 10;
    const inBin = p.map((_, i) => i).filter((i) => p[i]! >= lower && (p[i]! < upper || (b === 9 && p[i]! <= 1)));
    return {
      lower,
      upper,
      count: inBin.length,
      meanPredicted: inBin.length ? mean(inBin.map((i) => p[i]!)) : NaN,
      fractionPositive: inBin.length ? mean(inBin.map((i) => labels[i]!)) : NaN,
    };
  });
}

// --- training curves, plane and grid -------------------------------------------

function history(epochs: number, floor: number, seed: number) {
  const random = seededRandom(500 + seed);
  const curve = (start: number, end: number, wobble: number) =>
    Array.from({ length: epochs }, (_, e) => end + (start - end) * Math.exp(-e / 6) + (random() - 0.5) * wobble);
  return {
    trainLoss: curve(floor * 2.4, floor, floor * 0.04),
    valLoss: curve(floor * 2.3, floor * 1.12, floor * 0.06),
    valLogLoss: curve(0.46, 0.24 + seed * 0.035, 0.01),
  };
}

function plane(labels: number[]): DecisionPlane {
  const random = seededRandom(900);
  const x: number[] = [];
  const y: number[] = [];
  const sampled: number[] = [];
  for (let i = 0; i < 240; i++) {
    const label = labels[i]!;
    x.push((label ? 1.3 : -0.45) + gaussian(random) * (label ? 0.9 : 1.0));
    y.push((label ? 0.9 : -0.2) + gaussian(random) * 0.9);
    sampled.push(label);
  }
  return {
    kind: 'pca',
    xLabel: 'PC1',
    yLabel: 'PC2',
    xMin: -3.5,
    xMax: 4,
    yMin: -3,
    yMax: 3.5,
    steps: STEPS,
    explainedVariance: [0.41, 0.22],
    points: { x, y, labels: sampled },
  };
}

function grid(shift: number, scale: number): number[] {
  const out: number[] = [];
  for (let row = 0; row < STEPS; row++) {
    const yv = -3 + (6.5 * row) / (STEPS - 1);
    for (let col = 0; col < STEPS; col++) {
      const xv = -3.5 + (7.5 * col) / (STEPS - 1);
      const z = (1.6 * xv + 1.1 * yv - 0.25 * yv * yv - 2.2) * scale + shift;
      out.push(sigmoid(z));
    }
  }
  return out;
}

// --- small numeric helpers ------------------------------------------------------

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}


function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
