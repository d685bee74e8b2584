#!/usr/bin/env node
// `npm start`: the main job. Installs and builds on first use, then
//   - on a terminal, with no arguments: opens the extension in a real VS Code with the sample
//     data set in the workspace (desktop `code` when it exists, else VS Code in the browser
//     through code-server on 127.0.0.1, printing the URL);
//   - with a CSV (`npm start -- data.csv [options]`), with `--cli`, or when not on a terminal
//     (CI, pipes): runs the comparison from the command line, on the sample when no file is given.
'use strict';
const path = require('path');
const { root, ensureDependencies, build, run } = require('./lib/ensure');

const sample = path.join(root, 'samples', 'imbalanced-90-10.csv');
const cwd = process.env.INIT_CWD || process.cwd();
let args = process.argv.slice(2);
const forceCli = args.includes('--cli');
const forceVsCode = args.includes('--vscode');
args = args.filter((a) => a !== '--cli' && a !== '--vscode');
const hasFile = args.length > 0 && !args[0].startsWith('-');

ensureDependencies();
build();

if (!forceCli && !hasFile && (forceVsCode || (process.stdout.isTTY && process.stdin.isTTY))) {
  require('./vscode/openInVsCode').openInVsCode({ workspace: path.dirname(sample) }).catch((error) => {
    console.error(`focal-lab: could not open VS Code: ${error.message}`);
    process.exit(1);
  });
} else {
  const file = hasFile ? path.resolve(cwd, args[0]) : sample;
  const rest = hasFile ? args.slice(1) : args;
  process.exitCode = run(process.execPath, [path.join(root, 'dist', 'cli.js'), 'compare', file, ...rest], { cwd });
}
