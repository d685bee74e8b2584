#!/usr/bin/env node
// Writes the folds Focal Lab uses on a CSV (its last column the 0/1 label) as JSON, so the PyTorch
// reference of the cross-validation benchmark trains on exactly the same rows:
//   node scripts/bench/folds.js DATA.csv OUT.json [--folds 5] [--seed 42]
// Uses the built core (dist/core.js): the same assignFolds as the engine, validation share 0.2.
'use strict';
const fs = require('fs');
const path = require('path');

const [file, out, ...rest] = process.argv.slice(2);
const option = (name, fallback) => {
  const at = rest.indexOf(`--${name}`);
  return at >= 0 ? Number(rest[at + 1]) : fallback;
};
const core = require(path.join(__dirname, '..', '..', 'dist', 'core.js'));
const lines = fs.readFileSync(file, 'utf8').split('\n').slice(1).filter((line) => line !== '');
const labels = Uint8Array.from(lines, (line) => Number(line.slice(line.lastIndexOf(',') + 1)));
const folds = core.assignFolds(
  labels,
  { folds: option('folds', 5), repeats: 1, validationShare: core.VALIDATION_SHARE ?? 0.2, split: { train: 0.7, validation: 0.1, test: 0.2 }, seed: option('seed', 42) },
  { positive: '1', negative: '0' },
);
fs.writeFileSync(out, JSON.stringify({ folds: folds.map((f) => ({ train: Array.from(f.train), validation: Array.from(f.validation), test: Array.from(f.test) })) }));
