// Draws a run's results a section at a time, each in a task of its own, so that no redraw holds
// the page's thread for long. In VS Code for the Web (code-server) the panel's frame runs on the
// editor's own thread: the results arriving were one task of 600–800 ms on a 2-core machine, and
// typing in an editor paused for as long. Between two steps the browser handles input and paints.

type Step = () => void;

interface PostTaskScheduler {
  postTask(callback: () => void, options?: { priority?: 'user-blocking' | 'user-visible' | 'background' }): Promise<unknown>;
}

/** The next task: Chromium's scheduler when there is one (no 4 ms clamp), else a timer. */
function nextTask(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: PostTaskScheduler }).scheduler;
  if (scheduler?.postTask) void scheduler.postTask(callback, { priority: 'user-visible' }).catch(() => undefined);
  else setTimeout(callback, 0);
}

export class StagedDrawing {
  private generation = 0;

  /** `busy` carries aria-busy while steps are pending: assistive technology waits, and so can tests. */
  constructor(private readonly busy: HTMLElement) {}

  /**
   * Runs the first step now and each later one in a task of its own, in order. A new `run` or a
   * `cancel` drops the steps not yet run (their sections would belong to a superseded drawing).
   */
  run(steps: Step[]): void {
    const generation = ++this.generation;
    const queue = [...steps];
    const advance = (): void => {
      if (generation !== this.generation) return;
      const step = queue.shift();
      if (step) {
        try {
          step();
        } catch (error) {
          // One section failing must not leave the rest undrawn.
          console.error('Focal Lab panel: drawing a section failed', error);
        }
      }
      if (queue.length && generation === this.generation) nextTask(advance);
      else if (generation === this.generation) this.busy.removeAttribute('aria-busy');
    };
    this.busy.setAttribute('aria-busy', 'true');
    advance();
  }

  cancel(): void {
    this.generation++;
    this.busy.removeAttribute('aria-busy');
  }
}
