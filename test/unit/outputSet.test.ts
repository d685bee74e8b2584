// The output set and its folder (issue 13, items 10 and 11): the folder is checked without
// hanging and without leaving anything behind; a set is prepared in a temporary folder and
// moved into place under a lock, so an interrupted write leaves the previous set whole and two
// writers never interleave.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isCancelled, isInputError } from '../../src/core/errors';
import { commitComparisonOutputs, prepareComparisonOutputs, writeComparisonOutputs } from '../../src/core/output';
import { checkOutputFolder, makeFolder, temporaryFolderOf } from '../../src/core/outputFolder';
import { sampleResults } from './helpers/sampleResults';

const SET = ['report.html', 'report.md', 'results.json'];

/** Every entry of a folder, with a file's text (a folder's as '<folder>'), to compare before and after. */
function snapshot(directory: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(directory, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((entry) => [entry.name, entry.isDirectory() ? '<folder>' : fs.readFileSync(path.join(directory, entry.name), 'utf8')]),
  );
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}

/** A live process that is not this one: the owner of a lock in the tests. */
function otherProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("up\\n"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}

describe('output folder and output set', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-output-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('checkOutputFolder (before any data is read)', () => {
    const refused = async (folder: string, pattern: RegExp) => {
      const error = await rejection(checkOutputFolder(folder));
      assert.ok(isInputError(error), String(error));
      assert.match(error.message, pattern);
      assert.match(error.message, /choose (another folder|a folder) with --out/);
    };

    it('accepts an existing folder and a missing one under a folder, and leaves nothing behind', async () => {
      await checkOutputFolder(root);
      await checkOutputFolder(path.join(root, 'new', 'deeper'));
      assert.deepEqual(fs.readdirSync(root), []);
    });

    it('refuses an existing file, a path through a file, a symbolic-link loop, /proc and /sys with a sentence', async () => {
      const file = path.join(root, 'results');
      fs.writeFileSync(file, 'not a folder');
      await refused(file, /: it is a file, not a folder/);
      await refused(path.join(file, 'inside'), /results is a file, not a folder/);
      fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a'));
      fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b'));
      await refused(path.join(root, 'a'), /loop of symbolic links/);
      await refused('/proc/focal-lab-out', /no folder can be made there/);
      await refused('/proc/self/focal-lab/out', /no folder can be made there/);
      if (fs.existsSync('/sys/kernel')) await refused('/sys/kernel/focal-lab-out', /permission denied|read-only|no folder can be made/);
    });

    it('makeFolder refuses /proc instead of looping (fs.mkdir recursive never returns there)', async () => {
      const error = await rejection(makeFolder('/proc/focal-lab-out/deeper'));
      assert.ok(isInputError(error), String(error));
    });
  });

  describe('the output set', () => {
    it('moves a complete set into place, replacing the previous one, and leaves no temporary folder or lock', async () => {
      const out = path.join(root, 'out');
      await writeComparisonOutputs(sampleResults({ seed: 1 }), out);
      await writeComparisonOutputs(sampleResults({ seed: 2 }), out);
      assert.deepEqual(fs.readdirSync(out).sort(), SET);
      assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).config.seed, 2);
    });

    it('a cancel while writing removes the temporary folder and leaves the previous set whole', async () => {
      const out = path.join(root, 'out');
      await writeComparisonOutputs(sampleResults({ seed: 1 }), out);
      const before = snapshot(out);
      const controller = new AbortController();
      let files = 0;
      const error = await rejection(
        prepareComparisonOutputs(sampleResults({ seed: 2 }), out, {
          signal: controller.signal,
          afterFile: () => {
            if (++files === 1) controller.abort();
          },
        }),
      );
      assert.ok(isCancelled(error), String(error));
      assert.deepEqual(snapshot(out), before);
    });

    it('waits while another live run holds the folder\'s lock, then writes the whole set', async () => {
      const out = path.join(root, 'out');
      await writeComparisonOutputs(sampleResults({ seed: 1 }), out);
      const before = snapshot(out);
      const owner = await otherProcess();
      try {
        fs.writeFileSync(path.join(out, '.focal-lab.lock'), `${owner.pid}\n`);
        const prepared = await prepareComparisonOutputs(sampleResults({ seed: 2 }), out);
        let committed = false;
        const commit = commitComparisonOutputs(prepared).then(() => (committed = true));
        // Many polls of the lock (every 25 ms): a commit that ignored the lock would be done long before.
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal(committed, false, 'the commit waits for the lock');
        const waiting = snapshot(out);
        assert.deepEqual(
          Object.keys(waiting),
          ['.focal-lab-' + process.pid + '.tmp', '.focal-lab.lock', ...SET],
          'the prepared set waits in its temporary folder',
        );
        for (const name of SET) assert.equal(waiting[name], before[name], `${name} of the previous set is untouched while waiting`);
        owner.kill();
        await new Promise((resolve) => owner.once('exit', resolve));
        // The owner is gone: its lock is stale and taken over.
        await commit;
      } finally {
        owner.kill();
      }
      assert.deepEqual(fs.readdirSync(out).sort(), SET);
      assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')).config.seed, 2);
    });

    it('removes the temporary folder (or, from an earlier version, the .tmp file) a killed run left behind', async () => {
      const out = path.join(root, 'out');
      const owner = await otherProcess();
      const pid = owner.pid!;
      owner.kill();
      await new Promise((resolve) => owner.once('exit', resolve));
      const leftover = temporaryFolderOf(out, pid);
      fs.mkdirSync(leftover, { recursive: true });
      fs.writeFileSync(path.join(leftover, 'report.md'), 'half a report');
      // What an earlier Focal Lab, writing file by file, left when killed.
      fs.writeFileSync(path.join(out, `.report.md.${pid}.1764400000000.tmp`), 'half a report');
      await writeComparisonOutputs(sampleResults(), out);
      assert.deepEqual(fs.readdirSync(out).sort(), SET);
    });

    it('reports a folder it cannot write into as an input error, not an unexpected one', async () => {
      const error = await rejection(writeComparisonOutputs(sampleResults(), '/proc/focal-lab-out'));
      assert.ok(isInputError(error), String(error));
      assert.match(error.message, /^Cannot write the results to \/proc\/focal-lab-out: .*; choose another folder with --out\.$/);
    });
  });
});
