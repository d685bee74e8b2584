// The host's handle on the comparison worker thread: starts it lazily, pairs replies with
// requests by id, and turns an AbortSignal into a cancel message (and, if the worker does
// not answer in time, into terminating it).

import * as path from 'path';
import { Worker } from 'worker_threads';
import type { TableInspection } from '../core/dataset/inspect';
import type { ComparisonEvent, FromComparisonWorker, ToComparisonWorker } from '../shared/protocol';
import type { AnyPanelResults } from '../shared/webviewProtocol';
import { hostWork } from './hostWork';

export interface CompletedComparison {
  results: AnyPanelResults;
}
import type { ComparisonRequest } from '../shared/protocol';

export class RunError extends Error {
  constructor(
    readonly kind: 'input' | 'cancelled' | 'internal',
    message: string,
  ) {
    super(message);
    this.name = kind === 'cancelled' ? 'AbortError' : 'RunError';
  }
}

/** A cancelled request must settle within this time, or the worker (and its training threads) is terminated. */
export const CANCEL_DEADLINE_MS = 1000;

interface Pending {
  onEvent?: (event: ComparisonEvent) => void;
  resolve: (value: CompletedComparison | TableInspection | AnyPanelResults) => void;
  reject: (error: RunError) => void;
}

export class ComparisonClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;

  constructor(private readonly distDirectory: string) {}

  inspect(file: string, options: { target?: string; maxFileBytes: number; missingValues?: string[]; signal?: AbortSignal }): Promise<TableInspection> {
    return this.request<TableInspection>(
      (id) => ({ type: 'inspect', id, file, target: options.target, maxFileBytes: options.maxFileBytes, missingValues: options.missingValues }),
      options.signal,
    );
  }

  /** A stored results.json as the panel shows it, read and parsed in the worker. */
  loadResults(file: string): Promise<AnyPanelResults> {
    return this.request<AnyPanelResults>((id) => ({ type: 'load-results', id, file }));
  }

  /** With resultsFile, the worker writes the complete results.json there before answering. */
  compare(request: ComparisonRequest, options: { signal?: AbortSignal; onEvent?: (event: ComparisonEvent) => void; resultsFile?: string }): Promise<CompletedComparison> {
    return this.request<CompletedComparison>((id) => ({ type: 'compare', id, request, resultsFile: options.resultsFile }), options.signal, options.onEvent);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new RunError('cancelled', 'Focal Lab was shut down.'));
  }

  private request<T extends CompletedComparison | TableInspection | AnyPanelResults>(build: (id: string) => ToComparisonWorker, signal?: AbortSignal, onEvent?: (event: ComparisonEvent) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new RunError('cancelled', 'The run was cancelled.'));
        return;
      }
      const id = String(this.nextId++);
      const worker = this.ensureWorker();
      let deadline: NodeJS.Timeout | undefined;
      const onAbort = () => {
        worker.postMessage({ type: 'cancel', id } satisfies ToComparisonWorker);
        deadline = setTimeout(() => {
          // The worker did not stop in time: end it, with every run it holds.
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
          this.failAll(new RunError('cancelled', 'The run was cancelled.'));
        }, CANCEL_DEADLINE_MS);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        signal?.removeEventListener('abort', onAbort);
        if (deadline) clearTimeout(deadline);
      };
      this.pending.set(id, {
        onEvent,
        resolve: (value) => {
          settle();
          resolve(value as T);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      worker.postMessage(build(id));
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(this.distDirectory, 'comparisonWorker.js'));
    worker.on('message', (message: FromComparisonWorker) =>
      hostWork.run(`worker → host: ${message.type === 'event' ? message.event.type : message.type}`, () => this.onMessage(message), { value: message, encoding: 'structured-clone' }),
    );
    worker.on('error', (error) => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new RunError('internal', `The comparison worker crashed: ${error.message}`));
    });
    worker.on('exit', () => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.failAll(new RunError('internal', 'The comparison worker stopped unexpectedly.'));
      }
    });
    // The worker must not keep the extension host alive on shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onMessage(message: FromComparisonWorker): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.type) {
      case 'event':
        pending.onEvent?.(message.event);
        return;
      case 'inspected':
        this.pending.delete(message.id);
        pending.resolve(message.inspection);
        return;
      case 'results':
        this.pending.delete(message.id);
        pending.resolve({ results: message.results });
        return;
      case 'loaded':
        this.pending.delete(message.id);
        pending.resolve(message.results);
        return;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(new RunError(message.kind, message.message));
        return;
      default: {
        const unexpected: never = message;
        void unexpected;
      }
    }
  }

  private failAll(error: RunError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const pending of all) pending.reject(error);
  }
}
