// Writes results.json, report.md and report.html. Each file is written to a temporary
// name and renamed into place, so a reader never sees a half-written file and a cancelled
// or crashed run never leaves one that claims to be complete.

import * as fs from 'fs';
import * as path from 'path';
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

export async function writeComparisonOutputs(results: ComparisonResults | MulticlassComparisonResults, directory: string): Promise<WrittenOutputs> {
  await fs.promises.mkdir(directory, { recursive: true });
  const outputs: WrittenOutputs = {
    resultsJson: path.join(directory, 'results.json'),
    reportMarkdown: path.join(directory, 'report.md'),
    reportHtml: path.join(directory, 'report.html'),
  };
  // Reports first and results.json last: results.json present means the set is complete.
  const multiclass = isMulticlassResults(results);
  await writeFileAtomically(outputs.reportMarkdown, multiclass ? renderMulticlassMarkdownReport(results) : renderMarkdownReport(results));
  await writeFileAtomically(outputs.reportHtml, multiclass ? renderMulticlassHtmlReport(results) : renderHtmlReport(results));
  await writeFileAtomically(outputs.resultsJson, resultsToJson(results));
  return outputs;
}
