// One editable setting at a time: parses what the user types, shows the problem inline
// (aria-invalid + aria-describedby), sends only valid values, and takes the host's state
// without ever touching the field the user is typing in.

import type { FieldResult } from '../../src/shared/settingsValidation';
import { el, isFocused, setInputValue, uniqueId } from './dom';

/** Text fields send this long after the last keystroke. */
export const DEBOUNCE_MS = 300;
/**
 * A state that arrives this soon after we sent a change, with the old value, was posted by
 * the host before it saw our change: keep showing the user's value. Later, the host wins.
 */
export const ECHO_WINDOW_MS = 2000;

/**
 * Remembers what we sent so a stale state (posted by the host before it saw our change, so
 * still carrying the value from before) does not flip the control back for a moment. Any
 * other value is someone else's newer change, and is shown.
 */
export class EchoGuard<T> {
  private pending: { value: T; before: T | undefined; at: number } | null = null;

  constructor(private readonly equals: (a: T, b: T) => boolean) {}

  /** We sent `value`; the host had `before`. */
  sent(value: T, before: T | undefined): void {
    this.pending = { value, before, at: Date.now() };
  }

  get inFlight(): T | undefined {
    return this.pending?.value;
  }

  /** Whether to show the host's value now (false: a state older than our change). */
  accept(host: T): boolean {
    if (!this.pending) return true;
    const stale = this.pending.before !== undefined && this.equals(host, this.pending.before) && Date.now() - this.pending.at <= ECHO_WINDOW_MS;
    if (stale) return false;
    this.pending = null;
    return true;
  }
}

/** The inline message slot under a field. */
export class ErrorSlot {
  readonly element: HTMLElement;

  constructor(key: string) {
    this.element = el('div', { className: 'field-error', testId: `error-${key}`, attrs: { id: uniqueId(`error-${key}`), hidden: true } });
  }

  get id(): string {
    return this.element.id;
  }

  show(message: string | null): void {
    this.element.textContent = message ?? '';
    this.element.hidden = message === null;
  }
}

/** Marks `controls` invalid and points them at `slot` (or clears both), keeping other descriptions. */
export function markInvalid(controls: readonly HTMLElement[], slot: ErrorSlot, invalid: boolean): void {
  for (const control of controls) {
    const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && id !== slot.id);
    if (invalid) {
      control.setAttribute('aria-invalid', 'true');
      ids.unshift(slot.id);
    } else {
      control.removeAttribute('aria-invalid');
    }
    if (ids.length) control.setAttribute('aria-describedby', ids.join(' '));
    else control.removeAttribute('aria-describedby');
  }
}

export interface TextFieldOptions<T> {
  key: string;
  input: HTMLInputElement;
  error: ErrorSlot;
  parse(text: string): FieldResult<T>;
  format(value: T): string;
  equals(a: T, b: T): boolean;
  /** Posts the value; return false when it cannot be sent yet (the value stays a draft). */
  commit(value: T): boolean;
  /** A problem that involves other fields (the split's sum); checked after parse. */
  crossCheck?(value: T): string | null;
  /** A valid value is on screen (typed or from the host): live previews follow it. */
  onShown?(value: T): void;
  /** The draft text changed: persist it. */
  onDraftChange?(): void;
  /** Other elements that count as "being edited" (the gamma slider). */
  companions?: readonly HTMLElement[];
}

export class TextField<T> {
  readonly key: string;
  readonly input: HTMLInputElement;
  readonly error: ErrorSlot;
  /** The last value the host reported. */
  private host: T | undefined;
  /** Text the user typed that the host has not confirmed yet. */
  private draftText: string | null = null;
  /** The host's value when the draft began: a different host value means someone else changed it. */
  private draftBase: T | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly echo: EchoGuard<T>;

  constructor(private readonly options: TextFieldOptions<T>) {
    this.key = options.key;
    this.input = options.input;
    this.error = options.error;
    this.echo = new EchoGuard(options.equals);
    this.input.addEventListener('input', () => this.edited(true));
    this.input.addEventListener('change', () => this.flush());
    this.input.addEventListener('blur', () => {
      this.flush();
      if (this.draftText === null && this.host !== undefined) setInputValue(this.input, this.options.format(this.host));
    });
  }

  get draft(): string | null {
    return this.draftText;
  }

  get invalid(): boolean {
    return this.input.getAttribute('aria-invalid') === 'true';
  }

  /** The value on screen if valid (parse and cross-field check), without touching the UI. */
  current(): FieldResult<T> {
    const parsed = this.parseInput();
    if (!parsed.ok) return parsed;
    const cross = this.options.crossCheck?.(parsed.value) ?? null;
    return cross ? { ok: false, message: cross } : parsed;
  }

  /** Sets the text as if typed (the slider drives the gamma field this way). */
  setText(text: string, debounce: boolean): void {
    setInputValue(this.input, text);
    this.edited(debounce);
  }

  /** Re-checks the text on screen and shows or clears its message. */
  validate(): FieldResult<T> {
    const result = this.current();
    this.showError(result.ok ? null : result.message);
    if (result.ok) this.options.onShown?.(result.value);
    return result;
  }

  /** Sends the draft now if it is valid and not what the host already has. */
  flush(): void {
    this.cancelTimer();
    if (this.draftText === null) return;
    const result = this.current();
    if (!result.ok) return;
    const known = this.echo.inFlight ?? this.host;
    if (known !== undefined && this.options.equals(result.value, known)) return;
    if (this.options.commit(result.value)) this.echo.sent(result.value, this.host);
  }

  /** The host's value for this setting. */
  applyHost(value: T): void {
    this.host = value;
    const accepted = this.echo.accept(value);
    if (this.isBeingEdited() || this.timer !== undefined) return;
    if (this.draftText !== null) {
      const parsed = this.parseInput();
      if (parsed.ok && this.options.equals(parsed.value, value)) {
        this.draftText = null; // confirmed
      } else if (!accepted) {
        return; // a state from before our change
      } else if (!parsed.ok && this.draftBase !== undefined && this.options.equals(value, this.draftBase)) {
        return; // an invalid draft against an unchanged setting: keep it and its message
      } else {
        this.draftText = null; // changed elsewhere (settings.json) or refused by the host: the host wins
      }
      this.options.onDraftChange?.();
    } else if (!accepted) {
      return;
    }
    setInputValue(this.input, this.options.format(value));
    this.showError(null);
    this.options.onShown?.(value);
  }

  /** Another field sent this field's value along with its own (the split fractions go together). */
  markSent(value: T): void {
    this.cancelTimer();
    this.echo.sent(value, this.host);
  }

  /** The host has no value for this field now (alpha is 'auto'): the next valid text is sent. */
  forgetHost(): void {
    this.host = undefined;
  }

  /** Puts back text saved with the webview state (the view was hidden mid-edit). */
  restoreDraft(text: string): void {
    this.setText(text, true);
  }

  showError(message: string | null): void {
    this.error.show(message);
    markInvalid([this.input], this.error, message !== null);
  }

  private edited(debounce: boolean): void {
    if (this.draftText === null) this.draftBase = this.host;
    this.draftText = this.input.value;
    this.cancelTimer();
    const result = this.validate();
    if (result.ok && debounce) this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    this.options.onDraftChange?.();
  }

  private parseInput(): FieldResult<T> {
    // A type=number input reports unparsable text ("1e", "--") as an empty value.
    if (this.input.type === 'number' && this.input.validity.badInput) {
      const parsed = this.options.parse('not a number');
      return parsed.ok ? parsed : { ok: false, message: parsed.message.replace(/; “not a number” is not a number\.$/, '.') };
    }
    return this.options.parse(this.input.value);
  }

  private isBeingEdited(): boolean {
    return isFocused(this.input) || (this.options.companions ?? []).some(isFocused);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
