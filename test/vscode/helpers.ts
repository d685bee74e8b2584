// Shared by the extension-host suites: the extension's API, the sample file, and waiting for a
// condition (a run starting, a panel loading) without fixed sleeps.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { FocalLabApi } from '../../src/host/activate';

export const EXTENSION_ID = 'focal-lab.focal-lab';

export async function api(): Promise<FocalLabApi> {
  const extension = vscode.extensions.getExtension<FocalLabApi>(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed');
  return extension.activate();
}

export function extensionUri(): vscode.Uri {
  return vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
}

export async function sampleUri(): Promise<vscode.Uri> {
  const [file] = await vscode.workspace.findFiles('**/imbalanced-90-10.csv');
  assert.ok(file, 'the workspace holds the sample CSV');
  return file;
}

export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A 1,000,000-row numeric CSV (~43 MB, 10% positives): large enough that any per-row work on the host thread would show. */
export function writeLargeCsv(file: string, rows = 1_000_000): string {
  const lines = ['a,b,c,d,label'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 997) / 97},${(i % 113) / 7},${(i % 71) / 3},${i % 5},${i % 10 === 0 ? 1 : 0}`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}
