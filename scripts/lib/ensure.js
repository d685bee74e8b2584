// Shared by `npm start` and `npm test`: install dependencies on first use (a fresh clone
// has none) and build the bundles. Node built-ins only, since nothing is installed yet.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function runOrExit(command, args, options) {
  const status = run(command, args, options);
  if (status !== 0) process.exit(status);
}

function dependenciesInstalled() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(marker)) return false;
  // package.json or the lock file changed since the last install: install again.
  const installed = fs.statSync(marker).mtimeMs;
  return ['package.json', 'package-lock.json'].every((f) => !fs.existsSync(path.join(root, f)) || fs.statSync(path.join(root, f)).mtimeMs <= installed + 1000);
}

function ensureDependencies() {
  if (dependenciesInstalled()) return;
  console.error('focal-lab: installing dependencies (first run)…');
  const lock = fs.existsSync(path.join(root, 'package-lock.json'));
  runOrExit('npm', [lock ? 'ci' : 'install', '--no-audit', '--no-fund']);
}

function build() {
  runOrExit(process.execPath, [path.join(root, 'scripts', 'build.js')]);
}

module.exports = { root, run, runOrExit, ensureDependencies, build };
