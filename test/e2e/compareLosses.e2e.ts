// The user's path, end to end in a real VS Code in a real browser: right-click the sample CSV,
// choose Compare Losses, watch the panel fill, then tune gamma in the side bar and see the
// loss-shape chart redraw. Saves screenshots of the panel and the side bar under test-results/.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { canvasHasInk, hasSelector, RESULTS_DIR, startVsCodeSession, waitForCanvasInk, type VsCodeSession } from './harness';

/** A digest of a canvas's pixels, to tell whether it was redrawn differently. */
async function canvasDigest(frame: Frame, selector: string): Promise<string> {
  return frame.evaluate((selector) => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
    const canvas = doc.querySelector(selector) as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let hash = 2166136261;
    for (let i = 0; i < data.length; i += 3) hash = Math.imul(hash ^ data[i], 16777619);
    return `${canvas.width}x${canvas.height}:${hash >>> 0}`;
  }, selector);
}

describe('Compare Losses from the Explorer (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;

  before(async () => {
    // Fewer epochs keep the run short; the panel is the same.
    session = await startVsCodeSession({ settings: { 'focalLab.epochs': 12 }, viewport: { width: 1600, height: 1000 } });
  });

  after(async () => {
    await session?.close();
  });

  let panel: Frame;

  it('right-click → Compare Losses opens the results panel, which fills with charts and metrics', async () => {
    await session.chooseExplorerMenuEntry('imbalanced-90-10.csv', /^Compare Losses$/);
    panel = await session.webviewFrame(hasSelector('[data-focal-lab-panel]'), { timeoutMs: 60_000 });
    // Live first (loss charts appear while training), then the results.
    await panel.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 120_000 });
    for (const chart of ['loss-chart-bce', 'loss-chart-focal', 'loss-chart-alpha-focal', 'logloss-chart', 'pr-chart', 'roc-chart', 'reliability-chart', 'difference-chart', 'fold-strip-chart', 'region-bce', 'region-alpha-focal']) {
      assert.ok(await waitForCanvasInk(panel, `[data-testid="${chart}"]`), `${chart} is drawn`);
    }
    const table = await panel.locator('[data-testid="metrics-table"]').innerText();
    for (const text of ['BCE', 'Focal', 'Alpha-balanced focal', 'ROC-AUC', 'PR-AUC', 'Base rate', 'Logistic regression', 'reference']) assert.ok(table.includes(text), `the metrics table shows ${text}`);
    // Cross-validated by default: every cell is mean ± half-width, the folds on hover.
    const prAuc = panel.locator('[data-testid="cell-bce-prAuc"]');
    assert.match(await prAuc.innerText(), /^\d\.\d{3} ± \d\.\d{3}/);
    const perFold = /Per fold: ((?:\d\.\d{3}(?:, )?){5})/.exec((await prAuc.getAttribute('title')) ?? '');
    assert.ok(perFold, 'the five per-fold values on hover');
    assert.match(await panel.locator('[data-testid="protocol"]').innerText(), /5-fold stratified cross-validation/);
    assert.match(await panel.locator('[data-testid="verdict"]').innerText(), /BCE.*(5 test folds)/s);
    assert.match(await panel.locator('[data-testid="difference-chart"]').getAttribute('aria-label') ?? '', /corrected resampled t-test/);
    await session.screenshot('panel');
  });

  it('stores the run in the Runs view', async () => {
    const runs = session.page.locator('.pane-body [aria-label*="imbalanced-90-10.csv"]');
    await session.runCommand('Focal Lab: Show Loss Shapes');
    await runs.first().waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('the side bar loss-shape chart redraws as the gamma slider moves', async () => {
    const sidebar = await session.webviewFrame(hasSelector('[data-testid="loss-shape-chart"]'), { timeoutMs: 60_000 });
    const chart = '[data-testid="loss-shape-chart"]';
    assert.ok(await waitForCanvasInk(sidebar, chart));
    const before = await canvasDigest(sidebar, chart);
    const slider = sidebar.locator('[data-testid="gamma-slider"]');
    await slider.focus();
    for (let i = 0; i < 20; i++) await slider.press('ArrowRight');
    // The chart follows the slider without waiting for the host.
    let after = before;
    for (let i = 0; i < 50 && after === before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await canvasDigest(sidebar, chart);
    }
    assert.notStrictEqual(after, before, 'the loss-shape chart changed');
    assert.ok(await canvasHasInk(sidebar, chart));
    assert.strictEqual(await sidebar.locator('[data-testid="gamma-input"]').inputValue(), '4');
    await session.screenshot('sidebar');
  });

  it('keeps the screenshots a person can look at', () => {
    for (const name of ['panel', 'sidebar']) assert.ok(fs.statSync(path.join(RESULTS_DIR, `${name}.png`)).size > 20_000);
  });
});
