// The CLI's live progress on a terminal: one line, redrawn at most ~10 times a second,
// with a bar per model (epochs done / total).

import type { ComparisonEvent } from './shared/protocol';

const REDRAW_MS = 100;

export class ProgressDisplay {
  private stage = 'starting';
  private readFraction = 0;
  private readonly epochs = new Map<string, { done: number; total: number; state: string }>();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update(event: ComparisonEvent): void {
    switch (event.type) {
      case 'stage':
        this.stage = event.stage;
        break;
      case 'read-progress':
        this.readFraction = event.totalBytes > 0 ? event.bytesRead / event.totalBytes : 0;
        break;
      case 'dataset':
        break;
      case 'run-started':
        this.epochs.set(event.loss, { done: 0, total: 0, state: 'training' });
        break;
      case 'epoch':
        this.epochs.set(event.loss, { done: event.epoch, total: event.epochs, state: 'training' });
        break;
      case 'run-finished':
        this.epochs.set(event.run.loss, { done: event.run.epochsRun, total: event.run.epochsRun, state: 'done' });
        break;
      case 'run-failed':
        this.epochs.set(event.loss, { done: 0, total: 0, state: 'failed' });
        break;
      default: {
        const unexpected: never = event;
        void unexpected;
      }
    }
    const now = Date.now();
    if (now - this.lastDraw >= REDRAW_MS || event.type === 'run-finished' || event.type === 'stage') {
      this.lastDraw = now;
      this.draw();
    }
  }

  private draw(): void {
    const width = Math.max(40, (this.stream.columns ?? 80) - 1);
    let line: string;
    if (this.stage === 'reading') line = `reading ${bar(this.readFraction, 20)} ${Math.round(this.readFraction * 100)}%`;
    else if (this.epochs.size === 0) line = `${this.stage}…`;
    else {
      line = Array.from(this.epochs, ([loss, p]) => {
        if (p.state === 'failed') return `${loss} failed`;
        const fraction = p.total > 0 ? p.done / p.total : 0;
        return `${loss} ${bar(fraction, 10)} ${p.done}/${p.total || '?'}`;
      }).join('  ');
    }
    this.stream.write(`\r\x1b[2K${line.slice(0, width)}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function bar(fraction: number, cells: number): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
