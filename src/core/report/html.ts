// report.html: one self-contained file that opens offline, anywhere. No scripts, no
// external resources (the CSP forbids them too), charts as inline SVG, every
// CSV-derived string escaped.

import { planeName, planeNote } from './planeText';
import { isMulticlassResults } from '../multiclassResults';
import { CONTRIBUTION_NOTE, contributionChartSvg, contributionRunsOf, contributionSentence, contributionTable } from './contributionSummary';
import { renderMulticlassHtmlReport } from './multiclassReport';
import type { ComparisonResults } from '../results';
import { confusionMatrixHtml } from './confusionMatrix';
import { escapeHtml as h } from './escape';
import { formatCount, formatDateTime, formatMetric } from './format';
import { baselineId, differenceMethod, differenceRows, familyNote, MARK_SYMBOL, marksNote, metricSections, modelColumns } from './metricRows';
import { labelOfId, quoteName } from './names';
import { REPORT_CSS } from './htmlStyles';
import { reportCharts } from './reportCharts';
import {
  configFacts,
  confusionEntries,
  confusionNote,
  datasetFacts,
  failedRuns,
  foldTable,
  footerText,
  perClassTables,
  perFoldTable,
  protocolDescription,
  referenceComparisonTable,
  trainingTable,
  verdictNotes,
  verdictOf,
  type Fact,
  type TextTable,
} from './reportContent';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderHtmlReport(results: ComparisonResults): string {
  // results.json read back from disk may hold the multi-class task, whose runs have another shape.
  if (isMulticlassResults(results)) return renderMulticlassHtmlReport(results);
  const d = results.dataset;
  const charts = reportCharts(results);
  const body: string[] = [];

  body.push(
    '<header>',
    '<h1>Focal Lab report</h1>',
    `<p class="sub">${h(d.file)} · ${formatCount(d.rows)} rows · target ${h(quoteName(d.target, 60))} · <time datetime="${h(results.createdAt)}">${h(formatDateTime(results.createdAt))}</time></p>`,
    '</header>',
  );
  const notes = verdictNotes(results);
  body.push(
    '<section class="verdict">',
    `<p><span class="label">Verdict</span>${h(verdictOf(results))}</p>`,
    notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>` : '',
    `<p class="protocol"><span class="label">Evaluation</span>${h(protocolDescription(results))}</p>`,
    '</section>',
  );

  body.push(section('Metrics', metricsTable(results)));

  const baseline = baselineId(results);
  const differenceTable = differenceRows(results);
  if (baseline && differenceTable.length > 0) {
    const parts: string[] = [];
    if (charts.differences.length > 0) parts.push(figures(charts.differences.map((c) => c.svg)));
    parts.push(
      table({
        header: ['Loss', 'Metric', 'Difference', '95% interval', 'Family-wise interval', 'Conclusion'],
        numeric: [false, false, true, true, true, false],
        rows: differenceTable.map((r) => [r.model, r.headline ? `${r.metric} (headline)` : r.metric, r.difference, r.interval, r.familyInterval, r.conclusion]),
      }, differenceTable.map((r) => (r.mark ? `reliable ${r.mark}` : ''))),
      `<p class="note">${h(differenceMethod(results))}</p>`,
      `<p class="note">${h(familyNote(results))}</p>`,
    );
    body.push(section(`Difference from ${labelOfId(results, baseline)}`, parts.join('')));
  }
  const linear = referenceComparisonTable(results);
  if (linear) {
    body.push(section('Logistic regression against each loss', table(linear) + `<p class="note">${h(differenceMethod({ ...results, comparisons: results.referenceComparisons }))}</p>`));
  }

  if (charts.sweep.length > 0) {
    body.push(section('Gamma sweep', '<p class="note">Each headline metric against gamma: the mean over the test folds and its 95% interval as a band; the dashed line is logistic regression.</p>' + figures(charts.sweep.map((c) => c.svg))));
  }

  const perFold = perFoldTable(results);
  if (charts.foldStrip || perFold.rows.length > 0) {
    body.push(section('PR-AUC per test fold', (charts.foldStrip ? figures([charts.foldStrip]) : '') + table(perFold)));
  }

  const curveCharts = [charts.roc, charts.pr, charts.reliability].filter((c): c is string => c !== null);
  if (curveCharts.length > 0) {
    const pooled = results.evaluation?.protocol === 'cross-validation'
      ? '<p class="note">From the out-of-fold predictions: every row once, predicted by the model that did not train on it. The base rate is the chance line.</p>'
      : '';
    body.push(section('Curves', pooled + figures(curveCharts)));
  }

  if (charts.decisionRegions.length > 0 && results.decisionPlane) {
    const plane = results.decisionPlane;
    const how = `over ${h(planeName(plane))}`;
    body.push(
      section(
        'Decision regions',
        `<p class="note">Each model's probability of the positive class ${how}; blue leans to ${h(quoteName(d.negativeClass, 40))}, ` +
          `orange to ${h(quoteName(d.positiveClass, 40))}, the black line is p = 0.5. Points are a sample of the test rows.</p>` +
          `<p class="note">${h(planeNote(plane, d.inputWidth ?? null))}</p>` +
          figures(charts.decisionRegions.map((c) => c.svg)),
      ),
    );
  }

  const training: string[] = [];
  if (charts.validationLogLoss) training.push(figures([charts.validationLogLoss]));
  if (charts.lossCurves.length > 0) {
    training.push(
      '<h3>Training and validation loss per model</h3>',
      '<p class="note">Each model is trained on its own loss, so the scales differ between charts; compare models on the validation log-loss above. The dashed vertical line is the kept (best) epoch.</p>',
      figures(charts.lossCurves.map((c) => c.svg)),
    );
  }
  training.push('<h3>Epochs</h3>', table(trainingTable(results)));
  const folds = foldTable(results);
  if (folds) training.push('<h3>Folds</h3>', table(folds), '<p class="note">The same rows for every model; "(few)" marks fewer than 20 positives.</p>');
  body.push(section('Training', training.join('')));

  const gradient = contributionTable(contributionRunsOf(results));
  if (gradient) {
    const sentence = contributionSentence(contributionRunsOf(results));
    const chart = contributionChartSvg(contributionRunsOf(results));
    body.push(section('Where the gradient goes', `${sentence ? `<p>${h(sentence)}</p>` : ''}${chart ? figures([chart]) : ''}${table(gradient)}<p class="note">${h(CONTRIBUTION_NOTE)}</p>`));
  }

  const confusion = confusionEntries(results);
  if (confusion.length > 0) {
    const matrices = confusion.map((e) => confusionMatrixHtml(e.matrix, quoteName(d.negativeClass, 40), quoteName(d.positiveClass, 40), `${e.model}, ${e.threshold}`));
    body.push(section('Confusion matrices', `<p class="note">${h(confusionNote(results))}</p><div class="matrices">${matrices.join('')}</div>`));
  }

  const perClass = perClassTables(results);
  if (perClass.length > 0) {
    body.push(section('Per-class metrics (pooled over the test folds)', perClass.map((t) => `<h3>${h(t.caption ?? '')}</h3>${table(t)}`).join('')));
  }

  body.push('<div class="two-col">');
  body.push(section('Data set', facts(datasetFacts(results))));
  body.push(section('Configuration', facts(configFacts(results))));
  body.push('</div>');

  const failed = failedRuns(results);
  if (failed.length > 0) {
    const items = failed.map((f) => `<li><strong>${h(f.label)}:</strong> ${h(f.error)}</li>`).join('');
    body.push(`<section class="failed"><h2>Failed runs</h2><ul>${items}</ul></section>`);
  }

  body.push(`<footer>${h(footerText(results))}</footer>`);

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>Focal Lab report: ${h(d.file)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<main>${body.join('\n')}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function section(title: string, content: string): string {
  return `<section><h2>${h(title)}</h2>${content}</section>`;
}

function facts(list: readonly Fact[]): string {
  const rows = list.map((f) => {
    const items = f.items?.length ? `<ul>${f.items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : '';
    return `<dt>${h(f.label)}</dt><dd>${h(f.value)}${items}</dd>`;
  });
  return `<dl class="facts">${rows.join('')}</dl>`;
}

/** One column per finished run and reference, grouped rows; only reliable differences from the baseline are marked. */
function metricsTable(results: ComparisonResults): string {
  const columns = modelColumns(results);
  if (columns.length === 0) return '<p>No run finished, so there are no metrics to show.</p>';
  const head = columns
    .map((c) => `<th class="num${c.kind === 'reference' ? ' reference' : ''}" scope="col"><span class="swatch" style="--c:${c.color}"></span>${h(c.label)}</th>`)
    .join('');
  const baseline = baselineId(results);
  const baselineLabel = baseline ? labelOfId(results, baseline) : '';
  const rows: string[] = [];
  for (const s of metricSections(results, columns, { settings: true })) {
    rows.push(`<tr class="group"><th colspan="${columns.length + 1}" scope="rowgroup">${h(s.title)}</th></tr>`);
    for (const metricRow of s.rows) {
      const cells = metricRow.cells.map((cell, i) => {
        const classes = ['num', ...(columns[i]!.kind === 'reference' ? ['reference'] : []), ...(cell.mark ? [cell.mark] : [])];
        const hover: string[] = [];
        if (cell.perFold.length > 1) hover.push(`per fold: ${cell.perFold.map((v) => formatMetric(v)).join(', ')}`);
        if (cell.mark) hover.push(`reliably ${cell.mark} than ${baselineLabel}`);
        const title = hover.length ? ` title="${h(hover.join('; '))}"` : '';
        const symbol = cell.mark ? ` <span class="mark">${MARK_SYMBOL[cell.mark]}</span>` : '';
        return `<td class="${classes.join(' ')}"${title}>${h(cell.text)}${symbol}</td>`;
      });
      const label = metricRow.description ? `<th scope="row" title="${h(metricRow.description)}">` : '<th scope="row">';
      rows.push(`<tr>${label}${h(metricRow.label)}</th>${cells.join('')}</tr>`);
    }
  }
  return (
    `<div class="table-wrap"><table class="metrics"><thead><tr><th scope="col">Metric</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    `<p class="note">${h(marksNote(results))}</p>`
  );
}

function table(t: TextTable, rowClasses: readonly string[] = []): string {
  const cls = (i: number) => (t.numeric[i] ? ' class="num"' : '');
  const head = t.header.map((c, i) => `<th scope="col"${cls(i)}>${h(c)}</th>`).join('');
  const rows = t.rows
    .map((r, k) => `<tr${rowClasses[k] ? ` class="${rowClasses[k]}"` : ''}>${r.map((c, i) => `<td${cls(i)}>${h(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Inline SVGs need no namespace in HTML; dropping it keeps the file free of any URL. */
function figures(svgs: readonly string[]): string {
  const items = svgs.map((svg) => `<figure>${svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}</figure>`);
  return `<div class="charts">${items.join('')}</div>`;
}
