// Finished runs, kept as files in the extension's workspace storage: <id>.json holds the full
// results, <id>.meta.json a small summary for the Runs view. Both are written atomically
// (temporary file, then rename), the meta file last, so a run is listed only when complete.
// Unreadable or foreign files are skipped with a warning, never a failure to start.

import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomically } from '../core/output';
import type { ComparisonResults } from '../core/results';
import { upgradeResults } from '../core/resultsUpgrade';
import type { RunSource } from '../shared/runIdentity';
import { hostWork } from './hostWork';

/** JSON.parse on the host thread, counted: a whole results.json parsed here blocks the editor. */
function parseOnHost<T>(what: string, text: string): T {
  const started = performance.now();
  try {
    return JSON.parse(text) as T;
  } finally {
    hostWork.record(`history: parse ${what}`, performance.now() - started, Buffer.byteLength(text, 'utf8'));
  }
}

import type { PTrueHistogram } from '../shared/webviewProtocol';

export interface StoredRunSummary {
  id: string;
  kind: 'comparison' | 'sweep';
  /** Absolute path of the CSV. */
  file: string;
  fileName: string;
  createdAt: string;
  losses: string[];
  /** Short headline, e.g. "highest mean PR-AUC 0.677 (BCE, 5 folds)". */
  headline: string;
  /** The verdict sentence (results.verdict.text). */
  verdict: string;
  positiveClass: string;
  negativeClass: string;
  /** What alpha 'auto' came to (negatives / all rows of the training split). */
  autoAlpha?: number;
  /** A multi-class run: its classes in order, and the weight auto alpha gave each (when it used auto). */
  classes?: string[];
  autoAlphaPerClass?: number[];
  /** The file, settings and run number it ran with (absent for runs stored by an older Focal Lab). */
  source?: RunSource;
  /** How the training rows' p_t spread (10 bins) under the baseline loss at its kept epoch: the side bar overlays it on the loss shapes. */
  pTrueHistogram?: PTrueHistogram;
}

export interface StoredRun {
  summary: StoredRunSummary;
  /** In the current schema, whatever schema the file was written in. */
  results: ComparisonResults;
}

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export class RunStore {
  constructor(
    readonly directory: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** `resultsJson` is results.json as written by resultsToJson (serialised off the host thread). */
  async save(summary: StoredRunSummary, resultsJson: string): Promise<void> {
    if (!ID_PATTERN.test(summary.id)) throw new Error(`bad run id ${summary.id}`);
    await fs.promises.mkdir(this.directory, { recursive: true });
    await writeFileAtomically(this.resultsPath(summary.id), resultsJson);
    await writeFileAtomically(this.metaPath(summary.id), JSON.stringify(summary, null, 2) + '\n');
  }

  /** Where a run's results.json goes; the comparison worker writes it there itself (atomically). */
  resultsFile(id: string): string {
    if (!ID_PATTERN.test(id)) throw new Error(`bad run id ${id}`);
    return this.resultsPath(id);
  }

  /** Lists a run whose results file is already in place (written by the comparison worker). */
  async saveSummary(summary: StoredRunSummary): Promise<void> {
    if (!fs.existsSync(this.resultsFile(summary.id))) throw new Error(`the results of run ${summary.id} are missing`);
    await writeFileAtomically(this.metaPath(summary.id), JSON.stringify(summary, null, 2) + '\n');
  }

  async list(): Promise<StoredRunSummary[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.directory);
    } catch {
      return [];
    }
    const summaries: StoredRunSummary[] = [];
    for (const name of names) {
      if (!name.endsWith('.meta.json')) continue;
      const id = name.slice(0, -'.meta.json'.length);
      try {
        const summary = parseOnHost<StoredRunSummary>('run summary', await fs.promises.readFile(path.join(this.directory, name), 'utf8'));
        if (summary.id !== id || typeof summary.file !== 'string' || typeof summary.createdAt !== 'string') throw new Error('not a Focal Lab run summary');
        if (!fs.existsSync(this.resultsPath(id))) throw new Error('its results file is missing');
        summaries.push(summary);
      } catch (error) {
        this.warn(`Skipped ${name} in the run history: ${error instanceof Error ? error.message : String(error)}.`);
      }
    }
    return summaries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  /**
   * Removes what an interrupted save left behind: temporary files, and results files that no
   * summary lists (a run cancelled or killed after its results were written). Only files older
   * than `minimumAgeMs`, so a save in progress elsewhere is never touched. Returns the names removed.
   */
  async removeLeftovers(minimumAgeMs = 60 * 60 * 1000, now = Date.now()): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.promises.readdir(this.directory);
    } catch {
      return [];
    }
    const listed = new Set(names.filter((n) => n.endsWith('.meta.json')).map((n) => n.slice(0, -'.meta.json'.length)));
    const removed: string[] = [];
    for (const name of names) {
      const temporary = name.startsWith('.') && name.endsWith('.tmp');
      const unlistedResults = name.endsWith('.json') && !name.endsWith('.meta.json') && !listed.has(name.slice(0, -'.json'.length)) && ID_PATTERN.test(name.slice(0, -'.json'.length));
      if (!temporary && !unlistedResults) continue;
      const file = path.join(this.directory, name);
      try {
        if (now - (await fs.promises.stat(file)).mtimeMs < minimumAgeMs) continue;
        await fs.promises.rm(file, { force: true });
        removed.push(name);
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
    return removed;
  }

  async load(id: string): Promise<StoredRun | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    try {
      const summary = parseOnHost<StoredRunSummary>('run summary', await fs.promises.readFile(this.metaPath(id), 'utf8'));
      // Runs stored by an earlier Focal Lab (results schema 1) open in the current shape.
      const results = upgradeResults(parseOnHost<unknown>('results.json', await fs.promises.readFile(this.resultsPath(id), 'utf8')));
      return { summary, results };
    } catch (error) {
      this.warn(`Could not read run ${id}: ${error instanceof Error ? error.message : String(error)}.`);
      return undefined;
    }
  }

  /** A run's summary alone (a small file): for what needs no results, such as repeating a run. */
  async loadSummary(id: string): Promise<StoredRunSummary | undefined> {
    if (!ID_PATTERN.test(id)) return undefined;
    try {
      return parseOnHost<StoredRunSummary>('run summary', await fs.promises.readFile(this.metaPath(id), 'utf8'));
    } catch (error) {
      this.warn(`Could not read run ${id}: ${error instanceof Error ? error.message : String(error)}.`);
      return undefined;
    }
  }

  async delete(id: string): Promise<void> {
    if (!ID_PATTERN.test(id)) return;
    // Meta first: once it is gone the run is no longer listed, whatever happens next.
    await fs.promises.rm(this.metaPath(id), { force: true });
    await fs.promises.rm(this.resultsPath(id), { force: true });
  }

  private resultsPath(id: string): string {
    return path.join(this.directory, `${id}.json`);
  }

  private metaPath(id: string): string {
    return path.join(this.directory, `${id}.meta.json`);
  }
}
