#!/usr/bin/env node
// Writes the bad-input corpus into a folder: the small files kept in test/fixtures/bad/ are
// copied, and the ones too big or too binary to keep in git are generated (deterministically):
// a Latin-1 export, a binary file renamed .csv, a 10,000-column file, a file over the
// default 1024 MB size limit (sparse: it takes no disk space and is never read), a named pipe,
// a header of 1.4 million columns and a column name of a million characters.
// test/fixtures/bad/expected.json says, per file, what the user must get.
//
//   node scripts/makeBadCorpus.js DIR
//   require('./scripts/makeBadCorpus.js').makeBadCorpus(dir) -> the cases of expected.json
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { mulberry32 } = require('./lib/seededRandom');
const { dataReadingFile } = require('./lib/dataReadingCorpus');

const CORPUS_DIR = path.resolve(__dirname, '..', 'test', 'fixtures', 'bad');
const EXPECTED_FILE = path.join(CORPUS_DIR, 'expected.json');
const MEGABYTE = 1024 * 1024;

/** An Excel "CSV (semicolon)" export from a French Windows: Latin-1 bytes, é as 0xE9. */
function latin1Export() {
  const random = mulberry32(1);
  const regions = ['Orléans', 'Béziers', 'Besançon', 'Nîmes'];
  const lines = ['température;région;classe'];
  for (let i = 0; i < 60; i++) {
    lines.push(`${10 + Math.floor(random() * 25)};${regions[i % regions.length]};${i % 5 === 0 ? 'oui' : 'non'}`);
  }
  return Buffer.from(lines.join('\r\n') + '\r\n', 'latin1');
}

/** A PNG image renamed to .csv: the signature, an IHDR chunk, then compressed-looking bytes. */
function binaryFile() {
  const random = mulberry32(2);
  const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
  const body = Buffer.alloc(4096);
  for (let i = 0; i < body.length; i++) body[i] = Math.floor(random() * 256);
  return Buffer.concat([header, body]);
}

/** 10,000 numeric feature columns and a label, 40 rows, 10 of them positive (enough for 2 in a 20% test split). */
function wideFile(columns = 10000, rows = 40) {
  const random = mulberry32(3);
  const parts = [Array.from({ length: columns }, (_, c) => `f${c + 1}`).join(',') + ',label\n'];
  for (let r = 0; r < rows; r++) {
    const positive = r % 4 === 0;
    const cells = new Array(columns);
    for (let c = 0; c < columns; c++) cells[c] = ((positive && c % 2 === 0 ? 1 : 0) + random()).toFixed(2);
    parts.push(cells.join(',') + `,${positive ? 1 : 0}\n`);
  }
  return parts.join('');
}

/** A file of `megabytes` MB that starts like a CSV; the rest is a hole, so it costs no disk space. */
function writeSparseFile(file, megabytes) {
  const descriptor = fs.openSync(file, 'w');
  try {
    fs.writeSync(descriptor, 'income,age,label\n');
    fs.ftruncateSync(descriptor, megabytes * MEGABYTE);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** A header of `columns` short names and no rows: 1.4 million columns make 11.5 MB. */
function tooWideHeader(columns) {
  const names = new Array(columns);
  for (let c = 0; c < columns; c++) names[c] = `c${c}`;
  return names.join(',') + '\n';
}

/** 100 rows (20 positive) whose second column's name is `characters` long (a whole text pasted into a header cell). */
function longNameFile(characters) {
  const random = mulberry32(4);
  const name = 'a very long column name '.repeat(Math.ceil(characters / 24)).slice(0, characters);
  const lines = [`x1,"${name}",label`];
  for (let r = 0; r < 100; r++) {
    const positive = r % 5 === 0;
    lines.push(`${((positive ? 1 : 0) + random()).toFixed(3)},${random().toFixed(3)},${positive ? 1 : 0}`);
  }
  return lines.join('\n') + '\n';
}

function readExpected() {
  return JSON.parse(fs.readFileSync(EXPECTED_FILE, 'utf8'));
}

/** Writes every file of the corpus into `directory` and returns expected.json's cases. */
function makeBadCorpus(directory) {
  const expected = readExpected();
  fs.mkdirSync(directory, { recursive: true });
  for (const entry of expected.cases) {
    const target = path.join(directory, entry.file);
    switch (entry.source) {
      case 'fixture':
        fs.copyFileSync(path.join(CORPUS_DIR, entry.file), target);
        break;
      case 'latin1':
        fs.writeFileSync(target, latin1Export());
        break;
      case 'binary':
        fs.writeFileSync(target, binaryFile());
        break;
      case 'wide':
        fs.writeFileSync(target, wideFile());
        break;
      case 'data-reading':
        fs.writeFileSync(target, dataReadingFile(entry.file));
        break;
      case 'too-large':
        writeSparseFile(target, expected.tooLargeMegabytes);
        break;
      case 'fifo': {
        fs.rmSync(target, { force: true });
        const made = spawnSync('mkfifo', [target]);
        if (made.status !== 0) throw new Error(`mkfifo ${target} failed: ${made.stderr}`);
        break;
      }
      case 'too-wide':
        fs.writeFileSync(target, tooWideHeader(entry.columns));
        break;
      case 'long-name':
        fs.writeFileSync(target, longNameFile(entry.nameCharacters));
        break;
      default:
        throw new Error(`expected.json: unknown source '${entry.source}' for ${entry.file}`);
    }
  }
  return expected.cases;
}

module.exports = { makeBadCorpus, readExpected, CORPUS_DIR, EXPECTED_FILE };

if (require.main === module) {
  const directory = process.argv[2];
  if (!directory) {
    console.error('Usage: node scripts/makeBadCorpus.js DIR');
    process.exit(2);
  }
  const cases = makeBadCorpus(path.resolve(directory));
  console.log(`Wrote ${cases.length} bad-input files to ${directory}.`);
}
