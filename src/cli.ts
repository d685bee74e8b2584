#!/usr/bin/env node
// focal-lab: the headless engine. `focal-lab compare data.csv` trains the same network
// with each loss, prints a metrics table and writes results.json, report.md, report.html.

import { ARM_PRESETS, DEFAULT_EFFECTIVE_BETA, effectiveBetaOf, type ArmPresetName } from './core/arms';
import * as path from 'path';
import { parseArgs } from 'util';
import { comparisonArms, parseAlphaOption, resolveConfig } from './core/config';
import { betaProblem } from './core/sampling/classBalanced';
import { CLI_GROUPS, setConfigValue, settingSpec, SETTING_KEYS, type SettingKey } from './core/settingsSchema';
import { checkSplit, parseSetting } from './core/settingsChecks';
import { DEFAULT_SETTINGS } from './shared/settings';
import { Worker } from 'worker_threads';
import { CancelledError, FocalLabInputError, isCancelled, isInputError, oneLine } from './core/errors';
import { commitComparisonOutputs } from './core/output';
import { abandonOutputs, checkOutputFolder } from './core/outputFolder';
import { renderTerminalTable } from './core/report';
import { renderMulticlassTerminalTable } from './core/report/multiclassReport';
import { contributionLines, contributionRunsOf } from './core/report/contributionSummary';
import { isMulticlassResults } from './core/multiclassResults';
import { LOSS_TABLE, type ComparisonConfig } from './core/results';
import { TOOL_VERSION } from './core/version';
import type { ComparisonEvent } from './shared/protocol';
import { ProgressDisplay } from './cliProgress';
import type { CliJob, FromCliWorker, ToCliWorker } from './cliWorker';
import { EXPORT_COMMANDS, runExportCommand } from './cliExport';

/** The options that are not settings: what to read, where to write, how to print. */
const OTHER_OPTIONS = {
  target: { type: 'string' },
  positive: { type: 'string' },
  backend: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  preset: { type: 'string' },
  'plane-columns': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const HELP_WIDTH = 100;
const HELP_INDENT = 26;

/** One option in --help: the flag, then its text wrapped under it. */
function helpLine(flag: string, text: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = `  ${flag}`;
  // A flag too long for its column gets a line of its own.
  if (line.length > HELP_INDENT - 2) {
    lines.push(line);
    line = '';
  }
  line = line.padEnd(HELP_INDENT - 1);
  for (const word of words) {
    if (line.trim() !== '' && line.length > HELP_INDENT - 1 && line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(line);
      line = ''.padEnd(HELP_INDENT - 1);
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The description as plain text (no markdown marks), its default before the final full stop. */
function settingHelp(key: SettingKey): string {
  const spec = settingSpec(key);
  const text = (spec.cli?.help ?? spec.description).replace(/\*\*|[`*]/g, '').replace(/\.$/, '');
  if (spec.kind === 'boolean') return `${text}.`;
  const value = spec.default;
  if (value === '') return `${text} (default: none).`;
  return `${text} (default: ${Array.isArray(value) ? value.join(',') : String(value)}).`;
}

/** --help: the settings' options come from the settings' one declaration, in its order. */
export function usage(): string {
  const options: string[] = [
    helpLine('--target COL', 'Target column (default: a column named like label/target/class/y/outcome, else the last column with few distinct values).'),
    helpLine('--positive VALUE', 'Positive class (default: the minority value); with three or more classes, compares that class against the rest instead of training one multi-class model (the default for three or more classes).'),
  ];
  for (const key of SETTING_KEYS) {
    const group = CLI_GROUPS.find((g) => g.keys[0] === key);
    if (group) options.push(helpLine(`--${group.flag} ${group.value}`, `${group.help.replace(/\.$/, '')} (default: ${group.keys.map((k) => DEFAULT_SETTINGS[k]).join(',')}).`));
    const cli = settingSpec(key).cli;
    if (cli) options.push(helpLine(`--${cli.flag}${cli.value ? ` ${cli.value}` : ''}`, settingHelp(key)));
  }
  options.push(
    helpLine(
      '--preset NAME',
      `A named list of arms instead of --arms: ${Object.entries(ARM_PRESETS).map(([name, arms]) => `${name} = "${arms}"`).join('; ')}.`,
    ),
    helpLine(
      '--plane-columns X,Y',
      'draw the decision regions over two numeric input columns, in their own units over their training range, every other input held at its training median (numeric) or most frequent category (default: the two principal components, or the two inputs when there are only two)',
    ),
    helpLine('--backend wasm|cpu', 'TensorFlow.js backend (default: wasm, falling back to cpu).'),
    helpLine('--out DIR', 'Output folder (default: ./focal-lab-results).'),
    helpLine('--json', 'Print results.json to stdout instead of the table (files are then written only when --out is given).'),
    helpLine('--explain', 'Also print where each loss spends its gradient: the shares of |dL/dz| by class and confidence (hard, medium, easy rows).'),
    helpLine('-h, --help', 'This help.'),
    helpLine('-v, --version', 'The version.'),
  );
  return `Usage: focal-lab compare FILE [options]
       focal-lab export-loss | export-notebook ...   (a run's loss as code, the comparison as a
                                                     PyTorch notebook: focal-lab export-loss --help)

Trains the same small neural network on FILE (a CSV with a header) with each loss and
shows which one serves the minority class. Writes DIR/results.json, DIR/report.md and
DIR/report.html.

Options:
${options.join('\n')}

Exit codes: 0 done, 1 unexpected error or every model failed, 2 a problem with the input, the
output folder or an option (the message says what to do), 130 cancelled (Ctrl-C; a second Ctrl-C
stops at once), 143 stopped by SIGTERM. A cancelled run leaves the output folder as it was.`;
}

function fail(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

/** --alpha effective[:β]: class-balanced weights (effective number of samples) for the losses that weigh the classes. */
interface EffectiveAlpha {
  effectiveNumberBeta: number;
}

function parseEffectiveAlpha(text: string): EffectiveAlpha | undefined {
  const match = /^\s*effective\s*(?::\s*(.*))?$/i.exec(text);
  if (!match) return undefined;
  const beta = match[1] === undefined ? DEFAULT_EFFECTIVE_BETA : Number(match[1]);
  const problem = match[1] !== undefined && match[1].trim() === '' ? 'the beta after "effective:" is missing, like effective:0.999.' : betaProblem(beta);
  if (problem) fail(`--alpha ${quoteArgument(text)}: ${problem}`);
  return { effectiveNumberBeta: beta };
}

/**
 * Options that take more on the command line than the setting does: --alpha also takes one
 * weight per class ("A=0.2,B=0.3,C=0.5") for a target of three or more classes, and
 * effective[:β] (class-balanced weights), which becomes the arms' +effective.
 */
const CLI_ONLY_VALUES: Partial<Record<SettingKey, (text: string) => unknown>> = {
  alpha: (text) => parseEffectiveAlpha(text) ?? (text.includes('=') ? parseAlphaOption(text) : undefined),
};

/**
 * --alpha effective:β on the arms: every arm whose loss weighs the classes (weighted BCE,
 * alpha-balanced focal) takes class-balanced weights; the others are left as they are.
 */
function withEffectiveAlpha(config: Partial<ComparisonConfig>, effective: EffectiveAlpha): string {
  const resolved = resolveConfig({ ...config, alpha: 'auto' });
  return comparisonArms(resolved)
    .map((arm) => (LOSS_TABLE[arm.loss].usesAlpha && effectiveBetaOf(arm) === null ? `${arm.id}+effective:${effective.effectiveNumberBeta}` : arm.id))
    .join(', ');
}

/** One setting's option as given: checked with the setting's own rule and sentence. */
function parseSettingOption(key: SettingKey, flag: string, text: string, given = text): unknown {
  const special = CLI_ONLY_VALUES[key]?.(text);
  if (special !== undefined) return special;
  const parsed = parseSetting(key, text);
  if (!parsed.ok) fail(`--${flag} ${quoteArgument(given)}: ${parsed.message}`);
  return parsed.value;
}

function quoteArgument(text: string): string {
  return /^[\w.,:+-]+$/.test(text) ? text : `'${text}'`;
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

type OptionConfig = { type: 'string' | 'boolean'; short?: string };

export function parseCommandLine(argv: string[]): ParsedCommand | 'help' | 'version' {
  const options: Record<string, OptionConfig> = { ...OTHER_OPTIONS };
  for (const key of SETTING_KEYS) {
    const spec = settingSpec(key);
    if (spec.cli) options[spec.cli.flag] = { type: spec.kind === 'boolean' ? 'boolean' : 'string' };
  }
  for (const group of CLI_GROUPS) options[group.flag] = { type: 'string' };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    fail(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see focal-lab --help).`);
  }
  const { positionals } = parsed;
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, file, ...extra] = positionals;
  if (command !== 'compare') fail(command ? `Unknown command '${command}'; the command is 'compare' (focal-lab compare FILE).` : 'Name a CSV file: focal-lab compare FILE (see focal-lab --help).');
  if (!file) fail('Name a CSV file: focal-lab compare FILE.');
  if (extra.length > 0) fail(`Unexpected argument '${extra[0]}'; compare takes one file.`);
  const backend = values.backend as string | undefined;
  if (backend !== undefined && backend !== 'wasm' && backend !== 'cpu') fail(`--backend is wasm or cpu (got '${backend}').`);

  // Each setting's option: the setting's value, into the config (or kept, for the file-size limit).
  const settings: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) {
    const cli = settingSpec(key).cli;
    const given = cli ? values[cli.flag] : undefined;
    if (given !== undefined) settings[key] = typeof given === 'boolean' ? given : parseSettingOption(key, cli!.flag, given);
  }
  for (const group of CLI_GROUPS) {
    const given = values[group.flag];
    if (typeof given !== 'string') continue;
    const parts = given.split(',');
    if (parts.length !== group.keys.length) fail(`--${group.flag} needs ${group.keys.length} values: ${group.value} (like ${group.keys.map((k) => DEFAULT_SETTINGS[k]).join(',')}).`);
    group.keys.forEach((key, i) => (settings[key] = parseSettingOption(key, group.flag, parts[i], given)));
    const split = { train: settings.trainFraction as number, validation: settings.validationFraction as number, test: settings.testFraction as number };
    const problem = checkSplit(split);
    if (problem) fail(`--${group.flag} ${quoteArgument(given)}: ${problem}`);
  }
  const config: Partial<ComparisonConfig> = {};
  for (const key of SETTING_KEYS) {
    const path = settingSpec(key).config;
    if (path && settings[key] !== undefined) setConfigValue(config, path, settings[key]);
  }
  const planeColumns = parsePlaneColumns(values['plane-columns'] as string | undefined);
  if (planeColumns) config.planeColumns = planeColumns;
  const preset = values.preset as string | undefined;
  if (preset !== undefined) {
    if (!(preset in ARM_PRESETS)) fail(`--preset ${quoteArgument(preset)} is not a preset; use ${Object.keys(ARM_PRESETS).join(' or ')}.`);
    if (config.arms !== undefined) fail('Give --arms or --preset, not both: a preset is a named list of arms.');
    config.arms = ARM_PRESETS[preset as ArmPresetName];
  }
  const alpha = config.alpha as unknown;
  if (alpha !== null && typeof alpha === 'object' && 'effectiveNumberBeta' in alpha) {
    delete config.alpha;
    config.arms = withEffectiveAlpha(config, alpha as EffectiveAlpha);
  }
  return {
    file,
    target: values.target as string | undefined,
    positive: values.positive as string | undefined,
    config,
    out: values.out as string | undefined,
    json: values.json === true,
    explain: values.explain === true,
    maxFileMegabytes: (settings.maxFileMegabytes as number | undefined) ?? DEFAULT_SETTINGS.maxFileMegabytes,
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
      process.stdout.write(usage() + '\n');
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
        // A command in a terminal runs at the priority the user gave it, training threads included.
        threadPriority: 'normal',
      },
      out: outDirectory,
      wantJson: command.json,
      batchProgress: progress !== undefined,
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
    for (const notice of outcome.notices) process.stderr.write(`focal-lab: note: ${oneLine(notice)}\n`);
    if (command.json || !results) {
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
    return outcome.allFailed ? 1 : 0;
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
