// Colours from the VS Code theme, read at draw time from the CSS variables VS Code sets on the
// page; `onThemeChange` fires when VS Code switches the body class (light / dark / high contrast).

import { LOSS_TABLE, type LossKind, type ReferenceKind } from '../../src/core/results';
import { CLASS_COLOURS, lossColor, readableOn, referenceColor, sweepColors } from '../../src/core/report/palette';

export type Rgb = [number, number, number];

export interface Theme {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  foreground: string;
  mutedForeground: string;
  background: string;
  grid: string;
  border: string;
  focus: string;
  fontFamily: string;
  fontSize: number;
  tooltipBackground: string;
  tooltipForeground: string;
  tooltipBorder: string;
  /** Named chart colours. */
  blue: string;
  red: string;
  green: string;
  orange: string;
  purple: string;
  yellow: string;
  /** Class colours in the decision regions and points: negative, positive. */
  negative: string;
  positive: string;
}

const FALLBACK_DARK: Record<string, string> = {
  '--vscode-editor-foreground': '#cccccc',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#b180d7',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-focusBorder': '#007fd4',
};

const FALLBACK_LIGHT: Record<string, string> = {
  '--vscode-editor-foreground': '#333333',
  '--vscode-editor-background': '#ffffff',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-purple': '#652d90',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-focusBorder': '#0090f1',
};

function themeKind(): Theme['kind'] {
  const list = document.body.classList;
  if (list.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (list.contains('vscode-high-contrast')) return 'high-contrast';
  if (list.contains('vscode-light')) return 'light';
  return 'dark';
}

export function readTheme(): Theme {
  const style = getComputedStyle(document.body);
  const kind = themeKind();
  const fallback = kind === 'light' || kind === 'high-contrast-light' ? FALLBACK_LIGHT : FALLBACK_DARK;
  const v = (name: string, ...alternatives: string[]): string => {
    for (const candidate of [name, ...alternatives]) {
      const value = style.getPropertyValue(candidate).trim();
      if (value) return value;
    }
    return fallback[name] ?? '';
  };
  const foreground = v('--vscode-editor-foreground', '--vscode-foreground');
  const background = v('--vscode-editor-background');
  const highContrast = kind === 'high-contrast' || kind === 'high-contrast-light';
  const contrastBorder = style.getPropertyValue('--vscode-contrastBorder').trim();
  const red = v('--vscode-charts-red');
  const blue = v('--vscode-charts-blue');
  const fontSize = parseFloat(v('--vscode-font-size')) || 13;
  return {
    kind,
    foreground,
    mutedForeground: v('--vscode-descriptionForeground') || withAlpha(foreground, 0.75),
    background,
    grid: highContrast ? withAlpha(contrastBorder || foreground, 0.3) : withAlpha(foreground, 0.12),
    border: highContrast && contrastBorder ? contrastBorder : withAlpha(foreground, 0.25),
    focus: v('--vscode-focusBorder'),
    fontFamily: v('--vscode-font-family') || 'system-ui, sans-serif',
    fontSize,
    tooltipBackground: v('--vscode-editorHoverWidget-background') || background,
    tooltipForeground: v('--vscode-editorHoverWidget-foreground') || foreground,
    tooltipBorder: v('--vscode-editorHoverWidget-border') || withAlpha(foreground, 0.3),
    blue,
    red,
    green: v('--vscode-charts-green'),
    orange: v('--vscode-charts-orange'),
    purple: v('--vscode-charts-purple'),
    yellow: v('--vscode-charts-yellow'),
    negative: blue,
    positive: red,
  };
}

/** One fixed colour per loss kind, in every chart: the loss table's, kept at 3:1 on this theme's background. */
export function lossColour(theme: Theme, loss: LossKind): string {
  return readableOn(lossColor(loss), hex(theme.background));
}

/** A second cue besides colour: one dash pattern per loss kind (the loss table's). */
export function lossDash(loss: LossKind): number[] {
  return [...(LOSS_TABLE[loss]?.dash ?? [])];
}

/** The colours of a sweep's runs by gamma (gamma 0 is BCE and takes its colour), at 3:1 on this theme. */
export function sweepColours(theme: Theme, gammas: readonly number[]): string[] {
  return sweepColors(gammas).map((c) => readableOn(c, hex(theme.background)));
}

/** The colour of class `index` of a multi-class target (the reports' class colours, repeating past six), at 3:1 on this theme. */
export function classColour(theme: Theme, index: number): string {
  return readableOn(CLASS_COLOURS[index % CLASS_COLOURS.length]!, hex(theme.background));
}

/** A reference predictor's grey, at 3:1 on this theme. */
export function referenceColour(theme: Theme, kind: ReferenceKind): string {
  return readableOn(referenceColor(kind), hex(theme.background));
}

/** Any CSS colour as #rrggbb (alpha dropped). */
export function hex(colour: string): string {
  const [r, g, b] = parseColour(colour);
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour as [r, g, b, a] (0..255, a 0..1), using the canvas colour parser. */
export function parseColour(colour: string): [number, number, number, number] {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(colour.trim());
  if (hex) {
    let digits = hex[1];
    if (digits.length === 3 || digits.length === 4) digits = [...digits].map((d) => d + d).join('');
    const n = (i: number): number => parseInt(digits.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), digits.length === 8 ? n(6) / 255 : 1];
  }
  probe ??= document.createElement('canvas').getContext('2d');
  if (probe) {
    probe.fillStyle = '#000000';
    probe.fillStyle = colour;
    const normalised = String(probe.fillStyle);
    if (normalised.startsWith('#')) return parseColour(normalised);
    const m = /rgba?\(([^)]+)\)/.exec(normalised);
    if (m) {
      const parts = m[1].split(',').map((p) => parseFloat(p));
      return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
    }
  }
  return [128, 128, 128, 1];
}

export function rgb(colour: string): Rgb {
  const [r, g, b] = parseColour(colour);
  return [r, g, b];
}

export function withAlpha(colour: string, alpha: number): string {
  const [r, g, b, a] = parseColour(colour);
  return `rgba(${r}, ${g}, ${b}, ${+(a * alpha).toFixed(3)})`;
}

/** Linear mix of two colours in sRGB, t = 0 gives `from`. */
export function mix(from: Rgb, to: Rgb, t: number): Rgb {
  return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t, from[2] + (to[2] - from[2]) * t];
}

/** Calls back (debounced) when VS Code changes the theme: the body class or the inline CSS variables. */
export function onThemeChange(callback: () => void): () => void {
  let last = document.body.className;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    clearTimeout(timer);
    timer = setTimeout(callback, 30);
  };
  const observer = new MutationObserver(() => {
    if (document.body.className !== last) {
      last = document.body.className;
      fire();
    }
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  // VS Code also rewrites the variables in <html style> when a theme of the same kind is chosen.
  const rootObserver = new MutationObserver(fire);
  rootObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => {
    observer.disconnect();
    rootObserver.disconnect();
    clearTimeout(timer);
  };
}
