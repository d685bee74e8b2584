#!/usr/bin/env node
// Writes package.json's contributes.configuration from the one declaration of the settings
// (src/core/settingsSchema.ts). The build runs it; test/unit/settingsSchema.test.ts fails when
// package.json is stale. `--check` only reports (exit 1 when stale).
'use strict';
const fs = require('fs');
const path = require('path');
require('tsx/cjs');
const { withManifestConfiguration } = require('../src/shared/settingsManifest.ts');

const file = path.join(__dirname, '..', 'package.json');
const before = fs.readFileSync(file, 'utf8');
const after = withManifestConfiguration(before);
if (before === after) process.exit(0);
if (process.argv.includes('--check')) {
  console.error('package.json is stale: run node scripts/writeSettingsManifest.js');
  process.exit(1);
}
fs.writeFileSync(file, after);
console.log('package.json: contributes.configuration written from src/core/settingsSchema.ts');
