// "Export as Notebook": a Jupyter notebook that reproduces a comparison in PyTorch, from its
// results.json alone: the same CSV (read with pandas), the same preprocessing fitted on each
// fold's training rows, the same fold rows, network, optimiser, epochs, early stopping and
// losses, ending in `summary` (run id -> mean test PR-AUC over the folds) beside Focal Lab's.
// Only pandas, numpy, scikit-learn and torch. Everything from the user's file (names, paths,
// class values) is written as an escaped Python literal.

import { effectiveBetaOf } from '../arms';
import { isMulticlassResults, type MulticlassComparisonResults } from '../multiclassResults';
import { FocalLabInputError } from '../errors';
import { lossUsesAlpha, lossUsesGamma } from '../losses';
import { MISSING_VALUE_TOKENS } from '../csv/numbers';
import type { ComparisonResults, FoldRowIndices } from '../results';
import { commentName, pythonLiteral, stringLiteral } from './codeText';
import { torchBinaryLossTerms } from './lossCode';

/** The environment variable that overrides the CSV path written into the notebook. */
export const CSV_PATH_VARIABLE = 'FOCAL_LAB_CSV';

export interface NotebookOptions {
  /** The CSV's path; default the path results.json recorded. */
  csvPath?: string;
}

interface Cell {
  cell_type: 'markdown' | 'code';
  id: string;
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: never[];
}

function bad(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

/** Lines as nbformat stores them: every line but the last keeps its newline. */
function sourceLines(text: string): string[] {
  const lines = text.replace(/\n+$/, '').split('\n');
  return lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line));
}

function markdown(id: number, text: string): Cell {
  return { cell_type: 'markdown', id: `cell-${id}`, metadata: {}, source: sourceLines(text) };
}

function code(id: number, text: string): Cell {
  return { cell_type: 'code', id: `cell-${id}`, metadata: {}, execution_count: null, outputs: [], source: sourceLines(text) };
}

/** Markdown text from the file: no HTML, no Markdown syntax that could hide or link anything. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|!~&]/g, (c) => `\\${c}`).replace(/[\r\n\u2028\u2029]+/g, ' ');
}

interface FoldForNotebook {
  repeat: number;
  fold: number;
  train: number[];
  validation: number[];
  test: number[];
}

/** The rows of every fold: training and validation from `foldRows`, test from any run's (or reference's) folds. */
function notebookFolds(results: ComparisonResults): FoldForNotebook[] {
  if (!results.foldRows || results.foldRows.length === 0) {
    bad('These results do not record the training and validation rows of each fold (they were written by an older Focal Lab); run the comparison again to export a notebook.');
  }
  const withTest = [...results.runs.filter((r) => r.folds.length > 0), ...(results.references ?? [])];
  const testRows = new Map<string, number[]>();
  for (const holder of withTest) for (const f of holder.folds) if (!testRows.has(`${f.repeat}/${f.fold}`)) testRows.set(`${f.repeat}/${f.fold}`, f.test.rows);
  return results.foldRows.map((f: FoldRowIndices) => {
    const test = testRows.get(`${f.repeat}/${f.fold}`);
    if (!test || test.length === 0) bad(`These results hold no test rows for fold ${f.fold + 1} of repeat ${f.repeat + 1}; run the comparison again to export a notebook.`);
    return { repeat: f.repeat, fold: f.fold, train: f.train, validation: f.validation, test };
  });
}

/** The notebook as nbformat 4 JSON text. */
export function comparisonNotebook(results: ComparisonResults | MulticlassComparisonResults, options: NotebookOptions = {}): string {
  if (isMulticlassResults(results)) {
    bad('Export as Notebook reproduces two-class comparisons so far; this one trained a multi-class model. Copy Loss as Code gives its loss for PyTorch, Keras or TensorFlow.js, or compare one class against the rest (--positive CLASS) to get a notebook.');
  }
  const csvPath = options.csvPath ?? results.dataset.path;
  if (!csvPath) bad('These results do not record where the CSV is (they were written by an older Focal Lab); name it with --csv PATH.');
  const { dataset, config, evaluation } = results;
  const folds = notebookFolds(results);
  const roles = new Map(dataset.columns.map((c) => [c.name, c.role]));
  const features = dataset.features.map((name) => [name, roles.get(name) ?? 'numeric']);
  // Resampling draws rows from Focal Lab's own random generator: a notebook cannot repeat those
  // draws, so those arms are named and left out rather than trained on something else.
  const resampled = results.runs.filter((run) => run.arm?.sampling);
  const runs = results.runs
    .filter((run) => !run.arm?.sampling)
    .map((run) => {
      const beta = run.arm ? effectiveBetaOf(run.arm) : null;
      const armAlpha = run.arm?.alpha;
      return {
        id: run.id,
        loss: run.loss,
        gamma: lossUsesGamma(run.loss) ? run.gamma : 0,
        alpha: !lossUsesAlpha(run.loss) ? null : beta !== null ? { effective: beta } : (armAlpha ?? config.alpha),
      };
    });
  const leftOut = resampled.length
    ? `\n\nLeft out: ${resampled.map((r) => `\`${markdownText(r.id)}\``).join(', ')}. ${resampled.length === 1 ? 'It resamples' : 'They resample'} the training rows with Focal Lab's own random draws, which a notebook cannot repeat. Threshold moving (\`+threshold\`) trains the same model as its loss and does not change PR-AUC.`
    : '';
  const focalLabPrAuc = Object.fromEntries(results.runs.map((run) => [run.id, run.summary?.prAuc.mean ?? null]));
  const loss = torchBinaryLossTerms('gamma', 'alpha');
  const protocol =
    evaluation.protocol === 'cross-validation'
      ? `stratified ${evaluation.folds}-fold cross-validation${evaluation.repeats > 1 ? `, repeated ${evaluation.repeats} times` : ''}; in each fold ${Math.round(evaluation.validationShare * 100)}% of the non-test rows (stratified) are validation rows`
      : 'one stratified train/validation/test split';
  const stopping = evaluation.earlyStopping
    ? `Early stopping: training stops when the monitored validation value (\`${evaluation.earlyStopping.monitor}\`) has not improved for ${evaluation.earlyStopping.patience} epochs, and the best epoch's weights are restored.`
    : 'No early stopping: every epoch is trained and the last weights are kept.';
  let id = 0;
  const cells: Cell[] = [
    markdown(
      id++,
      `# Focal Lab comparison of ${markdownText(dataset.file)}, reproduced in PyTorch

Focal Lab ${markdownText(results.tool.version)} compared ${results.runs.map((r) => `\`${markdownText(r.id)}\``).join(', ')} on this file (${markdownText(results.createdAt)}): ${protocol}. This notebook trains the same network with the same losses on the same rows, in PyTorch, and ends with the mean test PR-AUC of every run beside Focal Lab's. It needs only pandas, numpy, scikit-learn and torch; run all cells from the top.${leftOut}

Focal Lab draws its initial weights and batch order from its own random generator, PyTorch from its own, so single folds differ a little; the means over the folds should agree within a few hundredths.`,
    ),
    code(
      id++,
      `import copy
import os
import re

import numpy as np
import pandas as pd
import torch
import torch.nn.functional as F
from sklearn.metrics import average_precision_score

# The compared file. Set the environment variable ${CSV_PATH_VARIABLE} to read it from elsewhere.
CSV_PATH = os.environ.get(${stringLiteral(CSV_PATH_VARIABLE)}) or ${stringLiteral(csvPath)}`,
    ),
    markdown(
      id++,
      `## The settings of the comparison

Copied from Focal Lab's results: the target and its positive class, the input columns and how each is encoded, the network, the optimiser and the runs. \`alpha\` is the weight of the positive class (the negative class gets 1 - alpha); \`"auto"\` is inverse class frequency, negatives / training rows, computed on each fold; \`{"effective": beta}\` is the class-balanced weight from the effective number of samples (Cui et al. 2019), also per fold.`,
    ),
    code(
      id++,
      `DELIMITER = ${pythonLiteral(dataset.delimiter)}
DATA_ROWS = ${dataset.rows}  # rows Focal Lab read (header excluded)
TARGET = ${pythonLiteral(dataset.target)}
POSITIVE_CLASS = ${pythonLiteral(dataset.positiveClass)}  # label 1; every other value is label 0 (${commentName(dataset.negativeClass)})
FEATURES = ${pythonLiteral(features)}  # (column, how Focal Lab encodes it)
MAX_CATEGORIES = ${config.maxCategories}
HIDDEN = ${pythonLiteral(config.hidden)}
EPOCHS = ${config.epochs}
BATCH_SIZE = ${config.batchSize}
LEARNING_RATE = ${pythonLiteral(config.learningRate)}
SEED = ${config.seed}
PRIOR_BIAS_INIT = ${pythonLiteral(config.priorBiasInit)}
EARLY_STOPPING = ${pythonLiteral(evaluation.earlyStopping)}  # None: train every epoch, keep the last
RUNS = ${pythonLiteral(runs)}
FOCAL_LAB_PR_AUC = ${pythonLiteral(focalLabPrAuc)}  # mean test PR-AUC over the folds, from Focal Lab

torch.manual_seed(SEED)`,
    ),
    markdown(
      id++,
      `## Read the CSV

Every cell is read as text and trimmed of spaces and tabs, as Focal Lab reads it. A cell is missing when it is one of ${MISSING_VALUE_TOKENS.map((t) => `\`${t || '(empty)'}\``).join(', ')} (any letter case). A column is numeric when every cell that is not missing is a plain decimal number; Focal Lab keeps numbers as float32, and a value beyond float32's range counts as missing.`,
    ),
    code(
      id++,
      `MISSING = {${MISSING_VALUE_TOKENS.map((t) => stringLiteral(t.toLowerCase())).filter((t, i, all) => all.indexOf(t) === i).join(', ')}}
NUMBER = re.compile(r"^[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$")

table = pd.read_csv(CSV_PATH, sep=DELIMITER, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
table.columns = [str(name).strip() for name in table.columns]
table = table.apply(lambda column: column.str.strip(" \\t"))
assert len(table) == DATA_ROWS, f"{CSV_PATH} has {len(table)} data rows, Focal Lab read {DATA_ROWS}: is it the same file?"


def is_missing(column):
    return column.str.lower().isin(MISSING)


def as_numbers(column):
    """Float32 values as Focal Lab stores them; NaN where missing, not a number, or beyond float32."""
    text = column.where(column.str.match(NUMBER) & ~is_missing(column))
    with np.errstate(over="ignore"):
        values = pd.to_numeric(text, errors="coerce").to_numpy(dtype=np.float64).astype(np.float32).astype(np.float64)
    values[~np.isfinite(values)] = np.nan
    return values


def is_numeric_column(column):
    return bool((column.str.match(NUMBER) | is_missing(column)).all())


def positive_label(column):
    """1 where the target is the positive class (numbers compared as numbers: 1 and 1.0 agree), 0 elsewhere, -1 where missing."""
    labels = (column == POSITIVE_CLASS).to_numpy()
    if NUMBER.match(POSITIVE_CLASS) and is_numeric_column(column):
        labels |= as_numbers(column) == np.float32(float(POSITIVE_CLASS))
    return np.where(is_missing(column).to_numpy(), -1, labels.astype(np.int64))


LABELS = positive_label(table[TARGET])
print(f"{len(table)} rows; positive class {POSITIVE_CLASS!r}: {(LABELS == 1).sum()} rows, other: {(LABELS == 0).sum()}, no target: {(LABELS < 0).sum()}")`,
    ),
    markdown(
      id++,
      `## Preprocessing, fitted on each fold's training rows

As in Focal Lab, nothing is learnt from validation or test rows. Numeric columns: missing values become the training median, then each column is standardised with the training mean and (population) standard deviation. Two-valued columns are 0/1 (a true-like value such as \`yes\` or \`1\` is 1, else the larger value), then treated like numbers. Categorical columns are one-hot encoded over the ${config.maxCategories} most frequent training categories (ties by name), plus an "other" slot and, when the training rows have missing values, a "missing" slot.`,
    ),
    code(
      id++,
      `TRUE_WORDS = {"true", "yes", "y", "t", "1"}


def two_valued(column):
    """0/1 (NaN where missing): the true-like value, or the larger one, is 1."""
    if is_numeric_column(column):
        values = as_numbers(column)
        return np.where(np.isnan(values), np.nan, (values == np.nanmax(values)).astype(np.float64))
    present = sorted(set(column[~is_missing(column)]))
    true_like = [v for v in present if v.lower() in TRUE_WORDS]
    one = true_like[0] if true_like else present[-1]
    return np.where(is_missing(column), np.nan, (column == one).astype(np.float64))


# Each input column read once: numbers (numeric and two-valued) or category names (None = missing).
COLUMNS = {}
for name, role in FEATURES:
    column = table[name]
    if role == "categorical":
        COLUMNS[name] = ("categorical", np.where(is_missing(column), None, column.to_numpy(dtype=object)))
    else:
        COLUMNS[name] = ("numeric", two_valued(column) if role == "boolean" else as_numbers(column))


def fit_preprocessing(train_rows):
    """The encoding of every input column, fitted on the training rows only."""
    steps = []
    for name, _ in FEATURES:
        kind, values = COLUMNS[name]
        if kind == "numeric":
            train = values[train_rows]
            present = train[~np.isnan(train)]
            fill = float(np.median(present)) if len(present) else 0.0
            filled = np.where(np.isnan(train), fill, train)
            std = float(filled.std())
            steps.append(("numeric", name, fill, float(filled.mean()), std if std > 1e-12 else 1.0))
        else:
            train = values[train_rows]
            counts = pd.Series([v for v in train if v is not None], dtype=object).value_counts()
            kept = sorted(counts.index, key=lambda v: (-counts[v], v))[:MAX_CATEGORIES]
            has_missing = any(v is None for v in train)
            steps.append(("categorical", name, {v: i for i, v in enumerate(kept)}, len(kept), has_missing))
    return steps


def encode(steps, rows):
    """Model inputs (float32) of the given rows."""
    parts = []
    for step in steps:
        values = COLUMNS[step[1]][1][rows]
        if step[0] == "numeric":
            _, _, fill, mean, std = step
            parts.append(((np.where(np.isnan(values), fill, values) - mean) / std)[:, None])
        else:
            _, _, slot_of, other, has_missing = step
            width = other + 1 + (1 if has_missing else 0)
            block = np.zeros((len(rows), width))
            for i, v in enumerate(values):
                block[i, (other + 1 if has_missing else other) if v is None else slot_of.get(v, other)] = 1.0
            parts.append(block)
    return np.hstack(parts).astype(np.float32)`,
    ),
    markdown(
      id++,
      `## The folds

The row numbers Focal Lab trained, validated and tested on in every fold (0-based data rows, header excluded), so this notebook uses exactly the same rows.`,
    ),
    code(id++, `FOLDS = ${pythonLiteral(folds)}\nprint(f"{len(FOLDS)} folds")`),
    markdown(
      id++,
      `## The losses

Every loss is alpha-balanced focal loss from logits, \`-alpha_t (1 - p_t)^gamma log(p_t)\`, in a numerically stable form (\`u = (2y - 1) z\`, \`p_t = sigmoid(u)\`): BCE is gamma 0 without alpha, weighted BCE gamma 0 with alpha, focal loss has no alpha.`,
    ),
    code(
      id++,
      `def focal_lab_loss(logits, targets, gamma, alpha):
    """Loss of each sample; alpha None: both classes weigh 1."""
${loss.crossEntropy.map((line) => `    ${line}`).join('\n')}
    if gamma != 0:
        ${loss.focusing}
    if alpha is not None:
        ${loss.classWeight}
    return loss`,
    ),
    markdown(
      id++,
      `## The network and its training

An MLP ${[dataset.inputWidth, ...config.hidden, 1].join(' → ')} with ReLU, Glorot-uniform weights and zero biases${config.priorBiasInit ? ' (the output bias starts at the log-odds of the training prevalence)' : ''}; every loss starts from the same weights and sees the same batch order in a fold. Adam (learning rate ${config.learningRate}, betas 0.9 and 0.999, epsilon 1e-7 as TensorFlow.js), batches of ${config.batchSize} shuffled every epoch, at most ${config.epochs} epochs. ${stopping}`,
    ),
    code(
      id++,
      `def make_model(width, output_bias):
    torch.manual_seed(SEED)
    sizes = [width, *HIDDEN, 1]
    layers = []
    for i in range(len(sizes) - 1):
        linear = torch.nn.Linear(sizes[i], sizes[i + 1])
        torch.nn.init.xavier_uniform_(linear.weight)
        torch.nn.init.zeros_(linear.bias)
        layers += [linear, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1])
    with torch.no_grad():
        model[-1].bias.fill_(output_bias)
    return model


def monitored(kind, logits, labels, gamma, alpha):
    """The early-stopping value on the validation rows; lower is better."""
    if kind == "own-loss":
        return float(focal_lab_loss(logits, labels, gamma, alpha).mean())
    if kind == "log-loss":
        return float(focal_lab_loss(logits, labels, 0, None).mean())
    return -average_precision_score(labels.numpy(), logits.numpy())


def train(x_train, y_train, x_val, y_val, gamma, alpha):
    """One fit: Adam on shuffled batches, the best validation epoch's weights kept."""
    rows = len(y_train)
    batch = max(1, min(BATCH_SIZE, rows))
    bias = 0.0
    if PRIOR_BIAS_INIT:
        prior = min(max(float(y_train.mean()), 1e-4), 1 - 1e-4)
        bias = float(np.log(prior / (1 - prior)))
    model = make_model(x_train.shape[1], bias)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE, betas=(0.9, 0.999), eps=1e-7)
    batches = torch.Generator().manual_seed(SEED)
    best_value, best_epoch, best_state = float("inf"), 0, None
    for epoch in range(1, EPOCHS + 1):
        order = torch.randperm(rows, generator=batches)
        for start in range(0, rows, batch):
            index = order[start:start + batch]
            optimiser.zero_grad()
            focal_lab_loss(model(x_train[index]).squeeze(-1), y_train[index], gamma, alpha).mean().backward()
            optimiser.step()
        if EARLY_STOPPING is None:
            continue
        with torch.no_grad():
            value = monitored(EARLY_STOPPING["monitor"], model(x_val).squeeze(-1), y_val, gamma, alpha)
        if best_epoch == 0 or value < best_value:
            best_value, best_epoch, best_state = value, epoch, copy.deepcopy(model.state_dict())
        if epoch - best_epoch >= EARLY_STOPPING["patience"]:
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    return model`,
    ),
    markdown(
      id++,
      `## Every run on every fold

For each fold: fit the preprocessing on its training rows, train every run, and score the test rows with PR-AUC (scikit-learn's \`average_precision_score\`, as Focal Lab).`,
    ),
    code(
      id++,
      `pr_auc = {run["id"]: [] for run in RUNS}
for f in FOLDS:
    train_rows, validation_rows, test_rows = (np.array(f[part], dtype=np.int64) for part in ("train", "validation", "test"))
    steps = fit_preprocessing(train_rows)
    x_train, x_val, x_test = (torch.from_numpy(encode(steps, rows)) for rows in (train_rows, validation_rows, test_rows))
    y_train, y_val = (torch.from_numpy(LABELS[rows].astype(np.float32)) for rows in (train_rows, validation_rows))
    y_test = LABELS[test_rows]
    auto_alpha = float((y_train == 0).float().mean())  # negatives / training rows
    for run in RUNS:
        alpha = None if run["alpha"] is None else (auto_alpha if run["alpha"] == "auto" else run["alpha"])
        if isinstance(alpha, dict):  # class-balanced: effective number of samples (Cui et al. 2019)
            beta = alpha["effective"]
            n1 = float(y_train.sum())
            w0, w1 = ((1 - beta) / (1 - beta ** n) for n in (len(y_train) - n1, n1))
            alpha = w1 / (w0 + w1)
        model = train(x_train, y_train, x_val, y_val, run["gamma"], alpha)
        with torch.no_grad():
            probabilities = torch.sigmoid(model(x_test).squeeze(-1)).numpy()
        pr_auc[run["id"]].append(average_precision_score(y_test, probabilities))
        print(f"repeat {f['repeat'] + 1} fold {f['fold'] + 1} {run['id']}: PR-AUC {pr_auc[run['id']][-1]:.3f}")`,
    ),
    markdown(
      id++,
      `## Summary

\`summary\` maps each run to its mean test PR-AUC over the folds, shown beside Focal Lab's.`,
    ),
    code(
      id++,
      `summary = {run_id: float(np.mean(values)) for run_id, values in pr_auc.items()}
comparison = pd.DataFrame({"PyTorch (this notebook)": summary, "Focal Lab": {k: (np.nan if v is None else v) for k, v in FOCAL_LAB_PR_AUC.items()}})
comparison["difference"] = comparison["PyTorch (this notebook)"] - comparison["Focal Lab"]
comparison.index.name = "mean test PR-AUC"
print(comparison.round(3).to_string())`,
    ),
  ];
  const notebook = {
    cells,
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
      focalLab: { version: results.tool.version, createdAt: results.createdAt, file: dataset.file },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + '\n';
}
