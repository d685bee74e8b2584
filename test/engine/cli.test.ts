import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, sample, temporaryDirectory } from './helpers';

function runCli(args: string[], cwd?: string) {
  // results.json of a cross-validated run is several MB on stdout with --json.
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeCsv(directory: string, name: string, text: string): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('focal-lab CLI', () => {
  let directory: string;
  before(() => {
    directory = temporaryDirectory('cli');
  });
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('compares on a CSV, prints the metrics table and writes the three files', () => {
    const out = path.join(directory, 'out');
    const { code, stdout, stderr } = runCli(['compare', sample, '--epochs', '3', '--out', out]);
    assert.strictEqual(code, 0, stderr);
    assert.match(stdout, /ROC-AUC/);
    assert.match(stdout, /BCE +Focal +Alpha-balanced/);
    assert.match(stdout, /5-fold stratified cross-validation/);
    assert.match(stdout, /No reliable difference|Against BCE/);
    assert.doesNotMatch(stdout, /\x1b\[/, 'no colour codes when not on a terminal');
    assert.deepStrictEqual(fs.readdirSync(out).sort(), ['report.html', 'report.md', 'results.json']);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    assert.strictEqual(results.config.epochs, 3);
    assert.deepStrictEqual(results.runs.map((r: { loss: string }) => r.loss), ['bce', 'focal', 'alpha-focal']);
  });

  it('with --explain also prints where each loss spends its gradient, for two and for three classes', () => {
    const binary = runCli(['compare', sample, '--epochs', '4', '--folds', '2', '--losses', 'bce,focal', '--explain', '--out', path.join(directory, 'explain')]);
    assert.strictEqual(binary.code, 0, binary.stderr);
    assert.match(binary.stdout, /Where the gradient goes: shares of \|dL\/dz\|/);
    assert.match(binary.stdout, /^model +class +hard \(p_t < 0\.5\) +medium \(0\.5 ≤ p_t < 0\.9\) +easy \(p_t ≥ 0\.9\) +class total$/m);
    assert.match(binary.stdout, /^BCE +'0' +[\d.]+% +[\d.]+% +[\d.]+% +[\d.]+%$/m);
    assert.match(binary.stdout, /^Focal +'1' /m);
    assert.match(binary.stdout, /With BCE, easy '0' rows \(p_t ≥ 0\.9\) carry [\d.]+% of the gradient and hard '1' rows \(p_t < 0\.5\) [\d.]+%; Focal: [\d.]+% and [\d.]+%\./);
    // The reports carry the same table and sentence.
    const report = fs.readFileSync(path.join(directory, 'explain', 'report.md'), 'utf8');
    assert.match(report, /^## Where the gradient goes$/m);
    assert.match(report, /With BCE, easy '0' rows/);
    assert.match(report, /^\| BCE \| '1' \| [\d.]+% \|/m);
    const html = fs.readFileSync(path.join(directory, 'explain', 'report.html'), 'utf8');
    assert.match(html, /<h2[^>]*>Where the gradient goes<\/h2>/);
    assert.match(html, /<title>Where the gradient goes: shares of \|dL\/dz\|/);
    assert.ok((html.match(/<rect x="[\d.]+" y="\d+" width="[\d.]+" height="18"/g) ?? []).length >= 4, 'stacked bars in the HTML report');
    const multiclass = runCli(['compare', path.join(path.dirname(sample), 'multiclass-80-15-5.csv'), '--epochs', '3', '--folds', '2', '--losses', 'bce,alpha-focal', '--explain', '--out', path.join(directory, 'explain-3')]);
    assert.strictEqual(multiclass.code, 0, multiclass.stderr);
    assert.match(multiclass.stdout, /^Cross-entropy +'rare' /m);
    assert.match(multiclass.stdout, /With Cross-entropy, easy 'common' rows .* hard 'rare' rows/);
    assert.match(fs.readFileSync(path.join(directory, 'explain-3', 'report.md'), 'utf8'), /^## Where the gradient goes$/m);
    // Without --explain the table stays as it was.
    assert.doesNotMatch(runCli(['compare', sample, '--epochs', '2', '--folds', '2', '--losses', 'bce', '--out', path.join(directory, 'plain')]).stdout, /Where the gradient goes/);
  });

  it('passes every option through to results.json', () => {
    const { code, stdout, stderr } = runCli([
      'compare', sample, '--json', '--target', 'label', '--positive', '1', '--losses', 'weighted-bce,focal', '--gamma', '0.5',
      '--alpha', '0.75', '--epochs', '2', '--batch-size', '128', '--learning-rate', '0.01', '--hidden', '16,8', '--seed', '9',
      '--split', '0.6,0.2,0.2', '--folds', '1', '--early-stopping', '3', '--monitor', 'pr-auc', '--prior-bias-init', '--backend', 'cpu',
      '--dedupe', '--missing-values', 'NA, null',
    ]);
    assert.strictEqual(code, 0, stderr);
    const results = JSON.parse(stdout);
    assert.deepStrictEqual(results.config, {
      losses: ['weighted-bce', 'focal'], gamma: 0.5, alpha: 0.75, epochs: 2, batchSize: 128, learningRate: 0.01, hidden: [16, 8], seed: 9,
      split: { train: 0.6, validation: 0.2, test: 0.2 }, priorBiasInit: true, maxCategories: 10, folds: 1, repeats: 1, earlyStopping: 3, monitor: 'pr-auc',
      dedupe: true, missingValues: ['NA', 'null'],
    });
    assert.deepStrictEqual(results.evaluation.earlyStopping, { patience: 3, monitor: 'pr-auc' });
    const [weighted, focal] = results.runs;
    assert.deepStrictEqual([weighted.gamma, weighted.alphaForPositiveClass], [0, 0.75]);
    assert.deepStrictEqual([focal.gamma, focal.alphaForPositiveClass], [0.5, null]);
    assert.strictEqual(focal.backend, 'cpu');
    assert.strictEqual(results.dataset.split.validation, 600);
  });

  it('with --json prints only JSON on stdout and writes no files unless --out is given', () => {
    const { code, stdout } = runCli(['compare', sample, '--json', '--epochs', '1', '--losses', 'bce'], directory);
    assert.strictEqual(code, 0);
    assert.strictEqual(JSON.parse(stdout).runs.length, 1);
    assert.ok(!fs.existsSync(path.join(directory, 'focal-lab-results')));
  });

  it('with --plane-columns draws the decision regions over those columns and the report says so', () => {
    const out = path.join(directory, 'plane');
    const { code, stderr } = runCli(['compare', sample, '--epochs', '1', '--losses', 'bce', '--folds', '2', '--plane-columns', 'x2,x1', '--out', out], directory);
    assert.strictEqual(code, 0, stderr);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'));
    assert.deepStrictEqual(results.config.planeColumns, ['x2', 'x1']);
    assert.strictEqual(results.decisionPlane.kind, 'columns');
    assert.deepStrictEqual([results.decisionPlane.xLabel, results.decisionPlane.yLabel], ['x2', 'x1']);
    assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /\*\*Decision regions drawn over:\*\* the columns 'x2' and 'x1', every other input held fixed/);
    assert.match(fs.readFileSync(path.join(out, 'report.html'), 'utf8'), /over the columns &#39;x2&#39; and &#39;x1&#39;|over the columns 'x2' and 'x1'/);
  });

  const badInputs: [string, string[] | string, RegExp][] = [
    ['a missing file', ['compare', 'no-such-file.csv'], /no-such-file\.csv.*not found/i],
    ['an unknown option', ['compare', sample, '--gama', '2'], /gama/],
    ['a gamma out of range', ['compare', sample, '--gamma', '11'], /--gamma 11: Gamma must be a number from 0 to 10\./],
    ['a wrong target column', ['compare', sample, '--target', 'outcome'], /no column named 'outcome'.*'x1', 'x2', 'label'/],
    ['an unknown positive class', ['compare', sample, '--positive', 'yes'], /no class 'yes'.*--positive/],
    ['an unknown loss', ['compare', sample, '--losses', 'bce,hinge'], /Unknown loss 'hinge'/],
    ['no command', [], /Name a CSV file/],
    ['a plane of one column', ['compare', sample, '--plane-columns', 'x1'], /--plane-columns needs two column names separated by a comma/],
    ['a plane column the file lacks', ['compare', sample, '--plane-columns', 'x1,x3'], /the file has no column 'x3'; choose two of the numeric input columns: 'x1', 'x2'/],
    ['a plane column named twice', ['compare', sample, '--plane-columns', 'x1,x1'], /names 'x1' twice/],
    ['the target as a plane column', ['compare', sample, '--plane-columns', 'label,x1'], /'label' is the target/],
    ['one class only', 'a,b,y\n' + Array.from({ length: 30 }, (_, i) => `${i},${i * 2},0`).join('\n'), /only one class \('0'\)/],
    ['no header', '1,2,0\n3,4,1\n', /line 1.*header/i],
    ['a ragged row', 'a,b,y\n1,2,0\n1,2\n', /line 3 of bad\.csv has 2 fields/i],
  ];
  for (const [what, input, message] of badInputs) {
    it(`exits with code 2 and one clear sentence for ${what}`, () => {
      const args = typeof input === 'string' ? ['compare', writeCsv(directory, 'bad.csv', input)] : input;
      const { code, stdout, stderr } = runCli(args, directory);
      assert.strictEqual(code, 2, stderr);
      assert.strictEqual(stdout, '');
      assert.match(stderr, message);
      assert.strictEqual(stderr.trim().split('\n').length, 1, `one line, no stack trace: ${stderr}`);
      assert.doesNotMatch(stderr, /\bat .*\.js:\d+/);
    });
  }

  it('compares the imbalance strategies with --preset strategies, and names a bad arm or preset in one sentence', () => {
    const out = path.join(directory, 'strategies');
    const run = runCli(['compare', sample, '--preset', 'strategies', '--folds', '3', '--epochs', '8', '--out', out]);
    assert.strictEqual(run.code, 0, run.stderr);
    for (const label of ['BCE + SMOTE', 'BCE + oversampling', 'Class-balanced BCE (β 0.999)', 'BCE + threshold moving', 'Alpha-balanced focal']) assert.ok(run.stdout.includes(label), `the table names ${label}`);
    const results = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8')) as { config: { arms: string }; runs: { id: string; arm: { sampling: unknown } }[] };
    assert.deepStrictEqual(results.runs.map((r) => r.id), ['bce', 'alpha-focal', 'bce+effective:0.999', 'bce+oversample', 'bce+smote', 'bce+threshold']);
    assert.strictEqual(results.config.arms, 'bce, alpha-focal, bce+effective:0.999, bce+oversample, bce+smote, bce+threshold');
    assert.ok(fs.readFileSync(path.join(out, 'report.md'), 'utf8').includes('BCE + SMOTE'));
    // --alpha effective:β gives class-balanced weights to the arms whose loss weighs the classes.
    const effectiveOut = path.join(directory, 'effective');
    const effective = runCli(['compare', sample, '--alpha', 'effective:0.99', '--losses', 'bce,alpha-focal', '--folds', '2', '--epochs', '3', '--out', effectiveOut]);
    assert.strictEqual(effective.code, 0, effective.stderr);
    const effectiveResults = JSON.parse(fs.readFileSync(path.join(effectiveOut, 'results.json'), 'utf8')) as { config: { arms: string }; runs: { id: string; arm: { label: string } }[] };
    assert.strictEqual(effectiveResults.config.arms, 'bce, alpha-focal+effective:0.99');
    assert.deepStrictEqual(effectiveResults.runs.map((r) => r.arm.label), ['BCE', 'Class-balanced focal (β 0.99)']);
    for (const [args, message] of [
      [['--alpha', 'effective:1'], /^focal-lab: --alpha effective:1: beta \(of the class-balanced weights\) must be a number from 0 up to but not including 1, like 0\.999 \(got 1\)\.$/m],
      [['--arms', 'bce+mixup'], /^focal-lab: --arms bce\+mixup: Unknown strategy 'mixup' in the arm 'bce\+mixup'; use effective, oversample, undersample, smote, threshold\.$/m],
      [['--preset', 'everything'], /^focal-lab: --preset everything is not a preset; use losses or strategies\.$/m],
      [['--arms', 'bce', '--preset', 'strategies'], /^focal-lab: Give --arms or --preset, not both: a preset is a named list of arms\.$/m],
    ] as const) {
      const refused = runCli(['compare', sample, ...args, '--out', path.join(directory, 'refused')]);
      assert.strictEqual(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, message);
    }
  });

  it('prints help and the version', () => {
    assert.match(runCli(['--help']).stdout, /Usage: focal-lab compare FILE/);
    assert.match(runCli(['--version']).stdout, /^focal-lab \d+\.\d+\.\d+/);
  });

  it('on Ctrl-C stops, says so, exits 130 and writes nothing', async () => {
    const out = path.join(directory, 'interrupted');
    // Far more epochs than can finish before the interrupt, whatever the machine's speed (early stopping off).
    const child = spawn(process.execPath, [cli, 'compare', sample, '--epochs', '10000', '--early-stopping', '0', '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FOCAL_LAB_TEST_STAGES: '1' },
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    let stderr = '';
    // Interrupt once training has started (not after a fixed time: a busy machine may take longer to get there).
    const training = new Promise<void>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('focal-lab: test: stage training')) resolve();
      });
    });
    await Promise.race([training, exited]);
    child.kill('SIGINT');
    const code = await exited;
    assert.strictEqual(code, 130, stderr);
    assert.match(stderr, /cancelled; nothing was written/);
    assert.ok(!fs.existsSync(path.join(out, 'results.json')));
  });
});
