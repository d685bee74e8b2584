// Numbers written for people rather than programs: thousands separators (`1,234`, `1.234,5`,
// `1 234,5`), percentages (`12%`) and currency signs (`$3.50`, `3,50 €`). The parser tries this
// only for a cell of a numeric column that is not a plain number, so the common path never
// pays for it; each such cell is counted, and the reader says so in a notice.

/** What made a cell more than a plain number; a bit mask, so one cell can have several. */
export const THOUSANDS = 1;
export const PERCENT = 2;
export const CURRENCY = 4;

const CURRENCY_SIGNS = '$€£¥₹';
const LEADING_CURRENCY = new RegExp(`^([+-]?)\\s*[${CURRENCY_SIGNS}]\\s*`);
const TRAILING_CURRENCY = new RegExp(`\\s*[${CURRENCY_SIGNS}]$`);
/** Thousands separators only between groups of exactly three digits, so `1,5` is never 15. */
const POINT_GROUPED = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;
const COMMA_GROUPED = /^[+-]?\d{1,3}(?:[. \u00a0\u202f']\d{3})+(?:,\d*)?$/;
const POINT_PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const COMMA_PLAIN = /^[+-]?(?:\d+,?\d*|,\d+)$/;

export interface FormattedNumber {
  value: number;
  /** THOUSANDS | PERCENT | CURRENCY. */
  formats: number;
}

/**
 * The number a person meant by `text` (already trimmed), or null when it is not a number
 * written with thousands separators, a percent sign or a currency sign. A percentage is
 * read as a fraction (12% = 0.12), as spreadsheets store it.
 */
export function parseFormattedNumber(text: string, decimalComma: boolean): FormattedNumber | null {
  let rest = text;
  let formats = 0;
  const leading = LEADING_CURRENCY.exec(rest);
  if (leading) {
    rest = leading[1] + rest.slice(leading[0].length);
    formats |= CURRENCY;
  } else if (TRAILING_CURRENCY.test(rest)) {
    rest = rest.replace(TRAILING_CURRENCY, '');
    formats |= CURRENCY;
  }
  if (rest.endsWith('%')) {
    rest = rest.slice(0, -1).trimEnd();
    formats |= PERCENT;
  }
  let plain: string;
  if (decimalComma ? COMMA_GROUPED.test(rest) : POINT_GROUPED.test(rest)) {
    formats |= THOUSANDS;
    plain = decimalComma ? rest.replace(/[. \u00a0\u202f']/g, '').replace(',', '.') : rest.replace(/,/g, '');
  } else if (decimalComma ? COMMA_PLAIN.test(rest) : POINT_PLAIN.test(rest)) {
    plain = decimalComma ? rest.replace(',', '.') : rest;
  } else {
    return null;
  }
  if (formats === 0) return null;
  const value = Number(plain);
  if (!Number.isFinite(value)) return null;
  return { value: formats & PERCENT ? value / 100 : value, formats };
}

/** "thousands separators and currency signs", for a notice. */
export function describeFormats(formats: number): string {
  const parts: string[] = [];
  if (formats & THOUSANDS) parts.push('thousands separators');
  if (formats & CURRENCY) parts.push('currency signs');
  if (formats & PERCENT) parts.push('percent signs');
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
