// Exact k nearest neighbours (squared Euclidean distance) of every point among the same points,
// for SMOTE's search within one class. Brute force, but blocked: the n x n distance matrix is
// visited in tiles of BLOCK x BLOCK points (two tiles of 256 float64 rows of width 20 are 80 KB,
// within L2), each pair once (the distance is symmetric, so a pair offers itself to both rows'
// k-best lists), and four rows of a tile at a time share every load of the other point.
// The search runs in a WebAssembly SIMD kernel (kernel/neighbours_kernel.c, float64 two lanes at
// a time): on 10,000 points of width 20 it takes about 0.2 s of CPU here, against about 1.3 s for
// the same loop in JavaScript, which V8 does not vectorise and which remains the fallback where
// WebAssembly SIMD is missing.
// A k-d tree was not used: at width 20 (the benchmark) it prunes little, and the cost
// here is predictable, O(n^2 * width) in the class's rows only, never in the whole data set.

import { WebAssembly, compileWasm, type WasmModule } from '../wasm';
import { NEIGHBOURS_KERNEL_WASM_BASE64 } from './kernel/neighboursKernelWasm';

/** Points per tile side; the same as BLOCK in kernel/neighbours_kernel.c. */
const BLOCK = 256;

interface KernelExports {
  neighbours_band(x: number, n: number, width: number, k: number, best: number, index: number, r0: number): void;
  __heap_base: { value: number };
}

let compiled: WasmModule | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not available (then the JavaScript loop runs). */
export function neighboursKernel(): WasmModule | null {
  if (compiled === undefined) compiled = compileWasm(NEIGHBOURS_KERNEL_WASM_BASE64);
  return compiled;
}

/**
 * For each of `count` points (row-major, `width` values each) the indices of its k nearest other
 * points, nearest first (row-major count x k). Ties keep the point met first. Needs k <= count - 1.
 */
export function nearestNeighbours(points: Float64Array, count: number, width: number, k: number): Int32Array {
  checkArguments(points, count, width, k);
  const module = neighboursKernel();
  return module ? nearestNeighboursInKernel(module, points, count, width, k) : nearestNeighboursInJs(points, count, width, k);
}

function checkArguments(points: Float64Array, count: number, width: number, k: number): void {
  if (!Number.isInteger(k) || k < 1 || k > count - 1) throw new RangeError(`nearestNeighbours needs 1 <= k <= count - 1 (${count - 1}), got ${k}.`);
  if (points.length !== count * width) throw new RangeError(`points must hold count * width = ${count * width} values, got ${points.length}.`);
}

const PAGE_BYTES = 65536;

/** The search in the WebAssembly kernel: the points copied in, rows padded to an even width (a zero column adds nothing). */
export function nearestNeighboursInKernel(module: WasmModule, points: Float64Array, count: number, width: number, k: number): Int32Array {
  checkArguments(points, count, width, k);
  const paddedWidth = width + (width % 2);
  // The kernel's own data and stack end at __heap_base; the buffers follow, 16-byte aligned.
  const probe = new WebAssembly.Instance(module, { env: { memory: new WebAssembly.Memory({ initial: 2 }) } }).exports as KernelExports;
  const align = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const x = align(probe.__heap_base.value);
  const best = x + align(count * paddedWidth * 8);
  const index = best + align(count * k * 8);
  const end = index + align(count * k * 4);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE_BYTES) });
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports as KernelExports;
  const heap = new Float64Array(memory.buffer, x, count * paddedWidth);
  if (paddedWidth === width) heap.set(points);
  else for (let i = 0; i < count; i++) heap.set(points.subarray(i * width, (i + 1) * width), i * paddedWidth);
  new Float64Array(memory.buffer, best, count * k).fill(Infinity);
  const found = new Int32Array(memory.buffer, index, count * k).fill(-1);
  // One call per band of BLOCK rows (see neighbours_kernel.c: V8 optimises between calls, not within one).
  for (let r0 = 0; r0 < count; r0 += BLOCK) kernel.neighbours_band(x, count, paddedWidth, k, best, index, r0);
  return found.slice();
}

/** The same search in JavaScript, where WebAssembly SIMD is not available. */
export function nearestNeighboursInJs(points: Float64Array, count: number, width: number, k: number): Int32Array {
  checkArguments(points, count, width, k);
  const bestDistance = new Float64Array(count * k).fill(Infinity);
  const bestIndex = new Int32Array(count * k).fill(-1);
  const offer = (row: number, distance: number, other: number): void => {
    const base = row * k;
    let at = base + k - 1;
    if (!(distance < bestDistance[at])) return;
    while (at > base && bestDistance[at - 1] > distance) {
      bestDistance[at] = bestDistance[at - 1];
      bestIndex[at] = bestIndex[at - 1];
      at--;
    }
    bestDistance[at] = distance;
    bestIndex[at] = other;
  };
  const x = points;
  const w = width;
  for (let rowStart = 0; rowStart < count; rowStart += BLOCK) {
    const rowEnd = Math.min(rowStart + BLOCK, count);
    for (let columnStart = rowStart; columnStart < count; columnStart += BLOCK) {
      const columnEnd = Math.min(columnStart + BLOCK, count);
      // On the diagonal tile only pairs i < j are visited.
      const diagonal = columnStart === rowStart;
      let i = rowStart;
      for (; i + 4 <= rowEnd; i += 4) {
        const a0 = i * w;
        const a1 = a0 + w;
        const a2 = a1 + w;
        const a3 = a2 + w;
        for (let j = diagonal ? i + 1 : columnStart; j < columnEnd; j++) {
          const b = j * w;
          let d0 = 0;
          let d1 = 0;
          let d2 = 0;
          let d3 = 0;
          for (let c = 0; c < w; c++) {
            const v = x[b + c];
            let t = x[a0 + c] - v;
            d0 += t * t;
            t = x[a1 + c] - v;
            d1 += t * t;
            t = x[a2 + c] - v;
            d2 += t * t;
            t = x[a3 + c] - v;
            d3 += t * t;
          }
          if (!diagonal || j > i) {
            offer(i, d0, j);
            offer(j, d0, i);
          }
          if (!diagonal || j > i + 1) {
            offer(i + 1, d1, j);
            offer(j, d1, i + 1);
          }
          if (!diagonal || j > i + 2) {
            offer(i + 2, d2, j);
            offer(j, d2, i + 2);
          }
          if (!diagonal || j > i + 3) {
            offer(i + 3, d3, j);
            offer(j, d3, i + 3);
          }
        }
      }
      // The last rows of a tile (fewer than four).
      for (; i < rowEnd; i++) {
        const a = i * w;
        for (let j = diagonal ? i + 1 : columnStart; j < columnEnd; j++) {
          const b = j * w;
          let d = 0;
          for (let c = 0; c < w; c++) {
            const t = x[a + c] - x[b + c];
            d += t * t;
          }
          offer(i, d, j);
          offer(j, d, i);
        }
      }
    }
  }
  return bestIndex;
}
