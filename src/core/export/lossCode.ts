// "Copy Loss as Code": the loss of a run as a self-contained snippet for the framework the
// user trains with. One table, FRAMEWORKS, holds one row per framework with a renderer per
// task (binary: sigmoid on one logit; multi-class: softmax over K logits), so a framework or
// a task is one more entry, not another code path.
//
// Every snippet computes Focal Lab's loss, L = -alpha_t (1 - p_t)^gamma log(p_t), from logits.
// The libraries make that easy to get wrong, so the snippets set what their defaults hide:
// torchvision's sigmoid_focal_loss weighs positives 0.25 by default (the opposite of inverse
// frequency) and does not reduce; Keras ignores alpha unless apply_class_balancing=True and
// expects probabilities unless from_logits=True.

import { FocalLabInputError } from '../errors';
import { DEFAULT_GAMMA, lossUsesAlpha, lossUsesGamma } from '../losses';
import { LOSS_KINDS, LOSS_LABELS, LOSS_TABLE, type ComparisonResults, type LossKind, type SoftmaxLossKind } from '../results';
import { SOFTMAX_LOSS_KINDS } from '../softmaxLosses';
import type { MulticlassComparisonResults } from '../multiclassResults';
import { commentName, jsNumber, pythonFloat, shownNumber, stringLiteral } from './codeText';

export type CodeFramework = 'pytorch' | 'torchvision' | 'keras' | 'tfjs';
export const CODE_FRAMEWORKS: readonly CodeFramework[] = ['pytorch', 'torchvision', 'keras', 'tfjs'];

/** The softmax losses of a multi-class comparison, their names and uses: one row each in LOSS_TABLE. */
export { SOFTMAX_LOSS_KINDS } from '../softmaxLosses';
export type { SoftmaxLossKind } from '../results';
const softmaxRow = (kind: SoftmaxLossKind) => Object.values(LOSS_TABLE).find((row) => row.softmaxKind === kind)!;

/** One logit per sample, sigmoid; alpha weighs the positive class, 1 - alpha the negative one. */
export interface BinaryLossSpec {
  task: 'binary';
  loss: LossKind;
  /** Used by focal and alpha-focal (0 otherwise). */
  gamma: number;
  /** Used by weighted-bce and alpha-focal (null otherwise). */
  alphaForPositiveClass: number | null;
  positiveClass: string;
  negativeClass: string;
  /** "auto": alpha was inverse class frequency, computed per fold; the value shown is the first fold's. */
  alphaSource?: 'auto' | 'set';
  /** One line saying where the values come from (a run of a file). */
  source?: string;
}

/** K logits per sample, softmax; alpha is one weight per class, in the class order of the data. */
export interface MultiClassLossSpec {
  task: 'multiclass';
  loss: SoftmaxLossKind;
  gamma: number;
  /** One weight per class (same order as `classes`); null when the loss has no class weights. */
  alphaPerClass: number[] | null;
  /** Class names in the order of the logits: index i of a target means classes[i]. */
  classes: string[];
  alphaSource?: 'auto' | 'set';
  source?: string;
}

export type LossCodeSpec = BinaryLossSpec | MultiClassLossSpec;

export interface LossCode {
  framework: CodeFramework;
  language: 'python' | 'javascript';
  code: string;
}

interface FrameworkRow {
  label: string;
  language: LossCode['language'];
  binary(spec: BinaryLossSpec): string;
  /** A renderer, or the sentence that says why this framework has no such loss. */
  multiclass: ((spec: MultiClassLossSpec) => string) | string;
}

export function softmaxUsesGamma(kind: SoftmaxLossKind): boolean {
  return softmaxRow(kind).usesGamma;
}

export function softmaxUsesAlpha(kind: SoftmaxLossKind): boolean {
  return softmaxRow(kind).usesAlpha;
}

// ---------- the comment every snippet starts with ----------

function lossTitle(spec: LossCodeSpec): string {
  const label = spec.task === 'binary' ? LOSS_LABELS[spec.loss] : softmaxRow(spec.loss).multiclassLabel;
  const parts: string[] = [];
  if (usesGamma(spec)) parts.push(`gamma = ${shownNumber(spec.gamma)}`);
  if (spec.task === 'binary' && spec.alphaForPositiveClass !== null) parts.push(`alpha = ${shownNumber(spec.alphaForPositiveClass)}`);
  if (spec.task === 'multiclass' && spec.alphaPerClass) parts.push(`alpha = [${spec.alphaPerClass.map(shownNumber).join(', ')}]`);
  return `${label} loss${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

function usesGamma(spec: LossCodeSpec): boolean {
  return spec.task === 'binary' ? lossUsesGamma(spec.loss) : softmaxUsesGamma(spec.loss);
}

/** Which class alpha weighs, in words (the libraries disagree on it, so every snippet says it). */
function alphaLines(spec: LossCodeSpec): string[] {
  if (spec.task === 'binary') {
    if (spec.alphaForPositiveClass === null) return ['No class weights: both classes weigh 1.'];
    const lines = [
      `alpha = ${shownNumber(spec.alphaForPositiveClass)} weighs the positive class ${commentName(spec.positiveClass)} (label 1);`,
      `the negative class ${commentName(spec.negativeClass)} (label 0) gets 1 - alpha = ${shownNumber(1 - spec.alphaForPositiveClass)}.`,
    ];
    if (spec.alphaSource === 'auto') lines.push('Focal Lab chose alpha as inverse class frequency (negatives / training rows) on each fold; this is the first fold\'s value.');
    return lines;
  }
  if (!spec.alphaPerClass) return ['No class weights: every class weighs 1.'];
  const lines = ['alpha is one weight per class, in the class order of the data:'];
  spec.classes.forEach((name, i) => lines.push(`  class ${i} ${commentName(name)}: ${shownNumber(spec.alphaPerClass![i])}`));
  if (spec.alphaSource === 'auto') lines.push('Focal Lab chose these as inverse class frequency on each fold; these are the first fold\'s values.');
  return lines;
}

function header(spec: LossCodeSpec, prefix: '#' | '//', expects: string[]): string {
  const lines = [
    `Focal Lab: ${lossTitle(spec)}.`,
    ...(spec.source ? [spec.source] : []),
    'loss = -alpha_t * (1 - p_t)^gamma * log(p_t), p_t = the probability the model gives the true class.',
    ...expects,
    ...alphaLines(spec),
  ];
  return lines.map((line) => `${prefix} ${line}`).join('\n');
}

// ---------- PyTorch: a plain function ----------

const PY_REDUCE = `    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    if reduction == "none":
        return loss
    raise ValueError(f'reduction must be "mean", "sum" or "none", got {reduction!r}')`;

/**
 * The lines of the binary loss in PyTorch, shared with the notebook (one formula, one place):
 * the cross-entropy part, the focusing term and the class weight, each with `gamma`/`alpha`
 * standing for a Python expression.
 */
export function torchBinaryLossTerms(gamma: string, alpha: string): { crossEntropy: string[]; focusing: string; classWeight: string } {
  return {
    crossEntropy: ['targets = targets.to(logits.dtype)', 'u = (2 * targets - 1) * logits  # p_t = sigmoid(u)', 'loss = F.softplus(-u)  # -log(p_t), stable for any logit'],
    focusing: `loss = loss * torch.exp(-${gamma} * F.softplus(u))  # (1 - p_t) ** gamma, no 0 ** gamma`,
    classWeight: `loss = loss * (${alpha} * targets + (1 - ${alpha}) * (1 - targets))  # alpha_t`,
  };
}

function torchBinaryLossLines(gamma: string | null, alpha: string | null, indent = '    '): string[] {
  const terms = torchBinaryLossTerms(gamma ?? '', alpha ?? '');
  return [...terms.crossEntropy, ...(gamma !== null ? [terms.focusing] : []), ...(alpha !== null ? [terms.classWeight] : [])].map((line) => indent + line);
}

function pytorchBinary(spec: BinaryLossSpec): string {
  const gamma = lossUsesGamma(spec.loss) && spec.gamma !== 0;
  const alpha = spec.alphaForPositiveClass !== null;
  return [
    header(spec, '#', [
      'Expects logits (the last layer\'s raw output, no sigmoid), not probabilities, and targets of the',
      `same shape: 1 for the positive class ${commentName(spec.positiveClass)}, 0 for ${commentName(spec.negativeClass)}.`,
    ]),
    'import torch',
    'import torch.nn.functional as F',
    '',
    ...(lossUsesGamma(spec.loss) ? [`GAMMA = ${pythonFloat(spec.gamma)}  # focusing: down-weights easy, confident examples`] : []),
    ...(alpha ? [`ALPHA = ${pythonFloat(spec.alphaForPositiveClass!)}  # weight of the positive class ${commentName(spec.positiveClass)}; the negative class gets 1 - ALPHA`] : []),
    '',
    '',
    'def focal_lab_loss(logits, targets, reduction="mean"):',
    `    """${lossTitle(spec)} from logits. reduction: "mean", "sum" or "none" (one value per element)."""`,
    ...torchBinaryLossLines(gamma ? 'GAMMA' : null, alpha ? 'ALPHA' : null),
    PY_REDUCE,
    '',
    '',
    '# loss = focal_lab_loss(model(x).squeeze(-1), y)',
    '',
  ].join('\n');
}

function pythonList(values: number[]): string {
  return `[${values.map(pythonFloat).join(', ')}]`;
}

function classListComment(prefix: string): string {
  return `${prefix} target index i means CLASSES[i]`;
}

function pytorchMulticlass(spec: MultiClassLossSpec): string {
  const gamma = softmaxUsesGamma(spec.loss) && spec.gamma !== 0;
  const alpha = spec.alphaPerClass !== null;
  return [
    header(spec, '#', [
      'Expects logits of shape (N, K) (the last layer\'s raw output, no softmax), not probabilities, and',
      'targets of shape (N,) holding class indices 0..K-1 in the order of CLASSES.',
    ]),
    'import torch',
    'import torch.nn.functional as F',
    '',
    `CLASSES = [${spec.classes.map(stringLiteral).join(', ')}]  ${classListComment('#')}`,
    ...(softmaxUsesGamma(spec.loss) ? [`GAMMA = ${pythonFloat(spec.gamma)}  # focusing: down-weights easy, confident examples`] : []),
    ...(alpha ? [`ALPHA = ${pythonList(spec.alphaPerClass!)}  # weight of each class, in the order of CLASSES`] : []),
    '',
    '',
    'def focal_lab_loss(logits, targets, reduction="mean"):',
    `    """${lossTitle(spec)} from logits. reduction: "mean", "sum" or "none" (one value per sample)."""`,
    '    targets = targets.long()',
    '    is_target = F.one_hot(targets, logits.shape[-1]).bool()',
    '    # d = log((1 - p_t) / p_t): log-sum-exp of the other classes\' logits minus the true class\'s logit',
    '    d = torch.logsumexp(logits.masked_fill(is_target, float("-inf")), dim=-1) - logits.gather(-1, targets.unsqueeze(-1)).squeeze(-1)',
    '    loss = F.softplus(d)  # -log(p_t), stable for any logits (also where p_t rounds to 1)',
    ...(gamma ? ['    loss = loss * torch.exp(-GAMMA * F.softplus(-d))  # (1 - p_t) ** gamma, no 0 ** gamma'] : []),
    ...(alpha ? ['    loss = loss * torch.tensor(ALPHA, dtype=logits.dtype, device=logits.device)[targets]  # alpha_t'] : []),
    PY_REDUCE,
    '',
    '',
    '# loss = focal_lab_loss(model(x), y)',
    '',
  ].join('\n');
}

// ---------- torchvision: sigmoid_focal_loss with the right alpha and reduction ----------

function torchvisionBinary(spec: BinaryLossSpec): string {
  const alpha = spec.alphaForPositiveClass;
  return [
    header(spec, '#', [
      'Expects logits (the last layer\'s raw output, no sigmoid), not probabilities, and targets of the',
      `same shape: 1 for the positive class ${commentName(spec.positiveClass)}, 0 for ${commentName(spec.negativeClass)}.`,
      'torchvision\'s defaults are alpha=0.25 on the positive class (the opposite emphasis of inverse',
      'frequency) and reduction="none"; both are set here. alpha=-1 switches class weights off.',
      'torchvision computes 1 - sigmoid(z): for very confident correct logits (|z| > ~20) its tiny loss',
      'loses relative precision; the values that drive training are the same.',
    ]),
    'from torchvision.ops import sigmoid_focal_loss',
    '',
    '',
    'def focal_lab_loss(logits, targets, reduction="mean"):',
    `    """${lossTitle(spec)} from logits. reduction: "mean", "sum" or "none" (one value per element)."""`,
    '    return sigmoid_focal_loss(',
    '        logits,',
    '        targets.to(logits.dtype),',
    `        alpha=${alpha === null ? '-1' : pythonFloat(alpha)},  # ${alpha === null ? 'no class weights' : `weight of the positive class ${commentName(spec.positiveClass)}`}`,
    `        gamma=${pythonFloat(lossUsesGamma(spec.loss) ? spec.gamma : 0)},`,
    '        reduction=reduction,',
    '    )',
    '',
    '',
    '# loss = focal_lab_loss(model(x).squeeze(-1), y)',
    '',
  ].join('\n');
}

const TORCHVISION_MULTICLASS =
  'torchvision has no softmax focal loss (sigmoid_focal_loss treats every output as its own binary problem); use --framework pytorch for a multi-class loss.';

// ---------- Keras 3 ----------

const KERAS_CLIP_NOTE = [
  'Keras turns logits into probabilities and, on most backends, clips them to [1e-7, 1 - 1e-7] before',
  'the log: a sample\'s loss equals Focal Lab\'s for |logit| up to about 15 and saturates beyond (~16.1).',
];

function kerasBinary(spec: BinaryLossSpec): string {
  const expects = [
    'Expects logits: the model\'s last layer is Dense(1) with no activation (from_logits=True), and',
    `y_true holds 1 for the positive class ${commentName(spec.positiveClass)}, 0 for ${commentName(spec.negativeClass)}.`,
  ];
  if (spec.loss === 'bce') {
    return [
      header(spec, '#', expects),
      'import keras',
      '',
      'loss = keras.losses.BinaryCrossentropy(from_logits=True)',
      '',
      '# model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)',
      '',
    ].join('\n');
  }
  const alpha = spec.alphaForPositiveClass;
  return [
    header(spec, '#', [...expects, ...KERAS_CLIP_NOTE]),
    'import keras',
    '',
    'loss = keras.losses.BinaryFocalCrossentropy(',
    alpha === null
      ? '    apply_class_balancing=False,  # no class weights (alpha is then ignored)'
      : '    apply_class_balancing=True,  # without it Keras ignores alpha',
    ...(alpha === null ? [] : [`    alpha=${pythonFloat(alpha)},  # weight of the positive class ${commentName(spec.positiveClass)} (label 1); label 0 gets 1 - alpha`]),
    `    gamma=${pythonFloat(lossUsesGamma(spec.loss) ? spec.gamma : 0)},`,
    '    from_logits=True,',
    ')',
    '',
    '# model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)',
    '',
  ].join('\n');
}

function kerasMulticlass(spec: MultiClassLossSpec): string {
  const expects = [
    'Expects logits: the model\'s last layer is Dense(K) with no activation (from_logits=True), and',
    'one-hot y_true whose columns follow CLASSES (keras.utils.to_categorical(y, len(CLASSES))).',
  ];
  const classes = `CLASSES = [${spec.classes.map(stringLiteral).join(', ')}]  ${classListComment('#')}`;
  if (spec.loss === 'ce') {
    return [header(spec, '#', expects), 'import keras', '', classes, 'loss = keras.losses.CategoricalCrossentropy(from_logits=True)', '', '# model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)', ''].join('\n');
  }
  return [
    header(spec, '#', [...expects, ...KERAS_CLIP_NOTE]),
    'import keras',
    '',
    classes,
    'loss = keras.losses.CategoricalFocalCrossentropy(',
    spec.alphaPerClass
      ? `    alpha=${pythonList(spec.alphaPerClass)},  # weight of each class, in the order of CLASSES`
      : '    alpha=1.0,  # no class weights (the default 0.25 would scale every class)',
    `    gamma=${pythonFloat(softmaxUsesGamma(spec.loss) ? spec.gamma : 0)},`,
    '    from_logits=True,',
    ')',
    '',
    '# model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss)',
    '',
  ].join('\n');
}

// ---------- TensorFlow.js ----------

const TFJS_USAGE = [
  '',
  '/** The mean over the batch, as a TensorFlow.js loss: model.compile({ optimizer: tf.train.adam(1e-3), loss: focalLabLoss }). */',
  'export function focalLabLoss(yTrue, logits) {',
  '  return tf.tidy(() => tf.mean(focalLabPerSampleLoss(yTrue, logits)));',
  '}',
  '',
];

function tfjsBinary(spec: BinaryLossSpec): string {
  const gamma = lossUsesGamma(spec.loss) && spec.gamma !== 0;
  const alpha = spec.alphaForPositiveClass;
  return [
    header(spec, '//', [
      'Expects logits (the last layer is tf.layers.dense({ units: 1 }) with no activation), not',
      `probabilities, and yTrue of the same shape: 1 for ${commentName(spec.positiveClass)}, 0 for ${commentName(spec.negativeClass)}.`,
    ]),
    "import * as tf from '@tensorflow/tfjs';",
    '',
    ...(lossUsesGamma(spec.loss) ? [`const GAMMA = ${jsNumber(spec.gamma)}; // focusing: down-weights easy, confident examples`] : []),
    ...(alpha === null ? [] : [`const ALPHA = ${jsNumber(alpha)}; // weight of the positive class ${commentName(spec.positiveClass)}; the negative class gets 1 - ALPHA`]),
    '',
    `/** ${lossTitle(spec)}: one value per element. */`,
    'export function focalLabPerSampleLoss(yTrue, logits) {',
    '  return tf.tidy(() => {',
    "    const y = tf.cast(yTrue, 'float32');",
    '    const u = tf.mul(tf.sub(tf.mul(y, 2), 1), logits); // p_t = sigmoid(u)',
    '    let loss = tf.softplus(tf.neg(u)); // -log(p_t), stable for any logit',
    ...(gamma ? ['    loss = tf.mul(loss, tf.exp(tf.mul(-GAMMA, tf.softplus(u)))); // (1 - p_t)^gamma, no 0^gamma'] : []),
    ...(alpha === null ? [] : ['    loss = tf.mul(loss, tf.add(tf.mul(y, ALPHA), tf.mul(tf.sub(1, y), 1 - ALPHA))); // alpha_t']),
    '    return loss;',
    '  });',
    '}',
    ...TFJS_USAGE,
  ].join('\n');
}

function tfjsMulticlass(spec: MultiClassLossSpec): string {
  const gamma = softmaxUsesGamma(spec.loss) && spec.gamma !== 0;
  const alpha = spec.alphaPerClass;
  return [
    header(spec, '//', [
      'Expects logits of shape [N, K] (the last layer is tf.layers.dense({ units: K }) with no activation),',
      'not probabilities, and one-hot yTrue of shape [N, K] whose columns follow CLASSES.',
    ]),
    "import * as tf from '@tensorflow/tfjs';",
    '',
    `const CLASSES = [${spec.classes.map(stringLiteral).join(', ')}]; // column i of yTrue means CLASSES[i]`,
    ...(softmaxUsesGamma(spec.loss) ? [`const GAMMA = ${jsNumber(spec.gamma)}; // focusing: down-weights easy, confident examples`] : []),
    ...(alpha === null ? [] : [`const ALPHA = [${alpha.map(jsNumber).join(', ')}]; // weight of each class, in the order of CLASSES`]),
    '',
    `/** ${lossTitle(spec)}: one value per sample. */`,
    'export function focalLabPerSampleLoss(yTrue, logits) {',
    '  return tf.tidy(() => {',
    "    const y = tf.cast(yTrue, 'float32');",
    "    const others = tf.where(tf.cast(y, 'bool'), tf.fill(logits.shape, -Infinity), logits);",
    "    // d = log((1 - p_t) / p_t): log-sum-exp of the other classes' logits minus the true class's logit",
    '    const d = tf.sub(tf.logSumExp(others, -1), tf.sum(tf.mul(y, logits), -1));',
    '    let loss = tf.softplus(d); // -log(p_t), stable for any logits (also where p_t rounds to 1)',
    ...(gamma ? ['    loss = tf.mul(loss, tf.exp(tf.mul(-GAMMA, tf.softplus(tf.neg(d))))); // (1 - p_t)^gamma, no 0^gamma'] : []),
    ...(alpha === null ? [] : ['    loss = tf.mul(loss, tf.sum(tf.mul(y, tf.tensor1d(ALPHA)), -1)); // alpha_t']),
    '    return loss;',
    '  });',
    '}',
    ...TFJS_USAGE,
  ].join('\n');
}

// ---------- the table ----------

export const FRAMEWORKS: Readonly<Record<CodeFramework, FrameworkRow>> = {
  pytorch: { label: 'PyTorch', language: 'python', binary: pytorchBinary, multiclass: pytorchMulticlass },
  torchvision: { label: 'torchvision', language: 'python', binary: torchvisionBinary, multiclass: TORCHVISION_MULTICLASS },
  keras: { label: 'Keras 3', language: 'python', binary: kerasBinary, multiclass: kerasMulticlass },
  tfjs: { label: 'TensorFlow.js', language: 'javascript', binary: tfjsBinary, multiclass: tfjsMulticlass },
};

function bad(message: string): never {
  throw new FocalLabInputError('bad-option', message);
}

function checkAlpha(value: number, what: string): void {
  if (!(typeof value === 'number' && value >= 0 && value <= 1)) bad(`${what} must be between 0 and 1 (got ${String(value)}).`);
}

/** Refuses a spec whose values the loss cannot use, with a message that says what to change. */
export function validateLossSpec(spec: LossCodeSpec): void {
  if (!(typeof spec.gamma === 'number' && Number.isFinite(spec.gamma) && spec.gamma >= 0)) bad(`gamma must be a number of at least 0 (got ${String(spec.gamma)}).`);
  if (spec.task === 'binary') {
    if (!LOSS_KINDS.includes(spec.loss)) bad(`Unknown loss '${String(spec.loss)}'; with two classes choose from ${LOSS_KINDS.join(', ')}.`);
    if (lossUsesAlpha(spec.loss)) {
      if (spec.alphaForPositiveClass === null) bad(`The ${spec.loss} loss needs alpha (the weight of the positive class, between 0 and 1).`);
      checkAlpha(spec.alphaForPositiveClass, 'alpha (the weight of the positive class)');
    } else if (spec.alphaForPositiveClass !== null) {
      bad(`The ${spec.loss} loss has no alpha; use ${spec.loss === 'bce' ? 'weighted-bce' : 'alpha-focal'} to weigh the classes.`);
    }
    return;
  }
  if (!SOFTMAX_LOSS_KINDS.includes(spec.loss)) bad(`Unknown loss '${String(spec.loss)}'; with more than two classes choose from ${SOFTMAX_LOSS_KINDS.join(', ')}.`);
  if (spec.classes.length < 3) bad(`A multi-class loss needs at least 3 classes (got ${spec.classes.length}); with two classes use bce, weighted-bce, focal or alpha-focal.`);
  if (softmaxUsesAlpha(spec.loss)) {
    if (!spec.alphaPerClass) bad(`The ${spec.loss} loss needs alpha: one weight per class, ${spec.classes.length} in all, comma-separated.`);
    if (spec.alphaPerClass.length !== spec.classes.length) bad(`alpha needs one weight per class: ${spec.classes.length} values, got ${spec.alphaPerClass.length}.`);
    spec.alphaPerClass.forEach((a, i) => checkAlpha(a, `alpha of class ${i}`));
  } else if (spec.alphaPerClass !== null) {
    bad(`The ${spec.loss} loss has no alpha; use ${spec.loss === 'ce' ? 'weighted-ce' : 'alpha-focal'} to weigh the classes.`);
  }
}

/** The loss as code for one framework. Throws a FocalLabInputError when the framework has no such loss. */
export function lossCode(framework: CodeFramework, spec: LossCodeSpec): LossCode {
  if (!CODE_FRAMEWORKS.includes(framework)) bad(`Unknown framework '${String(framework)}'; choose from ${CODE_FRAMEWORKS.join(', ')}.`);
  const row = FRAMEWORKS[framework];
  validateLossSpec(spec);
  let code: string;
  if (spec.task === 'binary') code = row.binary(spec);
  else if (typeof row.multiclass === 'string') bad(row.multiclass);
  else code = row.multiclass(spec);
  return { framework, language: row.language, code };
}

/** The loss of a finished run of results.json, with the class names of its data. */
export function lossSpecOfRun(results: Pick<ComparisonResults | MulticlassComparisonResults, 'runs' | 'dataset' | 'config' | 'tool'>, runId: string): LossCodeSpec {
  const run = results.runs.find((r) => r.id === runId);
  if (!run) bad(`No run '${runId}' in these results; the runs are ${results.runs.map((r) => r.id).join(', ')}.`);
  const alphaSource = lossUsesAlpha(run.loss) ? (results.config.alpha === 'auto' ? 'auto' : 'set') : undefined;
  const source = `From run ${commentName(run.id)} on ${commentName(results.dataset.file)} (Focal Lab ${results.tool.version}).`;
  if ('alphaPerClass' in run) {
    // A multi-class run: the softmax loss, one weight per class in the data's class order.
    const classes = results.dataset.classes ?? Object.keys(run.alphaPerClass ?? {});
    const weights = run.alphaPerClass;
    return {
      task: 'multiclass',
      loss: LOSS_TABLE[run.loss].softmaxKind,
      gamma: lossUsesGamma(run.loss) ? run.gamma : 0,
      alphaPerClass: lossUsesAlpha(run.loss) && weights ? classes.map((name) => weights[name]) : null,
      classes,
      alphaSource,
      source,
    };
  }
  return {
    task: 'binary',
    loss: run.loss,
    gamma: lossUsesGamma(run.loss) ? run.gamma : 0,
    alphaForPositiveClass: lossUsesAlpha(run.loss) ? run.alphaForPositiveClass : null,
    positiveClass: results.dataset.positiveClass,
    negativeClass: results.dataset.negativeClass,
    alphaSource,
    source,
  };
}

/** The defaults of a spec given on a command line: gamma 2 for focal losses, class names "1"/"0". */
export const LOSS_CODE_DEFAULTS = { gamma: DEFAULT_GAMMA, positiveClass: '1', negativeClass: '0' } as const;
