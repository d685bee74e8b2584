// A small seeded PRNG so that splits, shuffles and weight initialisation are the
// same run after run, whatever the platform (Math.random cannot be seeded).

export type Random = () => number;

/** mulberry32: 32-bit state, uniform in [0, 1). Good enough for shuffles and initialisation. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream for a named purpose, so adding a consumer does not shift the others. */
export function derivedRandom(seed: number, purpose: string): Random {
  let hash = 2166136261 ^ (seed >>> 0);
  for (let i = 0; i < purpose.length; i++) hash = Math.imul(hash ^ purpose.charCodeAt(i), 16777619);
  return seededRandom(hash >>> 0);
}

/** In-place Fisher–Yates shuffle. */
export function shuffleInPlace(values: { length: number; [index: number]: number }, random: Random): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}

/** Standard normal draw (Box–Muller). */
export function gaussian(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
