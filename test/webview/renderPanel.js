#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports */
// Renders the results panel bundle (dist/webview/panel.js) in Chromium, the way VS Code hosts it
// (same HTML and CSP, a stub of the webview API, VS Code theme variables), feeds it a live
// training sequence, real results from the CLI, a gamma sweep, a failed run and hostile class
// names, checks what it draws, and writes screenshots to test-results/panel-*.png.
//
//   node scripts/build.js && node test/webview/renderPanel.js
//
// Exit code 1 when a check fails, a CSP violation or a page error happens.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const esbuild = require('esbuild');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, 'test-results');
const ORIGIN = 'https://focal-lab.test';
const NONCE = 'harnessNonce0123456789';
const EVIL = '<img src=x onerror=alert(1)>';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const failures = [];
function check(condition, what) {
  if (condition) console.log(`  ok   ${what}`);
  else {
    console.log(`  FAIL ${what}`);
    failures.push(what);
  }
}

// ---------- data ----------

/** The protocol's reducer and helpers, compiled from TypeScript on the fly. */
function loadProtocol() {
  const result = esbuild.buildSync({ entryPoints: [path.join(root, 'src/shared/webviewProtocol.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
  const file = path.join(os.tmpdir(), `fl-webviewProtocol-${process.pid}.cjs`);
  fs.writeFileSync(file, result.outputFiles[0].text);
  const protocol = require(file);
  fs.unlinkSync(file);
  return protocol;
}

function cli(args, csv = path.join(root, 'samples/imbalanced-90-10.csv')) {
  const run = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'compare', csv, ...args], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`focal-lab compare ${args.join(' ')} failed: ${run.stderr || run.stdout}`);
}

function comparisonResults() {
  const file = '/tmp/fl-out/results.json';
  if (!fs.existsSync(file)) cli(['--out', '/tmp/fl-out']);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Five columns (one categorical), a 94:6 target named 'churn': the decision plane is PCA; all four losses. */
function pcaResults() {
  const dir = path.join(os.tmpdir(), 'fl-pca-four');
  const file = path.join(dir, 'results.json');
  if (!fs.existsSync(file)) {
    let seed = 1;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
    let csv = 'age,income,score,city,tenure,churn\n';
    for (let i = 0; i < 2000; i++) {
      const [a, b, c, t] = [gauss(), gauss(), gauss(), gauss()];
      const z = 1.5 * a + b - 0.5 * c + 0.8 * t - 3.2 + 0.5 * gauss();
      csv += [(40 + 10 * a).toFixed(1), (50000 + 15000 * b).toFixed(0), c.toFixed(3), ['Paris', 'Lyon', 'Nice'][i % 3], (5 + 3 * t).toFixed(1), z > 0 ? 'yes' : 'no'].join(',') + '\n';
    }
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'churn.csv'), csv);
    cli(['--losses', 'bce,weighted-bce,focal,alpha-focal', '--out', dir], path.join(dir, 'churn.csv'));
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

const SWEEP_GAMMAS = [0, 0.5, 1, 2, 3, 5];

function sweepResults() {
  const runs = [];
  let base = null;
  for (const gamma of SWEEP_GAMMAS) {
    const dir = path.join(os.tmpdir(), 'fl-sweep', `gamma-${gamma}`);
    const file = path.join(dir, 'results.json');
    if (!fs.existsSync(file)) cli(['--losses', 'focal', '--gamma', String(gamma), '--out', dir]);
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    base = base || r;
    runs.push(r.runs[0]);
  }
  const recall = (run) => run.metrics.atThreshold[0].perClass[base.dataset.positiveClass].recall;
  const best = runs.reduce((a, b) => (recall(b) > recall(a) ? b : a));
  const bce = runs.find((r) => r.gamma === 0);
  return {
    ...base,
    config: { ...base.config, losses: ['focal'] },
    runs,
    verdict: `Focal loss with gamma ${best.gamma} served the minority class '${base.dataset.positiveClass}' best: recall at threshold 0.5 rose from ${recall(bce).toFixed(2)} (gamma 0) to ${recall(best).toFixed(2)}.`,
  };
}

// ---------- page ----------

function contentType(file) {
  return { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' }[path.extname(file)] || 'application/octet-stream';
}

async function openPanel(browser, { theme = 'vscode-dark', width = 1400, height = 900, initialState } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = { console: [], errors: [], dialogs: [], requests: [] };
  page.on('console', (message) => {
    if (/willReadFrequently/.test(message.text())) return; // our own getImageData checks
    if (message.type() === 'error' || message.type() === 'warning' || /Content Security Policy/i.test(message.text())) problems.console.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.errors.push(String(error)));
  page.on('dialog', async (dialog) => {
    problems.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    problems.requests.push(url.href);
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/panel') {
      const template = fs.readFileSync(path.join(__dirname, 'panelHarness.html'), 'utf8');
      const body = template
        .replaceAll('${cspSource}', ORIGIN)
        .replaceAll('${nonce}', NONCE)
        .replaceAll('${media}', `${ORIGIN}/media`)
        .replaceAll('${dist}', `${ORIGIN}/dist`)
        .replaceAll('${theme}', theme);
      return route.fulfill({ status: 200, contentType: 'text/html', body });
    }
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: contentType(file), body: fs.readFileSync(file) });
  });
  if (initialState) await page.addInitScript((state) => (window.__fl = { initialState: state }), initialState);
  await page.goto(`${ORIGIN}/panel`);
  await page.waitForFunction(() => window.__fl && window.__fl.posted.some((m) => m.type === 'ready'));
  return { page, context, problems };
}

async function send(page, message) {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

async function settle(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Non-transparent pixels of a canvas, and a cheap hash of its content. */
async function pixels(page, testid) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid="${CSS.escape(id)}"]`);
    if (!(canvas instanceof HTMLCanvasElement) || !canvas.width || !canvas.height) return { drawn: 0, hash: 0, width: 0, height: 0 };
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    let hash = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) drawn++;
      if (i % 64 === 0) {
        hash = (hash * 31 + data[i] + data[i + 1] * 7 + data[i + 2] * 13 + data[i + 3]) >>> 0;
        colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      }
    }
    return { drawn, hash, colours: colours.size, width: canvas.width, height: canvas.height };
  }, testid);
}

async function expectDrawn(page, testid, minColours = 2) {
  const p = await pixels(page, testid);
  check(p.width > 0 && p.drawn > p.width * 2 && p.colours >= minColours, `${testid} draws (${p.drawn} pixels, ${p.colours} colours)`);
  return p;
}

async function shot(page, name) {
  const file = path.join(out, `panel-${name}.png`);
  await settle(page);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  wrote ${path.relative(root, file)}`);
}

function reportProblems(label, problems) {
  const csp = problems.console.filter((m) => /Content Security Policy|Refused to/i.test(m));
  check(csp.length === 0, `${label}: no CSP violations in the console${csp.length ? `: ${csp.join(' | ')}` : ''}`);
  const other = problems.console.filter((m) => !csp.includes(m));
  check(other.length === 0, `${label}: no console errors or warnings${other.length ? `: ${other.join(' | ')}` : ''}`);
  check(problems.errors.length === 0, `${label}: no page errors${problems.errors.length ? `: ${problems.errors.join(' | ')}` : ''}`);
  check(problems.dialogs.length === 0, `${label}: no dialogs (script injection)${problems.dialogs.length ? `: ${problems.dialogs.join(' | ')}` : ''}`);
  const foreign = problems.requests.filter((u) => !u.startsWith(ORIGIN));
  check(foreign.length === 0, `${label}: no requests outside the webview origin${foreign.length ? `: ${foreign.join(' ')}` : ''}`);
}

async function cspViolations(page) {
  return page.evaluate(() => window.__fl.csp);
}

async function posted(page) {
  return page.evaluate(() => window.__fl.posted.map((m) => m.type));
}

// ---------- scenarios ----------

/** Live messages of a run, built from the histories of real results. */
function liveMessages(protocol, kind, results, upToEpoch) {
  const messages = [];
  const started = [];
  messages.push({ type: 'phase', phase: 'preparing' });
  messages.push({ type: 'dataset', dataset: results.dataset, decisionPlane: results.decisionPlane, config: results.config });
  messages.push({ type: 'phase', phase: 'training' });
  for (const run of results.runs) {
    const key = protocol.runKey(kind, run.loss, run.gamma);
    started.push({ key, run });
    messages.push({ type: 'runStarted', key, loss: run.loss, gamma: run.gamma, alphaForPositiveClass: run.alphaForPositiveClass, epochs: results.config.epochs });
  }
  // Models train in parallel; the host batches epochs (here three epochs per message).
  for (let epoch = 1; epoch <= upToEpoch; epoch += 3) {
    const updates = [];
    for (const { key, run } of started) {
      for (let e = epoch; e < epoch + 3 && e <= Math.min(upToEpoch, run.history.trainLoss.length); e++) {
        updates.push({ key, epoch: e, epochs: results.config.epochs, trainLoss: run.history.trainLoss[e - 1], valLoss: run.history.valLoss[e - 1], valLogLoss: run.history.valLogLoss[e - 1] });
      }
    }
    messages.push({ type: 'epochs', updates });
  }
  return messages;
}

async function comparisonScenario(browser, protocol, results) {
  console.log('comparison: live, then results (dark, light, high contrast, narrow)');
  const { page, context, problems } = await openPanel(browser);
  const state0 = protocol.emptyPanelState('run-1', 'comparison', results.dataset.file);
  await send(page, { type: 'state', state: state0 });
  await send(page, { type: 'readProgress', fraction: 0.42 });
  check((await page.textContent('[data-testid=phase]')).includes('Reading'), 'phase says Reading');
  check((await page.getAttribute('.fl-progress', 'aria-valuenow')) === '42', 'progress bar at 42%');
  await shot(page, 'reading');

  const live = liveMessages(protocol, 'comparison', results, 18);
  for (const message of live.slice(0, -2)) await send(page, message);
  await settle(page);
  await page.evaluate(() => document.querySelectorAll('canvas').forEach((c) => (c.__mark = true)));
  for (const message of live.slice(-2)) {
    await send(page, message);
    await new Promise((r) => setTimeout(r, 100)); // ~10 updates a second
  }
  await settle(page);
  const phase = await page.textContent('[data-testid=phase]');
  check(phase.includes('Training'), `phase while training: "${phase}"`);
  check((await page.textContent('.fl-model-progress')).includes('18/30'), 'per-model epoch counts n/N in the header');
  for (const run of results.runs) await expectDrawn(page, `loss-chart-${run.loss}`);
  await expectDrawn(page, 'logloss-chart');
  check(await page.evaluate(() => [...document.querySelectorAll('canvas')].every((c) => c.__mark)), 'charts updated in place (same canvases after more epochs)');
  const yTitle = await page.getAttribute('[data-testid="loss-chart-focal"]', 'aria-label');
  check(/Focal loss \(γ = 2\)/.test(yTitle), `focal chart names its loss: "${yTitle}"`);
  check((await page.$('[data-testid=stop]')) !== null && (await page.$('[data-testid=rerun]')) === null, 'Stop shown while running, Re-run hidden');
  await page.focus('[data-testid=stop]');
  await page.keyboard.press('Enter');
  check((await posted(page)).includes('stop'), 'Stop (keyboard) posts stop');
  await shot(page, 'live-dark');

  await send(page, { type: 'phase', phase: 'evaluating' });
  await send(page, { type: 'results', results: protocol.stripTestPredictions(results) });
  await settle(page);
  check((await page.textContent('[data-testid=verdict]')) === results.verdict, 'verdict shown as given');
  check((await page.textContent('[data-testid=phase]')).includes('Finished'), 'phase says Finished');
  const headers = await page.$$eval('[data-testid=metrics-table] thead th', (ths) => ths.map((t) => t.textContent));
  check(headers.length === results.runs.length + 1, `metrics table has one column per model: ${headers.join(' | ')}`);
  check((await page.$$('[data-testid=metrics-table] th[scope=row]')).length >= 15, 'metrics rows have th scope=row');
  check((await page.$$('[data-testid=metrics-table] .fl-best')).length > 5, 'best values highlighted');
  const loglossBest = await page.$eval('[data-testid=metrics-table]', (table) => {
    const row = [...table.querySelectorAll('tr')].find((tr) => tr.querySelector('th')?.textContent?.startsWith('Log-loss'));
    const cells = [...row.querySelectorAll('td')];
    return { values: cells.map((c) => parseFloat(c.textContent)), best: cells.findIndex((c) => c.classList.contains('fl-best')) };
  });
  check(loglossBest.best === loglossBest.values.indexOf(Math.min(...loglossBest.values)), 'log-loss: the lowest value is the best');
  for (const id of ['pr-chart', 'roc-chart', 'reliability-chart']) await expectDrawn(page, id);
  for (const run of results.runs) await expectDrawn(page, `region-${run.loss}`, 6);
  const alpha = await page.textContent('[data-testid=alpha-sentence]');
  check(alpha.includes(`alpha weighs the positive class '${results.dataset.positiveClass}'`), `alpha sentence: "${alpha}"`);
  check((await page.$('[data-testid=stop]')) === null, 'Stop gone when finished');
  await page.click('[data-testid=export]');
  await page.click('[data-testid=rerun]');
  const types = await posted(page);
  check(types.includes('exportReport') && types.includes('rerun'), `Export Report and Re-run post their messages (${types.join(', ')})`);
  await new Promise((r) => setTimeout(r, 300));
  const saved = await page.evaluate(() => ({ phase: window.__fl.lastSaved?.phase, saves: window.__fl.saved.length, hasResults: !!window.__fl.lastSaved?.results }));
  check(saved.phase === 'finished' && saved.hasResults, `state saved with setState (${saved.saves} saves, throttled)`);
  await shot(page, 'results-dark');

  const before = await pixels(page, 'pr-chart');
  const beforeRegion = await pixels(page, 'region-bce');
  await page.evaluate(() => (document.body.className = 'vscode-light'));
  await new Promise((r) => setTimeout(r, 150));
  await settle(page);
  const after = await pixels(page, 'pr-chart');
  const afterRegion = await pixels(page, 'region-bce');
  check(after.drawn > 0 && after.hash !== before.hash, 'PR chart redrawn on theme change');
  check(afterRegion.hash !== beforeRegion.hash, 'decision regions redrawn on theme change');
  await shot(page, 'results-light');

  await page.evaluate(() => (document.body.className = 'vscode-high-contrast'));
  await new Promise((r) => setTimeout(r, 150));
  await shot(page, 'results-hc');

  await page.evaluate(() => (document.body.className = 'vscode-dark'));
  await page.setViewportSize({ width: 480, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  const columns = await page.$eval('.fl-region-grid', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length);
  check(columns === 1, `narrow editor: one chart per row (${columns})`);
  await expectDrawn(page, 'region-focal', 6);
  await shot(page, 'results-narrow');
  await page.setViewportSize({ width: 1400, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  const wide = await page.$eval('.fl-region-grid', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length);
  check(wide >= 2 && wide <= 3, `wide editor: ${wide} charts per row`);

  check((await cspViolations(page)).length === 0, `no securitypolicyviolation events ${JSON.stringify(await cspViolations(page))}`);
  reportProblems('comparison', problems);
  const finalState = await page.evaluate(() => window.__fl.lastSaved);
  await context.close();
  return finalState;
}

async function restoreScenario(browser, savedState) {
  console.log('restore: a saved state draws before the host answers');
  const { page, context, problems } = await openPanel(browser, { theme: 'vscode-light', initialState: savedState });
  check((await page.$('[data-testid=verdict]')) !== null, 'restored state drawn at once (verdict present before any message)');
  check((await posted(page))[0] === 'ready', 'ready posted after drawing the restored state');
  await expectDrawn(page, 'roc-chart');
  reportProblems('restore', problems);
  await context.close();
}

async function sweepScenario(browser, protocol, results) {
  console.log('sweep: live, then results');
  const { page, context, problems } = await openPanel(browser);
  await send(page, { type: 'state', state: protocol.emptyPanelState('sweep-1', 'sweep', results.dataset.file) });
  for (const message of liveMessages(protocol, 'sweep', results, 21)) await send(page, message);
  await settle(page);
  await expectDrawn(page, 'logloss-chart');
  check((await page.$$('[data-testid^=loss-chart-]')).length === 0, 'sweep: no per-model loss charts');
  const legend = await page.getAttribute('[data-testid=logloss-chart]', 'aria-label');
  check(legend.includes('γ = 0.5'), `sweep log-loss chart lists each gamma: "${legend}"`);
  await shot(page, 'sweep-live');
  await send(page, { type: 'results', results: protocol.stripTestPredictions(results) });
  await settle(page);
  await expectDrawn(page, 'sweep-chart');
  const headers = await page.$$eval('[data-testid=metrics-table] thead th', (ths) => ths.map((t) => t.textContent));
  check(headers.length === SWEEP_GAMMAS.length + 1 && headers[1].includes('γ = 0'), `sweep table has one column per gamma: ${headers.join(' | ')}`);
  await expectDrawn(page, 'region-focal@0.5', 6);
  await shot(page, 'sweep-dark');
  await page.evaluate(() => (document.body.className = 'vscode-light'));
  await new Promise((r) => setTimeout(r, 150));
  await shot(page, 'sweep-light');
  reportProblems('sweep', problems);
  await context.close();
}

function hostile(protocol, results) {
  const r = JSON.parse(JSON.stringify(protocol.stripTestPredictions(results)));
  const pos = r.dataset.positiveClass;
  const rename = (record) => {
    if (record && pos in record) {
      record[EVIL] = record[pos];
      delete record[pos];
    }
  };
  rename(r.dataset.classCounts);
  r.dataset.positiveClass = EVIL;
  r.dataset.file = `${EVIL}.csv`;
  r.dataset.target = EVIL;
  r.dataset.features = [EVIL, `x2"><script>alert(2)</script>`];
  r.dataset.notices = [`Column ${EVIL} was left out: it is an identifier.`];
  r.decisionPlane.xLabel = EVIL;
  r.verdict = `Focal served the minority class '${EVIL}' best.`;
  for (const run of r.runs) for (const t of run.metrics.atThreshold) rename(t.perClass);
  // An empty reliability bin (null) and a failed model.
  const bins = r.runs[0].metrics.reliability;
  bins[7] = { ...bins[7], count: 0, meanPredicted: null, fractionPositive: null };
  const failed = r.runs[r.runs.length - 1];
  Object.assign(failed, { status: 'failed', error: `Training diverged at epoch 3 ${EVIL}`, metrics: null, decisionRegion: null });
  return r;
}

async function hostileScenario(browser, protocol, results) {
  console.log('hostile strings: class and column names from the CSV are shown as text');
  const { page, context, problems } = await openPanel(browser);
  const r = hostile(protocol, results);
  await send(page, { type: 'state', state: { ...protocol.emptyPanelState('evil', 'comparison', `${EVIL}.csv`), phase: 'training' } });
  await send(page, { type: 'results', results: r });
  await settle(page);
  const html = await page.$eval('#app', (app) => ({ imgs: app.querySelectorAll('img, script').length, text: app.textContent }));
  check(html.imgs === 0, 'no <img> or <script> element was created from data');
  check(html.text.includes(EVIL), 'the class name appears literally as text');
  check((await page.textContent('[data-testid=verdict]')).includes(EVIL), 'verdict shown as text');
  check((await page.textContent('.fl-title')).includes(EVIL), 'file name shown as text');
  check((await page.textContent('[data-testid=metrics-table]')).includes('failed'), 'failed model marked in the table');
  await expectDrawn(page, 'reliability-chart');
  await new Promise((r) => setTimeout(r, 200));
  check(problems.dialogs.length === 0, 'no alert() ran');
  check((await cspViolations(page)).length === 0, 'no CSP violations');
  await shot(page, 'hostile');
  reportProblems('hostile', problems);
  await context.close();
}

async function failedScenario(browser, protocol, results) {
  console.log('failed and cancelled runs');
  const { page, context, problems } = await openPanel(browser, { theme: 'vscode-light' });
  await send(page, { type: 'state', state: protocol.emptyPanelState('f-1', 'comparison', results.dataset.file) });
  const live = liveMessages(protocol, 'comparison', results, 6);
  for (const message of live) await send(page, message);
  await send(page, { type: 'runFailed', key: 'alpha-focal', message: `Training diverged: the loss became NaN at epoch 6 ${EVIL}.` });
  await send(page, { type: 'phase', phase: 'failed', message: `Every model failed; the last error: out of memory ${EVIL}` });
  await settle(page);
  check((await page.textContent('[data-testid=phase]')).includes('out of memory'), 'failed phase shows its message');
  check((await page.textContent('[data-testid=error]')).includes(EVIL), 'error callout shows the message as text');
  check((await page.$('[data-testid=rerun]')) !== null, 'Re-run offered after a failure');
  check(await page.$eval('[data-testid=export]', (b) => b.disabled), 'Export Report disabled without results');
  await shot(page, 'failed');
  await send(page, { type: 'state', state: { ...(await page.evaluate(() => window.__fl.lastSaved)), phase: 'cancelled', message: 'Stopped by you at epoch 6.' } });
  await settle(page);
  check((await page.textContent('[data-testid=phase]')).includes('Cancelled'), 'cancelled phase shown');
  await shot(page, 'cancelled');
  reportProblems('failed', problems);
  await context.close();
}

async function pcaScenario(browser, protocol, results) {
  console.log('four losses on a PCA plane (light)');
  const { page, context, problems } = await openPanel(browser, { theme: 'vscode-light', width: 1280 });
  const state = protocol.applyToPanelState(protocol.emptyPanelState('pca-1', 'comparison', results.dataset.file), { type: 'results', results: protocol.stripTestPredictions(results) });
  await send(page, { type: 'state', state });
  await settle(page);
  for (const run of results.runs) {
    await expectDrawn(page, `region-${run.loss}`, 6);
    await expectDrawn(page, `loss-chart-${run.loss}`);
  }
  const label = await page.getAttribute('[data-testid=region-bce]', 'aria-label');
  check(/PC1 \(\d+\.\d% of variance\)/.test(label), `PCA axes name the explained variance: "${label}"`);
  const colours = await page.$$eval('[data-testid=metrics-table] thead .fl-swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor));
  check(new Set(colours).size === results.runs.length, `one colour per loss kind: ${colours.join(', ')}`);
  await shot(page, 'pca-light');
  reportProblems('pca', problems);
  await context.close();
}

async function main() {
  const bundle = path.join(root, 'dist/webview/panel.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/webview/panel.js is missing: run node scripts/build.js first');
  fs.mkdirSync(out, { recursive: true });
  const protocol = loadProtocol();
  const results = comparisonResults();
  const sweep = sweepResults();
  const pca = pcaResults();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const saved = await comparisonScenario(browser, protocol, results);
    await restoreScenario(browser, saved);
    await sweepScenario(browser, protocol, sweep);
    await hostileScenario(browser, protocol, results);
    await failedScenario(browser, protocol, results);
    await pcaScenario(browser, protocol, pca);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`\n${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  console.log('\nall panel checks passed');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
