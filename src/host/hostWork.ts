// Counts the work Focal Lab does on the extension host thread: each handler that runs there
// (a worker message relayed, a message posted to a webview, a history file parsed) records how
// long it ran synchronously and, when asked, how many bytes it handled.
//
// Why: the host thread is shared by every extension and the editor's language features. The
// CI tests assert on what does not depend on machine speed (bytes per message, messages per
// epoch, whether a whole results file is parsed here); the times are reported for people, and
// `npm run bench` measures the event loop itself.

import { serialize } from 'v8';

export interface HandlerWork {
  calls: number;
  /** Wall time spent synchronously in the handler, summed and largest (informational: machine-dependent). */
  totalMs: number;
  maxMs: number;
  /** Bytes of the payload handled, when `measureBytes` is on (0 otherwise). */
  totalBytes: number;
  maxBytes: number;
}

export type PayloadEncoding = 'json' | 'structured-clone';

export class HostWorkMeter {
  private readonly handlers = new Map<string, HandlerWork>();
  /**
   * Measuring a payload costs a serialisation of it, so only tests switch this on. Sizes are of
   * the encoding the payload really crosses: JSON for webviews, structured clone for workers.
   */
  measureBytes = false;

  /** Runs `work` and records it under `handler`; `payload` is measured only when measureBytes is on. */
  run<T>(handler: string, work: () => T, payload?: { value: unknown; encoding: PayloadEncoding }): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      const elapsed = performance.now() - started;
      this.record(handler, elapsed, payload && this.measureBytes ? sizeOf(payload.value, payload.encoding) : 0);
    }
  }

  /** Records work whose bytes are already known (a file read as text, for example). */
  record(handler: string, elapsedMs: number, bytes = 0): void {
    const entry = this.handlers.get(handler) ?? { calls: 0, totalMs: 0, maxMs: 0, totalBytes: 0, maxBytes: 0 };
    entry.calls++;
    entry.totalMs += elapsedMs;
    entry.maxMs = Math.max(entry.maxMs, elapsedMs);
    entry.totalBytes += bytes;
    entry.maxBytes = Math.max(entry.maxBytes, bytes);
    this.handlers.set(handler, entry);
  }

  snapshot(): Record<string, HandlerWork> {
    return Object.fromEntries([...this.handlers].map(([name, work]) => [name, { ...work }]));
  }

  reset(): void {
    this.handlers.clear();
  }
}

function sizeOf(value: unknown, encoding: PayloadEncoding): number {
  if (encoding === 'json') return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  return serialize(value).byteLength;
}

/** The one meter of this extension host (the panels are static, so the meter is too). */
export const hostWork = new HostWorkMeter();
