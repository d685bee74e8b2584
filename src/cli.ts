#!/usr/bin/env node
// focal-lab: the headless engine. `focal-lab compare data.csv` trains the same network
// with each loss, prints a metrics table and writes results.json, report.md, report.html.

import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_CONFIG, DEFAULT_MAX_FILE_MEGABYTES } from './core/config';
import { CancelledError, FocalLabInputError, isCancelled, isInputError, oneLine } from './core/errors';
import { resultsToJson, writeComparisonOutputs } from './core/output';
import { renderTerminalTable } from './core/report';
import { LOSS_KINDS, type ComparisonConfig, type LossKind } from './core/results';
import { TOOL_VERSION } from './core/version';
import { ProgressDisplay } from './cliProgress';
import { EXPORT_COMMANDS, runExportCommand } from './cliExport';
import { runComparison } from './worker/runComparison';

const USAGE = `Usage: focal-lab compare FILE [options]
       focal-lab export-loss | export-notebook ...   (a run's loss as code, the comparison as a
                                                     PyTorch notebook: focal-lab export-loss --help)

Trains the same small neural network on FILE (a CSV with a header) with each loss and
shows which one serves the minority class. Writes DIR/results.json, DIR/report.md and
DIR/report.html.

Options:
  --target COL            target column (default: a column named like label/target/class/y/outcome,
                          else the last column with few distinct values)
  --positive VALUE        positive class (default: the minority value)
  --losses LIST           comma-separated, from ${LOSS_KINDS.join(', ')}
                          (default: ${DEFAULT_CONFIG.losses.join(',')})
  --gamma G               focal loss gamma, 0 to 10 (default: ${DEFAULT_CONFIG.gamma})
  --alpha auto|A          weight of the positive class in weighted-bce and alpha-focal; auto =
                          inverse class frequency = negatives / all rows of the training split
                          (default: auto)
  --epochs N              (default: ${DEFAULT_CONFIG.epochs})
  --batch-size N          (default: ${DEFAULT_CONFIG.batchSize})
  --learning-rate X       Adam learning rate (default: ${DEFAULT_CONFIG.learningRate})
  --hidden A,B            units of the two hidden layers (default: ${DEFAULT_CONFIG.hidden.join(',')})
  --seed S                (default: ${DEFAULT_CONFIG.seed})
  --folds K               stratified K-fold cross-validation (default: ${DEFAULT_CONFIG.folds}); 1 = one
                          train/validation/test split (--split), for very large files
  --repeats R             repeat the cross-validation with other fold assignments (default: ${DEFAULT_CONFIG.repeats})
  --early-stopping N      stop a model when the monitored validation value has not improved
                          for N epochs and keep its best epoch (default: ${DEFAULT_CONFIG.earlyStopping}; 0 = off)
  --monitor M             own-loss | log-loss | pr-auc (default: ${DEFAULT_CONFIG.monitor})
  --split T,V,S           train, validation, test fractions with --folds 1 (default: 0.7,0.1,0.2)
  --prior-bias-init       start the output bias at the class prior (Lin et al. 2017)
  --max-categories K      one-hot the K most frequent categories, the rest as "other" (default: ${DEFAULT_CONFIG.maxCategories})
  --max-file-mb N         refuse larger files (default: ${DEFAULT_MAX_FILE_MEGABYTES})
  --backend wasm|cpu      TensorFlow.js backend (default: wasm, falling back to cpu)
  --out DIR               output folder (default: ./focal-lab-results)
  --json                  print results.json to stdout instead of the table (files are then
                          written only when --out is given)
  -h, --help              this help
  -v, --version           the version

Exit codes: 0 done, 1 unexpected error or every model failed, 2 a problem with the input or an
option (the message says what to do), 130 cancelled (Ctrl-C).`;

function fail(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

function parseNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail(`--${option} needs a number (got '${text}').`);
  return value;
}

function parseList(option: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => parseNumber(option, part.trim())!);
}

export interface ParsedCommand {
  file: string;
  target?: string;
  positive?: string;
  config: Partial<ComparisonConfig>;
  out?: string;
  json: boolean;
  maxFileMegabytes: number;
  backend?: 'wasm' | 'cpu';
}

export function parseCommandLine(argv: string[]): ParsedCommand | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        positive: { type: 'string' },
        losses: { type: 'string' },
        gamma: { type: 'string' },
        alpha: { type: 'string' },
        epochs: { type: 'string' },
        'batch-size': { type: 'string' },
        'learning-rate': { type: 'string' },
        hidden: { type: 'string' },
        seed: { type: 'string' },
        split: { type: 'string' },
        folds: { type: 'string' },
        repeats: { type: 'string' },
        'early-stopping': { type: 'string' },
        monitor: { type: 'string' },
        'prior-bias-init': { type: 'boolean' },
        'max-categories': { type: 'string' },
        'max-file-mb': { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see focal-lab --help).`);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, file, ...extra] = positionals;
  if (command !== 'compare') fail(command ? `Unknown command '${command}'; the command is 'compare' (focal-lab compare FILE).` : 'Name a CSV file: focal-lab compare FILE (see focal-lab --help).');
  if (!file) fail('Name a CSV file: focal-lab compare FILE.');
  if (extra.length > 0) fail(`Unexpected argument '${extra[0]}'; compare takes one file.`);
  const split = parseList('split', values.split);
  if (split && split.length !== 3) fail('--split needs three fractions: train,validation,test (like 0.7,0.1,0.2).');
  const alphaText = values.alpha?.trim();
  const backend = values.backend;
  if (backend !== undefined && backend !== 'wasm' && backend !== 'cpu') fail(`--backend is wasm or cpu (got '${backend}').`);
  const losses = values.losses?.split(',').map((l) => l.trim()).filter(Boolean) as LossKind[] | undefined;
  const maxFileMegabytes = parseNumber('max-file-mb', values['max-file-mb']) ?? DEFAULT_MAX_FILE_MEGABYTES;
  if (!(maxFileMegabytes > 0)) fail('--max-file-mb must be a positive number of megabytes.');
  return {
    file,
    target: values.target,
    positive: values.positive,
    config: {
      losses,
      gamma: parseNumber('gamma', values.gamma),
      alpha: alphaText === undefined || alphaText === 'auto' ? (alphaText as 'auto' | undefined) : parseNumber('alpha', alphaText),
      epochs: parseNumber('epochs', values.epochs),
      batchSize: parseNumber('batch-size', values['batch-size']),
      learningRate: parseNumber('learning-rate', values['learning-rate']),
      hidden: parseList('hidden', values.hidden),
      seed: parseNumber('seed', values.seed),
      split: split ? { train: split[0], validation: split[1], test: split[2] } : undefined,
      folds: parseNumber('folds', values.folds),
      repeats: parseNumber('repeats', values.repeats),
      earlyStopping: parseNumber('early-stopping', values['early-stopping']),
      monitor: values.monitor as ComparisonConfig['monitor'] | undefined,
      priorBiasInit: values['prior-bias-init'],
      maxCategories: parseNumber('max-categories', values['max-categories']),
    },
    out: values.out,
    json: values.json ?? false,
    maxFileMegabytes,
    backend,
  };
}

/** Relative to the working folder when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export async function main(argv: string[]): Promise<number> {
  if (EXPORT_COMMANDS.includes(argv[0])) return runExportCommand(argv);
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  let progress: ProgressDisplay | undefined;
  try {
    const command = parseCommandLine(argv);
    if (command === 'help') {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (command === 'version') {
      process.stdout.write(`focal-lab ${TOOL_VERSION}\n`);
      return 0;
    }
    progress = !command.json && process.stderr.isTTY ? new ProgressDisplay(process.stderr) : undefined;
    const results = await runComparison(
      {
        file: command.file,
        target: command.target,
        positive: command.positive,
        config: command.config,
        maxFileBytes: command.maxFileMegabytes * 1024 * 1024,
        backend: command.backend,
      },
      { signal: controller.signal, onEvent: (event) => progress?.update(event) },
    );
    progress?.done();
    // Cancelled after the last model finished: still cancelled, so nothing is written.
    if (controller.signal.aborted) throw new CancelledError();
    // Columns left out and other notices, which report.md also lists.
    for (const notice of results.dataset.notices) process.stderr.write(`focal-lab: note: ${oneLine(notice)}\n`);
    const outDirectory = command.out ?? (command.json ? undefined : path.resolve('focal-lab-results'));
    const written = outDirectory ? await writeComparisonOutputs(results, outDirectory) : undefined;
    if (command.json) {
      process.stdout.write(resultsToJson(results));
    } else {
      process.stdout.write(renderTerminalTable(results, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, width: process.stdout.columns }) + '\n');
      for (const run of results.runs) if (run.status === 'failed') process.stderr.write(`focal-lab: ${run.id} failed: ${oneLine(run.error ?? '')}\n`);
      if (written) process.stdout.write(`\nWrote ${displayPath(written.resultsJson)}, ${path.basename(written.reportMarkdown)} and ${path.basename(written.reportHtml)}.\n`);
    }
    return results.runs.every((run) => run.status === 'failed') ? 1 : 0;
  } catch (error) {
    progress?.done();
    if (isCancelled(error)) {
      process.stderr.write('focal-lab: cancelled; nothing was written.\n');
      return 130;
    }
    if (isInputError(error)) {
      process.stderr.write(`focal-lab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`focal-lab: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.FOCAL_LAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('Set FOCAL_LAB_DEBUG=1 to see the details, and please report it.\n');
    return 1;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
