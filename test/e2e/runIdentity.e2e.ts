// Issue 12 end to end, as a user would: with no CSV in view, "Focal Lab: Sweep Gamma" from the
// Command Palette asks which CSV (a Quick Pick of the workspace's files) and runs a gamma sweep;
// Re-run in that sweep's panel repeats the sweep, not the comparison that ran after it; panels
// of the same file carry their run numbers.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { startVsCodeSession, type VsCodeSession } from './harness';

describe('Runs from the palette and Re-run from a panel (e2e)', function () {
  this.timeout(600_000);
  let session: VsCodeSession;

  before(async () => {
    session = await startVsCodeSession({
      settings: { 'focalLab.epochs': 2, 'focalLab.folds': 2, 'focalLab.losses': ['bce', 'focal'], 'focalLab.sweepGammas': [0, 2] },
      viewport: { width: 1600, height: 1000 },
    });
  });

  after(async () => {
    await session?.close();
  });

  afterEach(async function () {
    // What the screen showed when a step failed, for whoever reads the failure.
    if (this.currentTest?.state === 'failed') await session.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  const tab = (title: RegExp) => session.page.locator('.tabs-container .tab', { hasText: title });

  /** The webview frame of the results panel whose header says `kind` (e.g. "gamma sweep · run 1"). */
  const panelFrame = (kind: RegExp): Promise<Frame> =>
    session.webviewFrame(async (frame) => {
      const label = frame.locator('[data-focal-lab-panel] .fl-kind');
      return (await label.count()) > 0 && kind.test((await label.first().textContent()) ?? '');
    }, { timeoutMs: 120_000 });

  /**
   * Types "Focal Lab: <command>" in the Command Palette as a user does (session.runCommand waits
   * for the palette to close; these commands keep it open with their own question), until the
   * question "which CSV file?" shows.
   */
  async function askedForCsv(command: string): Promise<void> {
    const page = session.page;
    const input = page.locator('.quick-input-widget input');
    const question = page.locator('.quick-input-title', { hasText: `Focal Lab: ${command} — which CSV file?` });
    // The palette lists an extension's commands only once its host has started: open it again until it does.
    for (let attempt = 1; ; attempt++) {
      try {
        if (!(await input.isVisible())) await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>Focal Lab: ${command}`);
        await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: new RegExp(`^Focal Lab: ${command}`) }).first().waitFor({ state: 'visible', timeout: 5_000 });
        await page.keyboard.press('Enter');
        await question.waitFor({ state: 'visible', timeout: 60_000 });
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await page.keyboard.press('Escape');
        await new Promise((resolve) => setTimeout(resolve, 2_000));
      }
    }
  }

  it('Sweep Gamma from the palette without a CSV in view asks for one and runs a sweep', async () => {
    await askedForCsv('Sweep Gamma');
    const rows = await session.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
    assert.ok(rows.some((r) => r.includes('imbalanced-90-10.csv')), rows.join(' | '));
    assert.ok(rows.some((r) => r.includes('Browse…')), 'a file dialog is offered too');
    await session.page.locator('.quick-input-widget input').fill('imbalanced');
    await session.page.keyboard.press('Enter');
    const sweep = await panelFrame(/^gamma sweep · run 1$/);
    await sweep.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 180_000 });
    await tab(/^Gamma sweep #1: imbalanced-90-10\.csv/).first().waitFor({ state: 'visible' });
    await session.screenshot('palette-sweep');
  });

  it('Re-run in a panel repeats that panel’s run, not the last one', async () => {
    // A comparison of the same file runs after the sweep: it is "the last run" now.
    // The sweep's panel is in view, so no CSV is: the palette asks for one again.
    await askedForCsv('Compare Losses');
    await session.page.locator('.quick-input-widget input').fill('imbalanced');
    await session.page.keyboard.press('Enter');
    const comparison = await panelFrame(/^loss comparison · run 2$/);
    await comparison.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 180_000 });
    // Two panels of one file, told apart by their titles.
    await tab(/^Focal Lab #2: imbalanced-90-10\.csv \(BCE, focal · γ 2\)/).first().waitFor({ state: 'visible' });
    await tab(/^Gamma sweep #1: /).first().click();
    const sweep = await panelFrame(/^gamma sweep · run 1$/);
    const rerun = sweep.locator('button[data-testid="rerun"]');
    await rerun.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await rerun.getAttribute('title')) ?? '', /imbalanced-90-10\.csv, run 1 \(gamma sweep γ 0–2 \(focal\)\)/);
    await rerun.click();
    const again = await panelFrame(/^gamma sweep · run 3$/);
    await again.locator('[data-testid="metrics-table"]').waitFor({ state: 'visible', timeout: 180_000 });
    await tab(/^Gamma sweep #3: imbalanced-90-10\.csv/).first().waitFor({ state: 'visible' });
    assert.strictEqual(await tab(/^Focal Lab #3/).count(), 0, 'the re-run is a sweep, not a comparison');
    await session.screenshot('rerun-from-panel');
  });
});
