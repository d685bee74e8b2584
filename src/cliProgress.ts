// The CLI's live progress on a terminal: one line, redrawn at most ~10 times a second: the fold
// each run is on, and a bar per run over all its fits (folds × repeats).

import type { ComparisonEvent } from './shared/protocol';

const REDRAW_MS = 100;

export class ProgressDisplay {
  private stage = 'starting';
  private readFraction = 0;
  private readonly runs = new Map<string, { fitsDone: number; fits: number; fitIndex: number; epoch: number; epochs: number; state: 'training' | 'done' | 'failed' }>();
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
      case 'run-started': {
        const run = this.runs.get(event.runId) ?? { fitsDone: 0, fits: event.fits, fitIndex: 0, epoch: 0, epochs: 0, state: 'training' as const };
        this.runs.set(event.runId, { ...run, fitIndex: event.fitIndex, epoch: 0 });
        break;
      }
      case 'epoch': {
        const run = this.runs.get(event.runId);
        if (run) this.runs.set(event.runId, { ...run, epoch: event.epoch, epochs: event.epochs });
        break;
      }
      case 'batch-progress': {
        // Within an epoch: the bar moves on a large file instead of waiting for the epoch's end.
        const run = this.runs.get(event.runId);
        if (run) this.runs.set(event.runId, { ...run, epoch: event.epoch - 1 + event.batch / event.batches });
        break;
      }
      case 'fit-finished': {
        const run = this.runs.get(event.runId);
        if (run) this.runs.set(event.runId, { ...run, fitsDone: run.fitsDone + 1, state: run.fitsDone + 1 >= run.fits ? 'done' : run.state });
        break;
      }
      case 'run-failed': {
        const run = this.runs.get(event.runId);
        this.runs.set(event.runId, { ...(run ?? { fitsDone: 0, fits: 0, fitIndex: 0, epoch: 0, epochs: 0 }), state: 'failed' });
        break;
      }
      default: {
        const unexpected: never = event;
        void unexpected;
      }
    }
    const now = Date.now();
    if (now - this.lastDraw >= REDRAW_MS || event.type === 'fit-finished' || event.type === 'stage') {
      this.lastDraw = now;
      this.draw();
    }
  }

  private draw(): void {
    const width = Math.max(40, (this.stream.columns ?? 80) - 1);
    let line: string;
    if (this.stage === 'reading') line = `reading ${bar(this.readFraction, 20)} ${Math.round(this.readFraction * 100)}%`;
    else if (this.runs.size === 0) line = `${this.stage}…`;
    else {
      line = Array.from(this.runs, ([id, p]) => {
        if (p.state === 'failed') return `${id} failed`;
        if (p.state === 'done') return `${id} ${bar(1, 10)} done`;
        // Early stopping can end a fit before its last epoch: a finished fit counts whole.
        const fraction = p.fits > 0 ? (p.fitsDone + (p.epochs > 0 ? p.epoch / p.epochs : 0)) / p.fits : 0;
        return `${id} ${bar(fraction, 10)} fold ${p.fitIndex + 1}/${p.fits}`;
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
