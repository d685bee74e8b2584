// Errors a user can fix (bad file, wrong option). The message is one sentence that
// says what is wrong, where, and what to do; the CLI prints it and exits with code 2,
// the extension shows it as is. Anything else is a bug and is reported as one.

export type InputErrorCode =
  | 'empty-file'
  | 'header-only'
  | 'no-header'
  | 'ragged-row'
  | 'unterminated-quote'
  | 'binary-file'
  | 'duplicate-column'
  | 'missing-target'
  | 'one-class'
  | 'target-all-missing'
  | 'unknown-positive-class'
  | 'too-few-rows'
  | 'too-few-minority'
  | 'too-many-classes'
  | 'no-features'
  | 'file-too-large'
  | 'file-not-found'
  | 'not-a-file'
  | 'too-many-columns'
  | 'output-folder'
  | 'bad-option';

export class FocalLabInputError extends Error {
  override readonly name = 'FocalLabInputError';
  constructor(
    readonly code: InputErrorCode,
    message: string,
    /** 1-based line in the file, when the problem has one. */
    readonly line?: number,
  ) {
    // Column and class names from the file end up in messages: keep the message one line,
    // with no control characters (a name with a newline or a terminal escape sequence).
    super(oneLine(message));
  }
}

/** Longest name or value from the file quoted in full in a message. */
const MAX_QUOTED_CHARACTERS = 60;

/** A name or value from the file, quoted for a message: 'name', clipped with … when very long. */
export function quoted(text: string): string {
  const characters = Array.from(text);
  return `'${characters.length > MAX_QUOTED_CHARACTERS ? characters.slice(0, MAX_QUOTED_CHARACTERS - 1).join('') + '…' : text}'`;
}

/**
 * Longest column or class name Focal Lab keeps: longer names (a 20 MB header cell, say) are
 * clipped when read, so messages, results.json and the reports carry at most this many characters.
 */
export const MAX_NAME_CHARACTERS = 200;

/** `text` clipped to MAX_NAME_CHARACTERS characters, the last one then being …. */
export function clipName(text: string): string {
  // Cheap test first: most names are short, and Array.from on a 20 MB string is not.
  if (text.length <= MAX_NAME_CHARACTERS) return text;
  const characters = Array.from(text.slice(0, 2 * MAX_NAME_CHARACTERS));
  return characters.length <= MAX_NAME_CHARACTERS ? text : characters.slice(0, MAX_NAME_CHARACTERS - 1).join('') + '…';
}

/** Tabs and line breaks become spaces; other control characters (ESC included) are dropped. */
export function oneLine(text: string): string {
  return text.replace(/[\t\n\r]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function isInputError(error: unknown): error is FocalLabInputError {
  return error instanceof FocalLabInputError || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'FocalLabInputError');
}

/** Thrown (as DOMException-like AbortError) when a run is cancelled. */
export class CancelledError extends Error {
  override readonly name = 'AbortError';
  constructor(message = 'The run was cancelled.') {
    super(message);
  }
}

export function isCancelled(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
