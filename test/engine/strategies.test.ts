// Issue 10: the imbalance strategies as arms of one comparison, on the same folds and network.
// On a seeded file whose minority is a small cluster: every arm is trained and reported; no
// validation or test row is ever among the rows a training job batches from (resampled or not),
// and every SMOTE row lies between two training rows of its class; SMOTE and oversampling raise
// minority recall at 0.5 over BCE, and the verdict states a PR-AUC difference only if reliable.

import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadCore, root, temporaryDirectory, type Core } from './helpers';
import type { ComparisonResults } from '../../src/core/results';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain-JS data script, shared with the other engine tests
const { writeDataSets } = require('../../scripts/evaluationData.js') as { writeDataSets(directory: string): Record<string, string> };

interface RecordedJob {
  loss: string;
  alphaForPositiveClass: number | null;
  train: number[][];
  trainLabels: number[];
  validation: number[][];
  test: number[][];
}

const key = (row: number[]) => row.join(',');

/** Whether `point` is a + u (b − a) for some u in [0, 1], to float32 rounding (u from the widest coordinate). */
function onSegment(point: number[], a: number[], b: number[]): boolean {
  let widest = 0;
  for (let j = 1; j < point.length; j++) if (Math.abs(b[j]! - a[j]!) > Math.abs(b[widest]! - a[widest]!)) widest = j;
  const span = b[widest]! - a[widest]!;
  const u = span === 0 ? 0 : (point[widest]! - a[widest]!) / span;
  if (u < -1e-6 || u > 1 + 1e-6) return false;
  return point.every((value, j) => Math.abs(a[j]! + u * (b[j]! - a[j]!) - value) < 1e-5);
}

describe('imbalance strategies: arms of one comparison (issue 10)', function () {
  this.timeout(600_000);
  let core: Core;
  let results: ComparisonResults;
  let jobs: RecordedJob[];

  before(async () => {
    core = loadCore();
    const directory = temporaryDirectory('strategies');
    const file = writeDataSets(directory)['minority-cluster']!;
    const record = path.join(directory, 'jobs.jsonl');
    process.env.FOCAL_LAB_TEST_RECORD = record;
    try {
      results = (await core.runComparison({
        file,
        config: { arms: 'bce, alpha-focal, bce+effective:0.999, bce+oversample, bce+smote, bce+threshold', seed: 5 },
        workerScript: path.join(root, 'test', 'engine', 'fixtures', 'recordingTrainingWorker.cjs'),
      })) as ComparisonResults;
    } finally {
      delete process.env.FOCAL_LAB_TEST_RECORD;
    }
    jobs = fs.readFileSync(record, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RecordedJob);
  });

  it('trains and reports every arm, each under its own id and label, with what it trained', () => {
    assert.deepEqual(results.runs.map((r) => r.id), ['bce', 'alpha-focal', 'bce+effective:0.999', 'bce+oversample', 'bce+smote', 'bce+threshold']);
    assert.deepEqual(results.runs.map((r) => r.arm?.label), ['BCE', 'Alpha-balanced focal', 'Class-balanced BCE (β 0.999)', 'BCE + oversampling', 'BCE + SMOTE', 'BCE + threshold moving']);
    assert.ok(results.runs.every((r) => r.status === 'finished'), results.runs.map((r) => r.error).join('; '));
    assert.equal(results.runs[2]!.loss, 'weighted-bce');
    assert.deepEqual(results.runs[4]!.arm?.sampling, { method: 'smote', ratio: 1, k: 5 });
    // SMOTE's time is recorded per fold and summed per run.
    const perFold = results.runs[4]!.folds.map((f) => f.samplingSeconds ?? -1);
    assert.ok(perFold.every((s) => s >= 0), String(perFold));
    assert.ok(Math.abs(results.runs[4]!.samplingSeconds! - perFold.reduce((a, b) => a + b, 0)) < 1e-9);
    assert.equal(results.runs[0]!.folds[0]!.samplingSeconds, undefined);
    // Threshold moving reuses BCE's fits: 5 folds × 5 distinct models, not 6.
    assert.equal(jobs.length, 5 * 5);
  });

  it('class-balanced BCE trains weighted BCE with the effective-number weight of the positive class', () => {
    const weighted = jobs.filter((job) => job.loss === 'weighted-bce');
    assert.equal(weighted.length, 5);
    for (const job of weighted) {
      const n1 = job.trainLabels.filter((y) => y === 1).length;
      const n0 = job.trainLabels.length - n1;
      const w = (n: number) => (1 - 0.999) / (1 - 0.999 ** n);
      assert.ok(Math.abs(job.alphaForPositiveClass! - w(n1) / (w(n0) + w(n1))) < 1e-12, `${job.alphaForPositiveClass} for ${n0}:${n1}`);
    }
  });

  it('never batches a validation or test row: resampled rows are training rows, and every SMOTE row lies between two training rows of its class', () => {
    const byFold = new Map<string, RecordedJob[]>();
    for (const job of jobs) {
      const fold = job.test.map(key).sort().join(";");
      byFold.set(fold, [...(byFold.get(fold) ?? []), job]);
    }
    assert.equal(byFold.size, 5, 'five folds, each with its own test rows');
    let synthetic = 0;
    for (const foldJobs of byFold.values()) {
      const held = new Set([...foldJobs[0]!.validation, ...foldJobs[0]!.test].map(key));
      // Alpha-balanced focal trains on the fold's training rows as they are (no arm resamples it).
      const plain = foldJobs.find((job) => job.loss === 'alpha-focal')!;
      assert.equal(new Set(plain.train.map(key)).size, plain.train.length, 'the marker column makes every row distinct');
      const original = new Map(plain.train.map((row, i) => [key(row), plain.trainLabels[i]!]));
      for (const job of foldJobs) {
        const minority = plain.train.filter((_, i) => plain.trainLabels[i] === 1);
        job.train.forEach((row, i) => {
          assert.ok(!held.has(key(row)), 'a validation or test row was among the training rows');
          if (original.has(key(row))) {
            assert.equal(original.get(key(row)), job.trainLabels[i], 'a copied row keeps its class');
            return;
          }
          // Not a training row as it is: only SMOTE makes such rows, of the minority, between two of its training rows.
          synthetic++;
          assert.equal(job.trainLabels[i], 1);
          assert.ok(minority.some((a, m) => minority.some((b, n) => n !== m && onSegment(row, a, b))), `row ${key(row)} is not between two minority training rows`);
        });
      }
      // Oversampling and SMOTE to 1:1 balance the training rows.
      const balanced = foldJobs.filter((job) => job.train.length > plain.train.length);
      assert.equal(balanced.length, 2, 'oversampling and SMOTE grow the training rows');
      for (const job of balanced) {
        const ones = job.trainLabels.filter((y) => y === 1).length;
        assert.equal(ones, job.trainLabels.length - ones);
      }
    }
    assert.ok(synthetic > 100, `SMOTE made ${synthetic} rows`);
  });

  it('threshold moving keeps BCE’s ranking and decides at its validation-tuned threshold', () => {
    const bce = results.runs[0]!;
    const moved = results.runs[5]!;
    for (let f = 0; f < bce.folds.length; f++) {
      assert.equal(moved.folds[f]!.metrics.prAuc, bce.folds[f]!.metrics.prAuc);
      const tuned = bce.folds[f]!.metrics.atThreshold.find((t) => t.thresholdSource === 'validation-f1')!;
      const at05 = moved.folds[f]!.metrics.atThreshold.find((t) => t.thresholdSource === 'default')!;
      assert.deepEqual(at05.confusion, tuned.confusion);
      assert.ok(moved.folds[f]!.decisionThreshold! > 0 && moved.folds[f]!.decisionThreshold! < 1);
    }
  });

  it('SMOTE and oversampling raise minority recall at 0.5 over BCE; the verdict names a PR-AUC difference only when reliable', () => {
    const recall = (id: string) => results.runs.find((r) => r.id === id)!.summary!.minorityRecallAt05.mean!;
    assert.ok(recall('bce+smote') > recall('bce') + 0.1, `SMOTE ${recall('bce+smote')} vs BCE ${recall('bce')}`);
    assert.ok(recall('bce+oversample') > recall('bce') + 0.1, `oversampling ${recall('bce+oversample')} vs BCE ${recall('bce')}`);
    for (const comparison of results.comparisons.filter((c) => c.metric === 'prAuc')) {
      const claimed = results.verdict.claims.some((claim) => claim.loss === comparison.loss && claim.metric === 'prAuc');
      assert.equal(claimed, comparison.reliable, `${comparison.loss}: claimed ${claimed}, reliable ${comparison.reliable}`);
    }
    assert.ok(results.comparisons.every((c) => c.baseline === 'bce'));
    assert.match(results.verdict.text, /\S/);
  });
});

describe('imbalance strategies on three classes (issue 10 with issue 9)', function () {
  this.timeout(600_000);
  const multiclassSample = path.join(root, 'samples', 'multiclass-80-15-5.csv');

  it('resamples and weighs every smaller class, compares each arm with cross-entropy, and refuses threshold moving', async () => {
    const core = loadCore();
    const results = (await core.runAnyComparison({
      file: multiclassSample,
      config: { arms: 'bce+smote, bce, bce+oversample:0.5, alpha-focal+effective:0.99', seed: 3, epochs: 8, folds: 3 },
    })) as unknown as {
      dataset: { task: string; classes: string[]; classCounts: Record<string, number> };
      runs: { id: string; arm: { label: string }; status: string; alphaPerClass: Record<string, number> | null; samplingSeconds?: number; folds: { samplingSeconds?: number; rows: { train: number } }[] }[];
      comparisons: { loss: string; baseline: string }[];
    };
    assert.equal(results.dataset.task, 'multiclass');
    assert.deepEqual(results.runs.map((r) => r.arm.label), ['Cross-entropy + SMOTE', 'Cross-entropy', 'Cross-entropy + oversampling (ratio 0.5)', 'Class-balanced focal (β 0.99)']);
    assert.ok(results.runs.every((r) => r.status === 'finished'));
    // The baseline is plain cross-entropy even when a resampled arm is listed first.
    assert.ok(results.comparisons.length > 0 && results.comparisons.every((c) => c.baseline === 'bce'));
    const [smote, plain, over, balanced] = results.runs;
    // Resampling grows only the training rows, fold by fold, and its time is recorded.
    for (let f = 0; f < 3; f++) {
      assert.ok(smote!.folds[f]!.rows.train > plain!.folds[f]!.rows.train);
      assert.ok(over!.folds[f]!.rows.train > plain!.folds[f]!.rows.train && over!.folds[f]!.rows.train < smote!.folds[f]!.rows.train);
      assert.ok(smote!.folds[f]!.samplingSeconds! >= 0);
    }
    assert.equal(plain!.folds[0]!.samplingSeconds, undefined);
    // Class-balanced weights: (1 − β)/(1 − β^n) per class, normalised to sum to the number of classes; the rarest weighs most.
    const weights = Object.values(balanced!.alphaPerClass!);
    assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 3) < 1e-9, String(weights));
    const counts = results.dataset.classCounts;
    const rarest = results.dataset.classes.reduce((a, b) => (counts[b]! < counts[a]! ? b : a));
    assert.equal(Math.max(...weights), balanced!.alphaPerClass![rarest]);
    await assert.rejects(
      core.runAnyComparison({ file: multiclassSample, config: { arms: 'bce, bce+threshold', epochs: 2, folds: 2 } }),
      (error: Error) => core.isInputError(error) && /Threshold moving \(the arm 'bce\+threshold'\) needs a two-class target/.test(error.message),
    );
  });
});
