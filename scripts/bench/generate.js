#!/usr/bin/env node
// Writes the benchmark workload of docs/performance.md, the same bytes for a seed:
//   compare.csv  125,000 rows x 20 features + label `y` (exactly 10% positives). With
//                --split 0.8,0.04,0.16 Focal Lab trains on 100,000 rows, validates on
//                5,000 and tests on 20,000 (stratified).
//   train.csv / test.csv  the first 100,000 and the last 20,000 rows of the same stream,
//                for the PyTorch reference (same distribution, same sizes).
//   ingest.csv   1,000,000 rows x 20 features + label (≈192 MB), for CSV ingest.
// Two overlapping Gaussian blobs: every feature ~ N(0, 1), shifted by +0.5 for the
// positive class (Bayes ROC-AUC ≈ 0.94). Values are written with 6 decimals.
'use strict';
const fs = require('fs');
const path = require('path');
const { mulberry32 } = require('../lib/seededRandom');

const FEATURES = 20;
const SHIFT = 0.5;

function rowStream(seed) {
  const random = mulberry32(seed);
  let spare = null;
  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  let index = 0;
  return () => {
    // Exactly one positive in every 10 rows, at a random place inside the block of 10.
    const block = Math.floor(index / 10);
    const positiveAt = Math.floor(mulberry32(seed ^ Math.imul(block + 1, 0x9e3779b1))() * 10);
    const label = index % 10 === positiveAt ? 1 : 0;
    index++;
    let line = '';
    for (let f = 0; f < FEATURES; f++) line += (normal() + SHIFT * label).toFixed(6) + ',';
    return line + label + '\n';
  };
}

function header() {
  return Array.from({ length: FEATURES }, (_, i) => `x${i + 1}`).join(',') + ',y\n';
}

function writeRows(file, next, rows) {
  const fd = fs.openSync(file + '.part', 'w');
  try {
    fs.writeSync(fd, header());
    let chunk = '';
    for (let r = 0; r < rows; r++) {
      chunk += next();
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(file + '.part', file);
}

/** Writes the files into `directory` unless they are there for this seed already; returns their paths. */
function generate(directory, seed = 7, log = () => {}) {
  fs.mkdirSync(directory, { recursive: true });
  const files = {
    compare: path.join(directory, 'compare.csv'),
    train: path.join(directory, 'train.csv'),
    test: path.join(directory, 'test.csv'),
    ingest: path.join(directory, 'ingest.csv'),
  };
  const stampFile = path.join(directory, 'workload.json');
  const stamp = JSON.stringify({ seed, features: FEATURES, shift: SHIFT, version: 1 });
  const fresh = fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp && Object.values(files).every((f) => fs.existsSync(f));
  if (fresh) return files;
  log(`generating the workload in ${directory} (seed ${seed}) …`);
  // One stream of 125,000 rows: compare.csv holds all of it; train.csv the first 100,000, test.csv the last 20,000.
  const rows = [];
  const next = rowStream(seed);
  for (let r = 0; r < 125_000; r++) rows.push(next());
  fs.writeFileSync(files.compare + '.part', header() + rows.join(''));
  fs.renameSync(files.compare + '.part', files.compare);
  fs.writeFileSync(files.train, header() + rows.slice(0, 100_000).join(''));
  fs.writeFileSync(files.test, header() + rows.slice(105_000).join(''));
  writeRows(files.ingest, rowStream(seed + 1), 1_000_000);
  fs.writeFileSync(stampFile, stamp);
  return files;
}

module.exports = { generate };

if (require.main === module) {
  const directory = process.argv[2] ?? path.join(__dirname, '..', '..', '.bench');
  const files = generate(directory, Number(process.argv[3] ?? 7), console.log);
  for (const [name, file] of Object.entries(files)) console.log(`${name}: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
}
