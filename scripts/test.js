#!/usr/bin/env node
// `npm test`: every test. Installs and builds on first use, then type-checks, lints and runs
// the unit and integration suites (mocha; the integration tests use the built bundles).
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
console.log('▶ unit and integration tests');
runOrExit(bin('mocha'), process.argv.slice(2));
