import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { SUMMARY_METRICS } from '../../src/core/evaluation/summaryMetrics';
import type { ComparisonResults } from '../../src/core/results';
import {
  decisionRegionChart,
  differenceChart,
  escapeHtml,
  escapeMarkdownCell,
  foldStripChart,
  formatSummary,
  intervalBandChart,
  lineChart,
  prChart,
  reliabilityChart,
  renderHtmlReport,
  renderMarkdownReport,
  renderTerminalTable,
  rocChart,
  verdictOf,
} from '../../src/core/report';
import { clone, runOf, sampleResults, schemaOneResults } from './helpers/sampleResults';

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

/** The <td> cells of the HTML metrics table row whose header is `label`. */
function htmlMetricCells(html: string, label: string): string[] {
  const table = html.slice(html.indexOf('<table class="metrics">'), html.indexOf('</table>', html.indexOf('<table class="metrics">')));
  const rowStart = table.search(new RegExp(`<th scope="row"[^>]*>${label.replace(/[()@.]/g, '\\$&')}</th>`));
  assert.ok(rowStart >= 0, `row ${label} not found`);
  const row = table.slice(rowStart, table.indexOf('</tr>', rowStart));
  return [...row.matchAll(/<td[^>]*>.*?<\/td>/g)].map((m) => m[0]);
}

/** "0.474 ± 0.106" from a summary, as the reports must print it. */
function expectedCell(summary: { mean: number | null; ciLow: number | null; ciHigh: number | null }): string {
  if (summary.ciLow === null || summary.ciHigh === null) return summary.mean!.toFixed(3);
  return `${summary.mean!.toFixed(3)} ± ${((summary.ciHigh - summary.ciLow) / 2).toFixed(3)}`;
}

describe('report: the engine-built fixture', () => {
  const results = sampleResults({ withFailedRun: true });

  it('is schema 2 with a reliable focal gain in PR-AUC and an operating-point note for alpha-focal', () => {
    assert.equal(results.schemaVersion, 2);
    const pr = results.comparisons.find((c) => c.loss === 'focal' && c.metric === 'prAuc')!;
    assert.ok(pr.reliable && pr.meanDifference! > 0, JSON.stringify(pr));
    assert.ok(!results.comparisons.find((c) => c.loss === 'alpha-focal' && c.metric === 'prAuc')!.reliable);
    assert.deepEqual(results.verdict.claims.find((c) => c.metric === 'prAuc'), { loss: 'focal', metric: 'prAuc', direction: 'better' });
    assert.ok(results.verdict.notes.some((n) => n.includes('moved operating point')), results.verdict.notes.join(' | '));
    assert.equal(verdictOf(results), results.verdict.text);
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

  it('puts the verdict first, each note as its own bullet, then the protocol in words', () => {
    const lines = markdown.split('\n');
    const verdictLine = lines.findIndex((l) => l.startsWith('**Verdict:**'));
    assert.ok(verdictLine > 0 && verdictLine < 4);
    assert.ok(lines[verdictLine]!.includes(escapeMarkdownCell(results.verdict.text)));
    assert.ok(results.verdict.notes.length >= 2);
    for (const note of results.verdict.notes) assert.ok(lines.includes(`- ${escapeMarkdownCell(note)}`), note);
    assert.ok(markdown.includes('5-fold stratified cross-validation, 1 repeat, early stopping patience 5 on own loss'));
    assert.ok(markdown.indexOf('**Verdict:**') < markdown.indexOf('## Metrics'));
  });

  it('has one metrics row per summary metric, a column per run and reference, every cell mean ± half-width', () => {
    const rows = markdownTableAfter(markdown, '## Metrics');
    assert.deepEqual(rows[0], ['Metric', 'BCE', 'Focal', 'Alpha-balanced focal', 'Base rate', 'Logistic regression']);
    for (const row of rows) assert.equal(row.length, 6, row.join(' | '));
    const labels = rows.map((r) => r[0]);
    for (const spec of SUMMARY_METRICS) assert.ok(labels.includes(escapeMarkdownCell(spec.label)), spec.label);
    const recall = labels.indexOf(escapeMarkdownCell('Minority recall @0.5'));
    assert.equal(labels[recall + 1], escapeMarkdownCell('False-positive rate @0.5'), 'FPR beside recall at 0.5');
    const pr = rows.find((r) => r[0] === 'PR-AUC')!;
    assert.equal(pr[1], expectedCell(runOf(results, 'bce').summary.prAuc));
    assert.equal(pr[5], expectedCell(results.references.find((r) => r.kind === 'logistic-regression')!.summary.prAuc));
    assert.match(pr[1]!, /^\d\.\d{3} ± \d\.\d{3}$/);
  });

  it('marks only reliable differences from BCE, never the baseline or the references', () => {
    const rows = markdownTableAfter(markdown, '## Metrics');
    const pr = rows.find((r) => r[0] === 'PR-AUC')!;
    assert.ok(pr[2]!.startsWith('**') && pr[2]!.includes('▲'), `focal's reliable PR-AUC gain is marked: ${pr[2]}`);
    assert.ok(!pr[1]!.includes('**') && !pr[4]!.includes('**') && !pr[5]!.includes('**'));
    // Logistic regression's PR-AUC mean is above BCE's, but references are yardsticks: no mark.
    // Alpha-focal's PR-AUC mean may be above BCE's, yet the difference is not reliable: no mark either.
    assert.ok(!pr[3]!.includes('**'));
    for (const row of rows.slice(2)) {
      row.slice(1).forEach((cell, i) => {
        if (!cell.includes('▲') && !cell.includes('▼')) return;
        const id = ['bce', 'focal', 'alpha-focal', 'base-rate', 'logistic-regression'][i]!;
        const spec = SUMMARY_METRICS.find((m) => escapeMarkdownCell(m.label) === row[0])!;
        const comparison = results.comparisons.find((c) => c.loss === id && c.metric === spec.key);
        assert.ok(comparison?.reliable, `${row[0]} / ${id} is marked without a reliable comparison`);
      });
    }
  });

  it('has the difference table with intervals, the method and the family-wise note', () => {
    const rows = markdownTableAfter(markdown, '## Difference from BCE');
    assert.deepEqual(rows[0], ['Loss', 'Metric', 'Difference', '95% interval', 'Family-wise interval', 'Conclusion']);
    const focalPr = rows.find((r) => r[0] === 'Focal' && r[1] === 'PR-AUC (headline)')!;
    const c = results.comparisons.find((x) => x.loss === 'focal' && x.metric === 'prAuc')!;
    assert.equal(focalPr[2], `+${c.meanDifference!.toFixed(3)}`);
    assert.equal(focalPr[3], `+${c.ciLow!.toFixed(3)} to +${c.ciHigh!.toFixed(3)}`);
    assert.equal(focalPr[5], 'better');
    const alphaPr = rows.find((r) => r[0] === 'Alpha-balanced focal' && r[1] === 'PR-AUC (headline)')!;
    assert.equal(alphaPr[5], 'within chance');
    assert.match(alphaPr[3]!, /^[+−]\S+ to [+−]\S+$/);
    assert.ok(markdown.includes('corrected resampled t-test (Nadeau and Bengio 2003)'));
    assert.ok(markdown.includes('Bonferroni over the 8 headline comparisons'));
    assert.ok(markdownTableAfter(markdown, '## Logistic regression against each loss').length === 5);
  });

  it('lists PR-AUC per test fold and the kept epoch of every fold', () => {
    const rows = markdownTableAfter(markdown, '## PR-AUC per test fold');
    const bce = rows.find((r) => r[0] === 'BCE')!;
    assert.equal(bce[1], runOf(results, 'bce').summary.prAuc.perFold.map((v) => v!.toFixed(3)).join(', '));
    const training = markdownTableAfter(markdown, '## Training');
    const focal = training.find((r) => r[0] === 'Focal')!;
    assert.equal(focal[3], runOf(results, 'focal').folds.map((f, i) => `${i + 1}: ${f.bestEpoch}`).join(', '));
  });

  it('says the confusion matrices are summed over folds and the tuned threshold is the mean of the folds\'', () => {
    assert.ok(markdown.includes('summed over the 5 test folds'));
    assert.ok(markdown.includes("mean of the folds' thresholds"));
    const matrix = markdownTableAfter(markdown, '### BCE, threshold 0.5');
    const pooled = runOf(results, 'bce').pooled!.atThreshold.find((t) => t.thresholdSource === 'default')!.confusion;
    assert.deepEqual(matrix.slice(2).map((r) => r.slice(1).map(Number)), pooled);
    assert.equal(pooled.flat().reduce((a, b) => a + b, 0), 2000, 'every row once');
  });

  it('contains the dataset, the alpha sentence and every run, the failed one with its error', () => {
    assert.ok(markdown.includes('alpha weighs the positive class'));
    for (const name of ['BCE', 'Focal', 'Alpha-balanced focal', 'Weighted BCE']) assert.ok(markdown.includes(name), name);
    assert.ok(markdown.includes('Training stopped at epoch 3 because the loss became NaN'));
  });

  it('keeps hostile names as text', () => {
    assert.ok(!markdown.includes('<img'));
    assert.ok(!markdown.includes('</script>'));
    assert.ok(!markdown.includes('<b>'));
    assert.ok(markdown.includes('q3\\|sales\\*final\\*\\[v2\\]\\_\\`x\\`.csv'));
  });

  it('confusion and per-class tables stay intact with pipes in class names', () => {
    for (const row of markdownTableAfter(markdown, '### BCE, threshold 0.5')) assert.equal(row.length, 3);
    for (const row of markdownTableAfter(markdown, '### At threshold 0.5')) assert.equal(row.length, 6);
  });

  it('shows NaN and null as n/a, and never prints NaN or undefined', () => {
    const r = clone(sampleResults());
    runOf(r, 'focal').summary.ece = { mean: null, ciLow: null, ciHigh: null, perFold: [null, null, null, null, null] };
    const md = renderMarkdownReport(r);
    const ece = markdownTableAfter(md, '## Metrics').find((row) => row[0] === 'ECE (raw)')!;
    assert.equal(ece[2], 'n/a');
    assert.ok(!/NaN|undefined/.test(md));
  });
});

describe('report: few positives, a single split, schema 1', () => {
  it('shows the few-positives note in every renderer when folds hold fewer than 20 positives', () => {
    const results = sampleResults({ rows: 400 });
    const note = results.verdict.notes.find((n) => n.startsWith('Few cases'));
    assert.ok(note, results.verdict.notes.join(' | '));
    assert.ok(renderMarkdownReport(results).includes(`- ${escapeMarkdownCell(note)}`));
    assert.ok(renderHtmlReport(results).includes(`<li>${escapeHtml(note)}</li>`));
    const terminal = renderTerminalTable(results, { color: false, width: 1000 });
    assert.ok(terminal.includes(`- ${note}`));
    assert.ok(renderMarkdownReport(results).includes('(few)'), 'the fold table flags the folds');
  });

  it('a single split: values without ± from one fold, bootstrap intervals for the differences', () => {
    const results = sampleResults({ folds: 1 });
    const md = renderMarkdownReport(results);
    const pr = markdownTableAfter(md, '## Metrics').find((r) => r[0] === 'PR-AUC')!;
    assert.equal(pr[1], runOf(results, 'bce').summary.prAuc.mean!.toFixed(3));
    assert.ok(!pr[1]!.includes('±'));
    assert.ok(md.includes('One stratified train/validation/test split'));
    assert.ok(md.includes('paired bootstrap over the 400 test rows (2,000 resamples'));
    const diff = markdownTableAfter(md, '## Difference from BCE').find((r) => r[0] === 'Focal' && r[1] === 'PR-AUC (headline)')!;
    assert.match(diff[3]!, / to /);
    assert.ok(md.includes(escapeMarkdownCell(results.verdict.notes.find((n) => n.startsWith('One split'))!)));
  });

  it('renders a schema-1 file read through upgradeResults: no intervals, no comparisons, no crash', () => {
    const results = schemaOneResults({ withFailedRun: true });
    assert.equal(results.comparisons.length, 0);
    const md = renderMarkdownReport(results);
    const html = renderHtmlReport(results);
    const terminal = renderTerminalTable(results, { color: false, width: 80 });
    for (const out of [md, html, terminal]) {
      assert.ok(!/NaN|undefined/.test(out.replace(/became NaN/g, '')));
      assert.ok(!/\d ± \d/.test(out), 'no intervals');
      assert.ok(out.includes('without an interval'));
      assert.ok(out.includes('Stored by an earlier Focal Lab'));
    }
    assert.ok(!md.includes('## Difference from'));
    const pr = markdownTableAfter(md, '## Metrics').find((r) => r[0] === 'PR-AUC')!;
    assert.deepEqual(pr.slice(1), ['bce', 'focal', 'alpha-focal'].map((id) => runOf(results, id).summary.prAuc.mean!.toFixed(3)));
    const recalibrated = markdownTableAfter(md, '## Metrics').find((r) => r[0] === 'Log-loss (recalibrated)')!;
    assert.deepEqual(recalibrated.slice(1), ['n/a', 'n/a', 'n/a']);
  });

  it('formatSummary: mean ± half-width, the mean alone without an interval, n/a without a mean', () => {
    assert.equal(formatSummary({ mean: 0.5, ciLow: 0.4, ciHigh: 0.6, perFold: [] }), '0.500 ± 0.100');
    assert.equal(formatSummary({ mean: 0.5, ciLow: null, ciHigh: null, perFold: [0.5] }), '0.500');
    assert.equal(formatSummary({ mean: null, ciLow: null, ciHigh: null, perFold: [] }), 'n/a');
    assert.equal(formatSummary({ mean: 0.325, ciLow: 0.325 - 1e-16, ciHigh: 0.325 + 1e-16, perFold: [] }), '0.325 ± 0.000');
  });
});

describe('report: gamma sweep', () => {
  const results = sampleResults({ sweepGammas: [0, 1, 2, 5] });

  it('compares every gamma with gamma 0 and draws each headline metric against gamma with its band', () => {
    assert.deepEqual([...new Set(results.comparisons.map((c) => `${c.loss}>${c.baseline}`))], ['focal@1>focal@0', 'focal@2>focal@0', 'focal@5>focal@0']);
    const html = renderHtmlReport(results);
    assert.ok(html.includes('Gamma sweep'));
    for (const spec of SUMMARY_METRICS.filter((m) => m.headline)) assert.ok(html.includes(`<title>${escapeHtml(spec.label)} against gamma`), spec.label);
    assert.ok(/<polygon points="[^"]+" fill="#808080" fill-opacity="0.2"\/>/.test(html), 'an interval band');
    const md = renderMarkdownReport(results);
    assert.deepEqual(markdownTableAfter(md, '## Metrics')[0], ['Metric', 'BCE (γ=0)', 'Focal (γ=1)', 'Focal (γ=2)', 'Focal (γ=5)', 'Base rate', 'Logistic regression']);
    assert.ok(md.includes('## Difference from BCE (γ=0)'));
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

  it('prints when the run finished as a person writes a date (issue 12), the ISO time only in the machine-readable attribute', () => {
    const r = sampleResults();
    r.createdAt = '2026-11-29T09:18:15.945Z';
    const out = renderHtmlReport(r);
    assert.ok(out.includes('<time datetime="2026-11-29T09:18:15.945Z">29 November 2026, 09:18 UTC</time>'));
    assert.equal(out.split('2026-11-29T09:18').length - 1, 1, 'the raw timestamp appears nowhere else');
    assert.ok(renderMarkdownReport(r).includes('on 29 November 2026, 09:18 UTC'));
    assert.ok(!renderMarkdownReport(r).includes('2026-11-29T09'));
  });

  it('shows hostile strings escaped, as text', () => {
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;/script&gt;'));
    assert.ok(!html.includes('<b>bold'));
    assert.ok(html.includes(escapeHtml(HOSTILE_FILE)));
  });

  it('shows the verdict, its notes as a list and the protocol before the tables', () => {
    const verdict = html.indexOf(escapeHtml(results.verdict.text));
    assert.ok(verdict > 0 && verdict < html.indexOf('<table'));
    for (const note of results.verdict.notes) assert.ok(html.includes(`<li>${escapeHtml(note)}</li>`), note);
    assert.ok(html.includes('5-fold stratified cross-validation, 1 repeat, early stopping patience 5 on own loss'));
  });

  it('metric cells are mean ± half-width with per-fold hovers; only reliable ones are marked', () => {
    const plain = renderHtmlReport(sampleResults());
    const r = sampleResults();
    const pr = htmlMetricCells(plain, 'PR-AUC');
    assert.equal(pr.length, 5);
    assert.ok(pr[0]!.includes(`>${expectedCell(runOf(r, 'bce').summary.prAuc)}<`), pr[0]);
    assert.ok(pr[0]!.includes(`title="per fold: ${runOf(r, 'bce').summary.prAuc.perFold.map((v) => v!.toFixed(3)).join(', ')}"`), pr[0]);
    assert.deepEqual(pr.map((c) => /class="[^"]*\bbetter\b/.test(c)), [false, true, false, false, false]);
    const fpr = htmlMetricCells(plain, 'False-positive rate @0.5');
    assert.ok(/class="[^"]*\bworse\b/.test(fpr[2]!), 'alpha-focal pays for its recall with a reliably higher FPR');
    const threshold = htmlMetricCells(plain, 'Tuned threshold (mean of the folds)');
    assert.ok(threshold.every((c) => !/better|worse/.test(c)));
    assert.ok(!plain.includes('class="num best"'), 'no unconditional best-per-row');
  });

  it('has the charts: differences, fold strip, loss curves with the kept epoch, pooled curves, decision regions, confusion matrices', () => {
    const titles = [...html.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
    for (const t of ['PR-AUC: difference from BCE', 'ROC-AUC: difference from BCE', 'PR-AUC on each test fold', 'BCE: training loss (fold 1)', 'Validation log-loss', 'ROC curve (out-of-fold predictions)', 'Precision–recall curve (out-of-fold predictions)', 'Reliability diagram (out-of-fold predictions)', 'Alpha-balanced focal: decision regions']) {
      assert.ok(titles.some((x) => x.startsWith(t)), t);
    }
    assert.ok(html.includes(`kept epoch ${runOf(results, 'bce').bestEpoch}`));
    assert.equal((html.match(/: decision regions \(fold 1\)<\/title>/g) ?? []).length, 3);
    // 3 losses + 2 references at 0.5 and at the tuned threshold.
    assert.equal((html.match(/<table class="confusion">/g) ?? []).length, 10);
    assert.equal((html.match(/role="img"/g) ?? []).length, (html.match(/<svg /g) ?? []).length);
  });

  it('draws reliable differences solid and the others faded', () => {
    const svg = html.match(/<svg [^>]*><title>PR-AUC: difference from BCE<\/title>[\s\S]*?<\/svg>/)![0];
    assert.ok(svg.includes('<g opacity="1">'), 'focal is reliable');
    assert.ok(svg.includes('<g opacity="0.45">'), 'alpha-focal is not');
    assert.ok(svg.includes('reliable'));
  });

  it('never puts NaN into an SVG', () => {
    const r = clone(sampleResults({ withFailedRun: true }));
    runOf(r, 'focal').pooled!.rocCurve[3]!.y = NaN;
    runOf(r, 'bce').history.valLogLoss[4] = NaN;
    runOf(r, 'bce').decisionRegion!.probabilities[10] = NaN;
    runOf(r, 'bce').summary.prAuc.perFold[1] = null;
    r.comparisons[0]!.ciLow = null;
    r.decisionPlane!.points.x[0] = NaN;
    const out = renderHtmlReport(r);
    for (const svg of out.match(/<svg[\s\S]*?<\/svg>/g) ?? []) assert.ok(!/NaN|undefined|Infinity/.test(svg), svg.slice(0, 80));
    assert.ok(!/>NaN</.test(out));
  });

  it('writes the fixture reports to /tmp for a visual check', () => {
    writeFileSync('/tmp/report.html', renderHtmlReport(sampleResults({ withFailedRun: true })));
    writeFileSync('/tmp/report-sweep.html', renderHtmlReport(sampleResults({ sweepGammas: [0, 1, 2, 5] })));
  });
});

describe('report: SVG charts', () => {
  it('are standalone images with a title, and skip non-finite points', () => {
    const svgs = [
      lineChart({ title: 'Loss', xLabel: 'Epoch', yLabel: 'Loss', series: [{ name: 'a', color: '#000', points: [{ x: 1, y: NaN }, { x: 2, y: 1 }, { x: 3, y: Infinity }, { x: 4, y: 0.5 }] }], marks: [{ x: 2, color: '#000', label: 'kept' }, { x: NaN, color: '#000' }] }),
      lineChart({ title: 'Empty', xLabel: 'x', yLabel: 'y', series: [] }),
      rocChart([{ name: 'm', color: '#000', points: [{ x: 0, y: 0 }, { x: NaN, y: 0.5 }, { x: 1, y: 1 }], area: NaN }]),
      prChart([{ name: 'm', color: '#000', points: [{ x: 1, y: 0.1 }, { x: 0.5, y: 0.6 }, { x: 0, y: 1 }] }], NaN),
      reliabilityChart([{ name: 'm', color: '#000', bins: [{ lower: 0, upper: 0.5, count: 0, meanPredicted: NaN, fractionPositive: NaN }] }]),
      decisionRegionChart({ title: 'Bad grid', plane: { ...sampleResults().decisionPlane!, steps: 3 }, probabilities: [0.1, 0.2], positiveClass: "'1'", negativeClass: "'0'" }),
      differenceChart({ title: 'd', xLabel: 'x', better: 'lower', series: [{ label: 'a', color: '#000', mean: 0.1, low: null, high: 0.2, familyLow: NaN, familyHigh: 0.3, reliable: false }] }),
      differenceChart({ title: 'none', xLabel: 'x', better: 'higher', series: [] }),
      foldStripChart({ title: 'f', xLabel: 'x', rows: [{ label: 'a', color: '#000', values: [0.1, null, NaN, 0.3], mean: null }] }),
      intervalBandChart({ title: 'g', xLabel: 'gamma', yLabel: 'y', color: '#000', points: [{ x: 0, mean: 0.5, low: null, high: null }, { x: 2, mean: NaN, low: 0.1, high: 0.2 }], references: [{ label: 'r', value: null, color: '#000' }] }),
    ];
    for (const svg of svgs) {
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img"[^>]*><title>/);
      assert.ok(svg.endsWith('</svg>'));
      assert.ok(!/NaN|Infinity|undefined/.test(svg), svg);
    }
  });

  it('the difference chart marks zero and places the interval around the mean', () => {
    const svg = differenceChart({ title: 'd', xLabel: 'x', better: 'higher', series: [{ label: 'a', color: '#123456', mean: 0.1, low: 0.05, high: 0.15, familyLow: 0.02, familyHigh: 0.18, reliable: true }] });
    const bar = svg.match(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="10" rx="2" fill="#123456"/)!;
    const dot = svg.match(/<circle cx="([\d.]+)"[^>]*fill="#123456"/)!;
    const zero = svg.match(/<line x1="([\d.]+)" y1="[\d.]+" x2="\1" y2="[\d.]+" stroke="currentColor" stroke-width="1.5"\/>/)!;
    assert.ok(bar && dot && zero);
    const [left, width, centre, zeroX] = [Number(bar[1]), Number(bar[2]), Number(dot[1]), Number(zero[1])];
    assert.ok(Math.abs(left + width / 2 - centre) < 0.5, 'the 95% bar is centred on the mean');
    assert.ok(zeroX < left, 'zero lies left of an interval above zero');
    assert.ok(svg.includes('+0.100 [+0.050, +0.150] reliable'));
  });

  it('escapes labels inside SVG text', () => {
    const svg = lineChart({ title: '<x>', xLabel: '&', yLabel: '"', series: [{ name: '</text>', color: '#000', points: [{ x: 1, y: 1 }, { x: 2, y: 2 }] }] });
    assert.ok(!svg.includes('<x>') && !svg.includes('</text></text>'));
    const diff = differenceChart({ title: 't', xLabel: 'x', better: 'higher', series: [{ label: '<img>', color: '#000', mean: 0, low: -1, high: 1, familyLow: -2, familyHigh: 2, reliable: false }] });
    assert.ok(!diff.includes('<img>') && diff.includes('&lt;img&gt;'));
  });
});

describe('report: terminal table', () => {
  const results = sampleResults({ withFailedRun: true });

  it('has no ANSI codes without colour, aligned columns, mean ± half-width cells, the verdict and its notes', () => {
    const out = renderTerminalTable(results, { color: false, width: 120 });
    assert.ok(!out.includes('\u001b'));
    const lines = out.split('\n');
    const header = lines.findIndex((l) => /^\s+BCE\s+Focal/.test(l));
    assert.ok(header > 0, out);
    const body = lines.slice(header + 2, header + 2 + SUMMARY_METRICS.length);
    for (const line of body) assert.equal([...line].length, [...lines[header]!].length, `misaligned: ${line}`);
    const pr = body.find((l) => l.startsWith('PR-AUC'))!;
    assert.ok(pr.includes(expectedCell(runOf(results, 'bce').summary.prAuc)), pr);
    assert.ok(pr.includes(`${expectedCell(runOf(results, 'focal').summary.prAuc)} ▲`), pr);
    const recall = body.findIndex((l) => l.startsWith('Minority recall @0.5'));
    assert.ok(body[recall + 1]!.startsWith('False-positive rate @0.5'));
    assert.ok(out.includes('Difference from BCE'));
    assert.ok(out.includes('corrected resampled t-test'));
    assert.ok(out.includes('PR-AUC per test fold'));
    assert.ok(out.includes('Weighted BCE failed:'));
    assert.ok(out.includes(results.verdict.text.slice(0, 40)));
    assert.ok(out.includes('- Weighted BCE failed and is not compared.'));
    assert.ok(out.includes('5-fold stratified cross-validation'));
  });

  it('colours only reliable differences', () => {
    const out = renderTerminalTable(results, { color: true, width: 200 });
    const pr = out.split('\n').find((l) => l.startsWith('PR-AUC '))!;
    assert.ok(pr.includes(`\u001b[1;32m${expectedCell(runOf(results, 'focal').summary.prAuc)} ▲\u001b[0m`), JSON.stringify(pr));
    assert.equal((pr.match(/\u001b\[1;3[12]m/g) ?? []).length, 1, 'only focal is coloured on PR-AUC');
  });

  it('fits a narrow terminal and strips control characters from data', () => {
    const r = clone(results);
    r.runs[3]!.error = 'bad \u001b[31mred\u001b[0m thing';
    r.dataset.positiveClass = 'x\u001b[2Jy';
    for (const width of [50, 80]) {
      const out = renderTerminalTable(r, { color: false, width });
      assert.ok(!out.includes('\u001b'));
      for (const line of out.split('\n')) assert.ok([...line].length <= width, `${width}: ${line}`);
      assert.ok(out.includes('Logistic regression') || out.includes('Logistic regr'), 'the references are printed in a further block');
    }
  });
});
