#!/usr/bin/env node
// Writes samples/imbalanced-90-10.csv: the dummy data set behind the idea —
// two overlapping Gaussian blobs in two numeric features, 90% negatives, 10% positives.
// Seeded, so re-running gives the same bytes.
'use strict';
const fs = require('fs');
const path = require('path');
const { gaussian, mulberry32 } = require('./lib/seededRandom');

const rows = 3000;
const positives = rows / 10;
const random = mulberry32(20261126);
const lines = ['x1,x2,label'];
const records = [];
for (let i = 0; i < rows; i++) {
  const positive = i < positives;
  // Majority: centred at the origin; minority: shifted and tighter, overlapping the majority's tail.
  const x1 = positive ? 1.6 + 0.8 * gaussian(random) : gaussian(random);
  const x2 = positive ? 1.2 + 0.8 * gaussian(random) : gaussian(random);
  records.push([x1.toFixed(4), x2.toFixed(4), positive ? '1' : '0']);
}
// Shuffle so the file does not list the minority first.
for (let i = records.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [records[i], records[j]] = [records[j], records[i]];
}
for (const r of records) lines.push(r.join(','));
const out = path.join(__dirname, '..', 'samples', 'imbalanced-90-10.csv');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${out}: ${rows} rows, ${positives} positives`);
