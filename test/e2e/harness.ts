// End-to-end UI tests in a real browser session of VS Code: code-server (a real VS Code whose
// extension host loads this repository as the extension under development) with its workbench in
// Debian's Chromium, driven by playwright-core. The process handling is shared with the
// extension-test launcher (scripts/vscode/codeServer.js).
//
//   const session = await startVsCodeSession();            // a temp copy of samples/
//   const entry = await session.rightClickExplorerItem('imbalanced-90-10.csv', 'Compare Losses');
//   await entry.click();
//   const frame = await session.webviewFrame(hasSelector('canvas#roc'));
//   assert.ok(await waitForCanvasInk(frame, 'canvas#roc'));
//   await session.screenshot('compare');                    // test-results/compare.png
//   await session.close();
//
// Every wait is on a condition with a deadline; nothing sleeps a fixed time. Helpers that depend
// on the extension host (menu entries, commands, webviews) retry until their contribution shows up.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import * as cs from '../../scripts/vscode/codeServer';
import { install } from '../../scripts/vscode/installCodeServer';

export const RESULTS_DIR = path.join(cs.root, 'test-results');

export interface SessionOptions {
  /** Folder copied into a fresh temp workspace that VS Code opens (default: samples/). */
  workspace?: string;
  /** The extension under development (default: the repository root; null for none). */
  extensionDevelopmentPath?: string | null;
  /**
   * A packaged extension (.vsix) to install into this session's VS Code before it starts, as a
   * user would; use with extensionDevelopmentPath: null to test the package alone.
   */
  vsix?: string;
  /** User settings merged over the harness defaults. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Deadline for the workbench to show the Explorer rows (ms, default 90 s). */
  readyTimeoutMs?: number;
}

export interface SessionTimings {
  install: number;
  server: number;
  browser: number;
  workbench: number;
}

export interface VsCodeSession {
  page: Page;
  browser: Browser;
  context: BrowserContext;
  url: string;
  /** The opened workspace folder (a temp copy). */
  workspace: string;
  /** Temp folder with the workspace, user data, code-server log and page console log. */
  dir: string;
  codeServerLog: string;
  /** Browser console errors and uncaught page errors seen so far. */
  consoleErrors: string[];
  timings: SessionTimings;
  screenshot(name: string): Promise<string>;
  explorerItem(name: string): Locator;
  rightClickExplorerItem(name: string, menuLabel: string | RegExp, options?: RetryOptions): Promise<Locator>;
  chooseExplorerMenuEntry(name: string, menuLabel: string | RegExp, options?: RetryOptions): Promise<void>;
  runCommand(title: string, options?: RetryOptions): Promise<void>;
  webviewFrame(predicate: FramePredicate, options?: RetryOptions): Promise<Frame>;
  close(): Promise<void>;
}

export interface RetryOptions {
  /** Overall deadline (ms). */
  timeoutMs?: number;
}

export type FramePredicate = (frame: Frame) => boolean | Promise<boolean>;

const EXPLORER_ROWS = '.explorer-folders-view .monaco-list-row';
const MENU_ENTRIES = '.monaco-menu .action-label';
const QUICK_INPUT = '.quick-input-widget input';
const QUICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const asRegExp = (label: string | RegExp): RegExp => (typeof label === 'string' ? new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) : label);

/**
 * Repeats `attempt` (returning a value, or undefined for "not yet") with a growing pause until the
 * deadline. `within(ms)` caps one wait inside an attempt by the time left.
 */
async function retry<T>(what: string, timeoutMs: number, attempt: (within: (ms: number) => number) => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const within = (ms: number): number => Math.max(250, Math.min(ms, deadline - Date.now()));
  let pause = 200;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await attempt(within);
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() + pause > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`${what}: not within ${timeoutMs / 1000} s${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 2000);
  }
}

/** The Explorer row of a file or folder, by its exact name. */
export function explorerItem(page: Page, name: string): Locator {
  return page.locator(EXPLORER_ROWS).filter({ has: page.locator('.label-name', { hasText: asRegExp(name) }) });
}

/**
 * Right-clicks an Explorer row until its context menu has an entry matching `menuLabel`, and
 * returns that entry (visible, ready to click). Extension contributions appear only after the
 * extension host has started, so an early menu lacks them: close it and try again.
 */
export async function rightClickExplorerItem(page: Page, name: string, menuLabel: string | RegExp, { timeoutMs = 60_000 }: RetryOptions = {}): Promise<Locator> {
  const row = explorerItem(page, name);
  const entry = page.locator(MENU_ENTRIES).filter({ hasText: asRegExp(menuLabel) });
  return retry(`context menu of "${name}" with an entry ${menuLabel}`, timeoutMs, async (within) => {
    await row.first().waitFor({ state: 'visible', timeout: within(10_000) });
    await row.first().click({ button: 'right', timeout: within(5_000) });
    await page.locator(MENU_ENTRIES).first().waitFor({ state: 'visible', timeout: within(5_000) });
    if (await entry.first().isVisible()) return entry.first();
    await page.keyboard.press('Escape');
    await page.locator(MENU_ENTRIES).first().waitFor({ state: 'hidden', timeout: within(5_000) });
    return undefined;
  });
}

/**
 * Chooses an entry of an Explorer row's context menu, as a user would: right-click, point at
 * the entry, press Enter; until the menu has closed (a mouse click on the menu is sometimes
 * swallowed: by a webview under it, or while the workbench is still busy starting).
 */
export async function chooseExplorerMenuEntry(page: Page, name: string, menuLabel: string | RegExp, { timeoutMs = 90_000 }: RetryOptions = {}): Promise<void> {
  const menu = page.locator(MENU_ENTRIES).first();
  await retry(`choosing ${menuLabel} on "${name}"`, timeoutMs, async (within) => {
    const entry = await rightClickExplorerItem(page, name, menuLabel, { timeoutMs: within(60_000) });
    await entry.hover({ timeout: within(5_000) });
    await page.keyboard.press('Enter');
    try {
      await menu.waitFor({ state: 'hidden', timeout: within(5_000) });
      return true;
    } catch {
      await page.keyboard.press('Escape');
      return undefined;
    }
  });
}

/**
 * Runs a command through the command palette by its title as the palette shows it
 * (e.g. "Focal Lab: Compare Losses"), retrying until the command is registered.
 */
export async function runCommand(page: Page, title: string, { timeoutMs = 60_000 }: RetryOptions = {}): Promise<void> {
  const input = page.locator(QUICK_INPUT);
  const exact = asRegExp(title);
  await retry(`command "${title}" in the command palette`, timeoutMs, async (within) => {
    if (!(await input.isVisible())) {
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: within(5_000) });
    }
    await input.fill(`>${title}`);
    // The list filters as it is typed: wait for it to settle on our title or on nothing.
    const row = page.locator(QUICK_ROWS).filter({ has: page.locator('.label-name', { hasText: exact }) });
    try {
      await row.first().waitFor({ state: 'visible', timeout: within(3_000) });
    } catch {
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden', timeout: within(5_000) });
      return undefined;
    }
    await row.first().click({ timeout: within(5_000) });
    await input.waitFor({ state: 'hidden', timeout: within(5_000) });
    return true;
  });
}

/** A predicate for webviewFrame: the frame has an element matching `selector`. */
export function hasSelector(selector: string): FramePredicate {
  return async (frame) => (await frame.locator(selector).count()) > 0;
}

/**
 * The frame of a webview's content. A VS Code webview is an iframe (the webview host) holding
 * another iframe with the extension's HTML; both show up in page.frames(). Polls until a frame
 * satisfies the predicate (frames that are detached meanwhile are skipped).
 */
export async function webviewFrame(page: Page, predicate: FramePredicate, { timeoutMs = 60_000 }: RetryOptions = {}): Promise<Frame> {
  return retry('a webview frame matching the predicate', timeoutMs, async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      try {
        if (await predicate(frame)) return frame;
      } catch {
        // detached or navigating: look again next round
      }
    }
    return undefined;
  });
}

/**
 * Whether a canvas has been drawn on: reads its pixels (getImageData) and looks for any pixel
 * that differs from the top-left one (the background) by more than `tolerance` in a channel.
 */
export async function canvasHasInk(frame: Frame, selector: string, tolerance = 8): Promise<boolean> {
  return frame.evaluate(
    ({ selector, tolerance }) => {
      // Runs in the webview; typed locally because the test tsconfig has no DOM library.
      interface Canvas2D {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
      }
      const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
      const canvas = doc.querySelector(selector) as Canvas2D | null;
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const context = canvas.getContext('2d');
      if (!context) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const background = [data[0], data[1], data[2], data[3]];
      for (let i = 0; i < data.length; i += 4) {
        for (let c = 0; c < 4; c++) if (Math.abs(data[i + c] - background[c]) > tolerance) return true;
      }
      return false;
    },
    { selector, tolerance },
  );
}

/** Waits until canvasHasInk is true (charts draw after data arrives, often animated). */
export async function waitForCanvasInk(frame: Frame, selector: string, { timeoutMs = 30_000 }: RetryOptions = {}): Promise<boolean> {
  return retry(`ink on ${selector}`, timeoutMs, async () => ((await canvasHasInk(frame, selector)) ? true : undefined));
}

/** Saves a full-page screenshot to test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(RESULTS_DIR, name.endsWith('.png') ? name : `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/** Starts code-server and Chromium, opens the workbench on a temp copy of the workspace, and waits until the Explorer shows its rows. */
export async function startVsCodeSession(options: SessionOptions = {}): Promise<VsCodeSession> {
  const timings: SessionTimings = { install: 0, server: 0, browser: 0, workbench: 0 };
  let t = Date.now();
  const installed = await install();
  timings.install = Date.now() - t;

  const dir = cs.makeTempDir('focal-lab-e2e-');
  const workspace = cs.copyWorkspace(path.join(dir, 'workspace'), options.workspace ?? path.join(cs.root, 'samples'));
  const pageLog = path.join(dir, 'page-console.log');
  const consoleErrors: string[] = [];
  let server: cs.CodeServer | undefined;
  let browser: Browser | undefined;
  let closed = false;
  let keep = process.env.FOCAL_LAB_KEEP_TMP === '1';

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await browser?.close().catch(() => {});
    await server?.stop();
    if (keep) cs.log(`kept ${dir} (workspace, code-server log, page console log)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    if (options.vsix) {
      // code-server's own installer, into the extensions folder the session's server will use.
      const result = spawnSync(installed.node, [installed.codeServerEntry, '--config', installed.config, '--extensions-dir', path.join(dir, 'extensions'), '--install-extension', options.vsix], {
        encoding: 'utf8',
        env: { ...process.env, PATH: `${installed.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}` },
        timeout: 120_000,
      });
      if (result.status !== 0) throw new Error(`installing ${options.vsix} failed: ${result.stderr || result.stdout}`);
    }
    t = Date.now();
    server = await cs.startCodeServer({ dir, settings: options.settings });
    timings.server = Date.now() - t;

    t = Date.now();
    browser = await cs.launchChromium();
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 } });
    const page = await context.newPage();
    timings.browser = Date.now() - t;
    page.on('console', (message) => {
      fs.appendFileSync(pageLog, `[${message.type()}] ${message.text()}\n`);
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => {
      fs.appendFileSync(pageLog, `[pageerror] ${error.stack ?? error.message}\n`);
      consoleErrors.push(error.message);
    });

    const development = options.extensionDevelopmentPath === undefined ? cs.root : options.extensionDevelopmentPath;
    const url = cs.workbenchUrl(server, { folder: workspace, ...(development ? { extensionDevelopmentPath: development } : {}) });
    t = Date.now();
    const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: readyTimeoutMs });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: readyTimeoutMs });
    await page.locator(EXPLORER_ROWS).first().waitFor({ state: 'visible', timeout: readyTimeoutMs });
    timings.workbench = Date.now() - t;

    const codeServerLog = server.logFile;
    return {
      page,
      browser,
      context,
      url,
      workspace,
      dir,
      codeServerLog,
      consoleErrors,
      timings,
      screenshot: (name) => screenshot(page, name),
      explorerItem: (name) => explorerItem(page, name),
      rightClickExplorerItem: (name, label, retryOptions) => rightClickExplorerItem(page, name, label, retryOptions),
      chooseExplorerMenuEntry: (name, label, retryOptions) => chooseExplorerMenuEntry(page, name, label, retryOptions),
      runCommand: (title, retryOptions) => runCommand(page, title, retryOptions),
      webviewFrame: (predicate, retryOptions) => webviewFrame(page, predicate, retryOptions),
      close,
    };
  } catch (error) {
    const detail = server ? `\ncode-server log (${server.logFile}):\n${cs.tail(server.logFile, 30)}\npage console:\n${cs.tail(pageLog, 30)}` : '';
    keep = true; // the logs of a failed start are worth reading
    await close();
    throw new Error(`VS Code session did not start: ${error instanceof Error ? error.message : String(error)}${detail}`);
  }
}
