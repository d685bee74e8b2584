// Copy any table as Markdown or CSV, save any chart as PNG. The webview has no file system and
// VS Code webviews block downloads, so both go to the host: the text to the clipboard, the image
// through a save dialog (which asks before replacing a file).

import type { FromPanel } from '../../src/shared/webviewProtocol';
import { h } from './dom';

type Post = (message: FromPanel) => void;

/** A cell's text as shown, without screen-reader-only text, swatches and arrows; chips in parentheses. */
export function cellText(cell: Element): string {
  const copy = cell.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('.fl-sr-only, .fl-swatch, .fl-arrow, .fl-headline-dot, .fl-axis-note')) hidden.remove();
  for (const chip of copy.querySelectorAll('.fl-chip')) chip.replaceWith(` (${chip.textContent?.trim() ?? ''})`);
  for (const share of copy.querySelectorAll('.fl-cell-share')) share.replaceWith(` (${share.textContent?.trim() ?? ''})`);
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The table's rows as text cells (caption excluded); a row-group header spans one cell. */
export function tableRows(table: HTMLTableElement): string[][] {
  const rows: string[][] = [];
  for (const tr of table.querySelectorAll('tr')) rows.push([...tr.children].map(cellText));
  return rows;
}

function markdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** A GitHub-flavoured Markdown table: the first row is the header; short rows are padded. */
export function toMarkdown(rows: string[][]): string {
  if (!rows.length) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const pad = (r: string[]): string[] => [...r, ...Array<string>(width - r.length).fill('')];
  const line = (r: string[]): string => `| ${pad(r).map(markdownCell).join(' | ')} |`;
  return [line(rows[0]!), `|${Array<string>(width).fill(' --- ').join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function csvCell(text: string): string {
  // A cell a spreadsheet would run as a formula (a class name from the file can be anything).
  const safe = /^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d/.test(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV; short rows are padded. */
export function toCsv(rows: string[][]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  return rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')].map(csvCell).join(',')).join('\r\n');
}

/** "Copy as Markdown" and "Copy as CSV" buttons for the tables `tables()` returns (read when clicked). */
export function tableTools(what: string, tables: () => HTMLTableElement[], post: Post, testid: string): HTMLElement {
  const copy = (format: 'markdown' | 'csv'): void => {
    const blocks = tables().map((table) => {
      const caption = table.caption ? cellText(table.caption) : '';
      const body = format === 'markdown' ? toMarkdown(tableRows(table)) : toCsv(tableRows(table));
      return caption && tables().length > 1 ? (format === 'markdown' ? `**${markdownCell(caption)}**\n\n${body}` : `${csvCell(caption)}\r\n${body}`) : body;
    });
    post({ type: 'copyText', text: blocks.join(format === 'markdown' ? '\n\n' : '\r\n\r\n'), what: `${what} as ${format === 'markdown' ? 'Markdown' : 'CSV'}` });
  };
  const button = (label: string, format: 'markdown' | 'csv'): HTMLButtonElement => {
    const b = h('button', { type: 'button', class: 'fl-tool', testid: `${testid}-copy-${format}`, title: `Copy ${what} to the clipboard as ${label}` }, `Copy ${label}`);
    b.addEventListener('click', () => copy(format));
    return b;
  };
  return h('div', { class: 'fl-tools', role: 'group', 'aria-label': `Copy ${what}` }, button('Markdown', 'markdown'), button('CSV', 'csv'));
}

/** The canvas as a PNG on the given background (a chart's canvas is transparent). */
export function canvasPng(canvas: HTMLCanvasElement, background: string): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return canvas.toDataURL('image/png');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

/** A file name from a chart title: letters, digits and dashes. */
export function imageName(fileName: string, title: string): string {
  const stem = fileName.replace(/\.[^.]+$/, '');
  const slug = (text: string): string => text.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase().slice(0, 60);
  return `${slug(stem) || 'focal-lab'}-${slug(title) || 'chart'}.png`;
}

/**
 * Gives every chart card under `root` a "Save PNG" button (once) and makes its canvas reachable by
 * Tab (it is an image with a text description).
 */
export function addChartTools(root: HTMLElement, post: Post, fileName: () => string, background: () => string): void {
  for (const card of root.querySelectorAll<HTMLElement>('.fl-chart-card, .fl-region-card')) {
    const canvas = card.querySelector('canvas');
    if (!canvas) continue;
    if (!canvas.hasAttribute('tabindex')) canvas.setAttribute('tabindex', '0');
    if (card.querySelector('.fl-save-png')) continue;
    const title = card.querySelector('.fl-card-title')?.textContent?.trim() || canvas.getAttribute('aria-label') || 'chart';
    const b = h('button', { type: 'button', class: 'fl-tool fl-save-png', title: `Save “${title}” as a PNG image`, testid: `save-png-${canvas.dataset.testid ?? 'chart'}` }, 'Save PNG');
    b.addEventListener('click', () => post({ type: 'saveImage', fileName: imageName(fileName(), title), dataUrl: canvasPng(canvas, background()) }));
    const heading = card.querySelector('.fl-card-title');
    if (heading) heading.appendChild(b);
    else card.insertBefore(b, card.firstChild);
  }
}
