#!/usr/bin/env node
// `npm start [-- file.csv [options]]`: the main job. Installs and builds on first use, then runs
// the comparison on the given CSV, or on the bundled sample when no file is given.
'use strict';
const path = require('path');
const { root, ensureDependencies, build, run } = require('./lib/ensure');

ensureDependencies();
build();
const args = process.argv.slice(2);
const hasFile = args.length > 0 && !args[0].startsWith('-');
const file = hasFile ? path.resolve(process.env.INIT_CWD || process.cwd(), args[0]) : path.join(root, 'samples', 'imbalanced-90-10.csv');
const rest = hasFile ? args.slice(1) : args;
process.exitCode = run(process.execPath, [path.join(root, 'dist', 'cli.js'), 'compare', file, ...rest], { cwd: process.env.INIT_CWD || process.cwd() });
