// Everything that came from the user's CSV (file name, column and class names,
// feature names, notices) is untrusted text. These turn it into text that
// cannot become markup where it is rendered.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML element content and quoted attribute values (also fine inside SVG). */
export function escapeHtml(text: string): string {
  return stripControlCharacters(String(text)).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Text for a Markdown table cell (or any inline Markdown): stays on one line, cannot
 * end the cell (`|`), and cannot turn into emphasis, code, links or raw HTML.
 */
export function escapeMarkdownCell(text: string): string {
  return (
    stripControlCharacters(String(text))
      // Backslash is in the set, so existing backslashes are escaped before they can combine.
      .replace(/[\\`*_[\]|~]/g, '\\$&')
      // Entities for &, <, >: they stay text even in renderers that allow raw HTML.
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}

/** Same as escapeMarkdownCell; named for use in headings, lists and paragraphs. */
export const escapeMarkdownText = escapeMarkdownCell;

/** Terminal text: no escape sequences or other control characters from the data. */
export function stripControlCharacters(text: string): string {
  // Tabs and newlines become spaces; everything else in C0/C1 (ESC included) goes.
  return text.replace(/[\t\n\r]/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
