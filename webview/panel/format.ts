// Number and label formatting shared by the panel's parts.

import { lossLabel as taskLossLabel, type LossKind } from '../../src/core/results';

export function isNum(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Fixed decimals, or an em dash for a missing / undefined value (JSON null). */
export function fmt(value: number | null | undefined, digits = 3): string {
  return isNum(value) ? value.toFixed(digits) : '—';
}

export function fmtInt(value: number | null | undefined): string {
  return isNum(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

export function fmtPercent(fraction: number | null | undefined, digits = 1): string {
  return isNum(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}

export function fmtSeconds(seconds: number | null | undefined): string {
  if (!isNum(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** Short number for gamma and similar settings: 2, 0.5, 0.25. */
export function fmtShort(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** The name users see: 'Cross-entropy' rather than 'BCE' for a multi-class model. */
export function lossLabel(loss: LossKind, task?: 'binary' | 'multiclass'): string {
  return taskLossLabel(loss, task ?? 'binary') ?? loss;
}

export function quoted(name: string): string {
  return `'${name}'`;
}

export function hasGamma(loss: LossKind): boolean {
  return loss === 'focal' || loss === 'alpha-focal';
}

/** Half the width of a 95% interval, when both ends are known. */
export function halfWidth(summary: { ciLow: number | null; ciHigh: number | null } | null | undefined): number | null {
  if (!summary || !isNum(summary.ciLow) || !isNum(summary.ciHigh)) return null;
  return (summary.ciHigh - summary.ciLow) / 2;
}

/** "0.677 ± 0.060" (the 95% interval's half-width), or the mean alone when there is no interval. */
export function fmtMeanInterval(summary: { mean: number | null; ciLow: number | null; ciHigh: number | null } | null | undefined, digits = 3): string {
  if (!summary || !isNum(summary.mean)) return '—';
  const half = halfWidth(summary);
  return half === null ? fmt(summary.mean, digits) : `${fmt(summary.mean, digits)} ± ${fmt(half, digits)}`;
}

/** A signed difference: "+0.012", "−0.034". */
export function fmtSigned(value: number | null | undefined, digits = 3): string {
  if (!isNum(value)) return '—';
  const text = Math.abs(value).toFixed(digits);
  return Number(text) === 0 ? text : value > 0 ? `+${text}` : `−${text}`;
}
