#!/usr/bin/env node
// Re-records the results the panel harness (test/webview/renderPanel.js) draws: the engine run on
// samples/imbalanced-90-10.csv, as the panel receives it (stripTestPredictions), for a 5-fold
// comparison, a single split, a gamma sweep and the imbalance strategies (arms); and the 3-class sample trained as one multi-class
// model (runAnyComparison). Run after `node scripts/build.js` when the panel's
// copy of the results changes shape:
//
//   node scripts/recordPanelResults.js
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const core = require(path.join(root, 'dist', 'core.js'));
const sample = path.join(root, 'samples', 'imbalanced-90-10.csv');
const multiclassSample = path.join(root, 'samples', 'multiclass-80-15-5.csv');
const out = path.join(root, 'test', 'webview', 'recorded');

function loadProtocol() {
  const result = esbuild.buildSync({ entryPoints: [path.join(root, 'src/shared/webviewProtocol.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'error' });
  const file = path.join(os.tmpdir(), `fl-record-protocol-${process.pid}.cjs`);
  fs.writeFileSync(file, result.outputFiles[0].text);
  const protocol = require(file);
  fs.unlinkSync(file);
  return protocol;
}

const RECORDINGS = {
  comparison: { file: sample, config: { seed: 42, epochs: 30 } },
  holdout: { file: sample, config: { seed: 42, epochs: 10, folds: 1 } },
  sweep: { file: sample, config: { seed: 42, epochs: 10 }, runs: [0, 1, 2, 5].map((gamma) => ({ loss: 'focal', gamma })) },
  strategies: { file: sample, config: { seed: 42, epochs: 10, folds: 3, arms: 'bce, alpha-focal, bce+effective:0.999, bce+oversample, bce+smote, bce+threshold' } },
  multiclass: { file: multiclassSample, config: { seed: 42, epochs: 20, losses: ['bce', 'focal', 'alpha-focal'] }, anyTask: true },
};

async function main() {
  const { stripTestPredictions } = loadProtocol();
  const only = process.argv.slice(2);
  for (const [name, request] of Object.entries(RECORDINGS)) {
    if (only.length && !only.includes(name)) continue;
    const { anyTask, ...comparison } = request;
    const results = anyTask ? await core.runAnyComparison(comparison) : await core.runComparison(comparison);
    const panel = stripTestPredictions(results);
    fs.writeFileSync(path.join(out, `${name}.json`), JSON.stringify(panel));
    console.log(`${name}: ${(JSON.stringify(panel).length / 1024).toFixed(1)} KB (results.json ${(JSON.stringify(results).length / 1024).toFixed(0)} KB)`);
  }
  core.liveTrainingWorkers?.();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
