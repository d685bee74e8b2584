// The built CLI under signals and with hostile output folders (issue 13, items 8, 10 and 11).
// FOCAL_LAB_TEST_STALL makes the engine thread spin synchronously at a stage, as a huge file
// keeps it busy, and say so on stderr: the tests then send signals and assert what the CLI ends
// with (exit code, message, files left), never how long it took. Waits are for events; their
// safety timeout only turns a hang into a failure.

import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, sample, temporaryDirectory } from './helpers';

const QUICK = ['--epochs', '1', '--losses', 'bce', '--folds', '1'];
/** Only a hang reaches this. */
const SAFETY_MS = 120_000;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  const stderrListeners: (() => void)[] = [];
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const listener of stderrListeners) listener();
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not end (a hang); stderr: ${stderr}`));
    }, SAFETY_MS);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
  /** Resolves once stderr contains `text`. */
  const saw = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stderr.includes(text)) resolve();
      };
      stderrListeners.push(check);
      check();
      void finished.then(() => reject(new Error(`the CLI ended before printing '${text}': ${stderr}`)), reject);
    });
  return { child, finished, saw };
}

function snapshot(directory: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(directory).sort().map((name) => [name, fs.readFileSync(path.join(directory, name), 'utf8')]));
}

describe('CLI: signals at every stage, output folders, names and banners', function () {
  let directory: string;
  let out: string;
  let previous: Record<string, string>;
  before(() => {
    directory = temporaryDirectory('cli-signals');
    out = path.join(directory, 'out');
    // The previous set every interrupted run must leave whole.
    const first = spawnSync(process.execPath, [cli, 'compare', sample, ...QUICK, '--seed', '1', '--out', out], { encoding: 'utf8' });
    assert.strictEqual(first.status, 0, first.stderr);
    previous = snapshot(out);
    assert.deepStrictEqual(Object.keys(previous), ['report.html', 'report.md', 'results.json']);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  for (const stage of ['reading', 'preparing', 'training', 'evaluating', 'writing']) {
    it(`two Ctrl-Cs while ${stage} (the engine busy) end it with 130; the previous set is whole, nothing else is left`, async () => {
      const run = start(['compare', sample, ...QUICK, '--seed', '2', '--out', out], { FOCAL_LAB_TEST_STALL: stage });
      await run.saw(`stalled at ${stage}`);
      run.child.kill('SIGINT');
      run.child.kill('SIGINT');
      const { code, stderr, stdout } = await run.finished;
      assert.strictEqual(code, 130, stderr);
      assert.match(stderr, /focal-lab: cancelled; nothing was written\.\n$/);
      assert.strictEqual(stdout, '');
      assert.deepStrictEqual(snapshot(out), previous, 'the previous set, unchanged, and no temporary folder, .tmp file or lock');
    });
  }

  it('one Ctrl-C while the engine is busy still ends the CLI (it is stopped after a grace period) with 130', async () => {
    const run = start(['compare', sample, ...QUICK, '--out', out], { FOCAL_LAB_TEST_STALL: 'preparing' });
    await run.saw('stalled at preparing');
    run.child.kill('SIGINT');
    const { code, stderr } = await run.finished;
    assert.strictEqual(code, 130, stderr);
    assert.deepStrictEqual(snapshot(out), previous);
  });

  it('SIGTERM while writing ends the CLI with 143 and leaves the previous set whole', async () => {
    const run = start(['compare', sample, ...QUICK, '--out', out], { FOCAL_LAB_TEST_STALL: 'writing' });
    await run.saw('stalled at writing');
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.finished;
    assert.strictEqual(code, 143, stderr);
    assert.match(stderr, /cancelled; nothing was written/);
    assert.deepStrictEqual(snapshot(out), previous);
  });

  it('SIGTERM during training (the engine responsive) cancels cleanly with 143', async () => {
    // Waits for the engine to say training started (FOCAL_LAB_TEST_STAGES), not for a fixed time:
    // on a loaded machine 1.5 s could still be reading the file.
    const run = start(['compare', sample, '--epochs', '10000', '--early-stopping', '0', '--out', path.join(directory, 'term')], { FOCAL_LAB_TEST_STAGES: '1' });
    await run.saw('stage training');
    run.child.kill('SIGTERM');
    const { code, stderr } = await run.finished;
    assert.strictEqual(code, 143, stderr);
    assert.ok(!fs.existsSync(path.join(directory, 'term')), 'nothing written');
  });

  it('a named pipe is refused with exit 2 instead of waiting for a writer', async () => {
    const fifo = path.join(directory, 'pipe.csv');
    assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0);
    const { code, stderr } = await start(['compare', fifo, '--out', path.join(directory, 'fifo-out')]).finished;
    assert.strictEqual(code, 2, stderr);
    assert.strictEqual(stderr, 'focal-lab: pipe.csv is a named pipe (FIFO), not a regular file; save the data to a file and choose that file.\n');
  });

  const badFolders: [string, () => string, RegExp][] = [
    ['an existing file', () => path.join(out, 'results.json'), /: it is a file, not a folder; choose a folder with --out/],
    ['a folder under a file', () => path.join(out, 'results.json', 'deeper'), /results\.json is a file, not a folder/],
    ['/proc', () => '/proc/focal-lab-out', /no folder can be made there/],
    ['/sys', () => '/sys/kernel/focal-lab-out', /permission denied|read-only|no folder can be made there/],
    [
      'a symbolic-link loop',
      () => {
        const a = path.join(directory, 'loop-a');
        if (!fs.existsSync(path.join(directory, 'loop-b'))) {
          fs.symlinkSync(path.join(directory, 'loop-b'), a);
          fs.symlinkSync(a, path.join(directory, 'loop-b'));
        }
        return a;
      },
      /loop of symbolic links/,
    ],
  ];
  for (const [what, folder, message] of badFolders) {
    it(`--out ${what}: exit 2 with a sentence, before the data is read`, async () => {
      // The data file is a named pipe: were it read first, the run would refuse it (or wait); the folder is checked before.
      const fifo = path.join(directory, `before-${badFolders.findIndex(([w]) => w === what)}.csv`);
      assert.strictEqual(spawnSync('mkfifo', [fifo]).status, 0);
      const { code, stderr } = await start(['compare', fifo, '--out', folder()]).finished;
      assert.strictEqual(code, 2, stderr);
      assert.match(stderr, /^focal-lab: Cannot write the results to /);
      assert.match(stderr, message);
      assert.strictEqual(stderr.split('\n').length, 2, 'one line');
      assert.deepStrictEqual(snapshot(out), previous);
    });
  }

  it('a symbolic-link loop as the data file: exit 2 with a sentence, not an unexpected error', async () => {
    const { code, stderr } = await start(['compare', path.join(directory, 'loop-a'), '--out', path.join(directory, 'loop-out')]).finished;
    assert.strictEqual(code, 2, stderr);
    assert.match(stderr, /goes round a loop of symbolic links; choose the CSV file itself\.\n$/);
  });

  it('--backend cpu prints no TensorFlow.js banner', async () => {
    const { code, stderr } = await start(['compare', sample, '--epochs', '1', '--losses', 'bce,focal', '--folds', '1', '--backend', 'cpu', '--out', path.join(directory, 'cpu')]).finished;
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stderr, '');
  });

  it('a header of 1.4 million columns is refused at the column limit, with a sentence naming it', async () => {
    const file = path.join(directory, 'wide-header.csv');
    fs.writeFileSync(file, Array.from({ length: 1_400_000 }, (_, c) => `c${c}`).join(',') + '\n');
    const { code, stderr } = await start(['compare', file, '--out', path.join(directory, 'wide-out')]).finished;
    assert.strictEqual(code, 2, stderr);
    assert.strictEqual(stderr, 'focal-lab: The header on line 1 of wide-header.csv has more than 100,000 columns, the most Focal Lab reads; keep the columns you need (the target and the features) in a new file and choose that.\n');
  });

  it('a 20 MB column name is clipped: results.json and the reports stay small', async () => {
    const file = path.join(directory, 'long-name.csv');
    const name = 'n'.repeat(20 * 1024 * 1024);
    fs.writeFileSync(file, `x1,${name},label\n` + Array.from({ length: 60 }, (_, r) => `${r % 7},${(r * 3) % 11},${r % 5 === 0 ? 1 : 0}`).join('\n') + '\n');
    const written = path.join(directory, 'long-out');
    const { code, stderr } = await start(['compare', file, ...QUICK, '--out', written]).finished;
    assert.strictEqual(code, 0, stderr);
    for (const output of ['results.json', 'report.md', 'report.html']) {
      const size = fs.statSync(path.join(written, output)).size;
      assert.ok(size < 1024 * 1024, `${output}: ${size} bytes`);
    }
    const results = JSON.parse(fs.readFileSync(path.join(written, 'results.json'), 'utf8'));
    assert.deepStrictEqual(results.dataset.features, ['x1', 'n'.repeat(199) + '…']);
  });
});
