// The confusion matrix as an HTML table (not a chart): four numbers read best as
// numbers. Cells are tinted by their share of the actual class, so the eye finds
// the misses; the share is also printed, so the tint is never the only cue.

import { escapeHtml } from './escape';
import { formatCount, formatPercent } from './format';

export type Confusion = [[number, number], [number, number]];

/** [[tn, fp], [fn, tp]] with the positive class second, as in results.json. */
export function confusionMatrixHtml(confusion: Confusion, negativeClass: string, positiveClass: string, caption?: string): string {
  const names = [negativeClass, positiveClass];
  const rows = confusion.map((counts, actual) => {
    const total = counts[0] + counts[1];
    const cells = counts.map((count, predicted) => {
      const share = total > 0 ? count / total : NaN;
      const kind = actual === predicted ? 'hit' : 'miss';
      const tint = Number.isFinite(share) ? ` style="--share:${Math.round(share * 100)}%"` : '';
      const shareText = Number.isFinite(share) ? `<span class="share">${formatPercent(share)}</span>` : '';
      return `<td class="cm-${kind}"${tint}>${formatCount(count)}${shareText}</td>`;
    });
    return `<tr><th scope="row">Actual ${escapeHtml(names[actual]!)}</th>${cells.join('')}</tr>`;
  });
  return (
    '<table class="confusion">' +
    (caption ? `<caption>${escapeHtml(caption)}</caption>` : '') +
    `<thead><tr><td></td><th scope="col">Predicted ${escapeHtml(negativeClass)}</th><th scope="col">Predicted ${escapeHtml(positiveClass)}</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}
