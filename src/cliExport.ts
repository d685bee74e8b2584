// focal-lab export-loss / export-notebook: a run's loss as code for the framework the user
// trains with, and a comparison as a PyTorch notebook. Parsed and run here; src/cli.ts only
// dispatches the two command names to runExportCommand.

import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { FocalLabInputError, isInputError, oneLine } from './core/errors';
import {
  CODE_FRAMEWORKS,
  LOSS_CODE_DEFAULTS,
  SOFTMAX_LOSS_KINDS,
  lossCode,
  lossSpecOfRun,
  type CodeFramework,
  type LossCodeSpec,
  type SoftmaxLossKind,
} from './core/export/lossCode';
import { CSV_PATH_VARIABLE, comparisonNotebook } from './core/export/notebook';
import { lossUsesAlpha } from './core/losses';
import { writeFileAtomically } from './core/output';
import { LOSS_KINDS, type ComparisonResults, type LossKind } from './core/results';
import { upgradeResults } from './core/resultsUpgrade';

export const EXPORT_COMMANDS: readonly string[] = ['export-loss', 'export-notebook'];

export const EXPORT_USAGE = `Usage: focal-lab export-loss --framework F --loss KIND [--gamma G] [--alpha A] [--classes K] [--out FILE]
       focal-lab export-loss --framework F --from results.json --run ID [--out FILE]
       focal-lab export-notebook results.json [--out FILE.ipynb] [--csv PATH]

export-loss prints a run's loss as code for your own training (or writes it to --out FILE):
  --framework F           ${CODE_FRAMEWORKS.join(' | ')}
  --loss KIND             two classes: ${LOSS_KINDS.join(', ')};
                          more (--classes K): ${SOFTMAX_LOSS_KINDS.join(', ')}
  --gamma G               focusing parameter of focal losses (default: ${LOSS_CODE_DEFAULTS.gamma})
  --alpha A               two classes: the weight of the positive class (label 1; label 0 gets 1 - A);
                          K classes: K comma-separated weights, in the class order of the data
  --classes K             number of classes (default 2); 3 or more gives a softmax loss
  --class-names A,B,..    the class names, in order (K classes; default 0,1,..)
  --positive NAME, --negative NAME   the two classes' names for the comments (default 1 and 0)
  --from FILE --run ID    take loss, gamma, alpha and class names from run ID of a results.json

export-notebook writes a Jupyter notebook that reproduces the comparison of results.json in
PyTorch (pandas, numpy, scikit-learn, torch); its summary is each run's mean test PR-AUC beside
Focal Lab's. The notebook reads the CSV from the path results.json recorded, or --csv PATH;
the environment variable ${CSV_PATH_VARIABLE} overrides both when the notebook runs.
  --out FILE.ipynb        (default: comparison.ipynb beside results.json)

Exit codes: 0 done, 2 a problem with an option or a file (the message says what to do).`;

function fail(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

type OptionValues = Record<string, string | boolean | undefined>;

function parse(argv: string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>): { values: OptionValues; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...options, help: { type: 'boolean', short: 'h' } } });
    return { values: parsed.values as OptionValues, positionals: parsed.positionals };
  } catch (error) {
    fail(`${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see focal-lab export-loss --help).`);
  }
}

function number(option: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) fail(`--${option} needs a number (got '${text}').`);
  return value;
}

async function readResults(file: string): Promise<ComparisonResults> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FocalLabInputError('file-not-found', code === 'ENOENT' ? `There is no file '${file}'; name the results.json a comparison wrote.` : `Cannot read '${file}': ${(error as Error).message}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    fail(`'${file}' is not JSON; name the results.json a comparison wrote.`);
  }
  try {
    return upgradeResults(parsed);
  } catch (error) {
    fail(`Cannot use '${file}': ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** The loss spec from --loss/--gamma/--alpha/--classes, or from --from/--run. */
async function specFromOptions(values: OptionValues): Promise<LossCodeSpec> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const from = text('from');
  if (from !== undefined) {
    for (const given of ['loss', 'gamma', 'alpha', 'classes', 'class-names', 'positive', 'negative']) {
      if (text(given) !== undefined) fail(`--from takes the loss and its values from the run; leave out --${given}.`);
    }
    const results = await readResults(from);
    const run = text('run');
    if (!run) fail(`Name the run with --run ID; the runs in '${from}' are ${results.runs.map((r) => r.id).join(', ')}.`);
    return lossSpecOfRun(results, run);
  }
  if (text('run') !== undefined) fail('--run needs --from results.json.');
  const loss = text('loss');
  if (!loss) fail(`Name the loss with --loss KIND (${LOSS_KINDS.join(', ')}), or take a run's with --from results.json --run ID.`);
  const classes = text('classes') === undefined ? 2 : number('classes', text('classes')!);
  if (!Number.isInteger(classes) || classes < 2 || classes > 1000) fail(`--classes must be a whole number from 2 to 1000 (got ${text('classes')}).`);
  const alphaText = text('alpha');
  const gamma = text('gamma') === undefined ? LOSS_CODE_DEFAULTS.gamma : number('gamma', text('gamma')!);
  if (classes === 2) {
    if (!LOSS_KINDS.includes(loss as LossKind)) fail(`Unknown loss '${loss}' for two classes; choose from ${LOSS_KINDS.join(', ')} (or give --classes K for ${SOFTMAX_LOSS_KINDS.join(', ')}).`);
    if (text('class-names') !== undefined) fail('--class-names is for --classes 3 or more; with two classes use --positive and --negative.');
    return {
      task: 'binary',
      loss: loss as LossKind,
      gamma,
      alphaForPositiveClass: alphaText === undefined ? null : number('alpha', alphaText),
      positiveClass: text('positive') ?? LOSS_CODE_DEFAULTS.positiveClass,
      negativeClass: text('negative') ?? LOSS_CODE_DEFAULTS.negativeClass,
    };
  }
  if (!SOFTMAX_LOSS_KINDS.includes(loss as SoftmaxLossKind)) fail(`Unknown loss '${loss}' for ${classes} classes; choose from ${SOFTMAX_LOSS_KINDS.join(', ')}.`);
  if (text('positive') !== undefined || text('negative') !== undefined) fail('--positive and --negative are for two classes; with more use --class-names A,B,...');
  const names = text('class-names')?.split(',').map((n) => n.trim()) ?? Array.from({ length: classes }, (_, i) => String(i));
  if (names.length !== classes) fail(`--class-names needs ${classes} names (got ${names.length}).`);
  return {
    task: 'multiclass',
    loss: loss as SoftmaxLossKind,
    gamma,
    alphaPerClass: alphaText === undefined ? null : alphaText.split(',').map((a) => number('alpha', a.trim())),
    classes: names,
  };
}

async function exportLoss(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    framework: { type: 'string' },
    loss: { type: 'string' },
    gamma: { type: 'string' },
    alpha: { type: 'string' },
    classes: { type: 'string' },
    'class-names': { type: 'string' },
    positive: { type: 'string' },
    negative: { type: 'string' },
    from: { type: 'string' },
    run: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(EXPORT_USAGE + '\n');
    return 0;
  }
  if (positionals.length > 0) fail(`Unexpected argument '${positionals[0]}'; export-loss takes only options (see focal-lab export-loss --help).`);
  const framework = values.framework;
  if (typeof framework !== 'string') fail(`Name the framework with --framework (${CODE_FRAMEWORKS.join(', ')}).`);
  if (!CODE_FRAMEWORKS.includes(framework as CodeFramework)) fail(`Unknown framework '${framework}'; choose from ${CODE_FRAMEWORKS.join(', ')}.`);
  const spec = await specFromOptions(values);
  if (spec.task === 'binary' && spec.alphaForPositiveClass === null && lossUsesAlpha(spec.loss)) fail(`The ${spec.loss} loss needs --alpha (the weight of the positive class, between 0 and 1).`);
  const { code } = lossCode(framework as CodeFramework, spec);
  if (typeof values.out === 'string') {
    await writeFileAtomically(path.resolve(values.out), code);
    process.stderr.write(`Wrote ${values.out}.\n`);
  } else {
    process.stdout.write(code);
  }
  return 0;
}

async function exportNotebook(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { out: { type: 'string' }, csv: { type: 'string' } });
  if (values.help) {
    process.stdout.write(EXPORT_USAGE + '\n');
    return 0;
  }
  const [, file, ...extra] = positionals;
  if (!file) fail('Name the results.json of a comparison: focal-lab export-notebook results.json --out comparison.ipynb.');
  if (extra.length > 0) fail(`Unexpected argument '${extra[0]}'; export-notebook takes one results.json.`);
  const results = await readResults(file);
  const csvPath = typeof values.csv === 'string' ? path.resolve(values.csv) : undefined;
  const notebook = comparisonNotebook(results, { csvPath });
  const out = path.resolve(typeof values.out === 'string' ? values.out : path.join(path.dirname(file), 'comparison.ipynb'));
  if (path.extname(out).toLowerCase() !== '.ipynb') fail(`--out should end in .ipynb so Jupyter and VS Code open it as a notebook (got '${values.out}').`);
  await writeFileAtomically(out, notebook);
  const csv = csvPath ?? results.dataset.path;
  if (csv && !fs.existsSync(csv)) process.stderr.write(`focal-lab: note: the notebook reads ${csv}, which is not there now; set ${CSV_PATH_VARIABLE} to the file's path before running it.\n`);
  process.stdout.write(`Wrote ${out}.\n`);
  return 0;
}

/** Runs `focal-lab export-loss|export-notebook ...`; returns the exit code. */
export async function runExportCommand(argv: string[]): Promise<number> {
  try {
    return argv[0] === 'export-notebook' ? await exportNotebook(argv) : await exportLoss(argv.slice(1));
  } catch (error) {
    if (isInputError(error)) {
      process.stderr.write(`focal-lab: ${oneLine(error.message)}\n`);
      return 2;
    }
    process.stderr.write(`focal-lab: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.FOCAL_LAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('Set FOCAL_LAB_DEBUG=1 to see the details, and please report it.\n');
    return 1;
  }
}
