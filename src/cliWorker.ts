// The CLI's engine thread: reads, prepares, trains, evaluates and writes the output set into its
// temporary folder, while the CLI's main thread only draws progress and answers signals. Long
// synchronous stretches (preparing a large file, the bootstrap, rendering the reports) then
// never delay a Ctrl-C: the main thread can always stop this thread and exit.

import { parentPort, workerData } from 'worker_threads';
import { isCancelled, isInputError } from './core/errors';
import { prepareComparisonOutputs, resultsToJson, type PreparedOutputs } from './core/output';
import type { MulticlassComparisonResults } from './core/multiclassResults';
import type { ComparisonResults } from './core/results';
import type { ComparisonEvent, ComparisonRequest } from './shared/protocol';
import { runAnyComparison } from './worker/runComparison';

export interface CliJob {
  request: ComparisonRequest;
  /** Output folder; undefined: nothing is written. */
  out?: string;
  /** Also send results.json's text (for --json). */
  wantJson: boolean;
  /** The terminal shows progress within each epoch (else the training threads do not send it). */
  batchProgress: boolean;
}

export type ToCliWorker = { type: 'cancel' };

export type FromCliWorker =
  | { type: 'event'; event: ComparisonEvent }
  /** Only with FOCAL_LAB_TEST_STALL (see stallForTests). */
  | { type: 'stalled'; stage: string }
  /**
   * The set is in its temporary folder; the main thread moves it into place. `results` only for
   * the terminal table: with --json the text is all the main thread prints, and copying the
   * results object across threads (every fold's predictions) cost as much as writing them.
   */
  | { type: 'done'; results?: ComparisonResults | MulticlassComparisonResults; notices: string[]; allFailed: boolean; json?: string; prepared?: PreparedOutputs }
  | { type: 'error'; kind: 'input' | 'cancelled' | 'internal'; message: string; stack?: string };

function post(message: FromCliWorker): void {
  parentPort!.postMessage(message);
}

/**
 * For the signal tests: FOCAL_LAB_TEST_STALL=reading|preparing|training|evaluating|writing makes
 * this thread spin synchronously when it gets there (for 'writing', once the first file of the set
 * is written), as a very large file would keep it busy, so the tests can show that Ctrl-C and
 * SIGTERM still end the CLI and what they leave behind, whatever the machine's speed.
 */
function stallForTests(stage: string): void {
  if (process.env.FOCAL_LAB_TEST_STALL !== stage) return;
  post({ type: 'stalled', stage });
  for (;;) {
    // Busy, as a long synchronous step is; only the main thread can end this.
  }
}

async function run(job: CliJob, signal: AbortSignal): Promise<void> {
  try {
    const results = await runAnyComparison(job.request, {
      signal,
      batchProgress: job.batchProgress,
      onEvent: (event) => {
        post({ type: 'event', event });
        if (event.type === 'stage') stallForTests(event.stage);
      },
    });
    const json = job.wantJson || job.out ? resultsToJson(results) : undefined;
    const prepared = job.out ? await prepareComparisonOutputs(results, job.out, { signal, resultsJson: json, afterFile: () => stallForTests('writing') }) : undefined;
    post({
      type: 'done',
      results: job.wantJson ? undefined : results,
      notices: results.dataset.notices,
      allFailed: results.runs.every((run) => run.status === 'failed'),
      json: job.wantJson ? json : undefined,
      prepared,
    });
  } catch (error) {
    if (isCancelled(error)) post({ type: 'error', kind: 'cancelled', message: 'cancelled' });
    else if (isInputError(error)) post({ type: 'error', kind: 'input', message: error.message });
    else post({ type: 'error', kind: 'internal', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined });
  }
}

if (!parentPort) throw new Error('cliWorker must run in a worker thread');
const controller = new AbortController();
parentPort.on('message', (message: ToCliWorker) => {
  if (message.type === 'cancel') controller.abort();
});
void run(workerData as CliJob, controller.signal).then(() => parentPort!.close());
