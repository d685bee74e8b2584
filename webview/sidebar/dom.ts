// Small DOM helpers for the side bar. Everything is built with createElement and textContent:
// class names and file names come from the user's CSV and are never parsed as HTML. No
// inline styles (the CSP allows only the stylesheet) and no inline handlers.

type Attributes = Record<string, string | boolean | number | undefined>;

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Attributes;
  testId?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly (Node | string | null | undefined | false)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.testId) element.dataset.testid = options.testId;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (name === 'style') throw new Error('No inline styles: the CSP forbids them; use a class.');
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

let nextId = 0;
/** A document-unique id for label/aria wiring. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `fl-${prefix}-${nextId}`;
}

/** Replaces the children of `parent` with plain text and elements, never HTML. */
export function setChildren(parent: Element, children: readonly (Node | string)[]): void {
  parent.replaceChildren(...children);
}

/** Whether the element has the keyboard focus (inputs keep their caret while it does). */
export function isFocused(element: Element): boolean {
  return document.activeElement === element;
}

/** Sets an input's text only if it changed, so the caret is not reset for nothing. */
export function setInputValue(input: HTMLInputElement, value: string): void {
  if (input.value !== value) input.value = value;
}

/** A quoted class name from the CSV, shortened so one odd value cannot blow up the layout. */
export function quoteClass(name: string, max = 40): string {
  const shown = name.length > max ? `${name.slice(0, max - 1)}…` : name;
  return `'${shown}'`;
}
