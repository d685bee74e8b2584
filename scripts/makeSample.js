#!/usr/bin/env node
// Writes the bundled samples, seeded, so re-running gives the same bytes:
// - samples/imbalanced-90-10.csv: the dummy data set behind the idea — two overlapping
//   Gaussian blobs in two numeric features, 90% negatives, 10% positives (npm start opens it);
// - samples/multiclass-80-15-5.csv: three overlapping blobs in two features, 80 : 15 : 5, the
//   multi-class case (one softmax model), where the rare class's decision region is small.
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

writeMulticlassSample();

function writeMulticlassSample() {
  const random3 = mulberry32(20261129);
  // name, rows, centre and spread: the rare class sits between the other two, overlapping both.
  const classes = [
    { name: 'common', rows: 2400, x1: 0, x2: 0, sd: 1 },
    { name: 'uncommon', rows: 450, x1: 2.2, x2: 0.4, sd: 0.8 },
    { name: 'rare', rows: 150, x1: 1.1, x2: 1.9, sd: 0.6 },
  ];
  const rows3 = [];
  for (const c of classes) {
    for (let i = 0; i < c.rows; i++) rows3.push([(c.x1 + c.sd * gaussian(random3)).toFixed(4), (c.x2 + c.sd * gaussian(random3)).toFixed(4), c.name]);
  }
  for (let i = rows3.length - 1; i > 0; i--) {
    const j = Math.floor(random3() * (i + 1));
    [rows3[i], rows3[j]] = [rows3[j], rows3[i]];
  }
  const out3 = path.join(__dirname, '..', 'samples', 'multiclass-80-15-5.csv');
  fs.writeFileSync(out3, ['x1,x2,label', ...rows3.map((r) => r.join(','))].join('\n') + '\n');
  console.log(`wrote ${out3}: ${rows3.length} rows, ${classes.map((c) => `${c.rows} ${c.name}`).join(', ')}`);
}
