// worker_threads entry for the extension host: runs a whole comparison (reading the CSV,
// preparing it, starting the training workers, evaluating) so the host thread only relays
// messages and is never blocked by a large file.

import { parentPort } from 'worker_threads';
import { sampleCsvFile } from '../core/csv';
import { inspectTable } from '../core/dataset/inspect';
import { isCancelled, isInputError } from '../core/errors';
import type { FromComparisonWorker, ToComparisonWorker } from '../shared/protocol';
import * as fs from 'fs';
import * as path from 'path';
import { resultsToJson, writeFileAtomically } from '../core/output';
import type { MulticlassComparisonResults } from '../core/multiclassResults';
import type { ComparisonResults } from '../core/results';
import { upgradeResults } from '../core/resultsUpgrade';
import { stripTestPredictions } from '../shared/webviewProtocol';
import { runAnyComparison } from './runComparison';
import { lowerThreadPriority } from './threadPriority';

const controllers = new Map<string, AbortController>();

function post(message: FromComparisonWorker): void {
  parentPort!.postMessage(message);
}

function reportError(id: string, error: unknown): void {
  if (isCancelled(error)) post({ type: 'error', id, kind: 'cancelled', message: 'The run was cancelled.' });
  else if (isInputError(error)) post({ type: 'error', id, kind: 'input', message: error.message });
  else post({ type: 'error', id, kind: 'internal', message: error instanceof Error ? error.message : String(error) });
}

async function handle(message: ToComparisonWorker): Promise<void> {
  switch (message.type) {
    case 'inspect': {
      const controller = new AbortController();
      controllers.set(message.id, controller);
      try {
        // A sample is enough to choose the target and positive class: the comparison reads the file whole anyway.
        const table = await sampleCsvFile(message.file, { signal: controller.signal, maxBytes: message.maxFileBytes, missingValues: message.missingValues });
        post({ type: 'inspected', id: message.id, inspection: inspectTable(table, message.target) });
      } catch (error) {
        reportError(message.id, error);
      } finally {
        controllers.delete(message.id);
      }
      return;
    }
    case 'compare': {
      const controller = new AbortController();
      controllers.set(message.id, controller);
      try {
        // The task the target calls for: one multi-class model for 3+ classes unless a positive class is named.
        const results = await runAnyComparison(message.request, {
          signal: controller.signal,
          onEvent: (event) => post({ type: 'event', id: message.id, event }),
        });
        // Serialising and writing here keeps a large results.json (every test prediction) off the host thread.
        if (message.resultsFile) {
          await fs.promises.mkdir(path.dirname(message.resultsFile), { recursive: true });
          await writeFileAtomically(message.resultsFile, resultsToJson(results));
        }
        post({ type: 'results', id: message.id, results: stripTestPredictions(results) });
      } catch (error) {
        reportError(message.id, error);
      } finally {
        controllers.delete(message.id);
      }
      return;
    }
    case 'cancel':
      controllers.get(message.id)?.abort();
      return;
    case 'load-results':
      try {
        // A stored multi-class run is returned as it is (upgradeResults passes the current schema through).
        const results: ComparisonResults | MulticlassComparisonResults = upgradeResults(JSON.parse(await fs.promises.readFile(message.file, 'utf8')));
        post({ type: 'loaded', id: message.id, results: stripTestPredictions(results) });
      } catch (error) {
        reportError(message.id, error);
      }
      return;
    default: {
      const unexpected: never = message;
      throw new Error(`unknown message ${JSON.stringify(unexpected)}`);
    }
  }
}

if (!parentPort) throw new Error('comparisonWorker must run in a worker thread');
lowerThreadPriority();
parentPort.on('message', (message: ToComparisonWorker) => {
  void handle(message);
});
