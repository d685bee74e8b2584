#!/usr/bin/env node
// `npm run bench`: Focal Lab against the references a data scientist would use, on the
// workload of docs/performance.md, interleaved, medians of --repeat runs (default 3).
//   1. the default comparison (bce, focal, alpha-focal; 20->64->32->1; Adam 1e-3; batch 256;
//      10 epochs) on one split (--folds 1) through the built CLI, wall time from process start to results;
//   1b. the cross-validation workload: 100,000 rows, the same three losses on 5 folds (15 fits),
//      10 epochs, early stopping off, against PyTorch doing the 15 fits one after another on
//      the same folds (torch_cv_reference.py; the folds from scripts/bench/folds.js);
//   2. the same three models one after another in PyTorch (1 thread), torch_reference.py;
//   3. CSV ingest of the 1,000,000-row file: Focal Lab's reader vs numpy.loadtxt;
//   4. peak RSS of every process;
//   4b. SMOTE on one fold's training rows (100,000 × 20, 10,000 minority rows, to 1:1, k = 5), against
//      imbalanced-learn's SMOTE().fit_resample on the same rows (1 thread) when Python has imblearn;
//   5. the extension host's event-loop delay while a 1,000,000-row comparison runs in a real VS Code
//      (test/vscode/responsiveness.bench.ts through code-server), against an idle control period.
//      Wall-clock, so it lives here and not in `npm test`; skip it with --skip-vscode.
// Writes bench-results.json and prints the tables (Markdown). Not part of `npm test`.
//
// Options: --repeat N, --data DIR (default .bench/), --python PATH (default /usr/bin/python3),
//          --skip-build, --skip-vscode, --out FILE (default bench-results.json),
//          --from FILE (print the tables of a saved bench-results.json, measure nothing),
//          --only cv (only the cross-validation workload, Focal Lab and PyTorch interleaved; prints
//          its rows and writes them to --out, default bench-cv.json, not bench-results.json)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { generate } = require('./generate');
const { smoteData } = require('./smote');

const root = path.resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const repeat = Math.max(1, Number(option('repeat', '3')));
const dataDirectory = path.resolve(option('data', path.join(root, '.bench')));
const python = option('python', '/usr/bin/python3');
const only = option('only', null);
if (only !== null && only !== 'cv') throw new Error(`--only ${only}: the only part that runs alone is cv`);
const outFile = path.resolve(option('out', path.join(root, only === 'cv' ? 'bench-cv.json' : 'bench-results.json')));
const EPOCHS = 10;

const log = (text) => process.stderr.write(text + '\n');
const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const singleThreadEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

function run(command, commandArgs, env = process.env) {
  const started = performance.now();
  const result = spawnSync(command, commandArgs, { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}): ${result.stderr?.slice(-2000)}`);
  return { stdout: result.stdout, stderr: result.stderr, wallSeconds };
}

function torchAvailable() {
  const result = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  return result.status === 0;
}

function imblearnAvailable() {
  return spawnSync(python, ['-c', 'import imblearn'], { encoding: 'utf8' }).status === 0;
}

function focalLabSmote() {
  return JSON.parse(run(process.execPath, [path.join(__dirname, 'smote.js'), '--data', dataDirectory]).stdout);
}

function imblearnSmote(data) {
  return JSON.parse(run(python, [path.join(__dirname, 'imblearn_smote.py'), data.inputsFile, data.labelsFile, String(data.rows), String(data.width)], singleThreadEnv).stdout);
}

function numpyAvailable() {
  return spawnSync(python, ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
}

function focalLabComparison(files) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-bench-'));
  try {
    const { stdout, stderr, wallSeconds } = run(process.execPath, [
      path.join(__dirname, 'cliRunner.js'), 'compare', files.compare, '--target', 'y', '--epochs', String(EPOCHS),
      '--batch-size', '256', '--learning-rate', '0.001', '--hidden', '64,32', '--folds', '1', '--early-stopping', '0', '--split', '0.8,0.04,0.16', '--json', '--out', out,
    ]);
    const bench = JSON.parse(stderr.split('\n').find((line) => line.startsWith('@@bench ')).slice(8));
    const results = JSON.parse(stdout);
    const failed = results.runs.filter((r) => r.status !== 'finished');
    if (failed.length > 0) throw new Error(`Focal Lab: ${failed.map((r) => `${r.loss} failed: ${r.error}`).join('; ')}`);
    const runs = results.runs.map((r) => {
      const [fold] = r.folds;
      const atHalf = fold.metrics.atThreshold.find((t) => t.thresholdSource === 'default');
      return { loss: r.loss, trainingSeconds: r.trainingSeconds, rocAuc: fold.metrics.rocAuc, minorityRecall: atHalf.perClass[results.dataset.positiveClass].recall, backend: r.backend };
    });
    return { wallSeconds, engineSeconds: results.durationSeconds, maxRssKb: bench.maxRssKb, split: results.dataset.split, runs };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The cross-validation workload's data: the first 100,000 rows of compare.csv, and Focal Lab's folds of it. */
function crossValidationFiles(files) {
  const data = path.join(dataDirectory, 'cv.csv');
  const folds = path.join(dataDirectory, 'cv-folds.json');
  if (!fs.existsSync(data)) {
    const lines = fs.readFileSync(files.compare, 'utf8').split('\n');
    fs.writeFileSync(data, lines.slice(0, 100_001).join('\n') + '\n');
  }
  run(process.execPath, [path.join(__dirname, 'folds.js'), data, folds, '--folds', '5', '--seed', '42']);
  return { data, folds };
}

function focalLabCrossValidation(cv) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'focal-lab-bench-cv-'));
  try {
    const { stdout, stderr, wallSeconds } = run(process.execPath, [
      path.join(__dirname, 'cliRunner.js'), 'compare', cv.data, '--target', 'y', '--epochs', String(EPOCHS), '--batch-size', '256',
      '--learning-rate', '0.001', '--hidden', '64,32', '--folds', '5', '--early-stopping', '0', '--seed', '42', '--json', '--out', out,
    ]);
    const bench = JSON.parse(stderr.split('\n').find((line) => line.startsWith('@@bench ')).slice(8));
    const results = JSON.parse(stdout);
    const failed = results.runs.filter((r) => r.status !== 'finished');
    if (failed.length > 0) throw new Error(`Focal Lab: ${failed.map((r) => `${r.id} failed: ${r.error}`).join('; ')}`);
    return { wallSeconds, maxRssKb: bench.maxRssKb, fits: results.runs.length * results.evaluation.folds, rocAuc: Object.fromEntries(results.runs.map((r) => [r.id, r.summary.rocAuc.mean])) };
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function torchCrossValidation(cv) {
  const { stdout, wallSeconds } = run(python, [path.join(__dirname, 'torch_cv_reference.py'), cv.data, cv.folds, '--epochs', String(EPOCHS)], singleThreadEnv);
  const result = JSON.parse(stdout);
  const meanAuc = (loss) => {
    const values = result.fits.filter((f) => f.loss === loss).map((f) => f.rocAuc);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  return { wallSeconds, trainingSeconds: result.trainingSeconds, maxRssKb: result.maxRssKb, fits: result.fits.length, rocAuc: Object.fromEntries(['bce', 'focal', 'alpha-focal'].map((l) => [l, meanAuc(l)])) };
}

function torchComparison(files) {
  const { stdout, wallSeconds } = run(python, [path.join(__dirname, 'torch_reference.py'), files.train, files.test, '--epochs', String(EPOCHS)], singleThreadEnv);
  return { wallSeconds, ...JSON.parse(stdout) };
}

function focalLabIngest(files) {
  return JSON.parse(run(process.execPath, [path.join(__dirname, 'ingest.js'), files.ingest]).stdout);
}

function numpyIngest(files) {
  return JSON.parse(run(python, [path.join(__dirname, 'numpy_ingest.py'), files.ingest], singleThreadEnv).stdout);
}

/** Runs the extension-host benchmark suite and collects its @@responsiveness lines. */
function vscodeResponsiveness() {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'vscode', 'runExtensionTests.js'), '--suite', 'bench'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, FOCAL_LAB_SKIP_BUILD: '0' } });
  if (result.status !== 0) {
    log(`the VS Code responsiveness benchmark did not finish (exit ${result.status}); last output:\n${(result.stdout + result.stderr).slice(-3000)}`);
    return null;
  }
  const paths = {};
  for (const line of result.stdout.split('\n')) {
    const at = line.indexOf('@@responsiveness ');
    if (at < 0) continue;
    const { path: name, rounds } = JSON.parse(line.slice(at + '@@responsiveness '.length));
    paths[name] = rounds;
  }
  // test/vscode/hostStalls.bench.ts: what the host thread did during its stalls on the panel path.
  const stalls = result.stdout.split('\n').find((line) => line.includes('@@hostStalls '));
  if (stalls) paths.stallAccount = JSON.parse(stalls.slice(stalls.indexOf('@@hostStalls ') + '@@hostStalls '.length));
  return paths;
}

function build() {
  if (!args.includes('--skip-build')) {
    log('building (node scripts/build.js --no-types) …');
    run(process.execPath, [path.join(root, 'scripts', 'build.js'), '--no-types']);
  }
}

/** `--only cv`: the cross-validation workload alone, each round Focal Lab then PyTorch, with the load after each. */
function mainCrossValidationOnly() {
  build();
  const files = generate(dataDirectory, 7, log);
  const withTorch = torchAvailable();
  const cv = crossValidationFiles(files);
  const rounds = [];
  for (let i = 1; i <= repeat; i++) {
    log(`round ${i}/${repeat}: Focal Lab cross-validation (5 folds × 3 losses) …`);
    const focalLab = focalLabCrossValidation(cv);
    const torch = withTorch ? torchCrossValidation(cv) : null;
    const load = os.loadavg().map((v) => Number(v.toFixed(2)));
    const round = { focalLab, torch, ratio: torch ? focalLab.wallSeconds / torch.wallSeconds : null, load };
    log(`  Focal Lab ${focalLab.wallSeconds.toFixed(2)} s, PyTorch ${torch ? torch.wallSeconds.toFixed(2) : 'n/a'} s (training ${torch ? torch.trainingSeconds.toFixed(2) : 'n/a'} s), ratio ${round.ratio?.toFixed(2) ?? 'n/a'}, load ${load.join(', ')}`);
    rounds.push(round);
  }
  const m = (pick) => median(rounds.map(pick));
  const summary = {
    focalLabWallSeconds: m((r) => r.focalLab.wallSeconds),
    torchWallSeconds: withTorch ? m((r) => r.torch.wallSeconds) : null,
    torchTrainingSeconds: withTorch ? m((r) => r.torch.trainingSeconds) : null,
    // The median of the per-round ratios: each round's two runs share the machine's load.
    ratio: withTorch ? m((r) => r.ratio) : null,
    ratioVsTorchTrainingOnly: withTorch ? m((r) => r.focalLab.wallSeconds / r.torch.trainingSeconds) : null,
    rocAuc: ['bce', 'focal', 'alpha-focal'].map((loss) => ({ loss, focalLab: m((r) => r.focalLab.rocAuc[loss]), torch: withTorch ? m((r) => r.torch.rocAuc[loss]) : null })),
  };
  fs.writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), repeat, summary, rounds }, null, 2) + '\n');
  const f = (v, digits = 2) => (v === null || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
  process.stdout.write([
    `cross-validation, medians of ${repeat} rounds: Focal Lab ${f(summary.focalLabWallSeconds)} s, PyTorch ${f(summary.torchWallSeconds)} s (training loops ${f(summary.torchTrainingSeconds)} s)`,
    `median ratio ${f(summary.ratio)}× (against PyTorch's training loops only ${f(summary.ratioVsTorchTrainingOnly)}×); load per round: ${rounds.map((r) => r.load[0]).join(' / ')}`,
    ...summary.rocAuc.map((row) => `ROC-AUC ${row.loss}: Focal Lab ${f(row.focalLab, 4)}, PyTorch ${f(row.torch, 4)}`),
  ].join('\n') + '\n');
  log(`wrote ${path.relative(process.cwd(), outFile) || outFile}`);
}

function main() {
  build();
  const files = generate(dataDirectory, 7, log);
  const withTorch = torchAvailable();
  const withNumpy = withTorch || numpyAvailable();
  if (!withTorch) {
    log(`PyTorch was not found for ${python}: the PyTorch reference is skipped. Install it with`);
    log('  sudo apt-get install python3-torch python3-numpy    (Debian/Ubuntu; then run npm run bench again)');
    log('or name another interpreter that has torch and numpy: npm run bench -- --python /path/to/python3');
  }
  const withImblearn = imblearnAvailable();
  if (!withImblearn) {
    log(`imbalanced-learn was not found for ${python}: the SMOTE reference is skipped. Install it with`);
    log('  sudo apt-get install python3-imblearn    (Debian/Ubuntu)');
  }
  const cv = crossValidationFiles(files);
  const smoteFiles = smoteData(dataDirectory);
  const samples = { focalLab: [], torch: [], focalLabIngest: [], numpyIngest: [], focalLabCv: [], torchCv: [], focalLabSmote: [], imblearnSmote: [] };
  for (let i = 1; i <= repeat; i++) {
    log(`round ${i}/${repeat}: Focal Lab cross-validation (5 folds × 3 losses) …`);
    samples.focalLabCv.push(focalLabCrossValidation(cv));
    if (withTorch) {
      log(`round ${i}/${repeat}: PyTorch cross-validation reference (15 fits) …`);
      samples.torchCv.push(torchCrossValidation(cv));
    }
    log(`round ${i}/${repeat}: Focal Lab comparison …`);
    samples.focalLab.push(focalLabComparison(files));
    if (withTorch) {
      log(`round ${i}/${repeat}: PyTorch reference …`);
      samples.torch.push(torchComparison(files));
    }
    log(`round ${i}/${repeat}: ingest …`);
    samples.focalLabIngest.push(focalLabIngest(files));
    if (withNumpy) samples.numpyIngest.push(numpyIngest(files));
    log(`round ${i}/${repeat}: SMOTE …`);
    samples.focalLabSmote.push(focalLabSmote());
    if (withImblearn) samples.imblearnSmote.push(imblearnSmote(smoteFiles));
  }

  let responsiveness = null;
  if (!args.includes('--skip-vscode')) {
    log('event-loop delay of the extension host in a real VS Code (code-server) …');
    responsiveness = vscodeResponsiveness();
  }

  const m = (list, pick) => median(list.map(pick));
  const ingestBytes = fs.statSync(files.ingest).size;
  const summary = {
    comparisonWallSeconds: { focalLab: m(samples.focalLab, (s) => s.wallSeconds), torch: withTorch ? m(samples.torch, (s) => s.wallSeconds) : null },
    comparisonTrainingSeconds: { torch: withTorch ? m(samples.torch, (s) => s.trainingSeconds) : null },
    comparisonPeakRssMb: { focalLab: m(samples.focalLab, (s) => s.maxRssKb / 1024), torch: withTorch ? m(samples.torch, (s) => s.maxRssKb / 1024) : null },
    ingestMegabytesPerSecond: { focalLab: m(samples.focalLabIngest, (s) => s.megabytesPerSecond), numpy: withNumpy ? m(samples.numpyIngest, (s) => s.megabytesPerSecond) : null },
    ingestPeakRssMb: { focalLab: m(samples.focalLabIngest, (s) => s.maxRssKb / 1024), numpy: withNumpy ? m(samples.numpyIngest, (s) => s.maxRssKb / 1024) : null },
    crossValidationWallSeconds: { focalLab: m(samples.focalLabCv, (s) => s.wallSeconds), torch: withTorch ? m(samples.torchCv, (s) => s.wallSeconds) : null },
    crossValidationTrainingSeconds: { torch: withTorch ? m(samples.torchCv, (s) => s.trainingSeconds) : null },
    crossValidationPeakRssMb: { focalLab: m(samples.focalLabCv, (s) => s.maxRssKb / 1024), torch: withTorch ? m(samples.torchCv, (s) => s.maxRssKb / 1024) : null },
    smoteSeconds: { focalLab: m(samples.focalLabSmote, (s) => s.seconds), imblearn: withImblearn ? m(samples.imblearnSmote, (s) => s.seconds) : null },
    smoteCpuSeconds: { focalLab: m(samples.focalLabSmote, (s) => s.cpuSeconds), imblearn: withImblearn ? m(samples.imblearnSmote, (s) => s.cpuSeconds) : null },
    crossValidationRocAuc: ['bce', 'focal', 'alpha-focal'].map((loss) => ({ loss, focalLab: m(samples.focalLabCv, (s) => s.rocAuc[loss]), torch: withTorch ? m(samples.torchCv, (s) => s.rocAuc[loss]) : null })),
    models: ['bce', 'focal', 'alpha-focal'].map((loss) => {
      const fl = samples.focalLab.map((s) => s.runs.find((r) => r.loss === loss));
      const tr = samples.torch.map((s) => s.runs.find((r) => r.loss === loss));
      return {
        loss,
        focalLab: { trainingSeconds: m(fl, (r) => r.trainingSeconds), rocAuc: m(fl, (r) => r.rocAuc), minorityRecall: m(fl, (r) => r.minorityRecall) },
        torch: withTorch ? { trainingSeconds: m(tr, (r) => r.trainingSeconds), rocAuc: m(tr, (r) => r.rocAuc), minorityRecall: m(tr, (r) => r.minorityRecall) } : null,
      };
    }),
  };
  const ingestFloat32Mb = (samples.focalLabIngest[0].rows * samples.focalLabIngest[0].numericColumns * 4) / (1024 * 1024);
  const ratio = (a, b) => (a !== null && b !== null && b > 0 ? a / b : null);
  const torchInfo = samples.torch[0];
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    tfjs: require(path.join(root, 'node_modules', '@tensorflow', 'tfjs', 'package.json')).version,
    python: torchInfo?.python ?? null,
    torch: torchInfo?.torch ?? null,
    numpy: samples.numpyIngest[0]?.numpy ?? null,
    imblearn: samples.imblearnSmote[0]?.imblearn ?? null,
    load: os.loadavg().map((v) => Number(v.toFixed(2))),
  };
  const report = {
    date: new Date().toISOString(),
    machine,
    repeat,
    workload: { compare: path.basename(files.compare), split: samples.focalLab[0].split, ingestMegabytes: ingestBytes / 1e6, ingestFloat32Megabytes: ingestFloat32Mb, epochs: EPOCHS, batchSize: 256 },
    summary,
    ratios: {
      comparisonWall: ratio(summary.comparisonWallSeconds.focalLab, summary.comparisonWallSeconds.torch),
      comparisonWallVsTorchTrainingOnly: ratio(summary.comparisonWallSeconds.focalLab, summary.comparisonTrainingSeconds.torch),
      comparisonPeakRss: ratio(summary.comparisonPeakRssMb.focalLab, summary.comparisonPeakRssMb.torch),
      ingestThroughput: ratio(summary.ingestMegabytesPerSecond.focalLab, summary.ingestMegabytesPerSecond.numpy),
      ingestPeakRss: ratio(summary.ingestPeakRssMb.focalLab, summary.ingestPeakRssMb.numpy),
      ingestRssBudgetMb: 2.5 * ingestFloat32Mb + 100,
      crossValidationWall: ratio(summary.crossValidationWallSeconds.focalLab, summary.crossValidationWallSeconds.torch),
      crossValidationWallVsTorchTrainingOnly: ratio(summary.crossValidationWallSeconds.focalLab, summary.crossValidationTrainingSeconds.torch),
      crossValidationPeakRss: ratio(summary.crossValidationPeakRssMb.focalLab, summary.crossValidationPeakRssMb.torch),
      smote: ratio(summary.smoteSeconds.focalLab, summary.smoteSeconds.imblearn),
    },
    responsiveness,
    samples,
  };
  fs.writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(renderMarkdown(report) + '\n');
  log(`wrote ${path.relative(process.cwd(), outFile) || outFile}`);
}

function renderMarkdown(report) {
  const { summary: s, ratios: r, machine } = report;
  const f = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v) ? 'n/a' : v.toFixed(digits));
  const x = (v) => (v === null || Number.isNaN(v) ? 'n/a' : `${v.toFixed(2)}×`);
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, ${machine.platform}; Node ${machine.node}, TensorFlow.js ${machine.tfjs}; Python ${machine.python ?? 'n/a'}, PyTorch ${machine.torch ?? 'n/a'}, numpy ${machine.numpy ?? 'n/a'}. Load average at the end: ${machine.load.join(', ')}. Medians of ${report.repeat} interleaved runs.`,
    '',
    '| measurement | Focal Lab | reference | Focal Lab / reference |',
    '|---|---|---|---|',
    `| default comparison, 3 models, wall s (Focal Lab: CLI start to results, incl. CSV read; PyTorch: process start to end) | ${f(s.comparisonWallSeconds.focalLab)} | ${f(s.comparisonWallSeconds.torch)} (PyTorch, 1 thread) | ${x(r.comparisonWall)} |`,
    `| same, against PyTorch's training loops only | ${f(s.comparisonWallSeconds.focalLab)} | ${f(s.comparisonTrainingSeconds.torch)} | ${x(r.comparisonWallVsTorchTrainingOnly)} |`,
    `| peak RSS of the comparison process, MB | ${f(s.comparisonPeakRssMb.focalLab, 0)} | ${f(s.comparisonPeakRssMb.torch, 0)} | ${x(r.comparisonPeakRss)} |`,
    `| cross-validation, 100,000 × 20, 5 folds × 3 losses = 15 fits, 10 epochs, wall s (whole CLI run vs whole PyTorch process; target ≤ 0.5×) | ${f(s.crossValidationWallSeconds.focalLab)} | ${f(s.crossValidationWallSeconds.torch)} (PyTorch, 1 thread, fits one after another) | ${x(r.crossValidationWall)} |`,
    `| same, against PyTorch's 15 training loops only | ${f(s.crossValidationWallSeconds.focalLab)} | ${f(s.crossValidationTrainingSeconds.torch)} | ${x(r.crossValidationWallVsTorchTrainingOnly)} |`,
    `| peak RSS of the cross-validation, MB | ${f(s.crossValidationPeakRssMb.focalLab, 0)} | ${f(s.crossValidationPeakRssMb.torch, 0)} | ${x(r.crossValidationPeakRss)} |`,
    `| CSV ingest ${f(report.workload.ingestMegabytes, 0)} MB, MB/s | ${f(s.ingestMegabytesPerSecond.focalLab, 0)} | ${f(s.ingestMegabytesPerSecond.numpy, 0)} (numpy.loadtxt) | ${x(r.ingestThroughput)} |`,
    `| CSV ingest peak RSS, MB (budget ${f(r.ingestRssBudgetMb, 0)}) | ${f(s.ingestPeakRssMb.focalLab, 0)} | ${f(s.ingestPeakRssMb.numpy, 0)} | ${x(r.ingestPeakRss)} |`,
    // Saved results from before the SMOTE line have no smoteSeconds.
    ...(s.smoteSeconds ? [`| SMOTE, one fold: 100,000 × 20, 10,000 minority rows, to 1:1, k = 5, wall s (CPU s) (target < 2 s) | ${f(s.smoteSeconds.focalLab)} (${f(s.smoteCpuSeconds.focalLab)}) | ${f(s.smoteSeconds.imblearn)} (${f(s.smoteCpuSeconds.imblearn)}) (imbalanced-learn ${machine.imblearn ?? ''} SMOTE().fit_resample, 1 thread) | ${x(r.smote)} |`] : []),
    '',
    '| model | Focal Lab training s | PyTorch training s | Focal Lab ROC-AUC | PyTorch ROC-AUC | Focal Lab minority recall @0.5 | PyTorch minority recall @0.5 |',
    '|---|---|---|---|---|---|---|',
    ...s.models.map((model) => `| ${model.loss} | ${f(model.focalLab.trainingSeconds)} | ${f(model.torch?.trainingSeconds)} | ${f(model.focalLab.rocAuc, 4)} | ${f(model.torch?.rocAuc, 4)} | ${f(model.focalLab.minorityRecall, 3)} | ${f(model.torch?.minorityRecall, 3)} |`),
    '',
    '| cross-validation, mean test-fold ROC-AUC | Focal Lab | PyTorch |',
    '|---|---|---|',
    ...s.crossValidationRocAuc.map((row) => `| ${row.loss} | ${f(row.focalLab, 4)} | ${f(row.torch, 4)} |`),
  ];
  if (report.responsiveness) {
    const rounds = (name) => report.responsiveness[name] ?? [];
    const maxima = (name) => rounds(name).map((r) => r.maxMs.toFixed(0)).join(' / ') || 'n/a';
    const smallest = (name) => Math.min(...rounds(name).map((r) => r.maxMs));
    lines.push(
      '',
      '| extension host event loop, 1,000,000-row comparison | largest delay per round, ms | p99, ms | target |',
      '|---|---|---|---|',
      ...['engine', 'panel'].map((name) => `| ${name === 'engine' ? 'reading, preparing, training (engine path)' : 'panel filling, run stored (panel path)'} | ${maxima(name)} | ${rounds(name).map((r) => r.p99Ms.toFixed(0)).join(' / ') || 'n/a'} | smallest max < 50 ms: ${smallest(name) < 50 ? 'met' : 'NOT met'} |`),
      `| idle control, 10 s, no Focal Lab work | ${maxima('idle')} | ${rounds('idle').map((r) => r.p99Ms.toFixed(0)).join(' / ') || 'n/a'} | (the machine's own stalls) |`,
    );
    const account = report.responsiveness.stallAccount;
    if (account) {
      lines.push(
        '',
        `Host-thread stalls over 30 ms on the panel path (one more run): ${account.stalls}, longest ${account.longestMs} ms, ${account.stalledMs} ms in all, of which the thread was on a CPU ${account.onCpuMs} ms and waiting for one ${account.waitingForCpuMs} ms (the kernel's schedstat; the rest asleep or the VM paused).`,
      );
    }
  }
  return lines.join('\n');
}

if (args.includes('--from')) {
  const saved = JSON.parse(fs.readFileSync(path.resolve(option('from')), 'utf8'));
  const r = saved.summary;
  const ratio = (a, b) => (a !== null && b !== null && b > 0 ? a / b : null);
  saved.ratios.crossValidationPeakRss ??= ratio(r.crossValidationPeakRssMb.focalLab, r.crossValidationPeakRssMb.torch);
  process.stdout.write(renderMarkdown(saved) + '\n');
} else if (only === 'cv') {
  mainCrossValidationOnly();
} else {
  main();
}
