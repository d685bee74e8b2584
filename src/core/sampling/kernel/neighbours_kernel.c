// SMOTE's neighbour search as a WebAssembly SIMD kernel: the exact k nearest other points
// (squared Euclidean distance) of each of n points, in float64 two lanes at a time. Same loop
// as the JavaScript fallback in neighbours.ts (tiles of BLOCK x BLOCK points, each pair once,
// four rows of a tile sharing every load of the other point), so the same pairs are offered
// in the same order; only the distances' summation order differs (per lane, then the lanes).
// About 7 times faster than the JavaScript loop, which V8 does not vectorise.
//
// Build (clang 14+, lld): node scripts/bench/build-kernel.js, which writes
// neighboursKernelWasm.ts (the module as base64). Float order is fixed (no fast-math).

#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))
#define R __restrict__
#define BLOCK 256  // the same as BLOCK in neighbours.ts

// Inserts `other` at distance d into row's k-best list (sorted, nearest first) if it is nearer
// than the k-th; ties keep the point met first.
static void offer(double *R best, int *R index, int k, int row, double d, int other) {
  int base = row * k, at = base + k - 1;
  if (!(d < best[at])) return;
  while (at > base && best[at - 1] > d) {
    best[at] = best[at - 1];
    index[at] = index[at - 1];
    at--;
  }
  best[at] = d;
  index[at] = other;
}

static double lanes(v128_t v) {
  return wasm_f64x2_extract_lane(v, 0) + wasm_f64x2_extract_lane(v, 1);
}

// One band of the search: the BLOCK rows from r0 against themselves and every later point.
// x: n rows of `width` doubles (width even, padded with zeros); best (n*k doubles, +inf at
// first) and index (n*k ints) hold the k-best lists across calls. Needs 1 <= k <= n - 1.
// The caller runs the bands r0 = 0, BLOCK, 2 BLOCK, ...: one call per band, not one for the
// whole search, because V8 runs a call in baseline code until the optimised code is ready and
// does not switch a running call over (the first of several calls is the slow one, not all).
EXPORT void neighbours_band(const double *R x, int n, int width, int k, double *R best, int *R index, int r0) {
  {
    int r1 = r0 + BLOCK < n ? r0 + BLOCK : n;
    for (int c0 = r0; c0 < n; c0 += BLOCK) {
      int c1 = c0 + BLOCK < n ? c0 + BLOCK : n;
      // On the diagonal tile only pairs i < j are visited.
      int diagonal = c0 == r0;
      int i = r0;
      for (; i + 4 <= r1; i += 4) {
        const double *a0 = x + i * width, *a1 = a0 + width, *a2 = a1 + width, *a3 = a2 + width;
        for (int j = diagonal ? i + 1 : c0; j < c1; j++) {
          const double *b = x + j * width;
          v128_t s0 = wasm_f64x2_splat(0.0), s1 = s0, s2 = s0, s3 = s0;
          for (int c = 0; c < width; c += 2) {
            v128_t v = wasm_v128_load(b + c), t;
            t = wasm_f64x2_sub(wasm_v128_load(a0 + c), v);
            s0 = wasm_f64x2_add(s0, wasm_f64x2_mul(t, t));
            t = wasm_f64x2_sub(wasm_v128_load(a1 + c), v);
            s1 = wasm_f64x2_add(s1, wasm_f64x2_mul(t, t));
            t = wasm_f64x2_sub(wasm_v128_load(a2 + c), v);
            s2 = wasm_f64x2_add(s2, wasm_f64x2_mul(t, t));
            t = wasm_f64x2_sub(wasm_v128_load(a3 + c), v);
            s3 = wasm_f64x2_add(s3, wasm_f64x2_mul(t, t));
          }
          double d0 = lanes(s0), d1 = lanes(s1), d2 = lanes(s2), d3 = lanes(s3);
          if (!diagonal || j > i) { offer(best, index, k, i, d0, j); offer(best, index, k, j, d0, i); }
          if (!diagonal || j > i + 1) { offer(best, index, k, i + 1, d1, j); offer(best, index, k, j, d1, i + 1); }
          if (!diagonal || j > i + 2) { offer(best, index, k, i + 2, d2, j); offer(best, index, k, j, d2, i + 2); }
          if (!diagonal || j > i + 3) { offer(best, index, k, i + 3, d3, j); offer(best, index, k, j, d3, i + 3); }
        }
      }
      // The last rows of a tile (fewer than four).
      for (; i < r1; i++) {
        const double *a = x + i * width;
        for (int j = diagonal ? i + 1 : c0; j < c1; j++) {
          const double *b = x + j * width;
          v128_t s = wasm_f64x2_splat(0.0);
          for (int c = 0; c < width; c += 2) {
            v128_t t = wasm_f64x2_sub(wasm_v128_load(a + c), wasm_v128_load(b + c));
            s = wasm_f64x2_add(s, wasm_f64x2_mul(t, t));
          }
          double d = lanes(s);
          offer(best, index, k, i, d, j);
          offer(best, index, k, j, d, i);
        }
      }
    }
  }
}
