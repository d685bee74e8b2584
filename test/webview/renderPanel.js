#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports */
// Renders the results panel bundle (dist/webview/panel.js) in Chromium, the way VS Code hosts it
// (same HTML and CSP, a stub of the webview API, VS Code theme variables), feeds it a live
// cross-validated training sequence, recorded results of the real engine (5-fold comparison,
// single-split comparison, gamma sweep, a 3-class multi-class comparison: test/webview/recorded/*.json, the panel's copy of
// results.json schema 2 on the bundled sample), a failed run and hostile class names, checks what
// it draws, and writes screenshots to test-results/panel-*.png.
//
//   node scripts/build.js && node test/webview/renderPanel.js
//
// Exit code 1 when a check fails, a CSP violation or a page error happens.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
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

/** Results recorded from the engine on samples/imbalanced-90-10.csv, as the panel receives them (stripTestPredictions). */
function recorded(name) {
  return JSON.parse(fs.readFileSync(path.join(__dirname, 'recorded', `${name}.json`), 'utf8'));
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

/** Until the panel has drawn everything: results come a section per task (aria-busy meanwhile), then two frames. */
async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 30_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Counts the canvases each task adds to the page: mutation records are delivered once per task,
 * so each callback is one task's additions. Independent of the machine's speed, unlike timing.
 */
async function watchCanvasesPerTask(page) {
  await page.evaluate(() => {
    window.__canvasTasks = [];
    new MutationObserver((records) => {
      // A canvas inside a section added whole is listed by the section and by its own card: count it once.
      const added = new Set();
      for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) for (const canvas of [node, ...node.querySelectorAll('canvas')]) if (canvas.tagName === 'CANVAS') added.add(canvas);
      if (added.size) window.__canvasTasks.push(added.size);
    }).observe(document.body, { childList: true, subtree: true });
  });
}

async function canvasesPerTask(page) {
  return page.evaluate(() => window.__canvasTasks);
}

/** How many chart redraws (chart.js `update` calls) one message to the panel causes. */
async function chartUpdatesFor(page, message) {
  return page.evaluate(async (m) => {
    const charts = [...document.querySelectorAll('canvas')].map((c) => c.flChart).filter(Boolean);
    let calls = 0;
    const originals = charts.map((chart) => chart.update);
    charts.forEach((chart, i) => (chart.update = function (...args) { calls++; return originals[i].apply(this, args); }));
    window.postMessage(m, '*');
    await new Promise((resolve) => setTimeout(resolve, 50));
    charts.forEach((chart, i) => (chart.update = originals[i]));
    return calls;
  }, message);
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

/** Pixels of a canvas in a saturated colour (a series), as opposed to the grey of axes, grid and text. */
async function seriesPixels(page, testid) {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid="${CSS.escape(id)}"]`);
    if (!(canvas instanceof HTMLCanvasElement) || !canvas.width || !canvas.height) return 0;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 80) count++;
    return count;
  }, testid);
}

/**
 * Issue 12: a large file's run shows where each model is within its epoch, the share done and
 * the time left, a clock that ticks, and its first epoch as a point; a cancelled run says
 * "nothing was saved" once and offers Re-run without a disabled Export.
 */
async function progressScenario(browser, protocol, results) {
  console.log('progress within an epoch, first point, cancelled');
  const { page, context, problems } = await openPanel(browser);
  const source = { file: '/data/large.csv', kind: 'comparison', settings: { losses: ['bce', 'focal'], gamma: 2, alpha: 'auto', sweepGammas: [0, 2], sweepLoss: 'focal' }, number: 7 };
  await send(page, { type: 'state', state: protocol.emptyPanelState('run-7', 'comparison', 'large.csv', source) });
  await send(page, { type: 'dataset', dataset: results.dataset, decisionPlane: results.decisionPlane, config: results.config, evaluation: results.evaluation });
  await send(page, { type: 'phase', phase: 'training' });
  for (const key of ['bce', 'focal']) {
    await send(page, { type: 'runStarted', key, loss: key, gamma: key === 'focal' ? 2 : 0, alphaForPositiveClass: null, epochs: 30, fitIndex: 0, fits: 5, repeat: 0, fold: 0 });
  }
  await settle(page);
  check((await page.textContent('.fl-kind')) === 'loss comparison · run 7', `the header names the run: "${await page.textContent('.fl-kind')}"`);
  check((await page.textContent('[data-testid=run-identity]')) === 'BCE, focal · γ 2', `the header says what was trained: "${await page.textContent('[data-testid=run-identity]')}"`);
  const emptyFocal = await seriesPixels(page, 'loss-chart-focal');
  await send(page, { type: 'progress', progress: { fraction: 0.012, etaSeconds: 190 }, batches: [{ key: 'focal', fitIndex: 0, epoch: 1, batch: 120, batches: 683 }] });
  await settle(page);
  const chips = await page.textContent('.fl-model-progress');
  check(chips.includes('epoch 1/30, batch 120/683'), `within the first epoch, the model says where it is: "${chips}"`);
  const phase = await page.textContent('[data-testid=phase]');
  check(/Training.*1% · about 3 min left/.test(phase), `the phase shows the share done and the time left: "${phase}"`);
  check((await page.getAttribute('[data-testid="loss-chart-focal"]', 'aria-label')) !== null, 'the focal chart exists before its first epoch');
  const clock1 = await page.textContent('[data-testid=elapsed]');
  await page.waitForFunction((before) => document.querySelector('[data-testid=elapsed]').textContent !== before, clock1, { timeout: 5000 });
  check(true, 'the elapsed clock ticks while the run trains');
  const h = results.runs.find((r) => r.id === 'focal').history;
  await send(page, { type: 'epochs', updates: [{ key: 'focal', fitIndex: 0, epoch: 1, epochs: 30, trainLoss: h.trainLoss[0], valLoss: h.valLoss[0], valLogLoss: h.valLogLoss[0], bestEpoch: 1 }] });
  await settle(page);
  const firstPoint = await seriesPixels(page, 'loss-chart-focal');
  check(firstPoint > emptyFocal + 10, `the first epoch shows as a point (${emptyFocal} → ${firstPoint} series pixels)`);
  check((await page.textContent('.fl-model-progress')).includes('epoch 1/30') && !(await page.textContent('.fl-model-progress')).includes('batch 120'), 'the batch count gives way to the finished epoch');
  await shot(page, 'progress');

  await send(page, { type: 'phase', phase: 'cancelled', message: 'The run was cancelled; nothing was saved.' });
  await settle(page);
  const visible = await page.evaluate(() => document.body.innerText);
  const times = (visible.match(/nothing was saved/g) || []).length;
  check(times === 1, `a cancelled panel says "nothing was saved" once (${times})`);
  check((await page.$('[data-testid=export]')) === null && (await page.$('[data-testid=rerun]')) !== null, 'a cancelled panel offers Re-run and no Export');
  check(/run 7/.test((await page.getAttribute('[data-testid=rerun]', 'title')) || ''), `Re-run says which run it repeats: "${await page.getAttribute('[data-testid=rerun]', 'title')}"`);
  await shot(page, 'progress-cancelled');
  reportProblems('progress', problems);
  await context.close();
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


/** The lowest WCAG contrast of the series swatches (each model's and reference's colour) against the page background. */
async function lowestSeriesContrast(page) {
  return page.evaluate(() => {
    const parse = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((v) => { const s = v / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const bg = lum(parse(getComputedStyle(document.body).backgroundColor));
    let lowest = { ratio: Infinity, colour: '' };
    for (const swatch of document.querySelectorAll('.fl-swatch')) {
      const colour = getComputedStyle(swatch).backgroundColor;
      const l = lum(parse(colour));
      const ratio = (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05);
      if (ratio < lowest.ratio) lowest = { ratio, colour };
    }
    return lowest;
  });
}


/** What the chart's tooltip shows after hovering at a fraction (fx, fy) of the canvas' plot area. */
async function hoverTooltip(page, testid, fx, fy) {
  await page.locator(`[data-testid="${testid}"]`).scrollIntoViewIfNeeded();
  const box = await page.locator(`[data-testid="${testid}"]`).boundingBox();
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  await settle(page);
  return page.evaluate((id) => {
    const chart = document.querySelector(`[data-testid="${CSS.escape(id)}"]`).flChart;
    const tooltip = chart.tooltip;
    return { opacity: tooltip.opacity, title: tooltip.title ?? [], lines: (tooltip.body ?? []).flatMap((b) => b.lines), datasets: (tooltip.dataPoints ?? []).map((d) => d.datasetIndex) };
  }, testid);
}

/** The marker point of a series on a chart (ROC or PR). */
async function markerOf(page, testid, label) {
  return page.evaluate(([id, name]) => {
    const chart = document.querySelector(`[data-testid="${CSS.escape(id)}"]`).flChart;
    const dataset = chart.data.datasets.find((d) => d.label === `\u2060${name} · chosen threshold`);
    return dataset ? dataset.data[0] ?? null : undefined;
  }, [testid, label]);
}

/** Counts at index k of recorded operating points. */
function countsOf(points, k) {
  return { tp: points.tp[k], fp: points.fp[k], fn: points.positives - points.tp[k], tn: points.negatives - points.fp[k] };
}

async function explorerChecks(page, results) {
  const runs = results.runs.filter((r) => r.status === 'finished');
  const cards = await page.$$('[data-testid^="explorer-"][class*=fl-explorer-card]');
  check(cards.length === runs.length, `threshold explorer: one card per model (${cards.length})`);
  const rowsNote = await page.textContent('[data-testid=explorer-rows]');
  const total = runs[0].operatingPoints.positives + runs[0].operatingPoints.negatives;
  check(rowsNote.includes(total.toLocaleString('en-US')) && /test rows/.test(rowsNote) && /optimistic/.test(rowsNote), `explorer says which rows the numbers come from and that picking on them is optimistic: "${rowsNote.slice(0, 140)}…"`);
  const run = runs[runs.length - 1];
  const points = run.operatingPoints;
  const tuned = run.pooled.atThreshold.find((t) => t.thresholdSource === 'validation-f1').threshold;
  const k0 = points.thresholds.indexOf(tuned);
  check(k0 >= 0, `the validation-tuned threshold ${tuned} is one of the operating points`);
  const pressed = await page.getAttribute(`[data-testid="preset-validation-${run.id}"]`, 'aria-pressed');
  check(pressed === 'true', 'starts at the validation-tuned threshold (the honest preset)');
  const cellCounts = async () => (await page.$$eval(`[data-testid="explorer-${run.id}"] .fl-cell-count`, (tds) => tds.map((td) => Number(td.textContent.replace(/,/g, '')))));
  const expected0 = countsOf(points, k0);
  check(JSON.stringify(await cellCounts()) === JSON.stringify([expected0.tn, expected0.fp, expected0.fn, expected0.tp]), `explorer confusion at the tuned threshold equals the recorded exact counts (${(await cellCounts()).join(', ')})`);
  check((await page.getAttribute(`[data-testid="explorer-honesty-${run.id}"]`, 'class')).includes('fl-honest'), 'tuned threshold marked honest');
  const marker0 = await markerOf(page, 'roc-chart', (await page.textContent(`[data-testid="explorer-${run.id}"] .fl-card-title`)).trim());
  check(marker0 && Math.abs(marker0.x - expected0.fp / points.negatives) < 1e-12 && Math.abs(marker0.y - expected0.tp / points.positives) < 1e-12, `ROC marker at the chosen point (${JSON.stringify(marker0)})`);
  const rocBefore = await pixels(page, 'roc-chart');
  // The slider, by keyboard: End = the highest threshold.
  await page.focus(`[data-testid="threshold-slider-${run.id}"]`);
  await page.keyboard.press('End');
  await settle(page);
  const kEnd = points.thresholds.length - 1;
  const value = await page.textContent(`[data-testid="threshold-value-${run.id}"]`);
  check(value === points.thresholds[kEnd].toFixed(3), `slider (keyboard End) moves to the highest threshold: ${value}`);
  const expectedEnd = countsOf(points, kEnd);
  check(JSON.stringify(await cellCounts()) === JSON.stringify([expectedEnd.tn, expectedEnd.fp, expectedEnd.fn, expectedEnd.tp]), 'confusion matrix follows the slider live');
  const precision = await page.textContent(`[data-testid="explorer-precision-${run.id}"]`);
  const recall = await page.textContent(`[data-testid="explorer-recall-${run.id}"]`);
  const fpr = await page.textContent(`[data-testid="explorer-false-positive-rate-${run.id}"]`).catch(() => null);
  check(recall === (expectedEnd.tp / points.positives).toFixed(3) && precision === (expectedEnd.tp + expectedEnd.fp ? expectedEnd.tp / (expectedEnd.tp + expectedEnd.fp) : 0).toFixed(3), `precision ${precision} and recall ${recall} follow the slider`);
  check((await page.getAttribute(`[data-testid="explorer-honesty-${run.id}"]`, 'class')).includes('fl-optimistic'), `a hand-picked threshold is called optimistic: "${await page.textContent(`[data-testid="explorer-honesty-${run.id}"]`)}"`);
  const rocAfter = await pixels(page, 'roc-chart');
  check(rocAfter.hash !== rocBefore.hash, 'the ROC marker moved (chart redrawn)');
  // Presets.
  await page.fill(`[data-testid="recall-target-${run.id}"]`, '0.9');
  await page.click(`[data-testid="preset-recall-${run.id}"]`);
  const r90 = Number(await page.textContent(`[data-testid="explorer-recall-${run.id}"]`));
  let kRecall = -1;
  for (let k = points.thresholds.length - 1; k >= 0; k--) if (points.tp[k] / points.positives >= 0.9) { kRecall = k; break; }
  check(r90 >= 0.9 && (await page.textContent(`[data-testid="threshold-value-${run.id}"]`)) === points.thresholds[kRecall].toFixed(3), `preset recall ≥ 0.9: the highest threshold reaching it (recall ${r90})`);
  await page.fill(`[data-testid="cost-ratio-${run.id}"]`, '10');
  await page.click(`[data-testid="preset-cost-${run.id}"]`);
  let best = 0;
  for (let k = 0; k < points.thresholds.length; k++) if (10 * (points.positives - points.tp[k]) + points.fp[k] <= 10 * (points.positives - points.tp[best]) + points.fp[best]) best = k;
  check((await page.textContent(`[data-testid="threshold-value-${run.id}"]`)) === points.thresholds[best].toFixed(3), 'preset cost FN:FP = 10: the lowest-cost threshold');
  await page.click(`[data-testid="preset-validation-${run.id}"]`);
  check(JSON.stringify(await cellCounts()) === JSON.stringify([expected0.tn, expected0.fp, expected0.fn, expected0.tp]), 'back to the validation-tuned threshold');
  void fpr;
}


async function exportChecks(page, results) {
  const last = () => page.evaluate(() => window.__fl.posted[window.__fl.posted.length - 1]);
  await page.click('[data-testid=metrics-copy-markdown]');
  const md = await last();
  const s = results.runs[0].summary.prAuc;
  const prRow = md.text.split('\n').find((l) => l.startsWith('| PR-AUC'));
  check(md.type === 'copyText' && md.text.startsWith('| Metric | BCE (baseline) |') && md.text.split('\n')[1].startsWith('| --- |') && prRow && prRow.includes(`${s.mean.toFixed(3)} ± ${((s.ciHigh - s.ciLow) / 2).toFixed(3)}`), `metrics table copied as Markdown: "${md.text.split('\n')[0]}" / "${prRow}"`);
  await page.click('[data-testid=metrics-copy-csv]');
  const csv = await last();
  check(csv.type === 'copyText' && csv.text.startsWith('Metric,BCE (baseline),') && csv.text.includes('\r\nPR-AUC,'), `metrics table copied as CSV: "${csv.text.split('\r\n')[0]}"`);
  await page.click('[data-testid=confusion-copy-markdown]');
  const cm = await last();
  check(cm.type === 'copyText' && /\*\*threshold 0\.5\*\*/.test(cm.text) && cm.text.includes('| pred. → actual ↓ |') === false, `confusion matrices copied as Markdown (${cm.text.split('\n').length} lines)`);
  await page.click('[data-testid=save-png-roc-chart]');
  const png = await last();
  check(png.type === 'saveImage' && png.dataUrl.startsWith('data:image/png;base64,iVBOR') && png.dataUrl.length > 5000 && /-roc\.png$/.test(png.fileName), `Save PNG posts the ROC chart as a PNG (${png.fileName}, ${(png.dataUrl.length / 1024).toFixed(0)} KB)`);
  // Keyboard: Tab from the metrics table reaches the charts and the confusion matrices.
  await page.focus('.fl-table-wrap');
  const reached = new Set();
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);
    reached.add(id);
  }
  const wanted = ['pr-chart', 'roc-chart', 'reliability-chart', 'confusion-bce', 'save-png-pr-chart', 'threshold-slider-bce'];
  check(wanted.every((id) => reached.has(id)), `Tab reaches the charts, the confusion matrices and the explorer (${wanted.filter((id) => !reached.has(id)).join(', ') || 'all'} missing)`);
}

// ---------- scenarios ----------

/**
 * Live messages of a cross-validated run, built from the histories of real results: every model
 * trains fold 1 to `upToEpoch`, finishes it early (early stopping), then starts fold 2 and trains
 * `fold2Epochs` epochs of it.
 */
function liveMessages(results, upToEpoch, fold2Epochs = 0) {
  const messages = [];
  const fits = results.evaluation.folds * results.evaluation.repeats;
  messages.push({ type: 'phase', phase: 'preparing' });
  messages.push({ type: 'dataset', dataset: results.dataset, decisionPlane: results.decisionPlane, config: results.config, evaluation: results.evaluation });
  messages.push({ type: 'phase', phase: 'training' });
  const start = (fitIndex) => {
    for (const run of results.runs) {
      messages.push({ type: 'runStarted', key: run.id, loss: run.loss, gamma: run.gamma, alphaForPositiveClass: run.alphaForPositiveClass, epochs: results.config.epochs, fitIndex, fits, repeat: 0, fold: fitIndex });
    }
  };
  const train = (fitIndex, upTo) => {
    // Models train in parallel; the host batches epochs (here three epochs per message).
    for (let epoch = 1; epoch <= upTo; epoch += 3) {
      const updates = [];
      for (const run of results.runs) {
        const h = run.history;
        for (let e = epoch; e < epoch + 3 && e <= Math.min(upTo, h.trainLoss.length); e++) {
          let best = 1;
          for (let k = 1; k <= e; k++) if (h.valLoss[k - 1] < h.valLoss[best - 1]) best = k;
          updates.push({ key: run.id, fitIndex, epoch: e, epochs: results.config.epochs, trainLoss: h.trainLoss[e - 1], valLoss: h.valLoss[e - 1], valLogLoss: h.valLogLoss[e - 1], bestEpoch: best });
        }
      }
      messages.push({ type: 'epochs', updates });
    }
  };
  start(0);
  train(0, upToEpoch);
  if (fold2Epochs > 0) {
    for (const run of results.runs) messages.push({ type: 'fitFinished', key: run.id, fitIndex: 0, bestEpoch: Math.max(1, upToEpoch - 5), epochsRun: upToEpoch });
    start(1);
    train(1, fold2Epochs);
  }
  return messages;
}

const cellPattern = /^\d\.\d{3} ± \d\.\d{3}/;

async function comparisonScenario(browser, protocol, results) {
  console.log('comparison: live, then results (dark, light, high contrast, narrow)');
  const { page, context, problems } = await openPanel(browser);
  const state0 = protocol.emptyPanelState('run-1', 'comparison', results.dataset.file);
  await send(page, { type: 'state', state: state0 });
  await send(page, { type: 'readProgress', fraction: 0.42 });
  check((await page.textContent('[data-testid=phase]')).includes('Reading'), 'phase says Reading');
  check((await page.getAttribute('.fl-progress', 'aria-valuenow')) === '42', 'progress bar at 42%');
  await shot(page, 'reading');

  const live = liveMessages(results, 12);
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
  const protocolText = await page.textContent('[data-testid=protocol]');
  check(/5-fold stratified cross-validation/.test(protocolText) && /early stopping after 5 epochs/.test(protocolText), `header describes the protocol: "${protocolText}"`);
  const progress1 = await page.textContent('[data-testid=fold-progress]');
  check(/^fold 1 of 5 · /.test(progress1) && progress1.includes('BCE'), `live progress "fold k of K · loss": "${progress1}"`);
  check((await page.textContent('.fl-model-progress')).includes('fold 1/5 · epoch 12/30'), 'per-model fold and epoch counts in the header');
  for (const run of results.runs) await expectDrawn(page, `loss-chart-${run.id}`);
  await expectDrawn(page, 'logloss-chart');
  check(await page.evaluate(() => [...document.querySelectorAll('canvas')].every((c) => c.__mark)), 'charts updated in place (same canvases after more epochs)');
  const yTitle = await page.getAttribute('[data-testid="loss-chart-focal"]', 'aria-label');
  check(/Focal loss \(γ = 2\)/.test(yTitle) && /fold 1 of 5/.test(yTitle) && /best epoch \d+/.test(yTitle), `focal chart names its loss, fold and best epoch: "${yTitle}"`);
  // Batch progress moves no curve, and one model's epoch moves its own chart and the log-loss chart only.
  const [first] = results.runs;
  const batchRedraws = await chartUpdatesFor(page, { type: 'progress', progress: { fraction: 0.1, etaSeconds: 30 }, batches: results.runs.map((r) => ({ key: r.id, fitIndex: 0, epoch: 13, batch: 4, batches: 10 })) });
  const h0 = first.history;
  const epochRedraws = await chartUpdatesFor(page, { type: 'epochs', updates: [{ key: first.id, fitIndex: 0, epoch: 13, epochs: results.config.epochs, trainLoss: h0.trainLoss[12], valLoss: h0.valLoss[12], valLogLoss: h0.valLogLoss[12], bestEpoch: 13 }] });
  check(batchRedraws === 0 && epochRedraws === 2, `live charts redraw only when their curves move (batch progress: ${batchRedraws} redraws; one model's epoch: ${epochRedraws})`);
  const fold1Pixels = await pixels(page, 'loss-chart-bce');
  // The next fold starts: the curves restart.
  const next = liveMessages(results, 12, 3);
  for (const message of next.slice(live.length)) await send(page, message);
  await settle(page);
  const progress2 = await page.textContent('[data-testid=fold-progress]');
  check(/^fold 2 of 5 · /.test(progress2), `progress moves to the next fold: "${progress2}"`);
  const bceLabel = await page.getAttribute('[data-testid="loss-chart-bce"]', 'aria-label');
  check(/fold 2 of 5/.test(bceLabel) && /After epoch 3 of 30/.test(bceLabel), `loss curves reset for the new fold: "${bceLabel}"`);
  const fold2Pixels = await pixels(page, 'loss-chart-bce');
  check(fold2Pixels.hash !== fold1Pixels.hash, 'the loss chart was redrawn for the new fold');
  check((await page.$('[data-testid=stop]')) !== null && (await page.$('[data-testid=rerun]')) === null, 'Stop shown while running, Re-run hidden');
  await page.focus('[data-testid=stop]');
  await page.keyboard.press('Enter');
  check((await posted(page)).includes('stop'), 'Stop (keyboard) posts stop');
  await shot(page, 'live-dark');

  await send(page, { type: 'phase', phase: 'evaluating' });
  await watchCanvasesPerTask(page);
  await send(page, { type: 'results', results });
  await settle(page);
  // In VS Code for the Web the panel shares the editor's thread: the results are drawn a chart per
  // task, so typing is never held up by the whole set (a 600–800 ms task before).
  const perTask = await canvasesPerTask(page);
  check(perTask.length >= 8 && Math.max(...perTask) === 1, `results drawn one chart per task (${perTask.length} tasks: ${perTask.join(',')})`);
  check((await page.textContent('[data-testid=verdict]')) === results.verdict.text, 'verdict text shown as given');
  const notes = await page.$$eval('[data-testid=verdict-notes] li', (lis) => lis.map((li) => li.textContent));
  check(notes.length === results.verdict.notes.length && notes.every((n, i) => n === results.verdict.notes[i]), `verdict notes below it (${notes.length})`);
  check((await page.textContent('[data-testid=phase]')).includes('Finished'), 'phase says Finished');
  const headers = await page.$$eval('[data-testid=metrics-table] thead th', (ths) => ths.map((t) => t.textContent));
  check(headers.length === results.runs.length + results.references.length + 1, `metrics table: one column per model and reference: ${headers.join(' | ')}`);
  check(headers.filter((h) => h.includes('reference')).length === 2 && headers.some((h) => h.includes('Base rate')) && headers.some((h) => h.includes('Logistic regression')), 'Base rate and Logistic regression columns marked as references');
  const rowKeys = await page.$$eval('[data-testid=metrics-table] tr[data-testid^=row-]', (trs) => trs.map((tr) => tr.dataset.testid.slice(4)));
  check(rowKeys.length === 13, `one row per summary metric (${rowKeys.length})`);
  check(rowKeys.indexOf('falsePositiveRateAt05') === rowKeys.indexOf('minorityRecallAt05') + 1, 'recall at 0.5 is beside the false-positive rate at 0.5');
  const cells = await page.$$eval('[data-testid=metrics-table] td[data-testid^=cell-]', (tds) => tds.map((td) => ({ text: td.textContent, title: td.title, id: td.dataset.testid })));
  const prCell = cells.find((c) => c.id === 'cell-bce-prAuc');
  const s = results.runs[0].summary.prAuc;
  check(prCell && prCell.text.startsWith(`${s.mean.toFixed(3)} ± ${((s.ciHigh - s.ciLow) / 2).toFixed(3)}`), `PR-AUC cell is mean ± half-width: "${prCell && prCell.text}"`);
  check(cells.filter((c) => c.text !== '—').every((c) => cellPattern.test(c.text)), 'every metric cell reads mean ± half-width');
  check(prCell && prCell.title.includes(`Per fold: ${s.perFold.map((v) => v.toFixed(3)).join(', ')}`), `per-fold values on hover: "${prCell && prCell.title.split('\n')[1]}"`);
  check((await page.$$('[data-testid=metrics-table] .fl-best')).length === 0, 'no best-value highlighting');
  const marked = await page.$$eval('[data-testid=metrics-table] td[class*=fl-reliable-]', (tds) => tds.map((td) => td.dataset.testid));
  const reliable = results.comparisons.filter((c) => c.reliable).map((c) => `cell-${c.loss}-${c.metric}`);
  check(marked.length === reliable.length && reliable.every((id) => marked.includes(id)), `only reliable comparisons marked (${marked.length}: ${marked.join(', ')})`);
  check((await page.$$('[data-testid=metrics-table] .fl-reference-col[class*=fl-reliable-]')).length === 0, 'references are never marked');
  for (const id of ['pr-chart', 'roc-chart', 'reliability-chart', 'difference-chart', 'fold-strip-chart']) await expectDrawn(page, id);
  const diff = await page.getAttribute('[data-testid=difference-chart]', 'aria-label');
  const headlineRows = results.comparisons.filter((c) => ['prAuc', 'rocAuc', 'minorityF1AtTuned', 'recalibratedLogLoss'].includes(c.metric)).length;
  check(/corrected resampled t-test/.test(diff) && (diff.match(/reliable/g) || []).length >= headlineRows, `difference chart: one row per loss × headline metric, the method named: "${diff.slice(0, 160)}…"`);
  const subtitle = await page.textContent('.fl-card:has([data-testid=difference-chart]) .fl-card-subtitle');
  check(/95% interval/.test(subtitle) && /family-wise/.test(subtitle), `difference chart explains bar, line and zero: "${subtitle.slice(0, 120)}…"`);
  const strip = await page.getAttribute('[data-testid=fold-strip-chart]', 'aria-label');
  check(strip.includes(results.runs[0].summary.prAuc.perFold[0].toFixed(3)) && strip.includes('Logistic regression (reference)'), 'per-fold PR-AUC strip lists each fold of each model and reference');
  const pr = await page.getAttribute('[data-testid=pr-chart]', 'aria-label');
  check(pr.includes(`average precision ${results.runs[0].pooled.prAuc.toFixed(3)}`) && pr.includes('Logistic regression'), `PR curves from the pooled predictions, references included: "${pr.slice(0, 140)}…"`);
  const confusion = await page.$$eval('[data-testid=confusion-bce] .fl-cell-count', (tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ''))));
  const pooled = results.runs[0].pooled.atThreshold.find((t) => t.thresholdSource === 'default').confusion.flat();
  check(JSON.stringify(confusion.slice(0, 4)) === JSON.stringify(pooled), `confusion at 0.5 summed over folds: ${confusion.slice(0, 4).join(', ')}`);
  check(confusion.slice(0, 4).reduce((a, b) => a + b, 0) === results.dataset.rows - results.dataset.rowsWithoutTarget, 'the summed confusion matrix counts every row once');
  await explorerChecks(page, results);
  const roc = await hoverTooltip(page, 'roc-chart', 0.35, 0.4);
  // Every loss and logistic regression (the base rate is a straight line with no point near most positions).
  const models = results.runs.length + 1;
  const names = ['BCE ·', 'Focal ·', 'Alpha-balanced focal ·', 'Logistic regression ·'];
  check(names.every((n) => roc.lines.some((l) => l.startsWith(n))) && roc.lines.every((l) => /FPR \d\.\d{3} · TPR \d\.\d{3}/.test(l)), `ROC tooltip: every series at the hovered point, axes named (${roc.lines.length}: ${roc.lines.slice(0, 2).join(' | ')})`);
  const prTip = await hoverTooltip(page, 'pr-chart', 0.5, 0.4);
  check(names.every((n) => prTip.lines.some((l) => l.startsWith(n))) && prTip.lines.length >= models && prTip.lines.every((l) => /recall \d\.\d{3} · precision \d\.\d{3}/.test(l)), `PR tooltip: every series, axes named (${prTip.lines.length}: ${prTip.lines[0]})`);
  const logloss = await hoverTooltip(page, 'logloss-chart', 0.3, 0.5);
  check(logloss.lines.length >= results.runs.length && results.runs.every((r) => logloss.lines.some((l) => l.includes(r.id === 'bce' ? 'BCE' : r.id === 'focal' ? 'Focal' : 'Alpha'))), `log-loss tooltip names every loss at the hovered epoch (${logloss.title.join(' ')}: ${logloss.lines.join(' | ')})`);
  await page.mouse.move(0, 0);
  await exportChecks(page, results);
  const training = await page.textContent('[data-testid=training-note]');
  check(/first of 5 folds/.test(training), `training charts say which fold they show: "${training}"`);
  for (const run of results.runs) await expectDrawn(page, `region-${run.id}`, 6);
  // Where the gradient goes: one bar per model, the sentence, the numbers at either epoch.
  const sentence = await page.textContent('[data-testid=gradient-sentence]');
  check(/^With BCE, easy '0' rows \(p_t ≥ 0\.9\) carry [\d.]+% of the gradient and hard '1' rows \(p_t < 0\.5\) [\d.]+%; Focal: /.test(sentence), `gradient sentence: "${sentence}"`);
  check((await page.$$('[data-testid=gradient-shares] .fl-gradient-row')).length === results.runs.length, 'one gradient bar per model');
  const widths = await page.$$eval('[data-testid=gradient-shares] .fl-gradient-row:first-child .fl-gradient-segment', (segments) => segments.reduce((sum, s) => sum + parseFloat(s.style.width), 0));
  check(Math.abs(widths - 100) < 0.5, `a bar's segments fill it (${widths.toFixed(2)}%)`);
  const keptTable = await page.textContent('[data-testid=gradient-table]');
  await page.check('[data-testid=gradient-epoch-first]');
  const firstTable = await page.textContent('[data-testid=gradient-table]');
  check(firstTable !== keptTable && /Alpha-balanced focal/.test(firstTable), 'epoch 1 shows other shares than the kept epoch');
  const planeText = await page.textContent('[data-testid=plane-note]');
  check(/two input columns themselves/.test(planeText), `decision regions say what the plane is: "${planeText}"`);
  const regionText = await page.textContent('.fl-region-card .fl-card-subtitle');
  check(!/of the plane/.test(regionText) && /recall/.test(regionText), `no share-of-plane figure; the recall on all inputs instead: "${regionText}"`);
  check((await page.$eval('[data-testid=how-to-read]', (d) => d.open)) === false, '"How to read this" is collapsed at first');
  await page.click('[data-testid=how-to-read] summary');
  const how = await page.textContent('[data-testid=how-to-read]');
  check(['Focal loss', 'Gamma (γ)', 'Alpha (α)', 'PR-AUC', 'False-positive rate @0.5'].every((t) => how.includes(t)), 'How to read this: focal loss, gamma, alpha and every metric');
  const criterion = await page.textContent('[data-testid=verdict-criterion]');
  check(/only when the 95% interval of the paired difference/.test(criterion) && /\d+ comparisons/.test(criterion), `the verdict's criterion in words: "${criterion.slice(0, 120)}…"`);
  const hover = await page.getAttribute('[data-testid=row-prAuc] th', 'title');
  check(/prevalence/.test(hover) && hover.startsWith('PR-AUC:'), `metric name hover explains it: "${hover.split('\n')[1]}"`);
  const alpha = await page.textContent('[data-testid=alpha-sentence]');
  check(alpha.includes(`alpha weighs the positive class '${results.dataset.positiveClass}'`), `alpha sentence: "${alpha}"`);
  check((await page.$('[data-testid=stop]')) === null, 'Stop gone when finished');
  await page.click('[data-testid=export]');
  await page.click('[data-testid=rerun]');
  const types = await posted(page);
  check(types.includes('exportReport') && types.includes('rerun'), `Export Report and Re-run post their messages (${types.join(', ')})`);
  await new Promise((r) => setTimeout(r, 300));
  await settle(page);
  const saved = await page.evaluate(() => ({ phase: window.__fl.lastSaved?.phase, saves: window.__fl.saved.length, hasResults: !!window.__fl.lastSaved?.results }));
  check(saved.phase === 'finished' && saved.hasResults, `state saved with setState (${saved.saves} saves, throttled)`);
  const darkContrast = await lowestSeriesContrast(page);
  check(darkContrast.ratio >= 3, `dark theme: every series colour at least 3:1 on the editor background (lowest ${darkContrast.ratio.toFixed(2)}, ${darkContrast.colour})`);
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
  const lightContrast = await lowestSeriesContrast(page);
  check(lightContrast.ratio >= 3, `light theme: every series colour at least 3:1 (lowest ${lightContrast.ratio.toFixed(2)}, ${lightContrast.colour})`);
  await shot(page, 'results-light');

  await page.evaluate(() => (document.body.className = 'vscode-high-contrast'));
  await new Promise((r) => setTimeout(r, 150));
  await settle(page);
  const hcContrast = await lowestSeriesContrast(page);
  check(hcContrast.ratio >= 3, `high-contrast theme: every series colour at least 3:1 (lowest ${hcContrast.ratio.toFixed(2)}, ${hcContrast.colour})`);
  await shot(page, 'results-hc');

  await page.evaluate(() => (document.body.className = 'vscode-dark'));
  await page.setViewportSize({ width: 480, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  await settle(page);
  const columns = await page.$eval('.fl-region-grid', (g) => getComputedStyle(g).gridTemplateColumns.split(' ').length);
  check(columns === 1, `narrow editor: one chart per row (${columns})`);
  await expectDrawn(page, 'region-focal', 6);
  await shot(page, 'results-narrow');
  await page.setViewportSize({ width: 1400, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  await settle(page);
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
  await expectDrawn(page, 'difference-chart');
  reportProblems('restore', problems);
  await context.close();
}

async function staleRestoreScenario(browser, savedState) {
  console.log('restore: a state saved by an earlier version (schema 1) is not drawn; the host sends the run again');
  const old = { ...savedState, results: { ...savedState.results, verdict: 'Focal served the minority class best.', references: undefined } };
  const { page, context, problems } = await openPanel(browser, { initialState: old });
  check((await page.$('[data-testid=verdict]')) === null, 'an old-shaped saved state is not drawn');
  check((await posted(page))[0] === 'ready', 'ready posted');
  await send(page, { type: 'state', state: savedState });
  await settle(page);
  check((await page.$('[data-testid=verdict]')) !== null, 'the state the host sends is drawn');
  reportProblems('stale restore', problems);
  await context.close();
}

async function sweepScenario(browser, protocol, results) {
  console.log('sweep: live, then results');
  const { page, context, problems } = await openPanel(browser);
  await send(page, { type: 'state', state: protocol.emptyPanelState('sweep-1', 'sweep', results.dataset.file) });
  for (const message of liveMessages(results, 21)) await send(page, message);
  await settle(page);
  await expectDrawn(page, 'logloss-chart');
  check((await page.$$('[data-testid^=loss-chart-]')).length === 0, 'sweep: no per-model loss charts');
  const legend = await page.getAttribute('[data-testid=logloss-chart]', 'aria-label');
  check(legend.includes('γ = 5'), `sweep log-loss chart lists each gamma: "${legend}"`);
  await shot(page, 'sweep-live');
  await send(page, { type: 'results', results });
  await settle(page);
  const sweepChart = await expectDrawn(page, 'sweep-chart');
  const sweepLabel = await page.getAttribute('[data-testid=sweep-chart]', 'aria-label');
  const g1 = results.runs.find((r) => r.gamma === 1).summary.prAuc;
  check(sweepLabel.includes(`γ 1: PR-AUC ${g1.mean.toFixed(3)} ± ${((g1.ciHigh - g1.ciLow) / 2).toFixed(3)}`), `sweep chart: metric against gamma with its interval: "${sweepLabel.slice(0, 120)}…"`);
  check(sweepChart.colours >= 4, 'the interval band adds shades to the sweep chart');
  const headers = await page.$$eval('[data-testid=metrics-table] thead th', (ths) => ths.map((t) => t.textContent));
  check(headers.length === results.runs.length + results.references.length + 1 && headers[1].includes('γ = 0'), `sweep table has one column per gamma and reference: ${headers.join(' | ')}`);
  check((await page.$$('[data-testid^="region-"]')).length === 0, 'sweep: no decision-region maps until asked for');
  await page.click('[data-testid=show-regions]');
  await settle(page);
  await expectDrawn(page, 'region-focal@1', 6);
  check(headers[1].includes('γ = 0 (BCE)') && !headers.join(' ').includes('Focal (γ=0)'), `sweep calls gamma 0 BCE: "${headers[1]}"`);
  const sweepSwatches = await page.$$eval('[data-testid=metrics-table] thead .fl-swatch', (sw) => sw.map((e) => getComputedStyle(e).backgroundColor));
  const sweepLines = await page.evaluate(() => document.querySelector('[data-testid=sweep-chart]').flChart.data.datasets.filter((d) => !String(d.label).startsWith('\u200b')).map((d) => d.borderColor));
  const toRgb = (c) => c;
  check(new Set(sweepSwatches).size === sweepSwatches.length && sweepLines.every((c) => !sweepSwatches.includes(toRgb(c))), `sweep chart's metric lines use no gamma's colour (${sweepLines.join(', ')})`);
  await page.setViewportSize({ width: 700, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  await settle(page);
  const fit = await page.$eval('.fl-table-wrap', (w) => ({ scroll: w.scrollWidth, client: w.clientWidth }));
  check(fit.scroll <= fit.client + 1, `split editor (700 px): every gamma column fits without scrolling (${fit.scroll} ≤ ${fit.client})`);
  await shot(page, 'sweep-split');
  await page.setViewportSize({ width: 1400, height: 900 });
  await new Promise((r) => setTimeout(r, 200));
  await settle(page);
  await shot(page, 'sweep-dark');
  await page.evaluate(() => (document.body.className = 'vscode-light'));
  await new Promise((r) => setTimeout(r, 150));
  await settle(page);
  await shot(page, 'sweep-light');
  reportProblems('sweep', problems);
  await context.close();
}

function hostile(results) {
  const r = JSON.parse(JSON.stringify(results));
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
  r.verdict = { text: `No reliable difference for the class '${EVIL}'.`, claims: [], notes: [`A note naming '${EVIL}'.`] };
  for (const m of [...r.runs, ...r.references]) for (const t of m.pooled.atThreshold) rename(t.perClass);
  // An empty reliability bin (null) and a failed model.
  const bins = r.runs[0].pooled.reliability;
  bins[7] = { ...bins[7], count: 0, meanPredicted: null, fractionPositive: null };
  const failed = r.runs[r.runs.length - 1];
  Object.assign(failed, { status: 'failed', error: `Training diverged at epoch 3 ${EVIL}`, summary: null, pooled: null, folds: [], decisionRegion: null });
  r.comparisons = r.comparisons.filter((c) => c.loss !== failed.id);
  return r;
}

/** Decision regions over the principal components and over two chosen columns: the Plane: control and the note under the maps. */
async function planeScenario(browser, protocol, results) {
  console.log('plane: principal components or two chosen columns, and the control that re-runs with the other');
  const features = await openPanel(browser);
  await send(features.page, { type: 'state', state: { ...protocol.emptyPanelState('plane-features', 'comparison', 'data.csv'), phase: 'training' } });
  await send(features.page, { type: 'results', results });
  await settle(features.page);
  check((await features.page.$$('[data-testid=plane-control]')).length === 0, 'two inputs only: no Plane: control (the map is the whole model)');
  await features.context.close();

  const points = results.decisionPlane.points;
  const pca = { ...results, decisionPlane: { ...results.decisionPlane, kind: 'pca', xLabel: 'PC1', yLabel: 'PC2', explainedVariance: [0.15, 0.08] } };
  const { page, context, problems } = await openPanel(browser);
  await send(page, { type: 'state', state: { ...protocol.emptyPanelState('plane-pca', 'comparison', 'data.csv'), phase: 'training' } });
  await send(page, { type: 'results', results: pca });
  await settle(page);
  const options = async () => page.$$eval('[data-testid=plane-select] option', (os) => os.map((o) => ({ value: o.value, text: o.textContent, selected: o.selected, disabled: o.disabled })));
  let shown = await options();
  check(shown[0].selected && shown[0].text === 'Principal components (explains 23%)', `the plane shown: "${shown[0].text}"`);
  check(shown.some((o) => o.value === 'columns' && /^Choose two columns…/.test(o.text) && !o.disabled), 'Choose two columns… offered');
  check((await page.textContent('[data-testid=plane-control] label')).trim() === 'Plane:', 'labelled "Plane:"');
  check(/shows 23% of the variance.*choose two input columns instead/s.test(await page.textContent('[data-testid=plane-note]')), 'the note gives the share of variance and points to the columns');
  await page.selectOption('[data-testid=plane-select]', 'columns');
  let last = await page.evaluate(() => window.__fl.posted[window.__fl.posted.length - 1]);
  check(last.type === 'choosePlane' && last.plane === 'columns', `choosing columns asks the host: ${JSON.stringify(last)}`);
  check((await page.$eval('[data-testid=plane-select]', (s) => s.value)) === 'current', 'the control shows the plane drawn until the new run comes');
  await context.close();

  const columns = { ...results, decisionPlane: { ...results.decisionPlane, kind: 'columns', xLabel: 'x2', yLabel: 'x1', heldAt: { tenure: 12, plan: 'basic' }, points } };
  delete columns.decisionPlane.explainedVariance;
  const second = await openPanel(browser);
  await send(second.page, { type: 'state', state: { ...protocol.emptyPanelState('plane-columns', 'comparison', 'data.csv'), phase: 'training' } });
  await send(second.page, { type: 'results', results: columns });
  await settle(second.page);
  for (const run of results.runs) await expectDrawn(second.page, `region-${run.id}`, 6);
  shown = await second.page.$$eval('[data-testid=plane-select] option', (os) => os.map((o) => ({ value: o.value, text: o.textContent, selected: o.selected })));
  check(shown[0].selected && shown[0].text === "Columns 'x2' × 'x1'", `the chosen columns shown: "${shown[0].text}"`);
  check(shown.some((o) => o.value === 'pca' && /^Principal components/.test(o.text)), 'back to the principal components offered');
  const note = await second.page.textContent('[data-testid=plane-note]');
  check(/'x2' and 'x1' in their own units.*training median \(numeric\) or most frequent category \(categorical\) \('tenure' 12, 'plan' 'basic'\)/s.test(note), `the note says what is held: "${note}"`);
  check(/x2/.test(await second.page.getAttribute('[data-testid=region-bce]', 'aria-label')), 'the map names its axes');
  await second.page.selectOption('[data-testid=plane-select]', 'pca');
  last = await second.page.evaluate(() => window.__fl.posted[window.__fl.posted.length - 1]);
  check(last.type === 'choosePlane' && last.plane === 'pca', `choosing the principal components asks the host: ${JSON.stringify(last)}`);
  check((await cspViolations(second.page)).length === 0, 'no CSP violations');
  await shot(second.page, 'plane-columns');
  reportProblems('plane', problems);
  reportProblems('plane', second.problems);
  await second.context.close();
}

async function hostileScenario(browser, protocol, results) {
  console.log('hostile strings: class and column names from the CSV are shown as text');
  const { page, context, problems } = await openPanel(browser);
  const r = hostile(results);
  await send(page, { type: 'state', state: { ...protocol.emptyPanelState('evil', 'comparison', `${EVIL}.csv`), phase: 'training' } });
  await send(page, { type: 'results', results: r });
  await settle(page);
  const html = await page.$eval('#app', (app) => ({ imgs: app.querySelectorAll('img, script').length, text: app.textContent }));
  check(html.imgs === 0, 'no <img> or <script> element was created from data');
  check(html.text.includes(EVIL), 'the class name appears literally as text');
  check((await page.textContent('[data-testid=verdict]')).includes(EVIL), 'verdict shown as text');
  check((await page.textContent('[data-testid=verdict-notes]')).includes(EVIL), 'verdict notes shown as text');
  check((await page.textContent('.fl-title')).includes(EVIL), 'file name shown as text');
  check((await page.textContent('[data-testid=metrics-table]')).includes('failed'), 'failed model marked in the table');
  await expectDrawn(page, 'reliability-chart');
  await new Promise((r) => setTimeout(r, 200));
  await settle(page);
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
  const live = liveMessages(results, 6);
  for (const message of live) await send(page, message);
  await send(page, { type: 'runFailed', key: 'alpha-focal', message: `Training diverged: the loss became NaN at epoch 6 ${EVIL}.` });
  await send(page, { type: 'phase', phase: 'failed', message: `Every model failed; the last error: out of memory ${EVIL}` });
  await settle(page);
  check((await page.textContent('[data-testid=phase]')).includes('out of memory'), 'failed phase shows its message');
  check((await page.textContent('[data-testid=error]')).includes(EVIL), 'error callout shows the message as text');
  check((await page.$('[data-testid=rerun]')) !== null, 'Re-run offered after a failure');
  check((await page.$('[data-testid=export]')) === null, 'no Export Report without results (not a disabled one)');
  await shot(page, 'failed');
  await send(page, { type: 'state', state: { ...(await page.evaluate(() => window.__fl.lastSaved)), phase: 'cancelled', message: 'Stopped by you at epoch 6.' } });
  await settle(page);
  // Cancelled after one epoch of one model and none of another: a single value starts its axis at 0; no epoch, no empty axes.
  const one = protocol.applyToPanelState(protocol.emptyPanelState('c-1', 'comparison', results.dataset.file), liveMessages(results, 1)[1]);
  let cancelledState = one;
  for (const m of liveMessages(results, 1).slice(2)) cancelledState = protocol.applyToPanelState(cancelledState, m);
  cancelledState = { ...cancelledState, live: { ...cancelledState.live, focal: { ...cancelledState.live.focal, trainLoss: [], valLoss: [], valLogLoss: [] } }, phase: 'cancelled', message: 'Stopped by you.' };
  await send(page, { type: 'state', state: cancelledState });
  await settle(page);
  const yMin = await page.evaluate(() => document.querySelector('[data-testid="loss-chart-bce"]').flChart.scales.y.min);
  check(yMin === 0, `one epoch drawn on an axis from 0, not a sliver of odd ticks (y min ${yMin})`);
  const emptyShown = await page.isVisible('[data-testid="loss-empty-focal"]');
  const focalBox = await page.$eval('[data-testid="loss-chart-focal"]', (c) => c.closest('.fl-chart-box').hidden);
  check(emptyShown && focalBox, 'a model stopped before its first epoch says so instead of drawing empty axes');
  await shot(page, 'cancelled-early');
  check((await page.textContent('[data-testid=phase]')).includes('Cancelled'), 'cancelled phase shown');
  await shot(page, 'cancelled');
  reportProblems('failed', problems);
  await context.close();
}

async function holdoutScenario(browser, protocol, results) {
  console.log('one split (--folds 1): no intervals on one test split, the paired bootstrap named (light)');
  const { page, context, problems } = await openPanel(browser, { theme: 'vscode-light', width: 1280 });
  const state = protocol.applyToPanelState(protocol.emptyPanelState('holdout-1', 'comparison', results.dataset.file), { type: 'results', results });
  await send(page, { type: 'state', state });
  await settle(page);
  const protocolText = await page.textContent('[data-testid=protocol]');
  check(/one stratified train\/validation\/test split/.test(protocolText), `header names the single split: "${protocolText}"`);
  const cell = await page.textContent('[data-testid=cell-bce-prAuc]');
  check(cell === results.runs[0].summary.prAuc.mean.toFixed(3), `one split: the value alone, no ± (${cell})`);
  const diff = await page.getAttribute('[data-testid=difference-chart]', 'aria-label');
  check(/paired bootstrap/.test(diff), 'difference chart names the paired bootstrap');
  for (const run of results.runs) {
    await expectDrawn(page, `region-${run.id}`, 6);
    await expectDrawn(page, `loss-chart-${run.id}`);
  }
  await expectDrawn(page, 'difference-chart');
  const colours = await page.$$eval('[data-testid=metrics-table] thead .fl-swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor));
  check(new Set(colours).size === results.runs.length + results.references.length, `one colour per loss and reference: ${colours.join(', ')}`);
  await shot(page, 'holdout-light');
  reportProblems('holdout', problems);
  await context.close();
}

async function strategiesScenario(browser, protocol, results) {
  console.log('imbalance strategies: each arm named, coloured and drawn as its strategy (dark)');
  const { page, context, problems } = await openPanel(browser, { theme: 'vscode-dark', width: 1400 });
  const state = protocol.applyToPanelState(protocol.emptyPanelState('strategies-1', 'comparison', results.dataset.file), { type: 'results', results });
  await send(page, { type: 'state', state });
  await settle(page);
  const head = await page.textContent('[data-testid=metrics-table] thead');
  for (const label of ['BCE', 'Alpha-balanced focal', 'Class-balanced BCE (β 0.999)', 'BCE + oversampling', 'BCE + SMOTE', 'BCE + threshold moving']) check(head.includes(label), `the table names the arm ${label}`);
  for (const run of results.runs) {
    await expectDrawn(page, `loss-chart-${run.id}`);
    await expectDrawn(page, `region-${run.id}`, 6);
  }
  const colours = await page.$$eval('[data-testid=metrics-table] thead .fl-swatch', (s) => s.map((e) => getComputedStyle(e).backgroundColor));
  check(new Set(colours).size === results.runs.length + results.references.length, `one colour per arm and reference: ${colours.join(', ')}`);
  const data = await page.textContent('[data-testid=config]');
  check(/Arms\s*BCE, Alpha-balanced focal, Class-balanced BCE \(β 0\.999\), BCE \+ oversampling, BCE \+ SMOTE, BCE \+ threshold moving/.test(data), 'the data section lists the arms');
  await shot(page, 'strategies-dark');
  reportProblems('strategies', problems);
  await context.close();
}

/** The recorded 3-class results with every class renamed to a hostile string (and the other fields that name classes). */
function hostileClasses(results) {
  const rename = (name) => `${EVIL}${name}`;
  const copy = JSON.parse(JSON.stringify(results));
  const d = copy.dataset;
  d.classes = d.classes.map(rename);
  d.classCounts = Object.fromEntries(Object.entries(d.classCounts).map(([k, v]) => [rename(k), v]));
  d.positiveClass = rename(d.positiveClass);
  for (const run of copy.runs) {
    if (run.alphaPerClass) run.alphaPerClass = Object.fromEntries(Object.entries(run.alphaPerClass).map(([k, v]) => [rename(k), v]));
    if (run.pooled) for (const c of run.pooled.perClass) c.class = rename(c.class);
    if (run.contributions) {
      for (const table of Object.values(run.contributions.atEpoch)) {
        for (const k of Object.keys(table)) {
          table[rename(k)] = table[k];
          delete table[k];
        }
      }
    }
  }
  return copy;
}

async function multiclassScenario(browser, protocol, results) {
  console.log('multi-class (3 classes): live curves, metrics with intervals, per-class table, K × K heat maps, per-class PR select, class regions');
  const { page, context, problems } = await openPanel(browser);
  const k = results.dataset.classes.length;
  const withLive = { ...results, runs: results.runs.map((run) => ({ ...run, alphaForPositiveClass: null })) };
  await send(page, { type: 'state', state: protocol.emptyPanelState('mc-1', 'comparison', results.dataset.file) });
  for (const message of liveMessages(withLive, 9)) await send(page, message);
  await settle(page);
  const subtitle = await page.textContent('.fl-subtitle, [data-testid=subtitle]').catch(() => '');
  const header = await page.textContent('header');
  check(/multi-class: one model over 3 classes/.test(header), `header names the task (${(subtitle || header).slice(0, 120)})`);
  for (const run of results.runs) await expectDrawn(page, `loss-chart-${run.id}`);
  const liveText = await page.textContent('#app');
  check(liveText.includes('Cross-entropy') && !/\bBCE\b/.test(liveText), `live: the baseline is called Cross-entropy, not BCE (${(liveText.match(/.{40}\bBCE\b.{40}/) || [''])[0]})`);

  await watchCanvasesPerTask(page);
  await send(page, { type: 'results', results });
  await settle(page);
  const perTask = await canvasesPerTask(page);
  check(perTask.length >= 4 && Math.max(...perTask) === 1, `multi-class results drawn one chart per task (${perTask.length} tasks: ${perTask.join(',')})`);
  check((await page.textContent('[data-testid=verdict]')) === results.verdict.text, 'verdict on the headline metrics shown');
  const metricsText = await page.textContent('[data-testid=mc-metrics-table]');
  check(/Macro PR-AUC/.test(metricsText) && /Macro-F1/.test(metricsText) && /Rarest-class recall \('rare'\)/.test(metricsText), 'metrics table leads with the headline metrics and names the rarest class');
  const focal = results.runs.find((r) => r.id === 'alpha-focal');
  const cmp = results.comparisons.find((c) => c.loss === 'alpha-focal' && c.metric === 'rarestClassRecall');
  check(/\[\d\.\d{3}, \d\.\d{3}\]/.test(metricsText), 'means carry their intervals');
  check(metricsText.includes(`Δ ${cmp.meanDifference >= 0 ? '+' : '−'}${Math.abs(cmp.meanDifference).toFixed(3)}`), 'the paired difference with cross-entropy is shown');
  for (const reference of results.references) {
    const cell = await page.textContent(`[data-testid=mc-cell-reference-${reference.kind}-macroPrAuc]`);
    check(cell.startsWith(reference.summary.macroPrAuc.mean.toFixed(3)), `reference ${reference.kind} in the table: macro PR-AUC ${cell}`);
  }
  check(/Base rate/.test(metricsText) && /Logistic regression/.test(metricsText), 'both reference rows are named in the metrics table');

  // Per-class table: one row per class, a column group per model, the pooled numbers.
  const perClass = await page.$$eval('[data-testid=mc-per-class-table] tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  check(perClass.length === k, `per-class table: one row per class (${perClass.length})`);
  const groups = await page.$$eval('[data-testid=mc-per-class-table] thead th[scope=colgroup]', (g) => g.map((e) => e.textContent.trim()));
  check(groups.length === results.runs.length && groups.includes('Alpha-balanced focal') && groups.includes('Cross-entropy'), `a column group per model: ${groups.join(' | ')}`);
  const rareIndex = results.dataset.classes.indexOf('rare');
  const rareRow = perClass.find((r) => r[0] === 'rare');
  const focalGroup = results.runs.indexOf(focal);
  const expected = focal.pooled.perClass[rareIndex];
  check(
    rareRow && rareRow[1] === String(expected.support) && rareRow[2 + focalGroup * 4 + 1] === expected.recall.toFixed(3) && rareRow[2 + focalGroup * 4 + 3] === expected.prAuc.toFixed(3),
    `per-class row of 'rare' holds its support, recall and PR-AUC (${rareRow && rareRow.join(' ')})`,
  );

  // K × K heat maps: counts and row shares, labelled, focusable.
  for (const run of results.runs) {
    const cells = await page.$$eval(`[data-testid=mc-confusion-${run.id}] tbody td`, (tds) => tds.map((td) => [td.querySelector('.fl-cell-count').textContent, td.querySelector('.fl-cell-share').textContent, getComputedStyle(td).backgroundColor]));
    const flat = run.pooled.confusion.flat();
    check(cells.length === k * k && cells.every((c, i) => c[0] === flat[i].toLocaleString("en-US")), `${run.id}: ${k} × ${k} confusion with the pooled counts`);
    const row0 = run.pooled.confusion[0];
    const share = Math.round((100 * row0[0]) / row0.reduce((a, b) => a + b, 0));
    check(cells[0][1] === `${share}%`, `${run.id}: cells show their share of the actual class (${cells[0][1]})`);
    check(new Set(cells.map((c) => c[2])).size > 2, `${run.id}: cells are shaded by their share (a heat map)`);
    const heads = await page.$$eval(`[data-testid=mc-confusion-${run.id}] thead th`, (ths) => ths.map((th) => th.textContent));
    check(heads.join('|') === results.dataset.classes.map((c) => `predicted ${c}`).join('|'), `${run.id}: columns labelled by predicted class`);
  }
  const focusable = await page.$$eval('.fl-confusion-card', (cards) => cards.every((c) => c.tabIndex === 0 && c.getAttribute('aria-label')));
  check(focusable, 'each heat map is a Tab stop with a label');

  // Per-class PR curves for the chosen model.
  const options = await page.$$eval('[data-testid=mc-pr-model] option', (o) => o.map((e) => e.value));
  check(options.join(',') === results.runs.map((r) => r.id).join(','), `PR select offers every model (${options.join(', ')})`);
  await expectDrawn(page, 'mc-pr-chart', k);
  const labelsOf = () => page.evaluate(() => document.querySelector('[data-testid=mc-pr-chart]').flChart.data.datasets.map((d) => d.label).filter((l) => !l.startsWith('\u200b')));
  const before = await labelsOf();
  const bce = results.runs.find((r) => r.id === 'bce');
  await page.selectOption('[data-testid=mc-pr-model]', 'bce');
  await settle(page);
  const after = await labelsOf();
  check(after.length === k && after.join('|') === results.dataset.classes.map((c, i) => `${c} · AP ${bce.pooled.perClass[i].prAuc.toFixed(3)}`).join('|'), `choosing Cross-entropy draws its ${k} class curves (${after.join('; ')})`);
  check(before.join('|') !== after.join('|'), 'the select changes the curves');
  await page.focus('[data-testid=mc-pr-model]');
  await page.keyboard.press('ArrowDown');
  await settle(page);
  check((await labelsOf()).join('|') !== after.join('|'), 'the select works from the keyboard');

  // Decision regions coloured by class.
  for (const run of results.runs) await expectDrawn(page, `mc-region-${run.id}`, k + 1);
  const regionLabel = await page.getAttribute(`[data-testid=mc-region-alpha-focal]`, 'aria-label');
  check(/share of the plane predicted as each class: .*rare \d+%/.test(regionLabel), `region map says the share of each class in words (${regionLabel.slice(0, 90)}…)`);
  const rareShare = (run) => run.decisionRegion.predicted.filter((c) => c === rareIndex).length;
  check(rareShare(focal) > rareShare(bce), `the rare class's region grows under alpha-balanced focal loss (${rareShare(bce)} → ${rareShare(focal)} cells)`);

  // Two-class parts are absent, with one line saying why.
  check((await page.$('[data-testid=threshold-explorer]')) === null && (await page.$('[data-testid=reliability-chart]')) === null, 'no threshold explorer or reliability diagram of a positive class');
  check(/threshold explorer/.test(await page.textContent('[data-testid=mc-binary-only-note]')), 'one line says they belong to two-class comparisons');
  check(/'rare' 0\.\d{3}/.test(await page.textContent('[data-testid=alpha-sentence]')), 'alpha names the weight of every class');
  await shot(page, 'multiclass');
  reportProblems('multiclass', problems);
  await context.close();

  // Light theme, and class names from the file as text only.
  const light = await openPanel(browser, { theme: 'vscode-light', width: 1100 });
  const evil = hostileClasses(results);
  await send(light.page, { type: 'state', state: protocol.applyToPanelState(protocol.emptyPanelState('mc-evil', 'comparison', results.dataset.file), { type: 'results', results: evil }) });
  await settle(light.page);
  const found = await light.page.$eval('#app', (app) => ({ imgs: app.querySelectorAll('img, script').length, heads: [...app.querySelectorAll('.fl-confusion-k thead th')].map((th) => th.textContent) }));
  check(found.imgs === 0 && found.heads.length > 0 && found.heads.every((t) => t.includes(EVIL)), 'hostile class names are set as text in the heat maps');
  for (const run of results.runs) await expectDrawn(light.page, `mc-region-${run.id}`, k + 1);
  await new Promise((r) => setTimeout(r, 200));
  await settle(light.page);
  await shot(light.page, 'multiclass-light');
  reportProblems('multiclass (light, hostile names)', light.problems);
  await light.context.close();
}

async function main() {
  const bundle = path.join(root, 'dist/webview/panel.js');
  if (!fs.existsSync(bundle)) throw new Error('dist/webview/panel.js is missing: run node scripts/build.js first');
  fs.mkdirSync(out, { recursive: true });
  const protocol = loadProtocol();
  const results = recorded('comparison');
  const sweep = recorded('sweep');
  const holdout = recorded('holdout');
  const multiclass = recorded('multiclass');
  const strategies = recorded('strategies');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    // FL_SCENARIO=sweep (or progress, comparison, plane, hostile, failed, holdout, multiclass, strategies) runs one scenario while iterating.
    const only = process.env.FL_SCENARIO;
    const run = (name) => !only || only === name;
    if (run('progress')) await progressScenario(browser, protocol, results);
    if (run('comparison')) {
      const saved = await comparisonScenario(browser, protocol, results);
      await restoreScenario(browser, saved);
      await staleRestoreScenario(browser, saved);
    }
    if (run('sweep')) await sweepScenario(browser, protocol, sweep);
    if (run('plane')) await planeScenario(browser, protocol, results);
    if (run('hostile')) await hostileScenario(browser, protocol, results);
    if (run('failed')) await failedScenario(browser, protocol, results);
    if (run('holdout')) await holdoutScenario(browser, protocol, holdout);
    if (run('multiclass')) await multiclassScenario(browser, protocol, multiclass);
    if (run('strategies')) await strategiesScenario(browser, protocol, strategies);
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
