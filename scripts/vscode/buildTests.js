#!/usr/bin/env node
// Bundles the tests that run inside VS Code's extension host: test/vscode/index.ts (the mocha
// runner VS Code loads as extensionTestsPath) and every test/vscode/**/*.test.ts, each to its
// own CommonJS file under out/test/vscode/ (index.js finds the *.test.js beside it).
// test/vscode/**/*.bench.ts (the extension-host benchmarks of `npm run bench`) are built the same way.
// `vscode` is provided by the extension host; mocha is loaded from node_modules at run time.
'use strict';
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const source = path.join(root, 'test', 'vscode');
const outdir = path.join(root, 'out', 'test', 'vscode');

function testFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(test|bench)\.ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

async function buildTests() {
  fs.rmSync(outdir, { recursive: true, force: true }); // no stale test files from renamed sources
  await esbuild.build({
    entryPoints: [path.join(source, 'index.ts'), ...testFiles(source)],
    outbase: source,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    absWorkingDir: root,
    external: ['vscode', 'mocha'],
  });
  return path.join(outdir, 'index.js');
}

module.exports = { buildTests, outdir };

if (require.main === module) {
  buildTests().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
