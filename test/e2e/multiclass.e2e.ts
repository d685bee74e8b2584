// A three-class file end to end in a real VS Code: right-click the bundled 80:15:5 sample,
// Compare Losses, accept "All classes (one multi-class model)" in the class Quick Pick, and find
// the multi-class results in the panel: the task named in the header, the per-class table, the
// K × K confusion heat maps, the per-class PR curves and the decision regions by class.
import * as assert from 'assert';
import { hasSelector, startVsCodeSession, waitForCanvasInk, type VsCodeSession } from './harness';

describe('A multi-class comparison from the Explorer (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;

  before(async () => {
    session = await startVsCodeSession({ settings: { 'focalLab.epochs': 8, 'focalLab.folds': 3 }, viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await session?.close();
  });

  it('right-click → Compare Losses → All classes trains one model and shows the K × K confusion and the per-class table', async () => {
    await session.chooseExplorerMenuEntry('multiclass-80-15-5.csv', /^Compare Losses$/);
    const quickInput = session.page.locator('.quick-input-widget');
    await quickInput.waitFor({ state: 'visible', timeout: 60_000 });
    const focused = session.page.locator('.quick-input-widget .monaco-list-row.focused');
    assert.match(await focused.innerText(), /All classes \(one multi-class model\)/, 'all classes is offered first and pre-selected');
    await session.page.keyboard.press('Enter');

    const panel = await session.webviewFrame(hasSelector('[data-focal-lab-panel]'), { timeoutMs: 60_000 });
    await panel.locator('[data-testid="mc-per-class-table"]').waitFor({ state: 'visible', timeout: 180_000 });
    assert.match(await panel.locator('header').innerText(), /multi-class: one model over 3 classes/);

    const rows = await panel.locator('[data-testid="mc-per-class-table"] tbody tr th').allInnerTexts();
    assert.deepStrictEqual(rows.map((r) => r.trim()), ['common', 'rare', 'uncommon'], 'one row per class');
    const groups = await panel.locator('[data-testid="mc-per-class-table"] thead th[scope="colgroup"]').allInnerTexts();
    assert.deepStrictEqual(groups.map((g) => g.trim()), ['Cross-entropy', 'Focal', 'Alpha-balanced focal'], 'a column group per loss');

    for (const run of ['bce', 'focal', 'alpha-focal']) {
      const cells = panel.locator(`[data-testid="mc-confusion-${run}"] tbody td`);
      assert.strictEqual(await cells.count(), 9, `${run}: a 3 × 3 confusion`);
      const counts = (await panel.locator(`[data-testid="mc-confusion-${run}"] .fl-cell-count`).allInnerTexts()).map((t) => Number(t.replace(/,/g, '')));
      assert.strictEqual(counts.reduce((a, b) => a + b, 0), 3000, `${run}: every row of the file once`);
      assert.ok(await waitForCanvasInk(panel, `[data-testid="mc-region-${run}"]`), `${run}: decision regions drawn`);
    }
    assert.ok(await waitForCanvasInk(panel, '[data-testid="mc-pr-chart"]'), 'per-class PR curves drawn');
    const metrics = await panel.locator('[data-testid="mc-metrics-table"]').innerText();
    for (const text of ['Macro PR-AUC', 'Macro-F1', "Rarest-class recall ('rare')", 'Base rate', 'Logistic regression']) assert.ok(metrics.includes(text), `the metrics table shows ${text}`);
    assert.strictEqual(await panel.locator('[data-testid="threshold-explorer"]').count(), 0, 'no two-class threshold explorer');
    await session.screenshot('panel-multiclass');
  });
});
