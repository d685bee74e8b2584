// WCAG 2.x contrast between colours (relative luminance of sRGB), and the nudge that keeps a series
// colour readable on a background the palette was not checked against (a custom theme).

export type Rgb = readonly [number, number, number];

/** #rgb or #rrggbb (an alpha part is ignored) as [r, g, b] in 0..255; null when it is not a hex colour. */
export function parseHex(colour: string): Rgb | null {
  const m = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (!m) return null;
  let digits = m[1]!;
  if (digits.length === 3 || digits.length === 4) digits = [...digits].map((d) => d + d).join('');
  if (digits.length !== 6 && digits.length !== 8) return null;
  const n = (i: number): number => parseInt(digits.slice(i, i + 2), 16);
  return [n(0), n(2), n(4)];
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance (WCAG 2.x, sRGB). */
export function relativeLuminance(rgb: Rgb): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

/** (L1 + 0.05) / (L2 + 0.05), the lighter over the darker: 1 (same) to 21 (black on white). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** WCAG 2.x minimum for graphical objects (1.4.11 non-text contrast). */
export const MIN_GRAPHIC_CONTRAST = 3;

/**
 * The colour itself when it reaches `minimum` against the background; otherwise the colour mixed
 * towards white or black (whichever side can reach it) by the smallest step that does. The hue
 * stays recognisable; only a background the palette was not designed for (a custom mid-grey
 * theme) ever needs it.
 */
export function ensureContrast(colour: Rgb, background: Rgb, minimum = MIN_GRAPHIC_CONTRAST): Rgb {
  if (contrastRatio(colour, background) >= minimum) return colour;
  const towards = (target: Rgb, t: number): Rgb => [0, 1, 2].map((i) => colour[i]! + (target[i]! - colour[i]!) * t) as unknown as Rgb;
  const white: Rgb = [255, 255, 255];
  const black: Rgb = [0, 0, 0];
  // Go the way that ends furthest from the background.
  const target = contrastRatio(white, background) >= contrastRatio(black, background) ? white : black;
  for (let step = 1; step <= 20; step++) {
    const candidate = towards(target, step / 20);
    if (contrastRatio(candidate, background) >= minimum) return candidate.map((c) => Math.round(c)) as unknown as Rgb;
  }
  return target;
}
