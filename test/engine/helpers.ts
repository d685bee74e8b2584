// The engine tests use the built bundles through the public module, exactly as a user
// of `require('focal-lab/core')` or the CLI would (npm test builds first).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type Core = typeof import('../../src/api');

export const root = path.resolve(__dirname, '..', '..');
export const sample = path.join(root, 'samples', 'imbalanced-90-10.csv');
export const cli = path.join(root, 'dist', 'cli.js');

export function loadCore(): Core {
  // Self-reference through package.json "exports": the same path a dependant uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a dynamic self-reference, resolved through "exports" at run time
  return require('focal-lab/core') as Core;
}

export function temporaryDirectory(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `focal-lab-${prefix}-`));
}
