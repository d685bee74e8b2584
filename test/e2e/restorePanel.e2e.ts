// A results panel comes back after the window reloads, as a user reloads it in code-server: the
// browser's own reload (no orderly shutdown: VS Code keeps the tab but not its webview's state)
// and Developer: Reload Window. Each time the tab shows the run again, verdict and charts drawn,
// not a blank page or "could not be restored" (issue 12, item 9).
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { startVsCodeSession, waitForCanvasInk, type VsCodeSession } from './harness';

describe('Restoring a results panel after a window reload (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;

  before(async () => {
    session = await startVsCodeSession({ settings: { 'focalLab.epochs': 2, 'focalLab.folds': 2, 'focalLab.losses': ['bce', 'focal'] }, viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await session.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  /** The results panel of run 1, once it shows its verdict. */
  const runPanel = (timeoutMs: number): Promise<Frame> =>
    session.webviewFrame(async (frame) => {
      const kind = frame.locator('[data-focal-lab-panel] .fl-kind');
      return (await kind.count()) > 0 && /^loss comparison · run 1$/i.test(((await kind.first().textContent()) ?? '').trim()) && (await frame.locator('[data-testid="verdict"]').count()) > 0;
    }, { timeoutMs });

  /** Reloads (by `how`) and waits until the workbench of the new page is up. */
  async function reload(how: () => Promise<unknown>): Promise<void> {
    const page = session.page;
    const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 120_000 });
    await how();
    await navigated;
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
  }

  async function assertDrawn(panel: Frame): Promise<void> {
    assert.match(await panel.locator('[data-testid="verdict"]').innerText(), /BCE|Focal|difference/);
    assert.ok(await waitForCanvasInk(panel, '[data-testid="roc-chart"]'), 'the ROC chart is drawn');
    assert.ok(await waitForCanvasInk(panel, '[data-testid="loss-chart-focal"]'), 'the loss chart is drawn');
    assert.strictEqual(await panel.getByText('could not be restored').count(), 0);
  }

  it('a finished comparison is in its panel', async () => {
    await session.chooseExplorerMenuEntry('imbalanced-90-10.csv', /^Compare Losses$/);
    await assertDrawn(await runPanel(180_000));
  });

  it('the browser reloads the page: the panel shows the run again', async () => {
    await reload(() => session.page.reload({ waitUntil: 'domcontentloaded', timeout: 120_000 }));
    // The extension host starts anew and revives the panel (slow on a loaded machine).
    await assertDrawn(await runPanel(180_000));
    await session.screenshot('restored-after-browser-reload');
  });

  it('Developer: Reload Window: the panel shows the run again', async () => {
    await reload(() => session.runCommand('Developer: Reload Window'));
    await assertDrawn(await runPanel(180_000));
    await session.screenshot('restored-after-reload-window');
  });
});
