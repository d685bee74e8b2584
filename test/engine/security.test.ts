// Security, engine side. (1) Text from the CSV (column names, class and category values) is
// shown as text in report.md and report.html, never as markup, table structure or a formula.
// (2) No network: a comparison through the CLI, through dist/core.js and through the
// extension's comparison worker bundle succeeds (on the wasm backend) in a process where
// every network API throws, in every thread.

import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, sample, temporaryDirectory } from './helpers';

const noNetwork = path.join(__dirname, 'fixtures', 'noNetwork.cjs');
const networkFreeRun = path.join(__dirname, 'fixtures', 'networkFreeRun.cjs');

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT_END = '</script>';
const PIPE = '| pipe';
const FORMULA = '=cmd()';
const NASTY = [IMG, SCRIPT_END, PIPE, FORMULA];

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

/** Header: the four strings; values: the four strings again; the target's classes are two of them. */
function hostileCsv(): string {
  const lines = [NASTY.map(quote).join(',')];
  for (let i = 0; i < 240; i++) {
    const positive = i % 6 === 0;
    const number = ((i * 37) % 100) / 10 + (positive ? 3 : 0);
    lines.push([String(number), NASTY[i % 4]!, NASTY[(i + (positive ? 1 : 2)) % 4]!, positive ? IMG : PIPE].map((cell, c) => (c === 0 ? cell : quote(cell))).join(','));
  }
  return lines.join('\n') + '\n';
}

/** Cells of a Markdown table row, splitting on | not escaped as \|. */
function markdownCells(line: string): number {
  return line.replace(/\\\|/g, '').split('|').length;
}

describe('security: CSV text in reports, and no network', () => {
  let directory: string;
  let html: string;
  let markdown: string;
  let stdout: string;

  before(() => {
    directory = temporaryDirectory('security');
    const file = path.join(directory, 'hostile.csv');
    fs.writeFileSync(file, hostileCsv());
    const out = path.join(directory, 'out');
    const result = spawnSync(process.execPath, [cli, 'compare', file, '--target', FORMULA, '--epochs', '2', '--losses', 'bce,focal', '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.strictEqual(result.status, 0, result.stderr);
    stdout = result.stdout;
    html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    markdown = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    // The hostile names really reached the reports' inputs.
    assert.strictEqual(results.dataset.target, FORMULA);
    assert.strictEqual(results.dataset.positiveClass, IMG);
    assert.deepStrictEqual(results.dataset.features, [IMG, SCRIPT_END, PIPE]);
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('report.html shows every CSV string as escaped text, with no element or script from the data', () => {
    assert.ok(!/<img/i.test(html), 'no <img> element');
    assert.ok(!/<\/?script/i.test(html), 'no script tags at all (the report has none of its own)');
    assert.ok(!/<[^>]*\sonerror\s*=/i.test(html), 'no onerror attribute inside any tag');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;/script&gt;'));
    assert.ok(html.includes(PIPE));
    assert.ok(html.includes(FORMULA));
    // Every onerror in the file is inside the escaped text.
    const around = html.split('onerror=alert(1)').slice(0, -1);
    assert.ok(around.length > 0 && around.every((before) => before.endsWith('&lt;img src=x ')));
  });

  it('report.md shows them as text: no raw HTML, and | cannot break a table', () => {
    assert.ok(!markdown.includes('<img'), 'no raw <img');
    assert.ok(!markdown.includes('</script>'), 'no raw </script>');
    assert.ok(markdown.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(markdown.includes('&lt;/script&gt;'));
    assert.ok(markdown.includes('\\| pipe'), '| escaped as \\|');
    assert.ok(markdown.includes(FORMULA));
    // Every table keeps the same number of cells on every row.
    let expected = 0;
    for (const line of markdown.split('\n')) {
      if (!line.startsWith('|')) {
        expected = 0;
        continue;
      }
      if (expected === 0) expected = markdownCells(line);
      assert.strictEqual(markdownCells(line), expected, `table row: ${line}`);
    }
  });

  it('the terminal table carries no markup either way (plain text)', () => {
    assert.doesNotMatch(stdout, /\x1b\[/);
    assert.match(stdout, /minority class '<img src=x onerror=alert\(1\)>'/, 'shown as the literal text in a terminal');
  });

  function underNoNetwork(args: string[]) {
    const log = path.join(directory, `network-${Math.random().toString(36).slice(2)}.log`);
    const result = spawnSync(process.execPath, ['--require', noNetwork, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FOCAL_LAB_NETWORK_LOG: log } });
    const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
    return { ...result, threads: lines.filter((l) => l.startsWith('loaded in thread')).length, attempts: lines.filter((l) => l.startsWith('network:')) };
  }

  it('the guard works: it catches fetch and https.get (a control for the tests below)', () => {
    const { attempts } = underNoNetwork(['-e', "try { fetch('http://127.0.0.1:9') } catch {} try { require('https').get('https://example.com') } catch {}"]);
    assert.deepStrictEqual(attempts, ['network: fetch', 'network: https.get']);
  });

  it('the CLI compares with every network API throwing, on the wasm backend, in every thread', () => {
    const out = path.join(directory, 'offline');
    const result = underNoNetwork([cli, 'compare', sample, '--epochs', '2', '--out', out]);
    assert.strictEqual(result.status, 0, result.stderr);
    assert.deepStrictEqual(result.attempts, []);
    assert.ok(result.threads >= 2, 'the guard was loaded in the training threads too');
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    assert.deepStrictEqual(results.runs.map((r: { status: string; backend: string }) => `${r.status} ${r.backend}`), ['finished wasm-kernel', 'finished wasm-kernel', 'finished wasm-kernel']);
  });

  it('dist/core.js and dist/comparisonWorker.js compare with every network API throwing', () => {
    const result = underNoNetwork([networkFreeRun, sample]);
    assert.strictEqual(result.status, 0, result.stderr);
    assert.deepStrictEqual(result.attempts, []);
    const { core, worker } = JSON.parse(result.stdout);
    for (const runs of [core, worker]) assert.deepStrictEqual(runs, [{ status: 'finished', backend: 'wasm-kernel' }, { status: 'finished', backend: 'wasm-kernel' }]);
    assert.ok(result.threads >= 4, 'loaded in the comparison worker and its training threads');
  });
});
