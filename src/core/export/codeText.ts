// Writing values into generated Python and JavaScript source. Class names and file paths come
// from the user's file, so they are written as escaped string literals, and a name shown in a
// comment is escaped the same way: no newline (or JavaScript's U+2028/U+2029 line separators)
// can end a comment and turn the rest of a name into code.

/** The longest name written into a comment in full. */
const MAX_COMMENT_NAME = 60;

/**
 * A double-quoted literal valid in both Python 3 and JavaScript: JSON's escapes, plus
 * U+2028/U+2029 (line terminators in JavaScript source) escaped as \u2028/\u2029.
 */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A name quoted for a comment: escaped like a literal, clipped with … when very long. */
export function commentName(name: string): string {
  const characters = Array.from(name);
  const clipped = characters.length > MAX_COMMENT_NAME ? characters.slice(0, MAX_COMMENT_NAME - 1).join('') + '…' : name;
  return stringLiteral(clipped);
}

/** A Python float literal that reads back as the same double (2 -> 2.0, 0.9 -> 0.9, 1e-7 -> 1e-7). */
export function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a Python float literal.`);
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** A JavaScript number literal that reads back as the same double. */
export function jsNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} as a JavaScript number literal.`);
  return String(value);
}

/** A number for prose in comments: exact, except that float noise (1 - 0.9 = 0.09999999999999998) is rounded away. */
export function shownNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A JSON-like value as a Python literal: strings escaped, true/false/null as True/False/None. */
export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${stringLiteral(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
  }
  throw new TypeError(`Cannot write a ${typeof value} as a Python literal.`);
}
