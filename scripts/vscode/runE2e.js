#!/usr/bin/env node
// Runs the end-to-end UI tests (test/e2e/**/*.e2e.ts) in a real browser session of VS Code:
// makes sure code-server is installed (once, into the cache) and the extension is built, then
// runs mocha with tsx under this Node (20); test/e2e/harness.ts starts code-server and Chromium.
//
//   node scripts/vscode/runE2e.js [mocha options, e.g. --grep Explorer, or spec files]
// Environment: FOCAL_LAB_SKIP_BUILD=1, FOCAL_LAB_KEEP_TMP=1, FOCAL_LAB_HEADED=1 (needs a display),
// FOCAL_LAB_CACHE (see installCodeServer.js).
'use strict';
const { spawn, spawnSync } = require('child_process');
const path = require('path');
const { install } = require('./installCodeServer');

const root = path.resolve(__dirname, '..', '..');

async function main() {
  const started = Date.now();
  try {
    await install();
  } catch (error) {
    console.error(`[vscode] code-server install failed: ${error.message}`);
    process.exit(2);
  }
  if (process.env.FOCAL_LAB_SKIP_BUILD !== '1') {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.js'), '--no-types'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const args = process.argv.slice(2);
  const hasSpec = args.some((a) => !a.startsWith('-') && /\.e2e\.ts$|[*/]/.test(a));
  const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const child = spawn(
    process.execPath,
    [mocha, '--no-config', '--require', 'tsx/cjs', '--extension', 'ts', '--timeout', '600000', '--reporter', 'spec', ...args, ...(hasSpec ? [] : ['test/e2e/**/*.e2e.ts'])],
    { cwd: root, stdio: 'inherit' },
  );
  // The harness in the child stops code-server and Chromium on a signal: pass it on and wait.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    console.error(`[vscode] e2e tests finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exit(code ?? (signal === 'SIGINT' ? 130 : 1));
  });
}

main().catch((error) => {
  console.error(`[vscode] ${error.stack ?? error}`);
  process.exit(2);
});
