#!/usr/bin/env node
// Focal Lab's side of the ingest benchmark: reads a CSV into typed columns with the
// engine's reader (dist/core.js, as the extension and CLI use it). Prints JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const { readCsvFile } = require(path.join(__dirname, '..', '..', 'dist', 'core.js'));

const file = process.argv[2];
const started = performance.now();
readCsvFile(file).then((table) => {
  const seconds = (performance.now() - started) / 1000;
  const numeric = table.columns.filter((c) => c.kind === 'numeric').length;
  process.stdout.write(JSON.stringify({
    rows: table.rowCount,
    columns: table.columns.length,
    numericColumns: numeric,
    seconds,
    megabytesPerSecond: fs.statSync(file).size / 1e6 / seconds,
    maxRssKb: process.resourceUsage().maxRSS,
  }));
});
