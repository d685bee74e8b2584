// The target and the positive class are asked with a pre-filled Quick Pick only when the guess
// is uncertain — here a target with three classes: all classes in one model (pre-selected), or
// one class against the rest? — and the answer is remembered for the file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { hasSelector, startVsCodeSession, type VsCodeSession } from './harness';

describe('Choosing the positive class (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;

  before(async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-classes-'));
    const rows = ['weight,height,animal'];
    for (let i = 0; i < 300; i++) rows.push(`${(i * 7) % 50},${(i * 13) % 40},${i % 10 === 0 ? 'owl' : i % 3 === 0 ? 'cat' : 'dog'}`);
    fs.writeFileSync(path.join(folder, 'animals.csv'), rows.join('\n') + '\n');
    session = await startVsCodeSession({ workspace: folder, settings: { 'focalLab.epochs': 2, 'focalLab.losses': ['bce', 'alpha-focal'] } });
  });

  after(async () => {
    await session?.close();
  });

  const quickInput = () => session.page.locator('.quick-input-widget');

  it('asks once, all classes pre-selected, and picking the rarest class trains one-vs-rest for it', async () => {
    await session.chooseExplorerMenuEntry('animals.csv', /^Compare Losses$/);
    await quickInput().waitFor({ state: 'visible', timeout: 60_000 });
    const asked = await quickInput().innerText();
    assert.match(asked, /train one model over all classes of 'animal', or one class against the rest\?/, asked);
    const active = session.page.locator('.quick-input-widget .monaco-list-row.focused');
    assert.match(await active.innerText(), /All classes \(one multi-class model\)/);
    await session.page.keyboard.press('ArrowDown');
    const activeText = await active.innerText();
    assert.match(activeText, /owl[\s\S]*30 rows \(10\.0%\)[\s\S]*rarest/, activeText);
    await session.page.keyboard.press('Enter');
    const panel = await session.webviewFrame(hasSelector('[data-focal-lab-panel]'));
    await panel.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 120_000 });
    const body = await panel.locator('body').innerText();
    assert.match(body, /positive class 'owl'/);
    // With three classes a class is a choice among the options, not an accepted guess.
    assert.match(body, /'owl'[^\n]*chosen by you/);
  });

  it('remembers the answer for the file', async () => {
    const panelTabs = session.page.locator('.tab', { hasText: /Focal Lab #\d+: animals\.csv/ });
    const before = await panelTabs.count();
    await session.chooseExplorerMenuEntry('animals.csv', /^Compare Losses$/);
    // No Quick Pick this time: the run starts straight away and opens its panel.
    for (let i = 0; i < 300 && (await panelTabs.count()) === before; i++) {
      assert.strictEqual(await quickInput().isVisible(), false, 'nothing is asked the second time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.strictEqual(await panelTabs.count(), before + 1, `tabs before ${before}, after ${await panelTabs.count()}`);
  });
});
