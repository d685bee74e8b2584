// The panel's copy of the run state: host messages go through the shared reducer
// (`applyToPanelState`, the same one the host keeps), and the state is saved with
// `vscode.setState` (throttled) so a hidden and restored panel draws at once.

import { applyToPanelState, type PanelState, type ToPanel } from '../../src/shared/webviewProtocol';

const TO_PANEL_TYPES: ReadonlySet<string> = new Set<ToPanel['type']>(['state', 'phase', 'readProgress', 'dataset', 'runStarted', 'epochs', 'progress', 'fitFinished', 'runFailed', 'results']);

/** A message event's data, if it looks like one of ours. */
export function asToPanel(data: unknown): ToPanel | null {
  if (!data || typeof data !== 'object') return null;
  const type = (data as { type?: unknown }).type;
  return typeof type === 'string' && TO_PANEL_TYPES.has(type) ? (data as ToPanel) : null;
}

/** A saved state, if it has the shape of a PanelState (it may come from an older version). */
export function asPanelState(value: unknown): PanelState | null {
  if (!value || typeof value !== 'object') return null;
  const s = value as Partial<PanelState>;
  const ok = typeof s.runId === 'string' && typeof s.phase === 'string' && (s.kind === 'comparison' || s.kind === 'sweep') && !!s.live && typeof s.live === 'object' && typeof s.fileName === 'string';
  if (!ok) return null;
  // A state saved by an earlier version (results schema 1: a verdict string, one split): the host
  // sends the stored run again, upgraded, once the panel says ready.
  const results = s.results as { verdict?: unknown; references?: unknown } | null | undefined;
  if (results && (typeof results.verdict !== 'object' || !Array.isArray(results.references))) return null;
  // Saved before runs carried their operating points (threshold explorer, curves): ask the host again.
  if (results && !(results as { runs?: unknown[] }).runs?.every((run) => run && typeof run === 'object' && 'operatingPoints' in run)) return null;
  if (Object.values(s.live ?? {}).some((live) => typeof (live as { fitIndex?: unknown }).fitIndex !== 'number')) return null;
  return s as PanelState;
}

export interface Persistence {
  setState(state: PanelState): void;
}

export class PanelStore {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private dirty = false;

  constructor(
    private current: PanelState | null,
    private readonly persistence: Persistence,
    private readonly throttleMs = 250,
  ) {}

  get state(): PanelState | null {
    return this.current;
  }

  /** Applies a host message; returns the new state, or null when there is nothing to draw yet. */
  apply(message: ToPanel): PanelState | null {
    if (message.type === 'state') this.current = message.state;
    else if (this.current) this.current = applyToPanelState(this.current, message);
    else return null; // an increment before the first full state: nothing to apply it to
    this.save();
    return this.current;
  }

  /** Saves at most once per throttle interval, and always the latest state. */
  private save(): void {
    this.dirty = true;
    if (this.timer !== undefined) return;
    this.flush();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.dirty) this.save();
    }, this.throttleMs);
  }

  flush(): void {
    if (!this.dirty || !this.current) return;
    this.dirty = false;
    this.persistence.setState(this.current);
  }
}
