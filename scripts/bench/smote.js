#!/usr/bin/env node
// The SMOTE line of `npm run bench`: Focal Lab's SMOTE (dist/core.js) on one fold's training rows,
// 100,000 x 20 with 10,000 minority rows, to 1:1 (the target: under 2 s). Writes the
// seeded data once as raw float32 / uint8 files, so imblearn_smote.py resamples the same rows.
//   node scripts/bench/smote.js [--data DIR]   prints JSON: seconds (wall), cpuSeconds, rows out
'use strict';
const fs = require('fs');
const path = require('path');
const { mulberry32, gaussian } = require('../lib/seededRandom');

const ROWS = 100_000;
const WIDTH = 20;
const MINORITY = 10_000;
const SEED = 20261129;

/** Paths of the data files, written if missing: features (float32, row-major) and labels (uint8). */
function smoteData(directory) {
  const inputsFile = path.join(directory, `smote-${ROWS}x${WIDTH}.f32`);
  const labelsFile = path.join(directory, `smote-${ROWS}-labels.u8`);
  if (!fs.existsSync(inputsFile) || !fs.existsSync(labelsFile)) {
    fs.mkdirSync(directory, { recursive: true });
    const random = mulberry32(SEED);
    const labels = new Uint8Array(ROWS);
    // Every tenth row minority: a smaller cluster shifted by 1 on every feature.
    for (let i = 0; i < ROWS; i++) labels[i] = i % (ROWS / MINORITY) === 0 ? 1 : 0;
    const inputs = new Float32Array(ROWS * WIDTH);
    for (let i = 0; i < ROWS; i++) {
      for (let c = 0; c < WIDTH; c++) inputs[i * WIDTH + c] = labels[i] ? 1 + 0.7 * gaussian(random) : gaussian(random);
    }
    fs.writeFileSync(inputsFile, Buffer.from(inputs.buffer));
    fs.writeFileSync(labelsFile, Buffer.from(labels.buffer));
  }
  return { inputsFile, labelsFile, rows: ROWS, width: WIDTH, minority: MINORITY };
}

function focalLabSmote(data) {
  const { smote } = require(path.join(__dirname, '..', '..', 'dist', 'core.js'));
  const bytes = fs.readFileSync(data.inputsFile);
  const inputs = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const labels = new Uint8Array(fs.readFileSync(data.labelsFile));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const out = smote({ inputs, labels, rows: data.rows, width: data.width }, { ratio: 1, k: 5, seed: 42 });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, rowsOut: out.rows, synthetic: out.synthetic };
}

if (require.main === module) {
  const at = process.argv.indexOf('--data');
  const directory = path.resolve(at >= 0 ? process.argv[at + 1] : path.join(__dirname, '..', '..', '.bench'));
  process.stdout.write(JSON.stringify(focalLabSmote(smoteData(directory))) + '\n');
}

module.exports = { smoteData };
