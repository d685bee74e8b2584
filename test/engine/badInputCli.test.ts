// The bad-input corpus through the built CLI (dist/cli.js): each file gives exactly the
// message and exit code of test/fixtures/bad/expected.json, on one line of stderr, with
// nothing on stdout and nothing written; the files that are fine run and print their notices.

import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, temporaryDirectory } from './helpers';

interface CorpusCase {
  file: string;
  exitCode: number;
  errorCode: string | null;
  message: string | null;
  notices?: string[];
  /** The evaluation protocol's notice when the minority is too small for 5 folds (the CLI prints it after the data notices). */
  foldNotice?: string;
  dataset?: { target: string; positiveClass: string; features?: string[]; inputWidth?: number; roles?: Record<string, string> };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS script shared with the extension tests
const corpus = require('../../scripts/makeBadCorpus.js') as { makeBadCorpus(directory: string): CorpusCase[]; readExpected(): { cases: CorpusCase[] } };

function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('bad-input corpus through the CLI', () => {
  let directory: string;
  let cases: CorpusCase[];
  before(() => {
    directory = temporaryDirectory('bad-cli');
    cases = corpus.makeBadCorpus(path.join(directory, 'corpus'));
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  for (const entry of corpus.readExpected().cases) {
    const what = entry.errorCode ?? 'runs';
    it(`${entry.file}: exit ${entry.exitCode}, ${what}`, async () => {
      const c = cases.find((x) => x.file === entry.file)!;
      const out = path.join(directory, `out-${c.file}`);
      const { code, stdout, stderr } = await runCli(['compare', c.file, '--epochs', '1', '--losses', 'bce', '--out', out], path.join(directory, 'corpus'));
      assert.strictEqual(code, c.exitCode, stderr);
      if (c.errorCode !== null) {
        assert.strictEqual(stderr, `focal-lab: ${c.message}\n`, 'exactly one line: the message');
        assert.strictEqual(stdout, '');
        assert.ok(!fs.existsSync(out), 'nothing written');
        return;
      }
      assert.strictEqual(stderr, [...c.notices!, ...(c.foldNotice ? [c.foldNotice] : [])].map((notice) => `focal-lab: note: ${notice}\n`).join(''));
      const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
      assert.strictEqual(results.dataset.target, c.dataset!.target);
      assert.strictEqual(results.dataset.positiveClass, c.dataset!.positiveClass);
      if (c.dataset!.features) assert.deepStrictEqual(results.dataset.features, c.dataset!.features);
      if (c.dataset!.inputWidth) assert.strictEqual(results.dataset.inputWidth, c.dataset!.inputWidth);
      for (const [name, role] of Object.entries(c.dataset!.roles ?? {})) {
        assert.strictEqual(results.dataset.columns.find((column: { name: string }) => column.name === name)?.role, role, name);
      }
      assert.strictEqual(results.runs[0].status, 'finished');
      assert.ok(fs.readFileSync(path.join(out, 'report.md'), 'utf8').includes(c.dataset!.positiveClass));
    });
  }

  it('too-large.csv: --max-file-mb raises the limit as the message says (the file is then read, and its zeros refused)', async () => {
    const { code, stderr } = await runCli(['compare', 'too-large.csv', '--max-file-mb', '2000', '--out', path.join(directory, 'raised')], path.join(directory, 'corpus'));
    assert.strictEqual(code, 2);
    assert.strictEqual(stderr, 'focal-lab: too-large.csv does not look like a text CSV file: it holds NUL bytes; choose a CSV file, or export the data as CSV first.\n');
  });

  it('latin1-export.csv: names decoded in report.md (after its run above)', async () => {
    const out = path.join(directory, 'out-latin1-export.csv');
    const report = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    assert.match(report, /température/);
    assert.match(report, /région/);
    assert.match(report, /'oui'/);
    assert.doesNotMatch(report, /\uFFFD/, 'no replacement characters');
  });
});
