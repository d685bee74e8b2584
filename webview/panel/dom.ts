// Safe element helpers: every string goes in through textContent or setAttribute, never as HTML.
// Strings from the CSV (file, column and class names, notices, errors) are untrusted.

type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  testid?: string;
  [name: string]: string | number | boolean | undefined;
}

/** Creates an element; attributes are set with setAttribute (never `style` or `on*`), children appended as text or nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'style' || name.toLowerCase().startsWith('on')) throw new Error(`h(): attribute '${name}' is not allowed (CSP)`);
    const attribute = name === 'class' ? 'class' : name === 'testid' ? 'data-testid' : name;
    element.setAttribute(attribute, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** Sets textContent only when it changed (keeps screen readers and selection calm at 10 updates a second). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

export function button(label: string, testid: string, onClick: () => void, kind: 'primary' | 'secondary' = 'secondary', title?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: `fl-button fl-button-${kind}`, testid, title });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** A card holding one chart: title, the canvas (role img, aria-label), and a visually hidden summary. */
export function chartCard(title: string, testid: string, subtitle?: string): { card: HTMLElement; canvas: HTMLCanvasElement; box: HTMLElement; summary: HTMLElement; titleEl: HTMLElement; subtitleEl: HTMLElement } {
  const canvas = h('canvas', { testid, role: 'img', 'aria-label': title });
  const box = h('div', { class: 'fl-chart-box' }, canvas);
  // The text summary lives in the canvas' aria-label (role img); `summary` mirrors it for callers that want it.
  const summary = h('p', { class: 'fl-sr-only' });
  const titleEl = h('h3', { class: 'fl-card-title' }, title);
  const subtitleEl = h('p', { class: 'fl-card-subtitle' }, subtitle ?? '');
  const card = h('figure', { class: 'fl-card fl-chart-card' }, titleEl, subtitleEl, box);
  if (!subtitle) subtitleEl.hidden = true;
  return { card, canvas, box, summary, titleEl, subtitleEl };
}

/** Sets a chart's accessible text: the aria-label and the hidden summary. */
export function describeChart(canvas: HTMLCanvasElement, summary: HTMLElement, text: string): void {
  if (canvas.getAttribute('aria-label') !== text) canvas.setAttribute('aria-label', text);
  setText(summary, text);
}
