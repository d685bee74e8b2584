#!/usr/bin/env node
// Seeded imbalanced data sets for the evaluation tests (test/engine/evaluation.test.ts), made
// on the fly so no large file is checked in:
//   overfit      600 rows, 10% positives: one weakly informative column and 15 of pure noise;
//                a large network trained long memorises it (early stopping must rescue it)
//   no-signal-gap 2,000 rows, 8% positives: four Gaussian columns, a shift for the minority;
//                no reason for any loss to rank better than another
//   linear       1,000 rows, ~15% positives: 80 columns whose weighted sum is the log-odds;
//                logistic regression is the right model, and the network overfits it
//   minority-cluster 1,500 rows, 5% positives: the minority is a small cluster inside the
//                majority's spread (x, y), plus `marker`, a distinct value per row that lets a
//                test recognise every row wherever it goes (the imbalance strategies' tests)
//
//   node scripts/evaluationData.js OUT_DIR     writes OUT_DIR/<name>.csv for each
'use strict';
const fs = require('fs');
const path = require('path');
const { gaussian, mulberry32 } = require('./lib/seededRandom');

function table(header, rows) {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

const DATA_SETS = {
  overfit() {
    const random = mulberry32(3);
    const header = ['signal', ...Array.from({ length: 15 }, (_, i) => `noise${i + 1}`), 'y'];
    const rows = Array.from({ length: 600 }, () => {
      const y = random() < 0.1 ? 1 : 0;
      return [(gaussian(random) + 0.8 * y).toFixed(4), ...Array.from({ length: 15 }, () => gaussian(random).toFixed(4)), y];
    });
    return table(header, rows);
  },
  'no-signal-gap'() {
    const random = mulberry32(11);
    const header = ['a', 'b', 'c', 'd', 'label'];
    const rows = Array.from({ length: 2000 }, () => {
      const y = random() < 0.08 ? 1 : 0;
      return [...[1.2, 0.8, 0.5, 0].map((shift) => (gaussian(random) + shift * y).toFixed(4)), y];
    });
    return table(header, rows);
  },
  linear() {
    const random = mulberry32(29);
    const weights = Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? 0.5 : i % 3 === 1 ? -0.3 : 0.15));
    const header = [...weights.map((_, i) => `f${i + 1}`), 'target'];
    const rows = Array.from({ length: 1000 }, () => {
      const x = weights.map(() => gaussian(random));
      const logit = -3.6 + x.reduce((sum, v, i) => sum + v * weights[i], 0);
      const y = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
      return [...x.map((v) => v.toFixed(4)), y];
    });
    return table(header, rows);
  },
  'minority-cluster'() {
    const random = mulberry32(47);
    const header = ['x', 'y', 'marker', 'rare'];
    const rows = Array.from({ length: 1500 }, (_, i) => {
      const rare = random() < 0.05 ? 1 : 0;
      const [x, y] = rare ? [1.2 + 0.45 * gaussian(random), 1.0 + 0.45 * gaussian(random)] : [1.6 * gaussian(random), 1.6 * gaussian(random)];
      // Distinct and spread evenly: 0.0137 apart, far above float32 rounding after standardising.
      return [x.toFixed(4), y.toFixed(4), (i * 0.0137 + 0.5).toFixed(4), rare];
    });
    return table(header, rows);
  },
};

function writeDataSets(directory) {
  fs.mkdirSync(directory, { recursive: true });
  const files = {};
  for (const [name, make] of Object.entries(DATA_SETS)) {
    files[name] = path.join(directory, `${name}.csv`);
    fs.writeFileSync(files[name], make());
  }
  return files;
}

module.exports = { writeDataSets, DATA_SETS };

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node scripts/evaluationData.js OUT_DIR');
    process.exit(2);
  }
  for (const [name, file] of Object.entries(writeDataSets(out))) console.log(`${name}: ${file}`);
}
