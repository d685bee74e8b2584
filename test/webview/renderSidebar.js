#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a plain Node script, run without a build step */
// Dev harness for the settings side bar: serves sidebarHarness.html (the host's CSP, a stub
// acquireVsCodeApi, VS Code theme variables) from a local origin, drives it in Debian's
// chromium with playwright-core, checks the behaviour, and writes screenshots to
// test-results/sidebar-*.png. Build first: node scripts/build.js. Exit code 1 on any failure,
// including a Content-Security-Policy violation.
//   node test/webview/renderSidebar.js [--headed] [--keep-open]
'use strict';
const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'test-results');
const WIDTH = 320;

// ---------- theme: the variables VS Code 1.9x sets for Dark Modern, Light Modern, High Contrast ----------

const common = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", "DejaVu Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-font-weight': 'normal',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
};

const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    themeId: 'Default Dark Modern',
    variables: {
      ...common,
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-sideBar-background': '#181818',
      '--vscode-sideBar-foreground': '#cccccc',
      '--vscode-sideBarTitle-foreground': '#cccccc',
      '--vscode-sideBarSectionHeader-background': '#181818',
      '--vscode-sideBarSectionHeader-foreground': '#cccccc',
      '--vscode-sideBarSectionHeader-border': '#2b2b2b',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#0078d4',
      '--vscode-widget-border': '#313131',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898',
      '--vscode-inputValidation-errorBackground': '#5a1d1d',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-warningBackground': '#352a05',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-dropdown-background': '#313131',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-dropdown-foreground': '#cccccc',
      '--vscode-checkbox-background': '#313131',
      '--vscode-checkbox-border': '#3c3c3c',
      '--vscode-checkbox-foreground': '#cccccc',
      '--vscode-button-background': '#0078d4',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-border': 'rgba(255, 255, 255, 0.07)',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c',
      '--vscode-progressBar-background': '#0078d4',
      '--vscode-scrollbarSlider-background': 'rgba(121, 121, 121, 0.4)',
      '--vscode-editorHoverWidget-background': '#202020',
      '--vscode-editorHoverWidget-border': '#454545',
      '--vscode-charts-foreground': '#cccccc',
      '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    themeId: 'Default Light Modern',
    variables: {
      ...common,
      '--vscode-foreground': '#3b3b3b',
      '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-editor-background': '#ffffff',
      '--vscode-sideBar-background': '#f8f8f8',
      '--vscode-sideBar-foreground': '#3b3b3b',
      '--vscode-sideBarTitle-foreground': '#3b3b3b',
      '--vscode-sideBarSectionHeader-background': '#f8f8f8',
      '--vscode-sideBarSectionHeader-foreground': '#3b3b3b',
      '--vscode-sideBarSectionHeader-border': '#e5e5e5',
      '--vscode-descriptionForeground': '#3b3b3b',
      '--vscode-errorForeground': '#f85149',
      '--vscode-focusBorder': '#005fb8',
      '--vscode-widget-border': '#e5e5e5',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#3b3b3b',
      '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-inputValidation-errorBackground': '#f2dede',
      '--vscode-inputValidation-errorBorder': '#be1100',
      '--vscode-inputValidation-warningBackground': '#f6f5d2',
      '--vscode-inputValidation-warningBorder': '#b89500',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-dropdown-foreground': '#3b3b3b',
      '--vscode-checkbox-background': '#f8f8f8',
      '--vscode-checkbox-border': '#cecece',
      '--vscode-checkbox-foreground': '#3b3b3b',
      '--vscode-button-background': '#005fb8',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-border': 'rgba(0, 0, 0, 0.1)',
      '--vscode-button-secondaryBackground': '#e5e5e5',
      '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc',
      '--vscode-progressBar-background': '#005fb8',
      '--vscode-scrollbarSlider-background': 'rgba(100, 100, 100, 0.4)',
      '--vscode-editorHoverWidget-background': '#f8f8f8',
      '--vscode-editorHoverWidget-border': '#c8c8c8',
      '--vscode-charts-foreground': '#616161',
      '--vscode-charts-lines': 'rgba(97, 97, 97, 0.5)',
      '--vscode-charts-red': '#e51400',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90',
    },
  },
  hc: {
    bodyClass: 'vscode-high-contrast',
    themeId: 'Default High Contrast',
    variables: {
      ...common,
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-sideBar-background': '#000000',
      '--vscode-sideBarTitle-foreground': '#ffffff',
      '--vscode-sideBarSectionHeader-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)',
      '--vscode-errorForeground': '#f48771',
      '--vscode-focusBorder': '#f38518',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-input-border': '#6fc3df',
      '--vscode-inputValidation-errorBackground': '#000000',
      '--vscode-inputValidation-errorBorder': '#6fc3df',
      '--vscode-inputValidation-warningBackground': '#000000',
      '--vscode-inputValidation-warningBorder': '#6fc3df',
      '--vscode-dropdown-background': '#000000',
      '--vscode-dropdown-border': '#6fc3df',
      '--vscode-dropdown-foreground': '#ffffff',
      '--vscode-checkbox-background': '#000000',
      '--vscode-checkbox-border': '#6fc3df',
      '--vscode-checkbox-foreground': '#ffffff',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-progressBar-background': '#6fc3df',
      '--vscode-charts-foreground': '#ffffff',
      '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd700',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
    },
  },
};

// VS Code's own default webview stylesheet (abridged from src/vs/workbench/contrib/webview/browser/pre/index.html).
const VSCODE_DEFAULT_STYLES = `
html { scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background); }
body { overscroll-behavior-x: none; background-color: transparent; color: var(--vscode-editor-foreground);
  font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size);
  margin: 0; padding: 0 20px; }
img, video { max-width: 100%; max-height: 100%; }
a, a code { color: var(--vscode-textLink-foreground); }
a:focus, input:focus, select:focus, textarea:focus { outline: 1px solid -webkit-focus-ring-color; outline-offset: -1px; }
::-webkit-scrollbar { width: 10px; height: 10px; }
::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
`;

// ---------- the page ----------

// Every setting at its declared default (package.json is written from the schema), so a new
// setting's field has a value here too; the sweep's grid differs from the default on purpose.
const manifestProperties = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).contributes.configuration.properties;
const settings = {
  ...Object.fromEntries(Object.entries(manifestProperties).map(([key, property]) => [key.replace(/^focalLab\./, ''), property.default])),
  sweepGammas: [0, 0.5, 1, 2, 5],
};
const baseState = {
  settings, positiveClass: 'fraud', negativeClass: 'legit', fileName: 'transactions-2026.csv', filePath: '/data/transactions-2026.csv', fileSource: 'panel',
  canRerun: true, rerunLabel: 'transactions-2026.csv, run 3 (BCE, focal, α-focal · γ 2 · α auto)', running: false,
};

function startServer() {
  const template = fs.readFileSync(path.join(__dirname, 'sidebarHarness.html'), 'utf8');
  const pages = new Map(); // id -> { theme, savedState }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const origin = `http://127.0.0.1:${server.address().port}`;
    const send = (status, type, body) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname === '/harness') {
      const page = pages.get(url.searchParams.get('id'));
      if (!page) return send(404, 'text/plain', 'no such page');
      const theme = THEMES[page.theme];
      const nonce = crypto.randomBytes(16).toString('base64');
      const harnessJson = JSON.stringify({ variables: theme.variables, savedState: page.savedState ?? undefined }).replace(/</g, '\\u003c');
      const html = template
        .replaceAll('${cspSource}', origin)
        .replaceAll('${nonce}', nonce)
        .replaceAll('${media}', `${origin}/media`)
        .replaceAll('${dist}', `${origin}/dist`)
        .replaceAll('${bodyClass}', theme.bodyClass)
        .replaceAll('${themeId}', theme.themeId)
        .replace('${harnessJson}', () => harnessJson);
      return send(200, 'text/html; charset=utf-8', html);
    }
    if (url.pathname === '/vscode-default-styles.css') return send(200, 'text/css', VSCODE_DEFAULT_STYLES);
    const file = path.join(root, path.normalize(url.pathname).replace(/^[/\\]+/, ''));
    const allowed = [path.join(root, 'media') + path.sep, path.join(root, 'dist', 'webview') + path.sep];
    if (!allowed.some((dir) => file.startsWith(dir)) || !fs.existsSync(file)) return send(404, 'text/plain', 'not found');
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.map') ? 'application/json' : 'application/octet-stream';
    return send(200, type, fs.readFileSync(file));
  });
  let nextId = 0;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        server,
        pageUrl(theme, savedState) {
          nextId += 1;
          pages.set(String(nextId), { theme, savedState });
          return `http://127.0.0.1:${server.address().port}/harness?id=${nextId}`;
        },
      });
    });
  });
}

// ---------- checks ----------

const results = [];
function check(name, ok, detail = '') {
  results.push({ name, ok: Boolean(ok), detail });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail && !ok ? ` — ${detail}` : ''}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tid = (id) => `[data-testid="${id}"]`;

async function openPage(browser, harness, theme, savedState) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  // Chromium asks every page for /favicon.ico; anything else missing is a failure.
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('console', (msg) => {
    if (/Failed to load resource/.test(msg.text())) return; // reported with its URL by the response handler

    if (msg.type() === 'error' || /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  await page.goto(harness.pageUrl(theme, savedState));
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready')).catch((error) => {
    throw new Error(`the side bar did not say ready: ${problems.join(' | ') || error.message}`);
  });
  return { page, context, problems };
}

async function sendState(page, state) {
  await page.evaluate((s) => window.postMessage({ type: 'state', state: s }, '*'), state);
  await sleep(30);
}

async function posted(page) {
  return page.evaluate(() => window.__posted.slice());
}

async function clearPosted(page) {
  await page.evaluate(() => { window.__posted.length = 0; });
}

async function changes(page) {
  return (await posted(page)).filter((m) => m.type === 'changeSettings');
}

async function chartHash(page) {
  return page.$eval(tid('loss-shape-chart'), (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let hash = 0;
    let inked = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) inked += 1;
      hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + 17 * data[i + 3]) | 0;
    }
    return { hash, inked };
  });
}

async function isVisible(page, testId) {
  return page.$eval(tid(testId), (e) => !e.hidden && e.getClientRects().length > 0).catch(() => false);
}

async function csp(page) {
  return page.evaluate(() => window.__violations.slice());
}

async function screenshot(page, name) {
  const file = path.join(out, `sidebar-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function behaviour(browser, harness) {
  const { page, context, problems } = await openPage(browser, harness, 'dark');
  check('posts ready on load', (await posted(page)).some((m) => m.type === 'ready'));
  await sendState(page, baseState);

  // The sentence names the classes; auto is explained.
  const sentence = await page.textContent(tid('alpha-sentence'));
  check('alpha sentence names the positive and negative class', sentence.includes("alpha weighs the positive class 'fraud' (the negative class 'legit' gets 1 − alpha)"), sentence);
  check('alpha sentence explains auto', sentence.includes('auto = negatives / all rows of the training split'), sentence);
  check('Run enabled with a file, Re-run enabled when canRerun, Stop hidden', !(await page.isDisabled(tid('run'))) && !(await page.isDisabled(tid('rerun'))) && !(await isVisible(page, 'stop')));
  check('file name shown', (await page.textContent('.file-line')).includes('transactions-2026.csv'));
  check('gamma input and slider show the state', (await page.inputValue(tid('gamma-input'))) === '2' && (await page.inputValue(tid('gamma-slider'))) === '2');

  // The chart is drawn.
  const before = await chartHash(page);
  check('loss-shape chart has been drawn', before.inked > 1000, `inked pixels ${before.inked}`);

  // The last run of the file in view: its rows' p_t histogram is overlaid on the curves, and said in words.
  await sendState(page, { ...baseState, pTrueHistogram: { fileName: 'transactions-2026.csv', runLabel: 'BCE', counts: [5, 5, 10, 10, 20, 20, 40, 80, 160, 650] } });
  const withRows = await chartHash(page);
  const rowsLabel = await page.getAttribute(tid('loss-shape-chart'), 'aria-label');
  check('p_t histogram of the last run overlaid', withRows.hash !== before.hash && withRows.inked > before.inked, `inked ${before.inked} -> ${withRows.inked}`);
  check('the chart says where the rows sit', /65% of the training rows of transactions-2026\.csv had pₜ of 0\.9 or more under BCE/.test(rowsLabel ?? ''), rowsLabel);
  await sendState(page, baseState);
  check('no histogram for a file without a run', !/training rows of/.test((await page.getAttribute(tid('loss-shape-chart'), 'aria-label')) ?? ''));

  // Drag the slider: the chart follows on `input`, the setting is sent once, on release.
  await clearPosted(page);
  const box = await page.locator(tid('gamma-slider')).boundingBox();
  const xOf = (gamma) => box.x + 7 + ((box.width - 14) * gamma) / 10;
  await page.mouse.move(xOf(2), box.y + box.height / 2);
  await page.mouse.down();
  for (let g = 2.5; g <= 6; g += 0.5) await page.mouse.move(xOf(g), box.y + box.height / 2, { steps: 2 });
  await sleep(50);
  const during = await chartHash(page);
  const gammaDuring = await page.inputValue(tid('gamma-input'));
  check('chart pixels change while the slider moves (before release)', during.hash !== before.hash, `${before.hash} vs ${during.hash}`);
  check('number input follows the slider while dragging', Math.abs(Number(gammaDuring) - 6) < 0.25, gammaDuring);
  check('nothing sent before the slider is released', (await changes(page)).length === 0, JSON.stringify(await changes(page)));
  await page.mouse.up();
  await sleep(50);
  const afterRelease = await changes(page);
  check('one gamma change sent on release', afterRelease.length === 1 && Math.abs(afterRelease[0].values.gamma - 6) < 0.25, JSON.stringify(afterRelease));
  await page.screenshot({ path: path.join(out, 'sidebar-dark-gamma6.png'), clip: { x: 0, y: 0, width: WIDTH, height: 700 } });

  // Stale state (sent by the host before it saw our change) does not flip the slider back.
  await page.click('.section-title >> text=Losses to compare'); // blur the slider (and fold a section)
  await page.click('.section-title >> text=Losses to compare'); // unfold
  await sendState(page, baseState);
  check('a stale state right after a change keeps the new gamma', Math.abs(Number(await page.inputValue(tid('gamma-input'))) - 6) < 0.25, await page.inputValue(tid('gamma-input')));
  const echo = { ...baseState, settings: { ...settings, gamma: afterRelease[0].values.gamma } };
  await sendState(page, echo);

  // Typing a gamma redraws the chart too.
  const beforeTyping = await chartHash(page);
  await page.fill(tid('gamma-input'), '0');
  await sleep(20);
  check('typing a gamma redraws the chart at once', (await chartHash(page)).hash !== beforeTyping.hash);
  check('typing a gamma moves the slider', (await page.inputValue(tid('gamma-slider'))) === '0');
  await sleep(400);
  await sendState(page, { ...baseState, settings: { ...settings, gamma: 0 } });

  // An invalid value: inline message, aria wiring, nothing sent.
  await clearPosted(page);
  await page.fill(tid('field-epochs'), '0');
  await sleep(450);
  const epochsError = await isVisible(page, 'error-epochs');
  const aria = await page.$eval(tid('field-epochs'), (input) => ({
    invalid: input.getAttribute('aria-invalid'),
    describedBy: (input.getAttribute('aria-describedby') || '').split(' '),
    errorId: document.querySelector('[data-testid="error-epochs"]').id,
  }));
  check('invalid epochs shows its message', epochsError, await page.textContent(tid('error-epochs')));
  check('invalid field has aria-invalid and aria-describedby to the message', aria.invalid === 'true' && aria.describedBy.includes(aria.errorId), JSON.stringify(aria));
  check('invalid value is not sent', (await changes(page)).length === 0, JSON.stringify(await changes(page)));
  await page.fill(tid('field-epochs'), '12.5');
  await sleep(400);
  check('fractional epochs rejected', (await isVisible(page, 'error-epochs')) && (await changes(page)).length === 0);

  // A state arriving while an invalid draft sits in an unfocused field keeps the draft.
  await page.click(tid('field-batchSize'));
  await sendState(page, baseState);
  check('an invalid draft survives a state message (setting unchanged)', (await page.inputValue(tid('field-epochs'))) === '12.5' && (await isVisible(page, 'error-epochs')));
  await screenshot(page, 'dark-errors');

  // Fixing it sends once, after the debounce.
  await page.fill(tid('field-epochs'), '50');
  await sleep(120);
  const early = (await changes(page)).length;
  await sleep(350);
  const sent = await changes(page);
  check('a valid edit is debounced (not sent within 120 ms)', early === 0, String(early));
  check('a valid edit is sent after the debounce', sent.length === 1 && sent[0].values.epochs === 50, JSON.stringify(sent));
  check('the message disappears once valid', !(await isVisible(page, 'error-epochs')));

  // Focus and caret survive a state message.
  await page.click(tid('field-hiddenLayers'));
  await page.fill(tid('field-hiddenLayers'), '128,6');
  await page.$eval(tid('field-hiddenLayers'), (input) => input.setSelectionRange(2, 2));
  await sendState(page, { ...baseState, settings: { ...settings, epochs: 77, hiddenLayers: [16, 8] } });
  const caret = await page.$eval(tid('field-hiddenLayers'), (input) => ({ value: input.value, start: input.selectionStart, focused: document.activeElement === input }));
  check('the field being edited keeps its text, focus and caret', caret.value === '128,6' && caret.start === 2 && caret.focused, JSON.stringify(caret));
  check('other fields take the new state', (await page.inputValue(tid('field-epochs'))) === '77');
  await page.keyboard.press('Escape');

  // Hidden layers: exactly two positive integers.
  await page.fill(tid('field-hiddenLayers'), '64,32,16');
  await sleep(20);
  check('three hidden layers rejected', await isVisible(page, 'error-hiddenLayers'));
  await page.fill(tid('field-hiddenLayers'), '64,32');
  await sleep(20);

  // Split fractions: the sum is checked and the three are sent together.
  await clearPosted(page);
  await page.fill(tid('field-trainFraction'), '0.8');
  await sleep(400);
  check('a split that adds up to 1.1 shows a message and is not sent', (await isVisible(page, 'error-trainFraction')) && (await changes(page)).every((m) => !('trainFraction' in m.values)), await page.textContent(tid('error-trainFraction')));
  await page.fill(tid('field-testFraction'), '0.1');
  await sleep(400);
  const split = (await changes(page)).filter((m) => 'trainFraction' in m.values || 'testFraction' in m.values);
  check('fixing the sum sends the three fractions in one message', split.length === 1 && split[0].values.trainFraction === 0.8 && split[0].values.validationFraction === 0.1 && split[0].values.testFraction === 0.1, JSON.stringify(split));
  check('fixing the sum clears the other field\'s message', !(await isVisible(page, 'error-trainFraction')));

  // Learning rate and seed ranges.
  await page.fill(tid('field-learningRate'), '0');
  await page.fill(tid('field-seed'), '4294967296');
  await sleep(20);
  check('learning rate 0 and seed 2^32 rejected', (await isVisible(page, 'error-learningRate')) && (await isVisible(page, 'error-seed')));
  await page.fill(tid('field-learningRate'), '0.001');
  await page.fill(tid('field-seed'), '42');

  // Alpha: switching to a value sends it, warns below 0.5, and adds the alpha curves.
  await sendState(page, { ...baseState, settings: { ...settings, gamma: 2 } });
  await sleep(20);
  await clearPosted(page);
  const beforeAlpha = await chartHash(page);
  await page.check(tid('alpha-value'));
  await sleep(50);
  const alphaSent = await changes(page);
  check('choosing "value" sends alpha 0.25', alphaSent.length === 1 && alphaSent[0].values.alpha === 0.25, JSON.stringify(alphaSent));
  check('alpha below 0.5 warns that the positive class weighs less', (await isVisible(page, 'alpha-warning')) && (await page.textContent(tid('alpha-warning'))).includes("less weight"));
  check('alpha curves drawn when alpha is a value', (await chartHash(page)).hash !== beforeAlpha.hash);
  check('alpha sentence still names the class with a value', (await page.textContent(tid('alpha-sentence'))).includes("alpha weighs the positive class 'fraud'"));
  await sendState(page, { ...baseState, settings: { ...settings, gamma: 2, alpha: 0.25 } });
  await page.fill(tid('field-alpha'), '1.5');
  await sleep(400);
  check('alpha 1.5 rejected', (await isVisible(page, 'error-alpha')) && (await changes(page)).length === 1);
  await page.fill(tid('field-alpha'), '0.9');
  await sleep(400);
  const alpha09 = (await changes(page)).pop();
  check('alpha 0.9 sent, warning gone', alpha09.values.alpha === 0.9 && !(await isVisible(page, 'alpha-warning')), JSON.stringify(alpha09));
  await sendState(page, { ...baseState, settings: { ...settings, gamma: 2, alpha: 0.9 } });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(out, 'sidebar-dark-alpha.png'), clip: { x: 0, y: 0, width: WIDTH, height: 760 } });
  await page.check(tid('alpha-auto'));
  await sleep(30);
  check('choosing auto sends alpha auto', (await changes(page)).pop().values.alpha === 'auto');

  // Losses: at least one.
  await sendState(page, baseState);
  await clearPosted(page);
  await page.uncheck(tid('field-losses-bce'));
  await page.uncheck(tid('field-losses-focal'));
  await page.uncheck(tid('field-losses-alpha-focal'));
  await sleep(30);
  const lossMessages = await changes(page);
  check('unchecking losses sends each valid choice at once', lossMessages.length === 2 && JSON.stringify(lossMessages[1].values.losses) === '["alpha-focal"]', JSON.stringify(lossMessages));
  check('no loss chosen: message shown, nothing sent', await isVisible(page, 'error-losses'));
  await page.check(tid('field-losses-weighted-bce'));
  await sleep(30);
  check('choosing one clears the message and sends it', !(await isVisible(page, 'error-losses')) && JSON.stringify((await changes(page)).pop().values.losses) === '["weighted-bce"]');

  // Checkbox and select go at once.
  await clearPosted(page);
  // The form's choices are the manifest's (issue 10: the sweep offered BCE, which the setting refuses).
  for (const key of ['sweepLoss', 'monitor']) {
    const offered = await page.$$eval(`${tid(`field-${key}`)} option`, (options) => options.map((o) => o.value));
    check(`the ${key} select offers exactly the manifest's values`, JSON.stringify(offered) === JSON.stringify(manifestProperties[`focalLab.${key}`].enum), offered.join(', '));
  }
  // Arms (issue 10): the --arms syntax, checked as typed with the engine's own sentence, sent once valid.
  await page.fill(tid('field-arms'), 'bce, bce+mixup');
  await sleep(400);
  check('an unknown strategy in Arms shows the engine\'s sentence and is not sent', (await isVisible(page, 'error-arms')) && (await page.textContent(tid('error-arms'))).includes("Unknown strategy 'mixup'") && (await changes(page)).every((m) => !('arms' in m.values)), await page.textContent(tid('error-arms')));
  await page.fill(tid('field-arms'), 'bce, bce+smote, bce+threshold');
  await sleep(400);
  check('valid arms clear the message and are sent as typed', !(await isVisible(page, 'error-arms')) && (await changes(page)).some((m) => m.values.arms === 'bce, bce+smote, bce+threshold'), JSON.stringify(await changes(page)));
  await page.check(tid('field-priorBiasInit'));
  await page.selectOption(tid('field-sweepLoss'), 'alpha-focal');
  await page.fill(tid('field-sweepGammas'), '0, 1, 2, 1');
  await sleep(400);
  check('duplicate sweep gamma rejected', await isVisible(page, 'error-sweepGammas'));
  const immediate = await changes(page);
  check('prior-bias checkbox and sweep loss sent immediately', immediate.some((m) => m.values.priorBiasInit === true) && immediate.some((m) => m.values.sweepLoss === 'alpha-focal'), JSON.stringify(immediate));

  // Run is off while any field is invalid, with the reason beside the field and the field named
  // by Run; it never posts hidden last-valid values (issue 12, defect 2).
  await clearPosted(page);
  check('Run is off while the sweep gammas are invalid', (await page.isDisabled(tid('run'))) && (await page.textContent(tid('invalid-line'))).includes('Sweep gammas'), await page.textContent(tid('invalid-line')));
  await page.fill(tid('gamma-input'), '-1');
  await page.click(tid('field-batchSize'));
  await sleep(50);
  const gammaInvalid = await page.textContent(tid('invalid-line'));
  check('gamma −1: Run off, the line names Gamma, the reason is beside the field', (await page.isDisabled(tid('run'))) && gammaInvalid.includes('Gamma') && (await isVisible(page, 'error-gamma')) && (await page.textContent(tid('error-gamma'))).includes('from 0 to 10'), gammaInvalid);
  await page.click(tid('run'), { force: true });
  check('a click on the disabled Run posts nothing', !(await posted(page)).some((m) => m.type === 'run'));
  await page.fill(tid('gamma-input'), '3');
  await page.fill(tid('field-sweepGammas'), '0,1,2');
  await page.click(tid('field-batchSize'));
  await sleep(50);
  check('all fields valid again: Run on, the line gone', !(await page.isDisabled(tid('run'))) && !(await isVisible(page, 'invalid-line')));
  await page.click(tid('run'));
  const runMessage = (await posted(page)).find((m) => m.type === 'run');
  check('Run posts exactly the values on screen', runMessage && runMessage.settings.gamma === 3 && JSON.stringify(runMessage.settings.sweepGammas) === '[0,1,2]' && runMessage.settings.sweepLoss === 'alpha-focal', JSON.stringify(runMessage));
  // Which file Run uses and what Re-run repeats (defects 1 and 3).
  check('the side bar says which file Run uses and where it comes from', (await page.textContent(tid('file-line'))).includes('Run uses: transactions-2026.csv (from the results panel in view)'), await page.textContent(tid('file-line')));
  check('the side bar says what Re-run repeats', (await page.textContent(tid('rerun-line'))).includes('Re-run repeats transactions-2026.csv, run 3'), await page.textContent(tid('rerun-line')));
  await sendState(page, { ...baseState, autoAlpha: 0.8585714285714285 });
  const alphaHelp = await page.textContent(tid('alpha-sentence'));
  check('the alpha help rounds auto alpha (0.859, not 0.8585714285714285)', alphaHelp.includes('0.859') && !alphaHelp.includes('0.8585714'), alphaHelp);

  // Buttons.
  await clearPosted(page);
  await sendState(page, { ...baseState, running: true });
  check('Stop visible while running; Run and Re-run disabled', (await isVisible(page, 'stop')) && (await page.isDisabled(tid('run'))) && (await page.isDisabled(tid('rerun'))));
  await page.click(tid('stop'));
  check('Stop posts stop', (await posted(page)).some((m) => m.type === 'stop'));
  await sendState(page, { ...baseState, fileName: null, canRerun: false, rerunLabel: null, positiveClass: null, negativeClass: null });
  check('Run disabled with a hint when there is no CSV', (await page.isDisabled(tid('run'))) && (await page.textContent('.file-line')).includes('CSV'));
  check('Re-run disabled when it cannot re-run', await page.isDisabled(tid('rerun')));
  const noClass = await page.textContent(tid('alpha-sentence'));
  check('alpha sentence without classes says "the positive (minority) class"', noClass.includes('alpha weighs the positive (minority) class'), noClass);
  await sendState(page, baseState);
  await page.click(tid('run'));
  await page.click(tid('rerun'));
  const buttons = (await posted(page)).map((m) => m.type);
  check('Run and Re-run post their messages', buttons.includes('run') && buttons.includes('rerun'), buttons.join());

  // Keyboard: everything reachable by Tab, with a visible focus ring.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  const reached = new Set();
  let ringMissing = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const thumb = e.type === 'range';
      return { id: e.dataset.testid || e.tagName + ':' + (e.textContent || '').trim().slice(0, 20), ring: thumb || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) };
    });
    if (!info) continue;
    reached.add(info.id);
    if (!info.ring) ringMissing.push(info.id);
  }
  const mustReach = ['run', 'rerun', 'gamma-input', 'gamma-slider', 'field-epochs', 'field-losses-bce', 'field-sweepLoss', 'field-sweepGammas'];
  check('keyboard reaches every control', mustReach.every((id) => reached.has(id)), [...reached].join(', '));
  ringMissing = [...new Set(ringMissing)];
  check('every focused control shows a focus outline', ringMissing.length === 0, ringMissing.join(', '));

  // Labels tied to inputs.
  const unlabelled = await page.$$eval('input, select', (inputs) => inputs.filter((i) => !i.labels?.length && !i.getAttribute('aria-label')).map((i) => i.dataset.testid));
  check('every input has a label', unlabelled.length === 0, unlabelled.join(', '));

  // Untrusted class names are text, not HTML.
  await sendState(page, { ...baseState, positiveClass: '<img src=x onerror=alert(1)>', negativeClass: "'); DROP TABLE" });
  const injected = await page.evaluate(() => document.querySelectorAll('#app img').length);
  check('class names from the CSV are never parsed as HTML', injected === 0 && (await page.textContent(tid('alpha-sentence'))).includes('<img src=x'));

  // The webview state keeps drafts: a reload (view hidden and shown) restores them.
  await sendState(page, baseState);
  await page.fill(tid('field-batchSize'), '-3');
  await sleep(50);
  const saved = await page.evaluate(() => window.__state);
  const violations = await csp(page);
  await context.close();
  const restored = await openPage(browser, harness, 'dark', saved);
  await sleep(50);
  check('after a reload the saved state is drawn before the host answers', (await restored.page.inputValue(tid('field-batchSize'))) === '-3' && (await isVisible(restored.page, 'error-batchSize')));
  check('after a reload the form posts ready again', (await posted(restored.page)).some((m) => m.type === 'ready'));
  const restoredViolations = await csp(restored.page);
  await restored.context.close();

  check('no CSP violations', violations.length === 0 && restoredViolations.length === 0, JSON.stringify([...violations, ...restoredViolations]));
  check('no page errors or console errors', problems.length === 0 && restored.problems.length === 0, [...problems, ...restored.problems].join(' | '));
}

/** Three classes in one model: alpha auto or one weight per class, what auto comes to on the file, the chart's note. */
async function perClassAlpha(browser, harness) {
  const { page, context, problems } = await openPage(browser, harness, 'dark');
  const classes = ['common', 'rare', '<b>uncommon</b>'];
  const auto = [0.0448, 0.7164, 0.2388];
  const state = { ...baseState, fileName: 'multiclass-80-15-5.csv', positiveClass: 'rare', negativeClass: 'not rare', autoAlpha: null, classes, autoAlphaPerClass: auto, settings: { ...settings, alpha: 'auto' } };
  await sendState(page, state);
  const sentence = await page.textContent(tid('alpha-sentence'));
  check('3 classes: the sentence says alpha is one weight per class (the true class)', sentence.includes('alpha is one weight per class') && sentence.includes('weight of its true class'), sentence);
  check("3 classes: auto's weight of every class on this file", sentence.includes("'common' 0.045") && sentence.includes("'rare' 0.716") && sentence.includes("'<b>uncommon</b>' 0.239") && sentence.includes('multiclass-80-15-5.csv'), sentence);
  check('3 classes: no two-class alpha wording', !sentence.includes('1 − alpha'), sentence);
  check('3 classes: a per-class choice instead of one value', (await isVisible(page, 'alpha-per-class')) && !(await isVisible(page, 'alpha-value')));
  const note = await page.textContent(tid('loss-shape-note'));
  check("the loss-shape note: the focal term acts on the true class's probability", /softmax probability of each row's true class/.test(note) && /\(1 − pₜ\)\^γ acts on that probability/.test(note), note);
  check('the chart is labelled for 3 classes', /true class/.test(await page.getAttribute(tid('loss-shape-chart'), 'aria-label')));
  check('class names are text, not markup', (await page.$$eval('#app b', (b) => b.length)) === 0);

  await clearPosted(page);
  await page.click(tid('alpha-per-class'));
  check('per-class inputs appear, one per class, filled with what auto gives', (await isVisible(page, 'alpha-classes')) && (await page.inputValue(tid('alpha-class-1'))) === '0.716');
  let sent = (await changes(page)).map((m) => m.values.alpha);
  check('choosing per class writes a weight for every class', sent.length === 1 && JSON.stringify(Object.keys(sent[0])) === JSON.stringify(classes), JSON.stringify(sent));
  await clearPosted(page);
  await page.fill(tid('alpha-class-1'), '0.6');
  await page.press(tid('alpha-class-1'), 'Tab');
  sent = (await changes(page)).map((m) => m.values.alpha);
  check('editing one class writes the whole record', sent.length === 1 && sent[0].rare === 0.6 && sent[0].common === 0.045, JSON.stringify(sent));
  await clearPosted(page);
  await page.fill(tid('alpha-class-0'), '1.5');
  await page.press(tid('alpha-class-0'), 'Tab');
  check('a weight outside 0–1 is refused with a sentence and not written', (await changes(page)).length === 0 && /'common' must be a number from 0 to 1/.test(await page.textContent(tid('alpha-classes-error'))));
  await sendState(page, { ...state, settings: { ...settings, alpha: { common: 0.1, rare: 0.6, '<b>uncommon</b>': 0.3 } } });
  check('the host’s per-class weights are shown and named', (await page.inputValue(tid('alpha-class-2'))) === '0.3' && (await page.textContent(tid('alpha-sentence'))).includes("'rare' 0.6"));
  await screenshot(page, 'per-class-alpha');
  // Back to two classes: the two-class form as before.
  await sendState(page, { ...baseState, settings: { ...settings, alpha: 'auto' } });
  check('two classes: the per-class choice is gone and the value is back', !(await isVisible(page, 'alpha-per-class')) && (await isVisible(page, 'alpha-value')));
  check('two classes: the loss-shape note speaks of p and 1 − p', /1 − p for the negative one/.test(await page.textContent(tid('loss-shape-note'))));
  const violations = await csp(page);
  check('per-class alpha: no CSP violations or errors', violations.length === 0 && problems.length === 0, JSON.stringify(violations) + problems.join(' | '));
  await context.close();
}

async function screenshots(browser, harness) {
  for (const theme of ['dark', 'light', 'hc']) {
    const { page, context, problems } = await openPage(browser, harness, theme);
    await sendState(page, { ...baseState, settings: { ...settings, alpha: theme === 'light' ? 0.25 : 'auto' } });
    await sleep(100);
    await screenshot(page, theme);
    const inked = await chartHash(page);
    check(`${theme}: chart drawn`, inked.inked > 1000);
    const violations = await csp(page);
    check(`${theme}: no CSP violations or errors`, violations.length === 0 && problems.length === 0, JSON.stringify(violations) + problems.join(' | '));
    if (theme === 'dark') {
      await sendState(page, { ...baseState, fileName: null, canRerun: false, rerunLabel: null, positiveClass: null, negativeClass: null, running: false });
      await page.screenshot({ path: path.join(out, 'sidebar-dark-nofile.png'), clip: { x: 0, y: 0, width: WIDTH, height: 260 } });
      await sendState(page, { ...baseState, running: true });
      await page.screenshot({ path: path.join(out, 'sidebar-dark-running.png'), clip: { x: 0, y: 0, width: WIDTH, height: 260 } });
      // Theme switch at run time: the chart follows the new variables.
      const before = await chartHash(page);
      await page.evaluate((vars) => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body.className = 'vscode-light';
      }, THEMES.light.variables);
      await sleep(100);
      check('chart redraws on a theme switch', (await chartHash(page)).hash !== before.hash);
    }
    await context.close();
  }
}

async function main() {
  for (const file of ['dist/webview/sidebar.js', 'media/sidebar.css']) {
    if (!fs.existsSync(path.join(root, file))) {
      console.error(`${file} is missing: run node scripts/build.js first.`);
      process.exit(1);
    }
  }
  fs.mkdirSync(out, { recursive: true });
  const harness = await startServer();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: !process.argv.includes('--headed'),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await behaviour(browser, harness);
    await perClassAlpha(browser, harness);
    await screenshots(browser, harness);
  } finally {
    await browser.close();
    harness.server.close();
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`\n${results.length - failed.length}/${results.length} checks passed; screenshots in ${path.relative(root, out)}/sidebar-*.png`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
