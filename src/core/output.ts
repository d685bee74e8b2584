// Writes results.json, report.md and report.html as one set. The set is written into a
// temporary folder inside the output folder, then moved into place by renames made in one
// synchronous step under the folder's lock: no signal handler or other callback of this process
// runs between them, and another run never moves its files in between. An interrupted run
// leaves the previous set whole, and its temporary folder is removed (by the run itself, or by
// the next run when it was killed).

import * as fs from 'fs';
import * as path from 'path';
import { throwIfAborted } from './errors';
import { lockOutputFolder, makeFolder, outputFolderProblem, removeAbandonedOutputs, temporaryFolderOf } from './outputFolder';
import { isMulticlassResults, type MulticlassComparisonResults } from './multiclassResults';
import { renderHtmlReport, renderMarkdownReport } from './report';
import { renderMulticlassHtmlReport, renderMulticlassMarkdownReport } from './report/multiclassReport';
import type { ComparisonResults } from './results';
import { readableJson } from './readableJson';

export interface WrittenOutputs {
  resultsJson: string;
  reportMarkdown: string;
  reportHtml: string;
}

/** A set written into its temporary folder, not yet in place. */
export interface PreparedOutputs {
  directory: string;
  temporary: string;
  /** File names, each in `temporary`, to be moved into `directory`. */
  files: string[];
}

/** JSON has no NaN: undefined metrics (e.g. ROC-AUC with one class in the test split) become null. */
export function resultsToJson(results: ComparisonResults | MulticlassComparisonResults): string {
  return readableJson(results);
}

export async function writeFileAtomically(file: string, contents: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.promises.writeFile(temporary, contents, 'utf8');
    await fs.promises.rename(temporary, file);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes the output set into this process's temporary folder inside `directory` (created when
 * missing). On a cancel or an error the temporary folder is removed and nothing else changes.
 * `resultsJson` is resultsToJson(results) when the caller has it already.
 */
export async function prepareComparisonOutputs(
  results: ComparisonResults | MulticlassComparisonResults,
  directory: string,
  options: { signal?: AbortSignal; resultsJson?: string; /** @internal for tests: called after each file is written. */ afterFile?: () => void } = {},
): Promise<PreparedOutputs> {
  await makeFolder(directory);
  const temporary = temporaryFolderOf(directory);
  const contents: [string, () => string][] = [
    ['results.json', () => options.resultsJson ?? resultsToJson(results)],
    ['report.md', () => (isMulticlassResults(results) ? renderMulticlassMarkdownReport(results) : renderMarkdownReport(results))],
    ['report.html', () => (isMulticlassResults(results) ? renderMulticlassHtmlReport(results) : renderHtmlReport(results))],
  ];
  try {
    await fs.promises.rm(temporary, { recursive: true, force: true });
    await fs.promises.mkdir(temporary);
    for (const [name, render] of contents) {
      throwIfAborted(options.signal);
      await fs.promises.writeFile(path.join(temporary, name), render(), 'utf8');
      options.afterFile?.();
    }
    throwIfAborted(options.signal);
  } catch (error) {
    await fs.promises.rm(temporary, { recursive: true, force: true }).catch(() => undefined);
    throw (error as NodeJS.ErrnoException).code ? outputFolderProblem(error, directory) : error;
  }
  return { directory, temporary, files: contents.map(([name]) => name) };
}

/** Moves a prepared set into place in one synchronous step, under the output folder's lock. */
export async function commitComparisonOutputs(prepared: PreparedOutputs): Promise<WrittenOutputs> {
  const { directory, temporary, files } = prepared;
  const release = await lockOutputFolder(directory);
  try {
    for (const name of files) fs.renameSync(path.join(temporary, name), path.join(directory, name));
    fs.rmSync(temporary, { recursive: true, force: true });
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw outputFolderProblem(error, directory);
  } finally {
    release();
  }
  removeAbandonedOutputs(directory);
  return {
    resultsJson: path.join(directory, 'results.json'),
    reportMarkdown: path.join(directory, 'report.md'),
    reportHtml: path.join(directory, 'report.html'),
  };
}

export async function writeComparisonOutputs(results: ComparisonResults | MulticlassComparisonResults, directory: string, options: { signal?: AbortSignal } = {}): Promise<WrittenOutputs> {
  return commitComparisonOutputs(await prepareComparisonOutputs(results, directory, options));
}
