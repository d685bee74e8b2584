#!/usr/bin/env node
// `npm test`: every test. Installs and builds on first use, then type-checks, lints, runs the
// unit, engine and CLI suites (mocha; engine tests use the built bundles), the webview harness
// tests in Chromium, the extension-host suite inside a real VS Code, and the end-to-end UI tests. Arguments go to the mocha run.
'use strict';
const path = require('path');
const { root, ensureDependencies, build, runOrExit } = require('./lib/ensure');

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
ensureDependencies();
build();
console.log('\n▶ type-check');
runOrExit(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
runOrExit(bin('tsc'), ['--noEmit', '-p', 'tsconfig.core.json']);
runOrExit(bin('tsc'), ['--noEmit', '-p', 'webview/tsconfig.json']);
console.log('▶ lint');
runOrExit(bin('eslint'), ['src', 'test', 'scripts', 'webview']);
console.log('▶ unit, engine and CLI tests');
runOrExit(bin('mocha'), process.argv.slice(2));
// The panel and side-bar bundles in Chromium, as VS Code hosts them (same HTML and CSP), fed
// recorded results: what they draw, theme contrast, keyboard reach, no script from a file's names.
console.log('▶ webview harness tests in Chromium');
runOrExit(process.execPath, [path.join(root, 'test', 'webview', 'renderPanel.js')]);
runOrExit(process.execPath, [path.join(root, 'test', 'webview', 'renderSidebar.js')]);
// Inside a real VS Code (code-server + Chromium here; see shared notes). Installs code-server
// into a cache outside the repository on first use (~1.5 minutes).
console.log('▶ extension-host tests in a real VS Code');
runOrExit(process.execPath, [path.join(root, 'scripts', 'vscode', 'runExtensionTests.js')]);
console.log('▶ end-to-end UI tests in a real VS Code in Chromium');
runOrExit(process.execPath, [path.join(root, 'scripts', 'vscode', 'runE2e.js')]);
