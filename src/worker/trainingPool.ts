// Runs training jobs in worker_threads, a few at a time, and turns a worker's end
// (finished, failed, cancelled, crashed) into a settled promise.

import * as path from 'path';
import { Worker } from 'worker_threads';
import { CancelledError } from '../core/errors';
import type { BatchReport, EpochReport, TrainingOutput } from '../core/model/train';
import type { FromTrainingWorker, ReferenceJob, ToTrainingWorker, TrainingJob } from '../shared/protocol';

/** A model failed on its own (diverged, crashed); the other models of the comparison go on. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

/** After a cancel, a worker gets this long to stop before its thread is terminated. */
export const STOP_GRACE_MS = 250;

export function defaultWorkerScript(): string {
  return path.join(__dirname, 'trainingWorker.js');
}

/** What a training thread is started with. */
export interface TrainingThreadData {
  priority: 'low' | 'normal';
}

let liveWorkers = 0;

/** Training threads started and not yet ended (for tests and diagnostics). */
export function liveTrainingWorkers(): number {
  return liveWorkers;
}

export interface WorkerRunOptions {
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
  onBatch?: (report: BatchReport) => void;
  workerScript?: string;
}

/**
 * The training threads of one comparison. A thread trains one fit at a time and is kept for
 * the next one: a cross-validated comparison runs folds × losses fits, and starting a thread
 * (loading the bundle, compiling the kernel) costs more than a small fit. A thread that crashes
 * or is terminated after a cancel is replaced; close() ends them all.
 */
export class TrainingThreads {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly workerScript: string = defaultWorkerScript(),
    private readonly priority: 'low' | 'normal' = 'low',
  ) {}

  run(job: TrainingJob, options: Omit<WorkerRunOptions, 'workerScript'> = {}): Promise<{ output: TrainingOutput; backend: string }> {
    return this.dispatch({ type: 'train', job }, job.stopFlag, options).then((done) => {
      if (done.type !== 'finished') throw new RunFailedError('The training worker answered a training job with a reference.');
      return { output: done.output, backend: done.backend };
    });
  }

  /** The fold's logistic-regression reference, fitted in a thread: the caller's event loop stays free. */
  fitReference(job: ReferenceJob, options: Pick<WorkerRunOptions, 'signal'> = {}): Promise<{ testLogits: Float64Array; validationLogits: Float64Array }> {
    return this.dispatch({ type: 'reference', job }, job.stopFlag, options).then((done) => {
      if (done.type !== 'reference-finished') throw new RunFailedError('The training worker answered a reference job with a model.');
      return { testLogits: done.testLogits, validationLogits: done.validationLogits };
    });
  }

  private dispatch(message: ToTrainingWorker, stopFlag: Int32Array, options: Omit<WorkerRunOptions, 'workerScript'>): Promise<Extract<FromTrainingWorker, { type: 'finished' | 'reference-finished' }>> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted || this.closed) {
        reject(new CancelledError());
        return;
      }
      const worker = this.idle.pop() ?? this.spawn();
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const detach = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.signal?.removeEventListener('abort', onAbort);
        if (graceTimer) clearTimeout(graceTimer);
      };
      /** The job is over and the thread can train the next one. */
      const release = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        detach();
        if (this.closed) void this.end(worker);
        else this.idle.push(worker);
        outcome();
      };
      /** The thread is gone or must go: settle once it has ended. */
      const discard = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        detach();
        void this.end(worker).finally(outcome);
      };
      const onAbort = () => {
        Atomics.store(stopFlag, 0, 1);
        graceTimer = setTimeout(() => discard(() => reject(new CancelledError())), STOP_GRACE_MS);
      };
      const onMessage = (message: FromTrainingWorker) => {
        switch (message.type) {
          case 'epoch':
            if (!settled) options.onEpoch?.(message.report);
            break;
          case 'batch':
            if (!settled) options.onBatch?.(message.report);
            break;
          case 'finished':
          case 'reference-finished':
            release(() => resolve(message));
            break;
          case 'failed':
            release(() => reject(new RunFailedError(message.message)));
            break;
          case 'cancelled':
            release(() => reject(new CancelledError()));
            break;
          default: {
            const unexpected: never = message;
            discard(() => reject(new RunFailedError(`Unexpected message from the training worker: ${JSON.stringify(unexpected)}`)));
          }
        }
      };
      const onError = (error: Error) => discard(() => reject(new RunFailedError(crashMessage(error))));
      const onExit = (code: number) =>
        discard(() => reject(options.signal?.aborted ? new CancelledError() : new RunFailedError(`The training worker stopped unexpectedly (exit code ${code}); ${RETRY_ADVICE}`)));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(message);
    });
  }

  /**
   * Starts threads until `count` are live, to wait idle for jobs: a thread loads its bundle
   * (about half a second) while the caller reads and prepares the data, not after.
   */
  prestart(count: number): void {
    while (!this.closed && this.live.size < count) this.idle.push(this.spawn());
  }

  /** Ends every thread; resolves when they are gone. */
  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    await Promise.all([...this.live].map((worker) => this.end(worker)));
  }

  private spawn(): Worker {
    const worker = new Worker(this.workerScript, { workerData: { priority: this.priority } satisfies TrainingThreadData });
    liveWorkers++;
    this.live.add(worker);
    // A thread may also end between jobs (a crash): forget it and count it gone.
    worker.on('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.live.delete(worker)) liveWorkers--;
    });
    return worker;
  }

  private async end(worker: Worker): Promise<void> {
    if (!this.live.delete(worker)) return;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    try {
      await worker.terminate();
    } finally {
      liveWorkers--;
    }
  }
}

/** One fit in a thread of its own, ended when the fit settles. */
export async function trainInWorker(job: TrainingJob, options: WorkerRunOptions = {}): Promise<{ output: TrainingOutput; backend: string }> {
  const threads = new TrainingThreads(options.workerScript);
  try {
    return await threads.run(job, options);
  } finally {
    await threads.close();
  }
}

const RETRY_ADVICE = 'run the comparison again, and report the problem if it happens again.';

/** One sentence for a worker's uncaught error: what happened and what to do. */
function crashMessage(error: Error): string {
  if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return 'The training worker ran out of memory; use smaller hidden layers, fewer columns or rows, or fewer losses at once.';
  }
  const detail = error.message.replace(/[.\s]+$/, '');
  return `The training worker crashed (${detail}); ${RETRY_ADVICE}`;
}

/** Runs tasks with at most `limit` at once, in order of start; resolves when all have settled. */
export async function runWithConcurrency<T>(tasks: (() => Promise<T>)[], limit: number): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await tasks[index]() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
  return results;
}
