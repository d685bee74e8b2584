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
    // Dark Modern: the theme where the focal series was once barely visible (issue 12).
    session = await startVsCodeSession({ settings: { 'focalLab.epochs': 12, 'workbench.colorTheme': 'Dark Modern' }, viewport: { width: 1600, height: 1000 } });
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

  it('in Dark Modern every series colour keeps 3:1 against the editor background VS Code gives the panel', async () => {
    // Runs in the webview (a string: the test's own config has no DOM types).
    const result = (await panel.evaluate(`(() => {
      const parse = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
      const lum = (rgb) => rgb.map((v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const background = getComputedStyle(document.body).backgroundColor;
      const bg = lum(parse(background));
      const ratios = [...document.querySelectorAll('.fl-swatch')].map((el) => { const l = lum(parse(getComputedStyle(el).backgroundColor)); return (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05); });
      return { dark: document.body.classList.contains('vscode-dark'), editorBackground: getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim(), background, lowest: Math.min(...ratios), count: ratios.length };
    })()`)) as { dark: boolean; editorBackground: string; background: string; lowest: number; count: number };
    assert.ok(result.dark, 'the panel is in a dark theme');
    assert.strictEqual(result.editorBackground.toLowerCase(), '#1f1f1f', `Dark Modern's editor background (${result.editorBackground})`);
    assert.ok(result.count >= 5 && result.lowest >= 3, `lowest series contrast ${result.lowest.toFixed(2)} on ${result.background} (${result.count} swatches)`);
  });

  it('the threshold explorer moves the confusion matrix and the ROC marker with its slider, and says when the numbers are optimistic', async () => {
    const card = panel.locator('[data-testid="explorer-alpha-focal"]');
    await card.scrollIntoViewIfNeeded();
    const honesty = panel.locator('[data-testid="explorer-honesty-alpha-focal"]');
    assert.match(await honesty.innerText(), /validation rows/);
    const counts = async () => (await card.locator('.fl-cell-count').allInnerTexts()).join(',');
    const before = await counts();
    const roc = await canvasDigest(panel, '[data-testid="roc-chart"]');
    const slider = panel.locator('[data-testid="threshold-slider-alpha-focal"]');
    await slider.focus();
    for (let i = 0; i < 15; i++) await slider.press('ArrowRight');
    assert.notStrictEqual(await counts(), before, 'the confusion matrix follows the slider');
    assert.match(await honesty.innerText(), /optimistic/);
    assert.notStrictEqual(await canvasDigest(panel, '[data-testid="roc-chart"]'), roc, 'the ROC marker moved');
    await panel.locator('[data-testid="recall-target-alpha-focal"]').fill('0.9');
    await panel.locator('[data-testid="preset-recall-alpha-focal"]').click();
    assert.ok(Number(await panel.locator('[data-testid="explorer-recall-alpha-focal"]').innerText()) >= 0.9, 'recall ≥ 0.9 preset reaches it');
    await session.screenshot('threshold-explorer');
    await panel.locator('[data-testid="preset-validation-alpha-focal"]').click();
    assert.strictEqual(await counts(), before, 'back at the validation-tuned threshold');
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
    for (const name of ['panel', 'threshold-explorer', 'sidebar']) assert.ok(fs.statSync(path.join(RESULTS_DIR, `${name}.png`)).size > 20_000);
  });
});
