// Which cell values are missing: MISSING_VALUE_TOKENS by default, or the user's own list
// (--missing-values / focalLab.missingValues), for files where `NA` is a class (North America).

import { FocalLabInputError } from '../errors';
import { missingWordsProblem, MISSING_VALUE_TOKENS } from './missingWords';
import { isMissingBytes } from './numbers';

export class MissingValues {
  /** The tokens as given, without the empty cell (always missing). */
  readonly tokens: readonly string[];
  private readonly lowercase: Set<string>;
  private readonly longest: number;
  /** The default list has a byte-level check that never makes a string. */
  private readonly isDefault: boolean;

  constructor(tokens: readonly string[] = MISSING_VALUE_TOKENS) {
    const problem = missingWordsProblem(tokens);
    if (problem) throw new FocalLabInputError('bad-option', problem);
    this.tokens = [...new Set(tokens.map((token) => token.trim()).filter((token) => token !== ''))];
    this.lowercase = new Set(this.tokens.map((token) => token.toLowerCase()));
    this.longest = Math.max(0, ...this.tokens.map((token) => Buffer.byteLength(token, 'utf8')));
    const defaults = new Set(MISSING_VALUE_TOKENS.filter((token) => token !== '').map((token) => token.toLowerCase()));
    this.isDefault = defaults.size === this.lowercase.size && [...defaults].every((token) => this.lowercase.has(token));
  }

  /** Bytes [start, end), already trimmed; matched case-insensitively, as the default tokens are. */
  matchesBytes(bytes: Uint8Array, start: number, end: number, encoding: BufferEncoding): boolean {
    if (start === end) return true;
    if (this.isDefault) return isMissingBytes(bytes, start, end);
    if (end - start > this.longest * 2) return false;
    return this.lowercase.has(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString(encoding).toLowerCase());
  }

  matchesText(text: string): boolean {
    const trimmed = text.trim();
    return trimmed === '' || this.lowercase.has(trimmed.toLowerCase());
  }
}

export const DEFAULT_MISSING_VALUES = new MissingValues();
