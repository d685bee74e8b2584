// worker_threads entry: trains one model of a comparison off the caller's thread and
// streams its epochs. One worker per model, so the models of a comparison use all cores.

import { parentPort, workerData } from 'worker_threads';
import { resolveEngine, trainModel, TrainingDivergedError } from '../core/model/train';
import { isCancelled } from '../core/errors';
import type { FromTrainingWorker, ToTrainingWorker } from '../shared/protocol';
import { lowerThreadPriority } from './threadPriority';
import { linearReferenceLogits } from '../core/reference/linearReference';
import type { TrainingThreadData } from './trainingPool';

function post(message: FromTrainingWorker, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

async function handle(message: ToTrainingWorker): Promise<void> {
  switch (message.type) {
    case 'train': {
      const { job } = message;
      // The WebAssembly SIMD kernel trains unless the TensorFlow.js CPU backend was asked for
      // (or the kernel cannot run here); TensorFlow.js starts only when it will train.
      const settings = { ...job.settings, engine: job.settings.engine ?? (job.preferredBackend === 'cpu' ? 'tfjs' : undefined) };
      // TensorFlow.js is loaded only when it trains: threads training with the kernel skip its start-up.
      const backend = resolveEngine(settings) === 'kernel' ? 'wasm-kernel' : await (await import('../core/model/tfBackend')).initialiseBackend(job.preferredBackend, job.wasmDirectory);
      try {
        const output = trainModel(
          { width: job.width, train: job.train, validation: job.validation, test: job.test, gridInputs: job.gridInputs },
          settings,
          {
            shouldStop: () => Atomics.load(job.stopFlag, 0) !== 0,
            onEpoch: (report) => post({ type: 'epoch', report }),
            onBatch: job.reportBatches === false ? undefined : (report) => post({ type: 'batch', report }),
          },
        );
        const transfer = [output.validationLogits.buffer, output.testLogits.buffer, ...(output.gridLogits ? [output.gridLogits.buffer] : [])] as ArrayBuffer[];
        post({ type: 'finished', output, backend }, transfer);
      } catch (error) {
        if (isCancelled(error)) post({ type: 'cancelled' });
        else if (error instanceof TrainingDivergedError) post({ type: 'failed', message: error.message, reason: 'diverged' });
        else post({ type: 'failed', message: `Training failed: ${error instanceof Error ? error.message : String(error)}`, reason: 'error' });
      }
      return;
    }
    case 'reference': {
      const { job } = message;
      // The fit checks this between iterations: a cancel stops it as it stops training.
      const stop = { get aborted() { return Atomics.load(job.stopFlag, 0) !== 0; } } as AbortSignal;
      try {
        const { testLogits, validationLogits } = linearReferenceLogits(job, stop);
        post({ type: 'reference-finished', testLogits, validationLogits }, [testLogits.buffer, validationLogits.buffer] as ArrayBuffer[]);
      } catch (error) {
        if (isCancelled(error)) post({ type: 'cancelled' });
        else post({ type: 'failed', message: `The logistic-regression reference failed: ${error instanceof Error ? error.message : String(error)}`, reason: 'error' });
      }
      return;
    }
    default: {
      const unexpected: never = message;
      throw new Error(`unknown message ${String(unexpected)}`);
    }
  }
}

if (!parentPort) throw new Error('trainingWorker must run in a worker thread');
// Low unless the caller asked for normal (the CLI); a thread started without data is low too.
if ((workerData as TrainingThreadData | undefined)?.priority !== 'normal') lowerThreadPriority();
parentPort.on('message', (message: ToTrainingWorker) => {
  void handle(message);
});
