// Faults, through the built engine (dist/core.js): a model that diverges, a worker that is
// killed or crashes, a worker that ignores the stop flag, and a cancel at each stage of a
// comparison (reading, training, right before and during evaluation). Each time: only the
// broken model fails (with a message) or the whole run rejects with AbortError, no training
// thread is left, nothing is written, and the next run works. No wall-clock limits: the
// tests assert order and state (a run settles only once its threads are gone).

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { loadCore, sample, temporaryDirectory, type Core } from './helpers';
import type { ComparisonEvent } from '../../src/shared/protocol';
import type { ComparisonRequest } from '../../src/worker/runComparison';

const faultyWorker = path.join(__dirname, 'fixtures', 'faultyTrainingWorker.cjs');

function smallCsv(file: string, rows: number): void {
  const lines = ['x1,x2,label'];
  for (let i = 0; i < rows; i++) {
    const positive = i % 8 === 0 ? 1 : 0;
    lines.push(`${(((i * 37) % 101) / 50 - 1 + positive).toFixed(3)},${(((i * 53) % 97) / 48 - 1 - positive).toFixed(3)},${positive}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

describe('faults: failing models, crashed workers and cancels', function () {
  let core: Core;
  let directory: string;
  let small: string;
  let big: string;

  before(() => {
    core = loadCore();
    directory = temporaryDirectory('faults');
    small = path.join(directory, 'small.csv');
    smallCsv(small, 400);
    // ~10 MB, so reading takes several 1 MB reads.
    big = path.join(directory, 'big.csv');
    const block = Array.from({ length: 5000 }, (_, i) => `${(i % 97) / 10},${(i % 89) / 10},${i % 10 === 0 ? 1 : 0}`).join('\n') + '\n';
    fs.writeFileSync(big, 'x1,x2,label\n' + block.repeat(Math.ceil((10 * 1024 * 1024) / block.length)));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  /** What the CLI does: run, then write the outputs; returns the events seen and how it ended. */
  async function runAndWrite(request: ComparisonRequest, out: string, onEvent: (event: ComparisonEvent, controller: AbortController) => void = () => {}) {
    const controller = new AbortController();
    const events: ComparisonEvent[] = [];
    let liveAtSettle = -1;
    let error: unknown;
    let results: Awaited<ReturnType<Core['runComparison']>> | undefined;
    try {
      results = await core.runComparison(request, {
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event);
          onEvent(event, controller);
        },
      });
      await core.writeComparisonOutputs(results, out);
    } catch (caught) {
      error = caught;
    } finally {
      liveAtSettle = core.liveTrainingWorkers();
    }
    const eventsAtSettle = events.length;
    return { events, error, results, liveAtSettle, controller, eventsAfterSettle: () => events.length - eventsAtSettle };
  }

  async function assertNextRunWorks(): Promise<void> {
    const results = await core.runComparison({ file: small, config: { epochs: 1, losses: ['bce'] } });
    assert.strictEqual(results.runs[0].status, 'finished');
    assert.strictEqual(core.liveTrainingWorkers(), 0);
  }

  function assertCancelled(outcome: Awaited<ReturnType<typeof runAndWrite>>, out: string): void {
    assert.ok(core.isCancelled(outcome.error), `expected AbortError, got ${String(outcome.error)}`);
    assert.strictEqual(outcome.results, undefined);
    assert.strictEqual(outcome.liveAtSettle, 0, 'no training thread left when the run settles');
    assert.ok(!fs.existsSync(out), 'nothing written');
  }

  it('a model that diverges, one whose worker is killed and one whose worker crashes fail alone; the other finishes', async () => {
    const out = path.join(directory, 'faulty');
    const { events, error, results, liveAtSettle } = await runAndWrite(
      { file: small, config: { losses: ['bce', 'focal', 'weighted-bce', 'alpha-focal'], epochs: 4 }, workerScript: faultyWorker },
      out,
    );
    assert.strictEqual(error, undefined, String(error));
    assert.strictEqual(liveAtSettle, 0);
    const byLoss = Object.fromEntries(results!.runs.map((run) => [run.loss, run]));
    assert.strictEqual(byLoss.bce.status, 'finished');
    assert.ok(byLoss.bce.folds.every((fold) => fold.epochsRun === 4));
    assert.ok(byLoss.bce.summary!.rocAuc.mean! > 0.5);
    assert.strictEqual(byLoss.focal.status, 'failed');
    // The first fold fails; the run trains no further folds and says which fold it was.
    assert.match(byLoss.focal.error!, /^Training diverged at epoch 1 \(the loss became (NaN|infinite)\); lower the learning rate \(now 1e\+30\) or check the input for extreme values\. \(fold 1 of 5\)$/);
    assert.strictEqual(byLoss['weighted-bce'].error, 'The training worker stopped unexpectedly (exit code 1); run the comparison again, and report the problem if it happens again. (fold 1 of 5)');
    assert.strictEqual(byLoss['alpha-focal'].error, 'The training worker crashed (simulated crash in the training worker); run the comparison again, and report the problem if it happens again. (fold 1 of 5)');
    for (const run of results!.runs.filter((r) => r.status === 'failed')) {
      assert.strictEqual(run.summary, null);
      assert.deepStrictEqual(run.folds, []);
      assert.ok(!run.error!.includes('\n'), 'one line, no stack');
    }
    assert.strictEqual(events.filter((e) => e.type === 'run-failed').length, 3);
    assert.strictEqual(events.filter((e) => e.type === 'fit-finished').length, 5, 'BCE on five folds');
    for (const loss of ['focal', 'weighted-bce', 'alpha-focal']) {
      const failedAt = events.findIndex((e) => e.type === 'run-failed' && e.runId === loss);
      assert.ok(!events.slice(failedAt).some((e) => e.type === 'run-started' && e.runId === loss), `${loss} starts no fold after its failure`);
    }
    assert.match(results!.verdict.text, /Only BCE finished/);
    // The reports render the failures as well.
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /Training diverged/);
    await assertNextRunWorks();
  });

  it('a cancel during reading rejects with AbortError before any training thread starts', async () => {
    const out = path.join(directory, 'cancel-read');
    const outcome = await runAndWrite({ file: big, config: { epochs: 1, losses: ['bce'] } }, out, (event, controller) => {
      if (event.type === 'read-progress') controller.abort();
    });
    assertCancelled(outcome, out);
    const progress = outcome.events.filter((e) => e.type === 'read-progress');
    assert.strictEqual(progress.length, 1, 'reading stops at the next read');
    const last = progress[0] as { bytesRead: number; totalBytes: number };
    assert.ok(last.bytesRead < last.totalBytes);
    assert.ok(!outcome.events.some((e) => e.type === 'stage' && e.stage !== 'reading'));
    await assertNextRunWorks();
  });

  it('a cancel between epochs stops every model; no epoch arrives after the run settles', async () => {
    const out = path.join(directory, 'cancel-train');
    const outcome = await runAndWrite({ file: sample, config: { epochs: 500, losses: ['bce', 'focal', 'alpha-focal'] }, concurrency: 3 }, out, (event, controller) => {
      if (event.type === 'epoch') controller.abort();
    });
    assertCancelled(outcome, out);
    assert.ok(!outcome.events.some((e) => e.type === 'fit-finished' || e.type === 'run-failed'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.strictEqual(outcome.eventsAfterSettle(), 0, 'the threads are gone: nothing more arrives');
    await assertNextRunWorks();
  });

  it('a cancel right after the last model finishes, before evaluation, still cancels', async () => {
    const out = path.join(directory, 'cancel-before-evaluation');
    const losses = ['bce', 'focal'] as const;
    let finished = 0;
    const outcome = await runAndWrite({ file: small, config: { epochs: 2, losses: [...losses] } }, out, (event, controller) => {
      if (event.type === 'fit-finished' && ++finished === losses.length * 5) controller.abort();
    });
    assertCancelled(outcome, out);
    assert.ok(!outcome.events.some((e) => e.type === 'stage' && e.stage === 'evaluating'));
    await assertNextRunWorks();
  });

  it('a cancel during evaluation still cancels: no results, nothing written', async () => {
    const out = path.join(directory, 'cancel-evaluation');
    const outcome = await runAndWrite({ file: small, config: { epochs: 1, losses: ['bce'] } }, out, (event, controller) => {
      if (event.type === 'stage' && event.stage === 'evaluating') controller.abort();
    });
    assertCancelled(outcome, out);
    await assertNextRunWorks();
  });

  it('a worker that ignores the stop flag is terminated; the run still rejects only once it is gone', async () => {
    const out = path.join(directory, 'cancel-hung');
    process.env.FOCAL_LAB_TEST_HANG = 'focal';
    try {
      const outcome = await runAndWrite({ file: small, config: { epochs: 3, losses: ['focal', 'bce'] }, workerScript: faultyWorker, concurrency: 1 }, out, (event, controller) => {
        if (event.type === 'epoch' && event.runId === 'focal') controller.abort();
      });
      assertCancelled(outcome, out);
      assert.ok(!outcome.events.some((e) => e.type === 'run-started' && e.runId === 'bce'), 'models not started yet are not started after a cancel');
    } finally {
      delete process.env.FOCAL_LAB_TEST_HANG;
    }
    await assertNextRunWorks();
  });

  it('a signal aborted before the start rejects at once and starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const events: ComparisonEvent[] = [];
    await assert.rejects(core.runComparison({ file: small }, { signal: controller.signal, onEvent: (e) => events.push(e) }), (error) => core.isCancelled(error));
    assert.deepStrictEqual(events, []);
    assert.strictEqual(core.liveTrainingWorkers(), 0);
  });
});
