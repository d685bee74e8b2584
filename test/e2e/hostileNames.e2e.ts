// Untrusted text from a CSV — a file name, a column name and a class value written as HTML —
// goes through the Explorer, the results panel and the Runs view and shows up as text: no
// element is injected, no script runs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasSelector, startVsCodeSession, type VsCodeSession } from './harness';

const HOSTILE_COLUMN = '<img src=x onerror=alert(1)>';
const HOSTILE_CLASS = '</script><b>pwned</b>';
const HOSTILE_FILE = '<svg onload=alert(2)>.csv';

describe('Hostile names in a CSV (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;
  const dialogs: string[] = [];

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-hostile-'));
    const rows = [`"${HOSTILE_COLUMN}",x2,label`];
    for (let i = 0; i < 300; i++) rows.push(`${((i * 37) % 100) / 10},${((i * 11) % 50) / 10},${i % 10 === 0 ? `"${HOSTILE_CLASS}"` : 'ok'}`);
    fs.writeFileSync(path.join(folder, HOSTILE_FILE), rows.join('\n') + '\n');
    session = await startVsCodeSession({ workspace: folder, settings: { 'focalLab.epochs': 3 } });
    session.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  });

  after(async () => {
    await session?.close();
  });

  it('shows them as text in the results panel, with nothing injected', async () => {
    await session.chooseExplorerMenuEntry(HOSTILE_FILE, /^Compare Losses$/);
    const panel = await session.webviewFrame(hasSelector('[data-focal-lab-panel]'));
    await panel.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 120_000 });
    const text = await panel.locator('body').innerText();
    assert.ok(text.includes(HOSTILE_FILE), 'the file name is shown as text');
    assert.ok(text.includes(HOSTILE_CLASS), 'the class name is shown as text');
    assert.ok(text.includes(HOSTILE_COLUMN), 'the column name is shown as text');
    assert.strictEqual(await panel.locator('img, svg[onload], b').count(), 0, 'no element came from the CSV');
    const scripts = await panel.locator('script').evaluateAll((elements) => elements.map((e) => `${e.getAttribute('src') ?? ''} ${e.textContent ?? ''}`));
    assert.ok(scripts.every((script) => !script.includes('pwned') && !script.includes('alert(')), 'no script came from the CSV');
    assert.deepStrictEqual(dialogs, [], 'no script from the CSV ran');
    await session.screenshot('hostile-panel');
  });

  it('shows the file name as text in the Runs view', async () => {
    await session.runCommand('Focal Lab: Show Loss Shapes');
    const row = session.page.locator('.monaco-list-row', { hasText: HOSTILE_FILE });
    await row.first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.strictEqual(await session.page.locator('.monaco-list-row img[src="x"], .monaco-list-row svg[onload]').count(), 0);
    assert.deepStrictEqual(dialogs, []);
  });
});
