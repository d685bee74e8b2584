// The decision regions' two columns, asked as a user would pick them: the horizontal axis, then
// the vertical one, from the run's numeric input columns (a categorical column has no range to
// draw along an axis).

import * as vscode from 'vscode';
import type { DatasetSummary } from '../core/results';

/** The numeric input columns of a run's data set, in file order. */
export function numericInputs(dataset: Pick<DatasetSummary, 'columns'> | null | undefined): string[] {
  return (dataset?.columns ?? []).filter((column) => column.role === 'numeric').map((column) => column.name);
}

/** Two Quick Picks; undefined when the user cancels or there are not two numeric columns. */
export async function askPlaneColumns(fileName: string, columns: string[], current?: [string, string]): Promise<[string, string] | undefined> {
  if (columns.length < 2) {
    void vscode.window.showInformationMessage(`Focal Lab: ${fileName} has ${columns.length === 0 ? 'no numeric input column' : 'one numeric input column'}; the decision regions need two, so they stay on the principal components.`);
    return undefined;
  }
  const pick = async (axis: string, step: number, names: string[], preferred?: string): Promise<string | undefined> => {
    const items = names.map((name) => ({ label: name, ...(name === preferred ? { description: 'now' } : {}) }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: `Focal Lab: decision regions of ${fileName} — ${axis} (${step}/2)`,
      placeHolder: `The input column along the ${axis}; every other input is held at its training median or most frequent category`,
      ignoreFocusOut: true,
    });
    return chosen?.label;
  };
  const x = await pick('horizontal axis', 1, columns, current?.[0]);
  if (x === undefined) return undefined;
  const y = await pick('vertical axis', 2, columns.filter((name) => name !== x), current?.[1]);
  return y === undefined ? undefined : [x, y];
}
