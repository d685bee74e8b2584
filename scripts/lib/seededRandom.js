// mulberry32 for the plain-JavaScript scripts (sample, bad corpus, benchmark workload), which
// run before anything is built. The same generator as src/core/random.ts, so seeds mean the same.
'use strict';

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draw (Box–Muller); 1 - u keeps log away from 0. The same as src/core/random.ts. */
function gaussian(random) {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

module.exports = { mulberry32, gaussian };
