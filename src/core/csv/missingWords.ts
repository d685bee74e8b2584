// The default missing-value words and the rule for a user's own list, in a module without
// Node APIs so the settings form can check a list the same way the engine does.

/**
 * Cell values read as missing (after trimming surrounding spaces). The words are
 * matched case-insensitively, so `na`, `NULL`, `none` and `NAN` are missing too.
 */
export const MISSING_VALUE_TOKENS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?'];

/** A number as written in a cell (after trimming): never a missing-value word. */
export const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Why a list of missing-value words cannot be used, or null. Numbers are refused: a number in a numeric column is always a value. */
export function missingWordsProblem(words: readonly unknown[]): string | null {
  if (!words.every((word) => typeof word === 'string')) return 'The missing-value words must be a list of words, like NA,N/A,null.';
  const number = (words as string[]).find((word) => PLAIN_NUMBER.test(word.trim()));
  return number === undefined ? null : `The missing-value words hold the number '${number.trim()}'; numbers are always read as values, so list only words (like NA,N/A,null).`;
}
