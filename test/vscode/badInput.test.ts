// The bad-input corpus once through the extension: every file the engine refuses gets the same
// one-sentence message in VS Code, and nothing is added to the history.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { api } from './helpers';
import type { RunOutcome } from '../../src/host/runService';

interface Case {
  file: string;
  source: string;
  exitCode: number;
  message?: string;
}

// Bundled to out/test/vscode/: the repository is three folders up.
const corpus = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'bad');
// The data-reading files are generated from seeds (scripts/lib/dataReadingCorpus.js), not kept in git.
const generator = path.resolve(__dirname, '..', '..', '..', 'scripts', 'lib', 'dataReadingCorpus.js');

describe('Bad input through the extension', function () {
  this.timeout(120_000);
  const cases = (JSON.parse(fs.readFileSync(path.join(corpus, 'expected.json'), 'utf8')) as { cases: Case[] }).cases.filter(
    (c) => (c.source === 'fixture' || c.source === 'data-reading') && c.exitCode === 2,
  );

  it('covers the refused files of the corpus', () => {
    assert.ok(cases.length >= 10, `${cases.length} cases`);
  });

  for (const badCase of cases) {
    it(`${badCase.file}: shows the engine's sentence and stores nothing`, async () => {
      const focalLab = await api();
      const before = (await focalLab.store.list()).length;
      const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
      const file = path.join(folder, 'bad', badCase.file);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      if (badCase.source === 'data-reading') {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain-JS generator shared with the engine tests
        const { dataReadingFile } = require(generator) as { dataReadingFile(name: string): string };
        fs.writeFileSync(file, dataReadingFile(badCase.file));
      } else {
        fs.copyFileSync(path.join(corpus, badCase.file), file);
      }
      const outcome = (await vscode.commands.executeCommand('focalLab.compareLosses', vscode.Uri.file(file), undefined, { noPrompts: true })) as RunOutcome;
      assert.strictEqual(outcome.status, 'failed');
      assert.strictEqual(outcome.message, badCase.message);
      assert.strictEqual((await focalLab.store.list()).length, before);
      assert.strictEqual(focalLab.service.isRunning, false);
    });
  }
});
