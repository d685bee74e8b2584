// What the CLI prints when a comparison ends: the protocol, the metrics table (one column per
// model and reference, mean ± half-width of the 95% interval, numbers right-aligned), the
// headline differences from the baseline with their intervals, PR-AUC per fold, the epochs, then
// the verdict and its notes. Only reliable differences are marked (▲/▼, green/red when colour is
// on). Tables wider than the terminal are split into blocks of columns. Nothing from the data
// reaches the terminal unfiltered (control characters could move the cursor or recolour it).

import { isMulticlassResults } from '../multiclassResults';
import { renderMulticlassTerminalTable } from './multiclassReport';
import type { ComparisonResults } from '../results';
import { stripControlCharacters } from './escape';
import { formatCount, formatMetric, formatPercent } from './format';
import { baselineId, differenceMethod, differenceRows, MARK_SYMBOL, marksNote, metricSections, modelColumns, type Mark } from './metricRows';
import { classRoles, labelOfId, quoteName } from './names';
import { failedRuns, protocolDescription, verdictNotes, verdictOf } from './reportContent';

export interface TerminalTableOptions {
  /** ANSI bold/green/red for headers and reliable differences; false gives plain text without escape codes. */
  color: boolean;
  /** Columns available; the tables and the prose are fitted to it. Default 100. */
  width?: number;
}

const BOLD = '\u001b[1m';
const BETTER = '\u001b[1;32m';
const WORSE = '\u001b[1;31m';
const RESET = '\u001b[0m';
const GAP = '  ';

interface Grid {
  header: string[];
  /** Left column: row labels (and section titles, as rows without cells). */
  rows: { label: string; cells: string[]; marks?: Mark[]; heading?: boolean }[];
}

export function renderTerminalTable(results: ComparisonResults, options: TerminalTableOptions): string {
  // results.json read back from disk may hold the multi-class task, whose runs have another shape.
  if (isMulticlassResults(results)) return renderMulticlassTerminalTable(results, options);
  const width = Math.max(40, options.width ?? 100);
  const style = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  const d = results.dataset;
  const counts = d.classCounts ?? {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const positives = counts[d.positiveClass];
  lines.push(
    ...wrap(
      stripControlCharacters(
        `Target ${quoteName(d.target)}, ${classRoles(d).positive} class ${quoteName(d.positiveClass)}` +
          (positives === undefined ? '' : ` (${formatCount(positives)} of ${formatCount(total)} rows, ${formatPercent(total > 0 ? positives / total : NaN)})`) +
          '.',
      ),
      width,
    ),
    ...wrap(protocolDescription(results), width),
    '',
  );

  const columns = modelColumns(results);
  if (columns.length === 0) {
    lines.push('No run finished, so there are no metrics to show.');
  } else {
    const sections = metricSections(results, columns);
    const grid: Grid = { header: columns.map((c) => stripControlCharacters(c.label)), rows: [] };
    for (const section of sections) {
      for (const row of section.rows) grid.rows.push({ label: row.label, cells: row.cells.map((c) => c.text), marks: row.cells.map((c) => c.mark) });
    }
    lines.push(...renderGrid(grid, width, style));
    const baseline = baselineId(results);
    lines.push(...wrap(stripControlCharacters(marksNote(results)), width));

    const differences = differenceRows(results, { headlineOnly: true });
    if (baseline && differences.length > 0) {
      lines.push('', style(BOLD, `Difference from ${stripControlCharacters(labelOfId(results, baseline))}`));
      const diffGrid: Grid = { header: ['Difference', '95% interval', 'Family-wise', 'Conclusion'], rows: [] };
      for (const r of differences) {
        if (diffGrid.rows.length === 0 || differences[differences.indexOf(r) - 1]?.modelId !== r.modelId) diffGrid.rows.push({ label: r.model, cells: [], heading: true });
        diffGrid.rows.push({ label: `  ${r.metric}`, cells: [r.difference, r.interval, r.familyInterval, r.conclusion], marks: [r.mark, null, null, r.mark] });
      }
      lines.push(...renderGrid(diffGrid, width, style, false));
      lines.push(...wrap(differenceMethod(results), width));
    }

    const folds = Math.max(0, ...columns.map((c) => c.summary.prAuc?.perFold.length ?? 0));
    if (folds > 1) {
      lines.push('', style(BOLD, 'PR-AUC per test fold'));
      const labelWidth = Math.min(Math.max(...columns.map((c) => length(stripControlCharacters(c.label)))), Math.floor(width / 3));
      for (const c of columns) {
        const values = (c.summary.prAuc?.perFold ?? []).map((v) => formatMetric(v)).join(' ');
        const label = truncate(stripControlCharacters(c.label), labelWidth).padEnd(labelWidth);
        const wrapped = wrap(values, Math.max(10, width - labelWidth - GAP.length));
        wrapped.forEach((text, i) => lines.push(`${i === 0 ? label : ' '.repeat(labelWidth)}${GAP}${text}`));
      }
    }

    const epochs = results.runs
      .filter((r) => r.status === 'finished' && (r.folds?.length ?? 0) > 0)
      .map((r) => `${labelOfId(results, r.id)} ${r.folds.map((f) => `${f.bestEpoch}/${f.epochsRun}`).join(' ')}`);
    if (epochs.length > 0) {
      lines.push('', ...wrap(stripControlCharacters(`Kept epoch / epochs run, per fold: ${epochs.join('; ')}.`), width));
    }
  }

  for (const failed of failedRuns(results)) {
    lines.push('', ...wrap(stripControlCharacters(`${failed.label} failed: ${failed.error}`), width));
  }
  lines.push('', ...wrap(stripControlCharacters(verdictOf(results)), width).map((l) => style(BOLD, l)));
  for (const note of verdictNotes(results)) {
    const [first, ...rest] = wrap(stripControlCharacters(note), width - 2);
    if (first !== undefined) lines.push(`- ${first}`, ...rest.map((l) => `  ${l}`));
  }
  return lines.join('\n');
}

/**
 * A table with a label column and right-aligned value columns; when it does not fit the width,
 * the value columns are split into blocks that do, each repeating the labels.
 */
function renderGrid(grid: Grid, width: number, style: (code: string, text: string) => string, markSymbols = true): string[] {
  const anyMark = markSymbols && grid.rows.some((r) => r.marks?.some(Boolean));
  const suffix = (mark: Mark | undefined) => (!anyMark ? '' : mark ? ` ${MARK_SYMBOL[mark]}` : '  ');
  const cells = grid.rows.map((r) => r.cells.map((text, c) => `${stripControlCharacters(text)}${suffix(r.marks?.[c])}`));
  const valueWidths = grid.header.map((_, c) => Math.max(0, ...cells.map((row) => length(row[c] ?? ''))));
  const widths = grid.header.map((h, c) => Math.max(Math.min(length(h), Math.max(valueWidths[c]!, 15)), valueWidths[c]!));
  const maxLabel = Math.max(...grid.rows.filter((r) => !r.heading).map((r) => length(r.label)));
  const widest = Math.max(...widths);
  const labelWidth = Math.max(8, Math.min(maxLabel, width - GAP.length - widest));
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = labelWidth;
  widths.forEach((w, c) => {
    if (current.length > 0 && used + GAP.length + w > width) {
      blocks.push(current);
      current = [];
      used = labelWidth;
    }
    current.push(c);
    used += GAP.length + w;
  });
  if (current.length > 0) blocks.push(current);
  const lines: string[] = [];
  blocks.forEach((block, b) => {
    if (b > 0) lines.push('');
    const blockWidth = labelWidth + block.reduce((sum, c) => sum + GAP.length + widths[c]!, 0);
    lines.push(' '.repeat(labelWidth) + block.map((c) => GAP + style(BOLD, truncate(grid.header[c]!, widths[c]!).padStart(widths[c]!))).join(''));
    lines.push('─'.repeat(Math.min(width, blockWidth)));
    grid.rows.forEach((row, r) => {
      if (row.heading) {
        lines.push(truncate(stripControlCharacters(row.label), width));
        return;
      }
      const values = block.map((c) => {
        const text = truncate(cells[r]![c] ?? '', widths[c]!);
        const padding = ' '.repeat(Math.max(0, widths[c]! - length(text)));
        const mark = row.marks?.[c];
        return GAP + padding + (mark === 'better' ? style(BETTER, text) : mark === 'worse' ? style(WORSE, text) : text);
      });
      lines.push(truncate(stripControlCharacters(row.label), labelWidth).padEnd(labelWidth) + values.join(''));
    });
  });
  return lines;
}

function length(text: string): number {
  return [...text].length;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** Word-wraps prose to the terminal width (a word longer than the line is cut). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const piece = length(word) > width ? truncate(word, width) : word;
    if (current && length(current) + 1 + length(piece) > width) {
      lines.push(current);
      current = piece;
    } else {
      current = current ? `${current} ${piece}` : piece;
    }
  }
  if (current) lines.push(current);
  return lines;
}
