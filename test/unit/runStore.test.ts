// The run history (src/host/runStore.ts: fs, path and core only, so plain Node): save, list,
// load, delete; corrupted, foreign and half-written files are skipped (with a warning where
// a run is damaged), never a failure; and a writer process killed at random moments never
// leaves a listed run that cannot be loaded.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunStore, type StoredRunSummary } from '../../src/host/runStore';
import { seededRandom } from '../../src/core/random';

const root = path.resolve(__dirname, '..', '..');
const writer = path.join(root, 'test', 'engine', 'fixtures', 'runStoreWriter.ts');

function summary(id: string, createdAt: string): StoredRunSummary {
  return {
    id,
    kind: 'comparison',
    file: '/data/data.csv',
    fileName: 'data.csv',
    createdAt,
    losses: ['bce', 'focal'],
    headline: 'best minority F1 0.69 (Focal)',
    verdict: 'Focal did better for the minority class.',
    positiveClass: '1',
    negativeClass: '0',
  };
}

const resultsJson = (id: string) => JSON.stringify({ schemaVersion: 2, id, runs: [] }) + '\n';

/**
 * A results.json as Focal Lab wrote it before cross-validation (schema 1: one split, run-level
 * metrics and test predictions, a verdict string), made from a recorded schema-2 single-split run.
 */
function schemaOneResults(): Record<string, unknown> {
  const recorded = JSON.parse(fs.readFileSync(path.join(root, 'test', 'webview', 'recorded', 'holdout.json'), 'utf8'));
  const { evaluation: _e, references: _r, comparisons: _c, referenceComparisons: _rc, ...rest } = recorded;
  const { folds: _f, repeats: _rp, earlyStopping: _es, monitor: _m, ...config } = recorded.config;
  return {
    ...rest,
    schemaVersion: 1,
    config,
    verdict: 'Focal served the minority class best: recall at threshold 0.5 rose from 0.55 (BCE) to 0.60.',
    runs: recorded.runs.map((run: Record<string, unknown> & { pooled: unknown; folds: unknown }) => {
      const { id: _id, folds: _folds, summary: _s, pooled, bestEpoch: _b, ...v1 } = run;
      return { ...v1, metrics: pooled, test: { labels: [0, 1, 0], probabilities: [0.1, 0.8, 0.3] } };
    }),
  };
}

describe('run history store', () => {
  let directory = '';
  let warnings: string[] = [];
  let store: RunStore;

  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-runs-'));
    warnings = [];
    store = new RunStore(path.join(directory, 'runs'), (message) => warnings.push(message));
  });
  afterEach(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('removes old leftovers of interrupted saves, and nothing else', async () => {
    await store.save(summary('kept', '2024-01-01T00:00:00.000Z'), resultsJson('kept'));
    const runs = path.join(directory, 'runs');
    fs.writeFileSync(path.join(runs, 'orphan.json'), resultsJson('orphan'));
    fs.writeFileSync(path.join(runs, '.kept.meta.json.123.456.tmp'), '{');
    fs.writeFileSync(path.join(runs, 'notes.txt'), 'a foreign file');
    const later = Date.now() + 2 * 60 * 60 * 1000;
    assert.deepEqual(await store.removeLeftovers(60 * 60 * 1000, Date.now()), [], 'fresh files may belong to a save in progress');
    assert.deepEqual((await store.removeLeftovers(60 * 60 * 1000, later)).sort(), ['.kept.meta.json.123.456.tmp', 'orphan.json']);
    assert.deepEqual(fs.readdirSync(runs).sort(), ['kept.json', 'kept.meta.json', 'notes.txt']);
    assert.equal((await store.load('kept'))?.summary.id, 'kept');
  });

  it('lists nothing, without a warning, when the folder does not exist yet', async () => {
    assert.deepEqual(await store.list(), []);
    assert.deepEqual(warnings, []);
  });

  it('saves, lists newest first, loads and deletes runs', async () => {
    await store.save(summary('older', '2024-01-01T10:00:00.000Z'), resultsJson('older'));
    await store.save(summary('newer', '2024-02-01T10:00:00.000Z'), resultsJson('newer'));
    assert.deepEqual((await store.list()).map((s) => s.id), ['newer', 'older']);
    const loaded = await store.load('older');
    assert.deepEqual(loaded?.summary, summary('older', '2024-01-01T10:00:00.000Z'));
    assert.deepEqual(loaded?.results, JSON.parse(resultsJson('older')));
    await store.delete('older');
    assert.deepEqual((await store.list()).map((s) => s.id), ['newer']);
    assert.deepEqual(fs.readdirSync(store.directory).sort(), ['newer.json', 'newer.meta.json'], 'both files gone, no temporary files left');
    assert.equal(await store.load('older'), undefined);
    assert.equal(warnings.length, 1, 'loading a deleted run warns');
  });

  it('loads a run stored by an earlier Focal Lab (results schema 1) in the current shape', async () => {
    const old = schemaOneResults();
    await store.save(summary('old', '2024-01-01T00:00:00.000Z'), JSON.stringify(old));
    const loaded = await store.load('old');
    assert.ok(loaded, 'it loads');
    const results = loaded.results;
    assert.equal(results.schemaVersion, 2);
    assert.equal(results.evaluation.protocol, 'holdout');
    assert.equal(typeof results.verdict.text, 'string');
    assert.ok(results.verdict.notes.some((n) => n.includes('recall at threshold 0.5 rose')), 'the old verdict is kept as a note');
    const oldRuns = old.runs as { loss: string; metrics: { prAuc: number } }[];
    assert.deepEqual(results.runs.map((r) => r.id), oldRuns.map((r) => r.loss), 'run ids are the losses');
    for (const [i, run] of results.runs.entries()) {
      assert.equal(run.folds.length, 1);
      assert.equal(run.summary?.prAuc.mean, oldRuns[i].metrics.prAuc, 'the one split becomes the summary');
      assert.equal(run.pooled?.prAuc, oldRuns[i].metrics.prAuc);
    }
    assert.deepEqual(results.references, []);
    assert.deepEqual(warnings, []);
  });

  it('skips, with a warning, a results file of a newer schema or of another tool', async () => {
    await store.save(summary('newer', '2024-01-01T00:00:00.000Z'), JSON.stringify({ schemaVersion: 99, runs: [] }));
    await store.save(summary('foreign', '2024-01-01T00:00:00.000Z'), JSON.stringify({ hello: 'world' }));
    assert.equal(await store.load('newer'), undefined);
    assert.equal(await store.load('foreign'), undefined);
    assert.match(warnings[0], /newer Focal Lab/);
    assert.match(warnings[1], /not a Focal Lab results file/);
  });

  it('refuses ids that could name a path, and never touches files outside its folder', async () => {
    await assert.rejects(store.save(summary('../escape', '2024-01-01T00:00:00.000Z'), '{}'), /bad run id/);
    assert.equal(await store.load('../../etc/passwd'), undefined);
    await store.delete('../runs');
    assert.ok(!fs.existsSync(path.join(directory, 'escape.json')));
  });

  it('skips corrupted, foreign and half-written files; warns only about damaged runs', async () => {
    await store.save(summary('good', '2024-01-01T00:00:00.000Z'), resultsJson('good'));
    const put = (name: string, text: string) => fs.writeFileSync(path.join(store.directory, name), text);
    put('corrupt.meta.json', '{"id": "corrupt", "file": "/d');
    put('corrupt.json', resultsJson('corrupt'));
    put('orphan.meta.json', JSON.stringify(summary('orphan', '2024-01-01T00:00:00.000Z'))); // its results file is missing
    put('renamed.meta.json', JSON.stringify(summary('other-id', '2024-01-01T00:00:00.000Z')));
    put('renamed.json', resultsJson('renamed'));
    put('null.meta.json', 'null');
    put('null.json', '{}');
    put('binary.meta.json', '\u0000\u0001\u00ff garbage');
    put('binary.json', '{}');
    put('foreign.meta.json', JSON.stringify({ name: 'not a run', version: 3 }));
    put('foreign.json', '{}');
    put('notes.txt', 'my notes');
    put('settings.json', '{"editor.fontSize": 14}');
    put('.DS_Store', '\u0000\u0000');
    put('.good.meta.json.1234.1700000000000.tmp', '{"id": "good", "file": "/half-writ');
    put('.half.json.1234.1700000000000.tmp', '{"schemaVersion": 1, "ru');
    fs.mkdirSync(path.join(store.directory, 'folder.meta.json'));
    const listed = await store.list();
    assert.deepEqual(listed.map((s) => s.id), ['good']);
    const skipped = warnings.map((w) => /^Skipped (\S+) in the run history: .+\.$/.exec(w)?.[1]).sort();
    assert.deepEqual(skipped, ['binary.meta.json', 'corrupt.meta.json', 'folder.meta.json', 'foreign.meta.json', 'null.meta.json', 'orphan.meta.json', 'renamed.meta.json'].sort());
    assert.ok(warnings.every((w) => !w.includes('\n')), 'one-line warnings');
    assert.ok(warnings.some((w) => w.includes('orphan.meta.json') && w.includes('results file is missing')));
    // And the good run still loads.
    assert.equal((await store.load('good'))?.summary.id, 'good');
  });

  it('load() of a run whose results file is corrupted warns and returns undefined', async () => {
    await store.save(summary('broken', '2024-01-01T00:00:00.000Z'), resultsJson('broken'));
    fs.writeFileSync(path.join(store.directory, 'broken.json'), '{"schemaVersion": 1, "runs": [');
    assert.equal(await store.load('broken'), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Could not read run broken: /);
  });

  it('a writer killed at random moments (SIGKILL) never leaves a listed run that does not load', async () => {
    const random = seededRandom(31337);
    const KILLS = 6;
    const reportedSaved: string[] = [];
    for (let k = 0; k < KILLS; k++) {
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', writer, store.directory, `w${k}`], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      // Kill after 1..3 completed saves plus 0..40 ms: inside a write, between the results and
      // the meta file, or between runs.
      const savesBeforeKill = 1 + Math.floor(random() * 3);
      const extraMs = Math.floor(random() * 40);
      await new Promise<void>((resolve, reject) => {
        let buffered = '';
        child.stdout.on('data', (data: Buffer) => {
          buffered += data.toString();
          const lines = buffered.split('\n');
          buffered = lines.pop()!;
          for (const line of lines) {
            reportedSaved.push(line.replace(/^saved /, ''));
            if (reportedSaved.filter((id) => id.startsWith(`w${k}-`)).length === savesBeforeKill) setTimeout(resolve, extraMs);
          }
        });
        void exited.then(() => reject(new Error(`the writer ended early: ${stderr}`)));
      });
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
    }
    const listed = await store.list();
    assert.deepEqual(warnings, [], 'nothing damaged: no warnings');
    const listedIds = listed.map((s) => s.id);
    for (const id of reportedSaved) assert.ok(listedIds.includes(id), `${id} was reported saved, so it is listed`);
    for (const { id } of listed) {
      const run = await store.load(id);
      assert.ok(run, `${id} loads`);
      assert.equal((run.results as unknown as { id: string }).id, id);
      assert.equal((run.results as unknown as { runs: { test: { probabilities: number[] } }[] }).runs[0]!.test.probabilities.length, 60000);
    }
    assert.deepEqual(warnings, []);
  });
});
