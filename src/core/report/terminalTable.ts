// The metrics table the CLI prints when a comparison ends: one column per model,
// numbers right-aligned, the best value per row in bold green when colour is on,
// then the verdict. Nothing from the data reaches the terminal unfiltered
// (control characters could move the cursor or recolour the terminal).

import type { ComparisonResults } from '../results';
import { stripControlCharacters } from './escape';
import { bestColumns, compactMetricRows, formatCell } from './metricRows';
import { finishedRuns, runLabels } from './names';
import { failedRuns, verdictOf } from './reportContent';

export interface TerminalTableOptions {
  /** ANSI bold/green for the best values; false gives plain text without escape codes. */
  color: boolean;
  /** Columns available; the table and the verdict are fitted to it. Default 100. */
  width?: number;
}

const BOLD = '\u001b[1m';
const BEST = '\u001b[1;32m';
const RESET = '\u001b[0m';
const GAP = '  ';

export function renderTerminalTable(results: ComparisonResults, options: TerminalTableOptions): string {
  const width = Math.max(40, options.width ?? 100);
  const style = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  const runs = finishedRuns(results);

  if (runs.length === 0) {
    lines.push('No run finished, so there are no metrics to show.');
  } else {
    const labels = runLabels(results.runs);
    const rows = compactMetricRows(results, runs);
    const cells = rows.map((row) => row.values.map((v) => formatCell(row, v)));
    let headers = runs.map((r) => labels[results.runs.indexOf(r)]!);
    let labelWidth = Math.max(...rows.map((r) => length(r.label)));
    const valueWidths = runs.map((_, c) => Math.max(...cells.map((row) => length(row[c]!))));
    const widths = runs.map((_, c) => Math.max(length(headers[c]!), valueWidths[c]!));

    // Too wide: shorten model names down to their values' width, then the row labels.
    const total = () => labelWidth + widths.reduce((sum, w) => sum + GAP.length + w, 0);
    while (total() > width) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! > Math.max(valueWidths[widest]!, 6)) widths[widest]!--;
      else if (labelWidth > 12) labelWidth--;
      else break;
    }
    headers = headers.map((name, c) => truncate(name, widths[c]!));

    lines.push(' '.repeat(labelWidth) + headers.map((name, c) => GAP + style(BOLD, name.padStart(widths[c]!))).join(''));
    lines.push('─'.repeat(total()));
    rows.forEach((row, r) => {
      const best = bestColumns(row);
      const values = cells[r]!.map((text, c) => {
        const padding = ' '.repeat(Math.max(0, widths[c]! - length(text)));
        return GAP + padding + (best.has(c) ? style(BEST, text) : text);
      });
      lines.push(truncate(row.label, labelWidth).padEnd(labelWidth) + values.join(''));
    });
    if (options.color) lines.push(`${' '.repeat(labelWidth)}${GAP}best per row in ${style(BEST, 'bold green')}`);
  }

  for (const failed of failedRuns(results)) {
    lines.push('', ...wrap(`${failed.label} failed: ${stripControlCharacters(failed.error)}`, width));
  }
  lines.push('', ...wrap(stripControlCharacters(verdictOf(results)), width));
  return lines.join('\n');
}

function length(text: string): number {
  return [...text].length;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

/** Word-wraps prose to the terminal width (a word longer than the line is left whole). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && length(current) + 1 + length(word) > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) lines.push(current);
  return lines;
}
