#!/usr/bin/env node
// Runs the built CLI (dist/cli.js) in this process, exactly as `focal-lab compare …`
// runs it, and reports the process's peak RSS (main thread + training workers) on
// stderr as `@@bench {json}` once it is done.
'use strict';
const path = require('path');
const { main } = require(path.join(__dirname, '..', '..', 'dist', 'cli.js'));

main(process.argv.slice(2)).then((code) => {
  process.stderr.write(`\n@@bench ${JSON.stringify({ exitCode: code, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  process.exitCode = code;
});
