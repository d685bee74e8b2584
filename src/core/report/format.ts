// Number formatting shared by every renderer, so the Markdown, the HTML, the
// terminal table and the charts never disagree about a value (and never print
// "NaN" or "undefined" where a reader expects a number).

export const NOT_AVAILABLE = 'n/a';

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A metric to 3 decimals (4 significant digits for tiny values); NaN/null as "n/a". */
export function formatMetric(value: number | null | undefined, decimals = 3): string {
  if (!isFiniteNumber(value)) return NOT_AVAILABLE;
  if (value === 0) return (0).toFixed(decimals);
  const magnitude = Math.abs(value);
  // Tiny values (a Brier score of 0.0004) would otherwise print as 0.000.
  if (magnitude < 10 ** -decimals) return trimExponent(value.toPrecision(2));
  if (magnitude >= 1000) return formatCount(value);
  return value.toFixed(decimals);
}

/** Whole counts with thousands separators: 12,345. */
export function formatCount(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return NOT_AVAILABLE;
  return Math.round(value).toLocaleString('en-US');
}

export function formatSeconds(value: number | null | undefined): string {
  if (!isFiniteNumber(value)) return NOT_AVAILABLE;
  return value < 10 ? `${value.toFixed(1)} s` : `${Math.round(value).toLocaleString('en-US')} s`;
}

/** A fraction as a percentage: 0.1234 -> "12.3%". */
export function formatPercent(fraction: number | null | undefined, decimals = 1): string {
  if (!isFiniteNumber(fraction)) return NOT_AVAILABLE;
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** Short, human numbers for chart ticks: 0.5, 12, 1.2k, 3e-4. */
export function formatTick(value: number): string {
  if (!isFiniteNumber(value)) return '';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10000) return `${trimZeros((value / 1000).toFixed(1))}k`;
  if (magnitude < 0.001) return trimExponent(value.toExponential(0));
  return trimZeros(value.toPrecision(3));
}

/** Values for SVG attributes: 2 decimals, never NaN, never "-0". */
export function svgNumber(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) || !Number.isFinite(rounded) ? '0' : String(rounded);
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}

function trimExponent(text: string): string {
  // "1.2e-5" rather than "1.2e-05"; toPrecision gives "0.00012" for moderate magnitudes, kept as is.
  return text.replace(/e([+-])0*(\d)/, 'e$1$2').replace('e+', 'e');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An ISO timestamp as a reader writes it: "29 November 2026, 09:18 UTC". UTC, so the report
 * reads the same wherever it is opened; the text itself when it is not a date.
 */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return String(iso ?? '');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
