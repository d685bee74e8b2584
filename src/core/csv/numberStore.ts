// A numeric column's values while they are read. Numbers arrive as float64 and are staged in
// blocks; a full block is written into the column's one array, as float32 while every block so
// far loses nothing that matters (every value within 2^-20 of the column's range so far of its
// float64 value), else the array becomes float64 for good. So N(0, 1) features, counts and 0/1
// targets cost 4 bytes a cell, and a column near 1e8 whose information is in the units digit,
// or values near 1e300, keep their float64 detail.
//
// The array is sized from the reader's estimate of the row count and filled in place: each
// value is written once. (Keeping float32 copies of every block and joining them at the end
// wrote every value twice more, into fresh memory each time, and cost as much as parsing.)

const BLOCK = 1 << 16;
/** A block is stored as float32 when every value is within range × this of its float64 value. */
const FLOAT32_TOLERANCE = 2 ** -20;
const FLOAT32_MAX = 3.4028234663852886e38;
/** Values per call of toFloat32. */
const PIECE = 1024;
/** Smallest staging block; it starts at the estimated row count and doubles up to BLOCK, so a wide file with few rows does not pay BLOCK per column. */
const FIRST_BLOCK = 16;

export class NumberStore {
  /** Float32Array while every block was narrowed; its length is the capacity. */
  private values: Float32Array | Float64Array;
  /** Values already written into `values`. */
  private stored = 0;
  private narrow = true;
  private block: Float64Array<ArrayBuffer>;
  private blockLength = 0;
  /** The range of the finite values so far, [min, max], for the tolerance. */
  private readonly range = Float64Array.of(Infinity, -Infinity);

  /** `expectedLength`: the estimated row count (0 when unknown); a wrong estimate costs a copy, not a wrong result. */
  constructor(expectedLength = 0) {
    this.values = new Float32Array(Math.max(FIRST_BLOCK, expectedLength));
    this.block = new Float64Array(Math.min(BLOCK, Math.max(FIRST_BLOCK, expectedLength)));
  }

  add(value: number): void {
    if (this.blockLength === this.block.length) {
      if (this.blockLength < BLOCK) this.block = growBlock(this.block);
      else this.storeBlock();
    }
    this.block[this.blockLength++] = value;
  }

  /** Every value, as one array of exactly `length` (float32 when every block was narrowed); the store is empty after. */
  take(): Float32Array | Float64Array {
    if (this.blockLength > 0) this.storeBlock();
    const values = this.values;
    const length = this.stored;
    this.values = new Float32Array(0);
    this.block = new Float64Array(0);
    this.stored = 0;
    if (length === values.length) return values;
    // A large array's pages past `length` were never written, so they hold no memory: a view is
    // enough, and copying would write every value again. A small array, or one whose estimate
    // was far too high, is copied to its length.
    return values.length <= BLOCK || length < values.length / 2 ? values.slice(0, length) : values.subarray(0, length);
  }

  /** Moves the staging block into the array, as float32 when that keeps every value within tolerance. */
  private storeBlock(): void {
    const block = this.block;
    const count = this.blockLength;
    const offset = this.stored;
    if (offset + count > this.values.length) this.growValues(offset + count);
    if (this.narrow) {
      const range = this.range;
      const values = this.values as Float32Array;
      let largestError = -Infinity;
      for (let from = 0; from < count; from += PIECE) {
        largestError = Math.max(largestError, toFloat32(block, from, Math.min(count, from + PIECE), values, offset, range));
      }
      const min = range[0]!;
      const max = range[1]!;
      // With finite values so far, earlier blocks were within float32's range, so the range's ends say whether this one is.
      if (min <= max && !(largestError <= (max - min) * FLOAT32_TOLERANCE && Math.max(-min, max) <= FLOAT32_MAX)) this.widen();
    }
    // Once float64, blocks are copied as they are (a wider block also lands here, over its float32 copy).
    if (!this.narrow) this.values.set(block.subarray(0, count), offset);
    this.stored = offset + count;
    this.blockLength = 0;
  }

  /** The column stays float64 from now on; blocks already stored keep their float32 values, which were within tolerance. */
  private widen(): void {
    const wide = new Float64Array(this.values.length);
    wide.set(this.values.subarray(0, this.stored));
    this.values = wide;
    this.narrow = false;
  }

  /** More rows than estimated: a larger array (its unwritten part costs no memory until written). */
  private growValues(needed: number): void {
    const size = Math.max(needed, this.values.length * 2);
    const bigger = this.narrow ? new Float32Array(size) : new Float64Array(size);
    bigger.set(this.values.subarray(0, this.stored));
    this.values = bigger;
  }
}

/**
 * Writes block[from, to) as float32 into values from offset + from (overwritten in float64 if
 * the block turns out not to narrow), widens `range` ([min, max] of the finite values) to cover
 * them, and returns the largest float32 rounding error among them (-Infinity when there are
 * none: NaN, missing, and ±Infinity are the same in float32 and their error is NaN).
 *
 * Called on pieces of PIECE values, many times, so V8 compiles it as a function that is
 * called often. A loop over a whole 65,536-value block, called once per block, was compiled
 * while it ran and, after a deoptimisation, often left in the interpreter for whole blocks,
 * which boxes every number it touches: 150–320 MB of garbage on the 21 million cells of the
 * ingest bench.
 */
function toFloat32(block: Float64Array, from: number, to: number, values: Float32Array, offset: number, range: Float64Array): number {
  let min = range[0]!;
  let max = range[1]!;
  let largestError = -Infinity;
  for (let i = from; i < to; i++) {
    const value = block[i]!;
    if (value < min && value > -Infinity) min = value;
    if (value > max && value < Infinity) max = value;
    const single = Math.fround(value);
    values[offset + i] = single;
    const error = Math.abs(single - value);
    if (error > largestError) largestError = error;
  }
  range[0] = min;
  range[1] = max;
  return largestError;
}

function growBlock(block: Float64Array): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(Math.min(BLOCK, Math.max(FIRST_BLOCK, block.length * 2)));
  bigger.set(block);
  return bigger;
}
