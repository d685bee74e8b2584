// Runs training jobs in worker_threads, a few at a time, and turns a worker's end
// (finished, failed, cancelled, crashed) into a settled promise.

import * as path from 'path';
import { Worker } from 'worker_threads';
import { CancelledError } from '../core/errors';
import type { EpochReport, TrainingOutput } from '../core/model/train';
import type { FromTrainingWorker, ToTrainingWorker, TrainingJob } from '../shared/protocol';

/** A model failed on its own (diverged, crashed); the other models of the comparison go on. */
export class RunFailedError extends Error {
  override readonly name = 'RunFailedError';
}

/** After a cancel, a worker gets this long to stop before its thread is terminated. */
export const STOP_GRACE_MS = 250;

export function defaultWorkerScript(): string {
  return path.join(__dirname, 'trainingWorker.js');
}

let liveWorkers = 0;

/** Training threads started and not yet ended (for tests and diagnostics). */
export function liveTrainingWorkers(): number {
  return liveWorkers;
}

export interface WorkerRunOptions {
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport) => void;
  workerScript?: string;
}

export function trainInWorker(job: TrainingJob, options: WorkerRunOptions = {}): Promise<{ output: TrainingOutput; backend: string }> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const worker = new Worker(options.workerScript ?? defaultWorkerScript());
    liveWorkers++;
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;
    // Settles only once the thread is gone, so a settled run never leaves a worker behind.
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (graceTimer) clearTimeout(graceTimer);
      void worker.terminate().finally(() => {
        liveWorkers--;
        outcome();
      });
    };
    const onAbort = () => {
      Atomics.store(job.stopFlag, 0, 1);
      // The worker checks the flag before every batch; terminate it if it does not answer in time.
      graceTimer = setTimeout(() => finish(() => reject(new CancelledError())), STOP_GRACE_MS);
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromTrainingWorker) => {
      switch (message.type) {
        case 'epoch':
          if (!settled) options.onEpoch?.(message.report);
          break;
        case 'finished':
          finish(() => resolve({ output: message.output, backend: message.backend }));
          break;
        case 'failed':
          finish(() => reject(new RunFailedError(message.message)));
          break;
        case 'cancelled':
          finish(() => reject(new CancelledError()));
          break;
        default: {
          const unexpected: never = message;
          finish(() => reject(new RunFailedError(`Unexpected message from the training worker: ${JSON.stringify(unexpected)}`)));
        }
      }
    });
    worker.on('error', (error) => finish(() => reject(new RunFailedError(crashMessage(error)))));
    worker.on('exit', (code) =>
      finish(() => reject(options.signal?.aborted ? new CancelledError() : new RunFailedError(`The training worker stopped unexpectedly (exit code ${code}); ${RETRY_ADVICE}`))),
    );
    const message: ToTrainingWorker = { type: 'train', job };
    worker.postMessage(message);
  });
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
