import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { ComparisonResults } from '../../src/core/results';
import {
  decisionRegionChart,
  escapeHtml,
  escapeMarkdownCell,
  lineChart,
  minorityVerdict,
  prChart,
  reliabilityChart,
  renderHtmlReport,
  renderMarkdownReport,
  renderTerminalTable,
  rocChart,
} from '../../src/core/report';
import { clone, minorityAt05, runOf, sampleResults } from './helpers/sampleResults';

const HOSTILE_COLUMN = '<img src=x onerror=alert(1)>';
const HOSTILE_CLASS = '</script>';
const HOSTILE_FILE = 'q3|sales*final*[v2]_`x`.csv';

function hostile(): ComparisonResults {
  return sampleResults({
    file: HOSTILE_FILE,
    target: HOSTILE_COLUMN,
    positiveClass: HOSTILE_CLASS,
    negativeClass: 'ok | *fine*',
    features: [HOSTILE_COLUMN, 'a|b', '_x_'],
    notices: ['Column <b>bold</b> has | pipes\nand a newline.'],
    withFailedRun: true,
  });
}

/** The rows of the first Markdown table under a heading, split into cells on unescaped pipes. */
function markdownTableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.startsWith(heading));
  assert.ok(start >= 0, `heading ${heading} not found`);
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('|')) rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
    else if (rows.length > 0) break;
  }
  return rows;
}

/** The <td> cells of the HTML metrics table row whose header is `label`, within the section titled `section`. */
function htmlMetricCells(html: string, section: string, label: string): string[] {
  const from = html.indexOf(`scope="rowgroup">${section}</th>`);
  assert.ok(from >= 0, `section ${section} not found`);
  const rowStart = html.indexOf(`<th scope="row">${label}</th>`, from);
  assert.ok(rowStart >= 0, `row ${label} not found`);
  const row = html.slice(rowStart, html.indexOf('</tr>', rowStart));
  return [...row.matchAll(/<td[^>]*>[^<]*<\/td>/g)].map((m) => m[0]);
}

describe('report: minorityVerdict', () => {
  it('names the loss with the best minority F1 at 0.5 and quotes its numbers against BCE', () => {
    const results = sampleResults();
    const bce = minorityAt05(results, 'bce');
    const alpha = minorityAt05(results, 'alpha-focal');
    const verdict = minorityVerdict(results);
    assert.ok(verdict.startsWith("Alpha-balanced focal served the minority class '1' best:"), verdict);
    assert.ok(verdict.includes(`recall at threshold 0.5 rose from ${bce.recall.toFixed(2)} (BCE) to ${alpha.recall.toFixed(2)}`), verdict);
    assert.ok(verdict.includes(`F1 rose from ${bce.f1.toFixed(2)} to ${alpha.f1.toFixed(2)}`), verdict);
    const pr = `PR-AUC of ${runOf(results, 'alpha-focal').metrics.prAuc.toFixed(2)} vs ${runOf(results, 'bce').metrics.prAuc.toFixed(2)}`;
    assert.ok(verdict.includes(pr), verdict);
    assert.equal(results.verdict, verdict);
  });

  it('follows the numbers: a better focal F1 makes focal the winner', () => {
    const results = clone(sampleResults());
    minorityAt05(results, 'focal').f1 = 0.91;
    minorityAt05(results, 'focal').recall = 0.88;
    const verdict = minorityVerdict(results);
    assert.ok(verdict.startsWith("Focal served the minority class '1' best"), verdict);
    assert.ok(verdict.includes('to 0.88') && verdict.includes('to 0.91'), verdict);
  });

  it('breaks an F1 tie by PR-AUC', () => {
    const results = clone(sampleResults());
    minorityAt05(results, 'focal').f1 = minorityAt05(results, 'alpha-focal').f1;
    runOf(results, 'focal').metrics.prAuc = 0.95;
    assert.match(minorityVerdict(results), /^Focal served/);
  });

  it('says no loss did better than BCE when BCE wins, naming the best alternative', () => {
    const results = clone(sampleResults());
    minorityAt05(results, 'bce').f1 = 0.8;
    const verdict = minorityVerdict(results);
    assert.match(verdict, /^No loss did better than BCE for the minority class '1': the best alternative, Alpha-balanced focal, reached an F1 of 0\.65 vs 0\.80/);
  });

  it('says no loss did better when all are equal', () => {
    const results = clone(sampleResults());
    for (const loss of ['bce', 'focal', 'alpha-focal'] as const) {
      minorityAt05(results, loss).f1 = 0.5;
      runOf(results, loss).metrics.prAuc = 0.7;
    }
    assert.equal(
      minorityVerdict(results),
      "No loss did better than BCE for the minority class '1': all 3 runs reached an F1 of 0.50 at threshold 0.5 and a PR-AUC of 0.70.",
    );
  });

  it('compares against the weakest run when there is no BCE', () => {
    const results = clone(sampleResults());
    results.runs = results.runs.filter((r) => r.loss !== 'bce');
    const verdict = minorityVerdict(results);
    assert.ok(verdict.includes(`from ${minorityAt05(results, 'focal').recall.toFixed(2)} (Focal)`), verdict);
  });

  it('handles one run, failed runs, no finished run and NaN metrics', () => {
    const one = clone(sampleResults());
    one.runs = one.runs.slice(0, 1);
    assert.match(minorityVerdict(one), /^Only BCE finished: .*there is no other loss to compare it with\.$/);

    const withFailure = sampleResults({ withFailedRun: true });
    assert.match(minorityVerdict(withFailure), /\(Weighted BCE failed and is not compared\)\.$/);

    const none = clone(withFailure);
    none.runs = none.runs.filter((r) => r.status === 'failed');
    assert.equal(minorityVerdict(none), 'No run finished (Weighted BCE failed), so there is nothing to compare.');

    const nan = clone(sampleResults());
    minorityAt05(nan, 'alpha-focal').f1 = NaN;
    minorityAt05(nan, 'alpha-focal').recall = NaN;
    const verdict = minorityVerdict(nan);
    assert.match(verdict, /^Focal served/);
    assert.ok(!verdict.includes('NaN'), verdict);
  });

  it('quotes hostile class names on one line', () => {
    const results = clone(sampleResults({ positiveClass: "it's\nrare" }));
    assert.ok(minorityVerdict(results).includes(`the minority class "it's rare"`));
  });
});

describe('report: escaping', () => {
  it('escapes HTML special characters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('keeps Markdown cells on one line and free of markup', () => {
    assert.equal(escapeMarkdownCell('a|b *c* _d_ [e](f) `g`\nh <i>'), 'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\`g\\` h &lt;i&gt;');
  });
});

describe('report: Markdown', () => {
  const results = hostile();
  const markdown = renderMarkdownReport(results);

  it('contains the verdict, the dataset, the alpha sentence and every run', () => {
    assert.ok(markdown.includes('alpha weighs the positive class'));
    for (const name of ['BCE', 'Focal', 'Alpha-balanced focal', 'Weighted BCE']) assert.ok(markdown.includes(name), name);
    assert.ok(markdown.includes('Training stopped at epoch 3 because the loss became NaN'));
    assert.ok(markdown.includes('served the minority class'));
  });

  it('keeps hostile names as text', () => {
    assert.ok(!markdown.includes('<img'));
    assert.ok(!markdown.includes('</script>'));
    assert.ok(!markdown.includes('<b>'));
    assert.ok(markdown.includes('q3\\|sales\\*final\\*\\[v2\\]\\_\\`x\\`.csv'));
  });

  it('metrics table rows all have one cell per model, best in bold', () => {
    const rows = markdownTableAfter(markdown, '## Metrics');
    assert.ok(rows.length > 20);
    for (const row of rows) assert.equal(row.length, 4, row.join(' | '));
    const f1 = rows.find((r) => r[0] === 'Minority F1')!; // the first one is at threshold 0.5
    assert.deepEqual(f1.slice(1).map((c) => c.startsWith('**')), [false, false, true]);
    const logLoss = rows.find((r) => r[0] === 'Log-loss')!;
    assert.ok(logLoss[1]!.startsWith('**'), 'lowest log-loss (BCE) is best');
  });

  it('confusion and per-class tables stay intact with pipes in class names', () => {
    for (const row of markdownTableAfter(markdown, '### BCE, threshold 0.5')) assert.equal(row.length, 3);
    for (const row of markdownTableAfter(markdown, '### At threshold 0.5')) assert.equal(row.length, 6);
  });

  it('shows NaN and null as n/a', () => {
    const r = clone(sampleResults());
    runOf(r, 'focal').metrics.ece = NaN;
    const md = renderMarkdownReport(r);
    const ece = markdownTableAfter(md, '## Metrics').find((row) => row[0] === 'ECE')!;
    assert.equal(ece[2], 'n/a');
    assert.ok(!md.includes('NaN |') && !md.includes('| NaN'));
  });
});

describe('report: HTML', () => {
  const results = hostile();
  const html = renderHtmlReport(results);

  it('is self-contained: CSP, no scripts, no external references', () => {
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`));
    assert.ok(!/<script/i.test(html));
    assert.ok(!/https?:\/\//i.test(html));
    assert.ok(!/\son\w+=/i.test(html.replace(/onerror=alert\(1\)&gt;/g, '')), 'no event-handler attributes');
  });

  it('shows hostile strings escaped, as text', () => {
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;/script&gt;'));
    assert.ok(!html.includes('<b>bold'));
    assert.ok(html.includes(escapeHtml(HOSTILE_FILE)));
  });

  it('names every run, with the failed one and its error', () => {
    for (const name of ['BCE', 'Focal', 'Alpha-balanced focal', 'Weighted BCE']) assert.ok(html.includes(`>${name}<`) || html.includes(`${name}:`), name);
    assert.ok(html.includes('Failed runs'));
  });

  it('has the charts: loss curves, validation log-loss, ROC, PR, reliability, three decision regions, confusion matrices', () => {
    const titles = [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
    for (const t of ['BCE: training loss', 'Validation log-loss', 'ROC curve', 'Precision–recall curve', 'Reliability diagram', 'Alpha-balanced focal: decision regions']) {
      assert.ok(titles.some((x) => x!.startsWith(t)), t);
    }
    assert.equal((html.match(/: decision regions<\/title>/g) ?? []).length, 3);
    assert.equal((html.match(/<table class="confusion">/g) ?? []).length, 6);
    assert.equal((html.match(/role="img"/g) ?? []).length, (html.match(/<svg /g) ?? []).length);
  });

  it('highlights the best value of each row in the right cell', () => {
    const plain = renderHtmlReport(sampleResults());
    const f1 = htmlMetricCells(plain, 'At threshold 0.5', 'Minority F1');
    assert.deepEqual(f1.map((c) => c.includes('best')), [false, false, true]);
    const brier = htmlMetricCells(plain, 'Threshold-free', 'Brier score');
    assert.deepEqual(brier.map((c) => c.includes('best')), [true, false, false]);
    const threshold = htmlMetricCells(plain, 'At the tuned threshold (best F1 on validation)', 'Threshold');
    assert.ok(threshold.every((c) => !c.includes('best')), 'no winner for the threshold row');
  });

  it('renders NaN as n/a and never puts NaN into an SVG', () => {
    const r = clone(sampleResults({ withFailedRun: true }));
    runOf(r, 'focal').metrics.logLoss = NaN;
    runOf(r, 'focal').metrics.rocCurve[3]!.y = NaN;
    runOf(r, 'bce').history.valLogLoss[4] = NaN;
    runOf(r, 'bce').decisionRegion!.probabilities[10] = NaN;
    r.decisionPlane!.points.x[0] = NaN;
    const out = renderHtmlReport(r);
    const logLoss = htmlMetricCells(out, 'Threshold-free', 'Log-loss');
    assert.ok(logLoss[1]!.includes('>n/a<'));
    for (const svg of out.match(/<svg[\s\S]*?<\/svg>/g) ?? []) assert.ok(!svg.includes('NaN'), svg.slice(0, 80));
    assert.ok(!/>NaN</.test(out));
  });

  it('writes the fixture report to /tmp/report.html for a visual check', () => {
    writeFileSync('/tmp/report.html', renderHtmlReport(sampleResults({ withFailedRun: true })));
  });
});

describe('report: SVG charts', () => {
  it('are standalone images with a title, and skip non-finite points', () => {
    const svgs = [
      lineChart({ title: 'Loss', xLabel: 'Epoch', yLabel: 'Loss', series: [{ name: 'a', color: '#000', points: [{ x: 1, y: NaN }, { x: 2, y: 1 }, { x: 3, y: Infinity }, { x: 4, y: 0.5 }] }] }),
      lineChart({ title: 'Empty', xLabel: 'x', yLabel: 'y', series: [] }),
      rocChart([{ name: 'm', color: '#000', points: [{ x: 0, y: 0 }, { x: NaN, y: 0.5 }, { x: 1, y: 1 }], area: NaN }]),
      prChart([{ name: 'm', color: '#000', points: [{ x: 1, y: 0.1 }, { x: 0.5, y: 0.6 }, { x: 0, y: 1 }] }], NaN),
      reliabilityChart([{ name: 'm', color: '#000', bins: [{ lower: 0, upper: 0.5, count: 0, meanPredicted: NaN, fractionPositive: NaN }] }]),
      decisionRegionChart({
        title: 'Bad grid',
        plane: { ...sampleResults().decisionPlane!, steps: 3 },
        probabilities: [0.1, 0.2],
        positiveClass: "'1'",
        negativeClass: "'0'",
      }),
    ];
    for (const svg of svgs) {
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img"[^>]*><title>/);
      assert.ok(svg.endsWith('</svg>'));
      assert.ok(!/NaN|Infinity|undefined/.test(svg), svg);
    }
  });

  it('escapes labels inside SVG text', () => {
    const svg = lineChart({ title: '<x>', xLabel: '&', yLabel: '"', series: [{ name: '</text>', color: '#000', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }] }] });
    assert.ok(!svg.includes('<x>') && !svg.includes('</text></text>'));
  });
});

describe('report: terminal table', () => {
  const results = sampleResults({ withFailedRun: true });

  it('has no ANSI codes without colour, and aligned columns', () => {
    const out = renderTerminalTable(results, { color: false, width: 100 });
    assert.ok(!out.includes('\u001b'));
    const lines = out.split('\n');
    const header = lines[0]!;
    const body = lines.slice(2, lines.indexOf(''));
    assert.ok(body.length >= 10);
    for (const line of body) assert.equal(line.length, header.length, `misaligned: ${line}`);
    // Each value column ends at the same place as its header.
    const headerEnds = [...header.matchAll(/\S+(?= {2}|$)/g)].map((m) => m.index! + m[0].length);
    for (const line of body) {
      const ends = [...line.matchAll(/\S+(?=  |$)/g)].map((m) => m.index! + m[0].length);
      assert.deepEqual(ends.slice(-3), headerEnds.slice(-3), line);
    }
    assert.ok(out.includes('Weighted BCE failed:'));
    assert.ok(out.includes('Alpha-balanced focal served'));
  });

  it('marks the best value in bold green with colour on', () => {
    const out = renderTerminalTable(results, { color: true });
    const f1 = out.split('\n').find((l) => l.startsWith('Minority F1 @0.5'))!;
    const alphaF1 = minorityAt05(results, 'alpha-focal').f1.toFixed(3);
    assert.ok(f1.includes(`\u001b[1;32m${alphaF1}\u001b[0m`), JSON.stringify(f1));
  });

  it('fits a narrow terminal and strips control characters from data', () => {
    const r = clone(results);
    r.runs[3]!.error = 'bad \u001b[31mred\u001b[0m thing';
    const out = renderTerminalTable(r, { color: false, width: 50 });
    assert.ok(!out.includes('\u001b'));
    for (const line of out.split('\n')) assert.ok([...line].length <= 50, line);
  });
});
