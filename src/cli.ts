#!/usr/bin/env node
// focal-lab: the headless engine. `focal-lab compare data.csv` trains the same network
// with each loss, prints a metrics table and writes results.json, report.md, report.html.

import * as path from 'path';
import { parseArgs } from 'util';
import { DEFAULT_CONFIG, DEFAULT_MAX_FILE_MEGABYTES, parseAlphaOption } from './core/config';
import { Worker } from 'worker_threads';
import { CancelledError, FocalLabInputError, isCancelled, isInputError, oneLine } from './core/errors';
import { commitComparisonOutputs } from './core/output';
import { abandonOutputs, checkOutputFolder } from './core/outputFolder';
import { renderTerminalTable } from './core/report';
import { renderMulticlassTerminalTable } from './core/report/multiclassReport';
import { contributionLines, contributionRunsOf } from './core/report/contributionSummary';
import { isMulticlassResults } from './core/multiclassResults';
import { LOSS_KINDS, type ComparisonConfig, type LossKind } from './core/results';
import { TOOL_VERSION } from './core/version';
import type { ComparisonEvent } from './shared/protocol';
import { ProgressDisplay } from './cliProgress';
import type { CliJob, FromCliWorker, ToCliWorker } from './cliWorker';
import { EXPORT_COMMANDS, runExportCommand } from './cliExport';

const USAGE = `Usage: focal-lab compare FILE [options]
       focal-lab export-loss | export-notebook ...   (a run's loss as code, the comparison as a
                                                     PyTorch notebook: focal-lab export-loss --help)

Trains the same small neural network on FILE (a CSV with a header) with each loss and
shows which one serves the minority class. Writes DIR/results.json, DIR/report.md and
DIR/report.html.

Options:
  --target COL            target column (default: a column named like label/target/class/y/outcome,
                          else the last column with few distinct values)
  --positive VALUE        positive class (default: the minority value); with three or more classes,
                          compares that class against the rest instead of training one
                          multi-class model (the default for three or more classes)
  --losses LIST           comma-separated, from ${LOSS_KINDS.join(', ')}
                          (default: ${DEFAULT_CONFIG.losses.join(',')})
  --gamma G               focal loss gamma, 0 to 10 (default: ${DEFAULT_CONFIG.gamma})
  --alpha auto|A|C=W,...  class weights of weighted-bce and alpha-focal: A = the positive class's weight
                          (two classes); C=W,... one weight per class (three or more); auto =
                          inverse class frequency on the training rows, normalised to sum 1
                          (two classes: the positive class gets negatives / all) (default: auto)
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
  --dedupe                drop exact duplicate rows before splitting (without it they are
                          counted and reported)
  --missing-values LIST   comma-separated words read as missing values, ignoring case; empty
                          cells always are (default: ${DEFAULT_CONFIG.missingValues!.join(',')};
                          --missing-values '' reads NA as a value, such as a class)
  --plane-columns X,Y     draw the decision regions over two numeric input columns, in their own
                          units over their training range, every other input held at its training
                          median (numeric) or most frequent category (default: the two principal
                          components, or the two inputs when there are only two)
  --max-categories K      one-hot the K most frequent categories, the rest as "other" (default: ${DEFAULT_CONFIG.maxCategories})
  --max-file-mb N         refuse larger files (default: ${DEFAULT_MAX_FILE_MEGABYTES})
  --backend wasm|cpu      TensorFlow.js backend (default: wasm, falling back to cpu)
  --out DIR               output folder (default: ./focal-lab-results)
  --json                  print results.json to stdout instead of the table (files are then
                          written only when --out is given)
  --explain               also print where each loss spends its gradient: the shares of
                          |dL/dz| by class and confidence (hard, medium, easy rows)
  -h, --help              this help
  -v, --version           the version

Exit codes: 0 done, 1 unexpected error or every model failed, 2 a problem with the input, the
output folder or an option (the message says what to do), 130 cancelled (Ctrl-C; a second Ctrl-C
stops at once), 143 stopped by SIGTERM. A cancelled run leaves the output folder as it was.`;

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

function parsePlaneColumns(text: string | undefined): [string, string] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  if (names.length !== 2 || names.some((name) => name === '')) fail(`--plane-columns needs two column names separated by a comma, like "age,income" (got '${text}').`);
  return names as [string, string];
}

export interface ParsedCommand {
  file: string;
  target?: string;
  positive?: string;
  config: Partial<ComparisonConfig>;
  out?: string;
  json: boolean;
  /** Also print where each loss spends its gradient. */
  explain: boolean;
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
        'plane-columns': { type: 'string' },
        dedupe: { type: 'boolean' },
        'missing-values': { type: 'string' },
        'max-file-mb': { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        explain: { type: 'boolean' },
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
      alpha: alphaText === undefined ? undefined : parseAlphaOption(alphaText),
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
      dedupe: values.dedupe,
      missingValues: values['missing-values']?.split(',').map((word) => word.trim()).filter(Boolean),
      planeColumns: parsePlaneColumns(values['plane-columns']),
    },
    out: values.out,
    json: values.json ?? false,
    explain: values.explain ?? false,
    maxFileMegabytes,
    backend,
  };
}

/** Relative to the working folder when inside it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** After the first Ctrl-C or SIGTERM, the engine has this long to stop on its own before it is stopped. */
const GRACE_MS = 2000;
const EXIT_CODE_OF_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

export async function main(argv: string[]): Promise<number> {
  if (EXPORT_COMMANDS.includes(argv[0])) return runExportCommand(argv);
  let progress: ProgressDisplay | undefined;
  let stopSignals = () => {};
  let signalReceived = (): keyof typeof EXIT_CODE_OF_SIGNAL | undefined => undefined;
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
    const outDirectory = command.out ?? (command.json ? undefined : path.resolve('focal-lab-results'));
    // Before the data is read: a run must not train for an hour and then find it cannot write.
    if (outDirectory) await checkOutputFolder(outDirectory);
    progress = !command.json && process.stderr.isTTY ? new ProgressDisplay(process.stderr) : undefined;
    const job: CliJob = {
      request: {
        file: command.file,
        target: command.target,
        positive: command.positive,
        config: command.config,
        maxFileBytes: command.maxFileMegabytes * 1024 * 1024,
        backend: command.backend,
      },
      out: outDirectory,
      wantJson: command.json,
    };
    const engine = new Worker(path.join(__dirname, 'cliWorker.js'), { workerData: job });
    const signals = watchSignals(engine, outDirectory);
    stopSignals = signals.stop;
    signalReceived = signals.received;
    const outcome = await engineOutcome(engine, (event) => progress?.update(event));
    progress?.done();
    if (outcome.type === 'error') {
      if (outcome.kind === 'cancelled') throw new CancelledError();
      if (outcome.kind === 'input') throw new FocalLabInputError('bad-option', outcome.message);
      throw Object.assign(new Error(outcome.message), { stack: outcome.stack });
    }
    // Cancelled after the set was prepared: still cancelled, so it is not moved into place.
    if (signals.received() !== undefined) {
      if (outcome.prepared) abandonOutputs(outcome.prepared.directory);
      throw new CancelledError();
    }
    const written = outcome.prepared ? await commitComparisonOutputs(outcome.prepared) : undefined;
    // The set is in place: from here a Ctrl-C just ends the process.
    stopSignals();
    const { results } = outcome;
    // Columns left out and other notices, which report.md also lists.
    for (const notice of results.dataset.notices) process.stderr.write(`focal-lab: note: ${oneLine(notice)}\n`);
    if (command.json) {
      process.stdout.write(outcome.json ?? '');
    } else {
      const table = isMulticlassResults(results)
        ? renderMulticlassTerminalTable(results, { width: process.stdout.columns })
        : renderTerminalTable(results, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, width: process.stdout.columns });
      process.stdout.write(table + '\n');
      if (command.explain) {
        const lines = contributionLines(contributionRunsOf(results));
        if (lines.length > 0) process.stdout.write(`\n${lines.join('\n')}\n`);
      }
      for (const run of results.runs) if (run.status === 'failed') process.stderr.write(`focal-lab: ${run.id} failed: ${oneLine(run.error ?? '')}\n`);
      if (written) process.stdout.write(`\nWrote ${displayPath(written.resultsJson)}, ${path.basename(written.reportMarkdown)} and ${path.basename(written.reportHtml)}.\n`);
    }
    return results.runs.every((run) => run.status === 'failed') ? 1 : 0;
  } catch (error) {
    progress?.done();
    if (isCancelled(error)) {
      process.stderr.write(`focal-lab: ${CANCELLED}\n`);
      return signalReceived() === 'SIGTERM' ? EXIT_CODE_OF_SIGNAL.SIGTERM : EXIT_CODE_OF_SIGNAL.SIGINT;
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
    stopSignals();
  }
}

const CANCELLED = 'cancelled; nothing was written.';

/** What the engine thread ends with; a crash of the thread itself (out of memory, say) is an internal error. */
type EngineOutcome = Extract<FromCliWorker, { type: 'done' | 'error' }>;

function engineOutcome(engine: Worker, onEvent: (event: ComparisonEvent) => void): Promise<EngineOutcome> {
  return new Promise((resolve) => {
    let outcome: EngineOutcome | undefined;
    engine.on('message', (message: FromCliWorker) => {
      if (message.type === 'event') {
        onEvent(message.event);
        // For tests: a stage reached, so a signal can be sent at a known point without waiting a fixed time.
        if (message.event.type === 'stage' && process.env.FOCAL_LAB_TEST_STAGES) process.stderr.write(`focal-lab: test: stage ${message.event.stage}\n`);
      } else if (message.type === 'stalled') process.stderr.write(`focal-lab: test: stalled at ${message.stage}\n`);
      else outcome ??= message;
    });
    engine.on('error', (error) => {
      outcome ??= { type: 'error', kind: 'internal', message: error.message, stack: error.stack };
    });
    engine.on('exit', () => resolve(outcome ?? { type: 'error', kind: 'internal', message: 'the engine thread stopped without a result' }));
  });
}

/**
 * Ctrl-C or SIGTERM asks the engine to cancel; a second signal, or an engine that has not stopped
 * within GRACE_MS, ends the process at once: the engine thread is stopped wherever it is, its
 * temporary output folder and lock are removed, and the previous output set stays as it was.
 */
function watchSignals(engine: Worker, outDirectory: string | undefined) {
  let first: keyof typeof EXIT_CODE_OF_SIGNAL | undefined;
  let timer: NodeJS.Timeout | undefined;
  const forceExit = () => {
    void engine.terminate();
    if (outDirectory) abandonOutputs(outDirectory);
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[2K' : ''}focal-lab: ${CANCELLED}\n`);
    process.exit(EXIT_CODE_OF_SIGNAL[first ?? 'SIGINT']);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (first !== undefined) forceExit();
    first = signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    engine.postMessage({ type: 'cancel' } satisfies ToCliWorker);
    timer = setTimeout(forceExit, GRACE_MS);
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    received: () => first,
    stop: () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
