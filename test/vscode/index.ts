// The mocha runner VS Code loads as extensionTestsPath (bundled to out/test/vscode/index.js by
// scripts/vscode/buildTests.js): runs every *.test.js beside it inside the extension host, where
// `require('vscode')` is the real API. Used by both launchers (code-server and desktop VS Code).
//   FOCAL_LAB_TEST_GREP   only tests whose full title matches this pattern
//   FOCAL_LAB_TEST_COLOR  1 for coloured output (set by the launcher when its stdout is a terminal)
//   FOCAL_LAB_TEST_SUITE  'test' (default): every *.test.js; 'bench': every *.bench.js (npm run bench)
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: process.env.FOCAL_LAB_TEST_COLOR === '1',
    timeout: 60_000,
    ...(process.env.FOCAL_LAB_TEST_GREP ? { grep: process.env.FOCAL_LAB_TEST_GREP } : {}),
  });
  const suffix = process.env.FOCAL_LAB_TEST_SUITE === 'bench' ? '.bench.js' : '.test.js';
  const files = fs
    .readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix))
    .sort();
  if (files.length === 0) throw new Error(`no *${suffix} files beside ${__filename}`);
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  // The code-server launcher shows what is logged between these two lines as the test output.
  console.log('--- focal-lab extension tests: start ---');
  const { failures, passes, pending } = await new Promise<{ failures: number; passes: number; pending: number }>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => resolve({ failures, passes: runner.stats?.passes ?? 0, pending: runner.stats?.pending ?? 0 }));
    } catch (error) {
      reject(error);
    }
  });
  // A plain closing line that CI reads as the count, whatever the reporter printed.
  console.log(`vscode: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  console.log('--- focal-lab extension tests: end ---');
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed in the extension host`);
}
