// The default training engine: the whole MLP step (forward, backward, Adam) in one
// WebAssembly SIMD kernel (kernel/mlp_kernel.c), and the loss with its closed-form
// gradient dL/dz in TypeScript between the kernel calls. Per step that is three calls (gather
// the batch from the training rows held in the kernel's memory, forward, backward_adam) and no
// allocation, where TensorFlow.js dispatches ~100 small ops (the per-op overhead
// that dominated its profile). Same maths as the TensorFlow.js engine (train.ts), which
// stays the oracle in test/unit/kernel.test.ts.

import { LOSS_TABLE, type LossKind } from '../results';
import { marginGradient, trueClassMargin } from '../softmaxLosses';
import { sigmoid, softplus } from '../losses';
import type { ContributionBins } from '../evaluation/contributions';
import { MLP_KERNEL_WASM_BASE64 } from './kernel/mlpKernelWasm';
import { WebAssembly, compileWasm, type WasmMemory, type WasmModule } from '../wasm';
import { initialParameters } from './initialParameters';

interface KernelExports {
  gather(n: number, inputWidth: number, order: number, rows: number, labels: number, x: number, y: number): void;
  forward(n: number, inputWidth: number, h1: number, h2: number, outputs: number, x: number, p: number, a1: number, a2: number, z: number): void;
  backward_adam(
    n: number, inputWidth: number, h1: number, h2: number, outputs: number, x: number, p: number, a1: number, a2: number, dz: number,
    g: number, m: number, v: number, da2: number, da1: number, w2t: number, g1t: number,
    lr: number, beta1: number, beta2: number, c1: number, c2: number, oneMinusAccBeta1: number, oneMinusAccBeta2: number, eps: number,
  ): void;
  __heap_base: { value: number };
}

let compiled: WasmModule | null | undefined;

/**
 * The memory of this thread's last trainer, kept for the next (release()): the first touch of a
 * fresh page costs a page fault, and a fit's training rows are thousands of pages (50-100 ms of
 * a fit on these VMs, against under 1 ms to write pages already touched).
 */
let spareMemory: WasmMemory | null = null;

/** The compiled kernel, or null where WebAssembly SIMD is not available (then TensorFlow.js trains). */
function kernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileWasm(MLP_KERNEL_WASM_BASE64);
  return compiled;
}

export function kernelAvailable(): boolean {
  return kernelModule() !== null;
}

/** Adam's constants, as TensorFlow.js's tf.train.adam(lr) uses them (epsilon = float32 backend epsilon). */
const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;
/** Rows per forward call when predicting. */
export const KERNEL_PREDICT_CHUNK_ROWS = 8192;

export interface KernelLoss {
  kind: LossKind;
  gamma: number;
  alphaForPositiveClass: number | null;
  /** The target's classes: absent or 2 trains one logit (binary); K >= 3 trains K softmax logits. */
  classes?: number;
  /** With K >= 3 classes: one weight per class (the losses that use alpha need it). */
  alphaPerClass?: readonly number[] | null;
}

export class KernelTrainer {
  private readonly kernel: KernelExports;
  private readonly memory: WasmMemory;
  /** A view on the kernel's memory (replaced when the memory grows to hold the training rows). */
  private f32: Float32Array;
  /** Where holdTrainingRows put the training rows, their labels and the row order, in floats (index into f32). */
  private training: { rows: number; inputs: number; labels: number; order: number } | null = null;
  private batchLabels: Float32Array;
  private readonly h1: number;
  private readonly h2: number;
  private readonly parameterCount: number;
  // Float offsets (index into f32) and byte offsets of each buffer.
  private readonly at: Record<'p' | 'g' | 'm' | 'v' | 'x' | 'a1' | 'a2' | 'z' | 'dz' | 'da2' | 'da1' | 'w2t' | 'g1t' | 'y', number>;
  /** The first float after the buffers: the training rows go here. */
  private readonly end: number;
  private readonly gamma: number;
  private readonly alpha: number | null;
  /** Output units: 1 (binary) or K (softmax). */
  private readonly outputs: number;
  private readonly alphaPerClass: Float64Array | null;
  /** Scratch for the softmax gradient of one row. */
  private readonly q: Float64Array;
  private accBeta1 = Math.fround(BETA1);
  private accBeta2 = Math.fround(BETA2);
  /** When set, each trained row's class, p_t, loss and |dL/dz| are added here (where the loss spends its gradient). */
  contributions: ContributionBins | null = null;

  constructor(
    private readonly inputWidth: number,
    hidden: number[],
    seed: number,
    outputBias: number | ArrayLike<number>,
    private readonly batchSize: number,
    private readonly learningRate: number,
    loss: KernelLoss,
  ) {
    const module = kernelModule();
    if (!module) throw new Error('The WebAssembly kernel is not available here.');
    if (hidden.length !== 2) throw new RangeError('The WebAssembly kernel trains two hidden layers.');
    [this.h1, this.h2] = hidden;
    const { h1, h2 } = this;
    const { usesGamma, usesAlpha } = LOSS_TABLE[loss.kind];
    const classes = loss.classes ?? 2;
    const outputs = classes >= 3 ? classes : 1;
    this.outputs = outputs;
    this.q = new Float64Array(outputs);
    if (usesAlpha && outputs === 1 && loss.alphaForPositiveClass === null) throw new RangeError(`The ${loss.kind} loss needs alpha (the weight of the positive class).`);
    if (usesAlpha && outputs > 1 && loss.alphaPerClass?.length !== classes) throw new RangeError(`The ${loss.kind} loss needs alpha: one weight per class (${classes}).`);
    this.gamma = usesGamma ? loss.gamma : 0;
    this.alpha = usesAlpha && outputs === 1 ? loss.alphaForPositiveClass : null;
    this.alphaPerClass = usesAlpha && outputs > 1 ? Float64Array.from(loss.alphaPerClass!) : null;
    this.parameterCount = inputWidth * h1 + h1 + h1 * h2 + h2 + h2 * outputs + outputs;
    const rows = Math.max(batchSize, KERNEL_PREDICT_CHUNK_ROWS);
    const sizes = {
      p: this.parameterCount, g: this.parameterCount, m: this.parameterCount, v: this.parameterCount,
      x: rows * inputWidth, a1: rows * h1, a2: rows * h2, z: rows * outputs, dz: batchSize * outputs,
      da2: batchSize * h2, da1: batchSize * h1, w2t: h1 * h2, g1t: h1 * inputWidth, y: batchSize,
    };
    // The kernel's own data and stack end at __heap_base; our buffers follow, 16-byte aligned.
    const probe = new WebAssembly.Memory({ initial: 2 });
    const probeInstance = new WebAssembly.Instance(module, { env: { memory: probe } });
    let offset = Math.ceil(((probeInstance.exports as KernelExports).__heap_base.value) / 16) * 4;
    const at = {} as Record<keyof typeof sizes, number>;
    for (const [name, size] of Object.entries(sizes) as [keyof typeof sizes, number][]) {
      at[name] = offset;
      offset += Math.ceil(size / 4) * 4;
    }
    this.at = at;
    this.end = offset;
    const pages = Math.ceil((offset * 4) / 65536) + 1;
    const reused = spareMemory;
    spareMemory = null;
    this.memory = reused ?? new WebAssembly.Memory({ initial: pages });
    if (reused && reused.buffer.byteLength < pages * 65536) reused.grow(pages - reused.buffer.byteLength / 65536);
    this.kernel = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as KernelExports;
    this.f32 = new Float32Array(this.memory.buffer);
    // Fresh memory is zero; reused memory holds the last fit's buffers, and Adam's moments start at zero.
    if (reused) this.f32.fill(0, at.p, offset);
    this.batchLabels = this.f32.subarray(at.y, at.y + batchSize);
    // Same initial network as the TensorFlow.js engine, in the same layout.
    const initial = initialParameters({ inputWidth, hidden, outputs }, seed, outputBias);
    let q = at.p;
    for (let layer = 0; layer < 3; layer++) {
      this.f32.set(initial.weights[layer], q);
      q += initial.weights[layer].length;
      this.f32.set(initial.biases[layer], q);
      q += initial.biases[layer].length;
    }
  }

  /**
   * Copies the training rows and their labels into the kernel's memory once, so that each step
   * gathers its batch there (stepOnRows) instead of in JavaScript. Returns the row order the
   * steps follow, a view on the kernel's memory holding 0..rows-1: shuffle it in place.
   */
  holdTrainingRows(inputs: Float32Array, labels: ArrayLike<number>, rows: number): Uint32Array {
    if (inputs.length !== rows * this.inputWidth || labels.length < rows) throw new RangeError(`holdTrainingRows: ${rows} rows of ${this.inputWidth} need ${rows * this.inputWidth} inputs and ${rows} labels.`);
    const at = { rows, inputs: this.end, labels: this.end + Math.ceil((rows * this.inputWidth) / 4) * 4, order: 0 };
    at.order = at.labels + Math.ceil(rows / 4) * 4;
    const bytes = (at.order + rows) * 4;
    const pages = Math.ceil((bytes - this.memory.buffer.byteLength) / 65536);
    if (pages > 0) {
      this.memory.grow(pages);
      this.f32 = new Float32Array(this.memory.buffer);
      this.batchLabels = this.f32.subarray(this.at.y, this.at.y + this.batchSize);
    }
    this.f32.set(inputs, at.inputs);
    const labelFloats = this.f32.subarray(at.labels, at.labels + rows);
    for (let i = 0; i < rows; i++) labelFloats[i] = labels[i];
    const order = new Uint32Array(this.memory.buffer, at.order * 4, rows);
    for (let i = 0; i < rows; i++) order[i] = i;
    this.training = at;
    return order;
  }

  /** One Adam step on the held training rows order[start .. start + count); returns the batch's summed loss. */
  stepOnRows(start: number, count: number): number {
    const { training, at } = this;
    if (!training) throw new Error('stepOnRows: holdTrainingRows first.');
    if (count > this.batchSize || start + count > training.rows) throw new RangeError(`stepOnRows: rows ${start}..${start + count} of ${training.rows}, batches of ${this.batchSize}.`);
    this.kernel.gather(count, this.inputWidth, (training.order + start) * 4, training.inputs * 4, training.labels * 4, at.x * 4, at.y * 4);
    return this.step(this.batchLabels, count);
  }

  /** The batch input rows go here (row-major, `count` rows) before `step`. */
  batchInputs(): Float32Array {
    return this.f32.subarray(this.at.x, this.at.x + this.batchSize * this.inputWidth);
  }

  /**
   * One Adam step on the batch in batchInputs() with these labels; returns the batch's
   * summed loss (mean loss × count), in float64.
   */
  step(labels: ArrayLike<number>, count: number): number {
    const { kernel, at, inputWidth, h1, h2, outputs } = this;
    const bytes = (floatIndex: number) => floatIndex * 4;
    kernel.forward(count, inputWidth, h1, h2, outputs, bytes(at.x), bytes(at.p), bytes(at.a1), bytes(at.a2), bytes(at.z));
    const sum = outputs === 1 ? this.binaryLoss(labels, count) : this.softmaxLoss(labels, count);
    kernel.backward_adam(
      count, inputWidth, h1, h2, outputs, bytes(at.x), bytes(at.p), bytes(at.a1), bytes(at.a2), bytes(at.dz),
      bytes(at.g), bytes(at.m), bytes(at.v), bytes(at.da2), bytes(at.da1), bytes(at.w2t), bytes(at.g1t),
      this.learningRate, BETA1, BETA2, 1 - BETA1, 1 - BETA2, 1 - this.accBeta1, 1 - this.accBeta2, EPSILON,
    );
    // As TensorFlow.js: the accumulated powers of beta live in float32.
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(BETA1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(BETA2));
    return sum;
  }

  /**
   * K softmax logits per row: the closed form of softmaxLosses.ts through the true class's
   * margin u = z_y - logsumexp_{c != y} z_c, in float64 on the float32 logits; dz / count
   * for the mean. Returns the batch's summed loss.
   */
  private softmaxLoss(labels: ArrayLike<number>, count: number): number {
    const { f32, at, outputs, gamma, alphaPerClass, q, contributions } = this;
    const logits = f32.subarray(at.z, at.z + count * outputs);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const y = labels[i];
      const u = trueClassMargin(logits, i, outputs, y, q);
      const weight = alphaPerClass ? alphaPerClass[y] : 1;
      const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplus(u));
      const loss = weight * modulating * softplus(-u);
      sum += loss;
      const rowGradient = marginGradient(u, gamma, weight);
      const dLdu = rowGradient / count;
      const row = at.dz + i * outputs;
      for (let c = 0; c < outputs; c++) f32[row + c] = c === y ? dLdu : -dLdu * q[c];
      if (contributions) {
        // |dL/dz| over the K logits: dL/dz_y = dL/du, dL/dz_c = -dL/du q_c (q sums to 1 over c != y).
        let others = 0;
        for (let c = 0; c < outputs; c++) others += q[c] * q[c];
        contributions.add(y, sigmoid(u), loss, Math.abs(rowGradient) * Math.sqrt(1 + others));
      }
    }
    return sum;
  }

  /** One logit per row: writes dL/dz / count and returns the batch's summed loss. */
  private binaryLoss(labels: ArrayLike<number>, count: number): number {
    const { f32, at } = this;
    // The loss from logits, u = (2y - 1) z:  L = alpha_t exp(-gamma softplus(u)) softplus(-u),
    // dL/dz = -(2y - 1) alpha_t exp(-gamma softplus(u)) (gamma sigmoid(u) softplus(-u) + sigmoid(-u)),
    // the closed form of losses.ts (perSampleLossGradient), divided by count for the mean.
    const { gamma, alpha, contributions } = this;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const y = labels[i];
      const sign = 2 * y - 1;
      const u = sign * f32[at.z + i];
      const e = Math.exp(-Math.abs(u));
      const log1pE = Math.log1p(e);
      const softplusU = (u > 0 ? u : 0) + log1pE;
      const softplusMinusU = (u < 0 ? -u : 0) + log1pE;
      const sigmoidU = u >= 0 ? 1 / (1 + e) : e / (1 + e);
      const sigmoidMinusU = u >= 0 ? e / (1 + e) : 1 / (1 + e);
      const weight = alpha === null ? 1 : y === 1 ? alpha : 1 - alpha;
      const modulating = gamma === 0 ? 1 : Math.exp(-gamma * softplusU);
      const focusing = gamma === 0 ? 0 : gamma * sigmoidU * softplusMinusU;
      const loss = weight * modulating * softplusMinusU;
      const gradient = -sign * weight * modulating * (focusing + sigmoidMinusU);
      sum += loss;
      f32[at.dz + i] = gradient / count;
      if (contributions) contributions.add(y, sigmoidU, loss, Math.abs(gradient));
    }
    return sum;
  }

  /** Logits of `rows` row-major inputs: one per row, or K per row (row-major) with K outputs. */
  predict(inputs: Float32Array, rows: number): Float32Array {
    const { kernel, f32, at, inputWidth, h1, h2, outputs } = this;
    const out = new Float32Array(rows * outputs);
    for (let start = 0; start < rows; start += KERNEL_PREDICT_CHUNK_ROWS) {
      const count = Math.min(KERNEL_PREDICT_CHUNK_ROWS, rows - start);
      f32.set(inputs.subarray(start * inputWidth, (start + count) * inputWidth), at.x);
      kernel.forward(count, inputWidth, h1, h2, outputs, at.x * 4, at.p * 4, at.a1 * 4, at.a2 * 4, at.z * 4);
      out.set(f32.subarray(at.z, at.z + count * outputs), start * outputs);
    }
    return out;
  }

  /** The parameters W1, b1, W2, b2, W3, b3 (a copy). */
  parameters(): Float32Array {
    return this.f32.slice(this.at.p, this.at.p + this.parameterCount);
  }

  /** Puts back parameters taken with parameters() (early stopping restores the best epoch's). */
  setParameters(parameters: Float32Array): void {
    if (parameters.length !== this.parameterCount) throw new RangeError(`setParameters: expected ${this.parameterCount} values, got ${parameters.length}.`);
    this.f32.set(parameters, this.at.p);
  }

  /** This trainer is done: its memory is kept for the thread's next trainer. Use it no more. */
  release(): void {
    spareMemory = this.memory;
    this.training = null;
  }

  parametersFinite(): boolean {
    for (let q = this.at.p; q < this.at.p + this.parameterCount; q++) if (!Number.isFinite(this.f32[q])) return false;
    return true;
  }
}
