// report.html: one self-contained file that opens offline, anywhere. No scripts, no
// external resources (the CSP forbids them too), charts as inline SVG, every
// CSV-derived string escaped.

import type { ComparisonResults } from '../results';
import { confusionMatrixHtml } from './confusionMatrix';
import { escapeHtml as h } from './escape';
import { formatCount } from './format';
import { bestColumns, formatCell, metricSections } from './metricRows';
import { finishedRuns, quoteName, runLabels } from './names';
import { lossColor } from './palette';
import { REPORT_CSS } from './htmlStyles';
import { reportCharts } from './reportCharts';
import {
  configFacts,
  confusionEntries,
  datasetFacts,
  failedRuns,
  footerText,
  perClassTables,
  trainingTable,
  verdictOf,
  type Fact,
  type TextTable,
} from './reportContent';

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

export function renderHtmlReport(results: ComparisonResults): string {
  const d = results.dataset;
  const charts = reportCharts(results);
  const body: string[] = [];

  body.push(
    '<header>',
    '<h1>Focal Lab report</h1>',
    `<p class="sub">${h(d.file)} · ${formatCount(d.rows)} rows · target ${h(quoteName(d.target, 60))} · ${h(results.createdAt)}</p>`,
    '</header>',
  );
  body.push(`<section class="verdict"><p><span class="label">Verdict</span>${h(verdictOf(results))}</p></section>`);

  body.push('<div class="two-col">');
  body.push(section('Data set', facts(datasetFacts(results))));
  body.push(section('Configuration', facts(configFacts(results))));
  body.push('</div>');

  body.push(section('Metrics (test set)', metricsTable(results)));

  const curveCharts = [charts.roc, charts.pr, charts.reliability].filter((c): c is string => c !== null);
  if (curveCharts.length > 0) body.push(section('Curves (test set)', figures(curveCharts)));

  if (charts.decisionRegions.length > 0 && results.decisionPlane) {
    const plane = results.decisionPlane;
    const how =
      plane.kind === 'pca'
        ? 'on the plane of the first two principal components of the standardised inputs'
        : `over the two input features ${h(quoteName(plane.xLabel, 60))} and ${h(quoteName(plane.yLabel, 60))}`;
    body.push(
      section(
        'Decision regions',
        `<p class="note">Each model's probability of the positive class ${how}; blue leans to ${h(quoteName(d.negativeClass, 40))}, ` +
          `orange to ${h(quoteName(d.positiveClass, 40))}, the black line is p = 0.5. Points are a sample of the test set.</p>` +
          figures(charts.decisionRegions.map((c) => c.svg)),
      ),
    );
  }

  const training: string[] = [];
  if (charts.validationLogLoss) training.push(figures([charts.validationLogLoss]));
  if (charts.lossCurves.length > 0) {
    training.push(
      '<h3>Training and validation loss per model</h3>',
      '<p class="note">Each model is trained on its own loss, so the scales differ between charts; compare models on the validation log-loss above.</p>',
      figures(charts.lossCurves.map((c) => c.svg)),
    );
  }
  training.push('<h3>Summary</h3>', table(trainingTable(results)));
  body.push(section('Training', training.join('')));

  const confusion = confusionEntries(results);
  if (confusion.length > 0) {
    const matrices = confusion.map((e) => confusionMatrixHtml(e.matrix, quoteName(d.negativeClass, 40), quoteName(d.positiveClass, 40), `${e.model}, ${e.threshold}`));
    body.push(section('Confusion matrices (test set)', `<div class="matrices">${matrices.join('')}</div>`));
  }

  const perClass = perClassTables(results);
  if (perClass.length > 0) {
    body.push(section('Per-class metrics (test set)', perClass.map((t) => `<h3>${h(t.caption ?? '')}</h3>${table(t)}`).join('')));
  }

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

/** One column per finished model, grouped rows, the best cell of each row highlighted. */
function metricsTable(results: ComparisonResults): string {
  const runs = finishedRuns(results);
  if (runs.length === 0) return '<p>No run finished, so there are no metrics to show.</p>';
  const labels = runLabels(results.runs);
  const head = runs
    .map((r) => `<th class="num" scope="col"><span class="swatch" style="--c:${lossColor(r.loss)}"></span>${h(labels[results.runs.indexOf(r)]!)}</th>`)
    .join('');
  const rows: string[] = [];
  for (const s of metricSections(results, runs)) {
    rows.push(`<tr class="group"><th colspan="${runs.length + 1}" scope="rowgroup">${h(s.title)}</th></tr>`);
    for (const metricRow of s.rows) {
      const best = bestColumns(metricRow);
      const cells = metricRow.values.map((v, i) => {
        const className = best.has(i) ? 'num best' : 'num';
        const title = best.has(i) ? ' title="best"' : '';
        return `<td class="${className}"${title}>${h(formatCell(metricRow, v))}</td>`;
      });
      rows.push(`<tr><th scope="row">${h(metricRow.label)}</th>${cells.join('')}</tr>`);
    }
  }
  return (
    `<div class="table-wrap"><table class="metrics"><thead><tr><th scope="col">Metric</th>${head}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div>` +
    '<p class="note">Best value per row highlighted (★); higher is better except for log-loss, Brier score and ECE.</p>'
  );
}

function table(t: TextTable): string {
  const cls = (i: number) => (t.numeric[i] ? ' class="num"' : '');
  const head = t.header.map((c, i) => `<th scope="col"${cls(i)}>${h(c)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${h(c)}</td>`).join('')}</tr>`).join('');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** Inline SVGs need no namespace in HTML; dropping it keeps the file free of any URL. */
function figures(svgs: readonly string[]): string {
  const items = svgs.map((svg) => `<figure>${svg.replace(' xmlns="http://www.w3.org/2000/svg"', '')}</figure>`);
  return `<div class="charts">${items.join('')}</div>`;
}
