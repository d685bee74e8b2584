// The MLP's training step as one WebAssembly (SIMD) kernel: forward pass (matmul + bias
// + ReLU per layer), backward pass from dL/dz, and the Adam update, with no per-op
// dispatch and no allocation. The loss and its closed-form gradient dL/dz are computed
// in TypeScript (kernelTrainer.ts) between `forward` and `backward_adam`.
//
// Build (clang 14+, lld): node scripts/bench/build-kernel.js, which writes
// mlpKernelWasm.ts (the module as base64). TensorFlow.js stays the oracle:
// test/unit/kernel.test.ts and kernelMulticlass.test.ts train a few steps both ways and compare.
//
// Layout of the parameter vector p (and of the gradient g, Adam's m and v), for k outputs
// (1 logit for two classes, k softmax logits for k >= 3 classes):
//   W1 [in x h1] row-major, b1 [h1], W2 [h1 x h2], b2 [h2], W3 [h2 x k], b3 [k]
// which is the layout of the TensorFlow.js variables (kernel [fanIn, fanOut]). With k = 1
// every float operation is the one the single-output kernel did, in the same order, so
// binary training gives the same bits as before k existed.
// Float order is fixed (no fast-math), so the same inputs give the same bits.

#include <wasm_simd128.h>

typedef float f32;
typedef __SIZE_TYPE__ size_t;

#define EXPORT __attribute__((visibility("default")))
#define R __restrict__
#define LD(p) wasm_v128_load(p)
#define ST(p, v) wasm_v128_store(p, v)
#define MUL wasm_f32x4_mul
#define ADD wasm_f32x4_add
#define SPLAT wasm_f32x4_splat

// y[n x out] = act(x[n x in] . W[in x out] + b), b may be null (no bias). Register tiles
// of 4 rows x 8 columns; every output is summed over k in order, whatever the tile.
static void dense(int n, int in, int out, const f32 *R x, const f32 *R W, const f32 *R b, f32 *R y, int relu) {
  const v128_t zero4 = wasm_f32x4_splat(0.0f);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const f32 *R x0 = x + (size_t)i * in;
    const f32 *R x1 = x0 + in;
    const f32 *R x2 = x1 + in;
    const f32 *R x3 = x2 + in;
    f32 *R y0 = y + (size_t)i * out;
    int j = 0;
    for (; j + 8 <= out; j += 8) {
      v128_t c00 = b ? LD(b + j) : zero4, c01 = b ? LD(b + j + 4) : zero4;
      v128_t c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01;
      for (int k = 0; k < in; k++) {
        const f32 *R w = W + (size_t)k * out + j;
        const v128_t w0 = LD(w), w1 = LD(w + 4);
        v128_t s = SPLAT(x0[k]);
        c00 = ADD(c00, MUL(s, w0)); c01 = ADD(c01, MUL(s, w1));
        s = SPLAT(x1[k]);
        c10 = ADD(c10, MUL(s, w0)); c11 = ADD(c11, MUL(s, w1));
        s = SPLAT(x2[k]);
        c20 = ADD(c20, MUL(s, w0)); c21 = ADD(c21, MUL(s, w1));
        s = SPLAT(x3[k]);
        c30 = ADD(c30, MUL(s, w0)); c31 = ADD(c31, MUL(s, w1));
      }
      if (relu) {
        c00 = wasm_f32x4_pmax(c00, zero4); c01 = wasm_f32x4_pmax(c01, zero4);
        c10 = wasm_f32x4_pmax(c10, zero4); c11 = wasm_f32x4_pmax(c11, zero4);
        c20 = wasm_f32x4_pmax(c20, zero4); c21 = wasm_f32x4_pmax(c21, zero4);
        c30 = wasm_f32x4_pmax(c30, zero4); c31 = wasm_f32x4_pmax(c31, zero4);
      }
      ST(y0 + j, c00); ST(y0 + j + 4, c01);
      ST(y0 + out + j, c10); ST(y0 + out + j + 4, c11);
      ST(y0 + 2 * out + j, c20); ST(y0 + 2 * out + j + 4, c21);
      ST(y0 + 3 * out + j, c30); ST(y0 + 3 * out + j + 4, c31);
    }
    for (; j < out; j++) {
      for (int r = 0; r < 4; r++) {
        const f32 *R xr = x0 + r * in;
        f32 acc = b ? b[j] : 0.0f;
        for (int k = 0; k < in; k++) acc += xr[k] * W[(size_t)k * out + j];
        y0[r * out + j] = relu ? (acc > 0.0f ? acc : 0.0f) : acc;
      }
    }
  }
  for (; i < n; i++) {
    const f32 *R xi = x + (size_t)i * in;
    for (int j = 0; j < out; j++) {
      f32 acc = b ? b[j] : 0.0f;
      for (int k = 0; k < in; k++) acc += xi[k] * W[(size_t)k * out + j];
      y[(size_t)i * out + j] = relu ? (acc > 0.0f ? acc : 0.0f) : acc;
    }
  }
}

// G[K x J] = A^T B for A [n x K] (row stride lda) and B [n x J]: the weight gradient
// a^T . delta. Tiles of 4 rows of G x 8 columns keep 8 accumulators in registers while i
// runs, so each row of B loaded serves four outputs; with fewer than 4 columns (the single
// logit's J = 1) the lanes run over k instead. Every output is still summed over i in order
// from zero, whatever the tile, so the bits do not depend on the tiling.
static void gradient(int n, int K, int J, const f32 *R A, int lda, const f32 *R B, f32 *R G) {
  const v128_t zero4 = wasm_f32x4_splat(0.0f);
  int k = 0;
  if (J < 4) {
    for (; k + 4 <= K; k += 4) {
      for (int j = 0; j < J; j++) {
        v128_t c = zero4;
        for (int i = 0; i < n; i++) c = ADD(c, MUL(SPLAT(B[(size_t)i * J + j]), wasm_v128_load(A + (size_t)i * lda + k)));
        G[(size_t)k * J + j] = wasm_f32x4_extract_lane(c, 0);
        G[(size_t)(k + 1) * J + j] = wasm_f32x4_extract_lane(c, 1);
        G[(size_t)(k + 2) * J + j] = wasm_f32x4_extract_lane(c, 2);
        G[(size_t)(k + 3) * J + j] = wasm_f32x4_extract_lane(c, 3);
      }
    }
  } else {
    for (; k + 4 <= K; k += 4) {
      f32 *R g0 = G + (size_t)k * J;
      f32 *R g1 = g0 + J;
      f32 *R g2 = g1 + J;
      f32 *R g3 = g2 + J;
      int j = 0;
      for (; j + 8 <= J; j += 8) {
        v128_t c00 = zero4, c01 = zero4, c10 = zero4, c11 = zero4, c20 = zero4, c21 = zero4, c30 = zero4, c31 = zero4;
        for (int i = 0; i < n; i++) {
          const f32 *R ai = A + (size_t)i * lda + k;
          const f32 *R bi = B + (size_t)i * J + j;
          const v128_t b0 = LD(bi), b1 = LD(bi + 4);
          v128_t s = SPLAT(ai[0]);
          c00 = ADD(c00, MUL(s, b0)); c01 = ADD(c01, MUL(s, b1));
          s = SPLAT(ai[1]);
          c10 = ADD(c10, MUL(s, b0)); c11 = ADD(c11, MUL(s, b1));
          s = SPLAT(ai[2]);
          c20 = ADD(c20, MUL(s, b0)); c21 = ADD(c21, MUL(s, b1));
          s = SPLAT(ai[3]);
          c30 = ADD(c30, MUL(s, b0)); c31 = ADD(c31, MUL(s, b1));
        }
        ST(g0 + j, c00); ST(g0 + j + 4, c01);
        ST(g1 + j, c10); ST(g1 + j + 4, c11);
        ST(g2 + j, c20); ST(g2 + j + 4, c21);
        ST(g3 + j, c30); ST(g3 + j + 4, c31);
      }
      for (; j + 4 <= J; j += 4) {
        v128_t c0 = zero4, c1 = zero4, c2 = zero4, c3 = zero4;
        for (int i = 0; i < n; i++) {
          const f32 *R ai = A + (size_t)i * lda + k;
          const v128_t b = LD(B + (size_t)i * J + j);
          c0 = ADD(c0, MUL(SPLAT(ai[0]), b));
          c1 = ADD(c1, MUL(SPLAT(ai[1]), b));
          c2 = ADD(c2, MUL(SPLAT(ai[2]), b));
          c3 = ADD(c3, MUL(SPLAT(ai[3]), b));
        }
        ST(g0 + j, c0); ST(g1 + j, c1); ST(g2 + j, c2); ST(g3 + j, c3);
      }
      for (; j < J; j++) {
        for (int r = 0; r < 4; r++) {
          f32 acc = 0.0f;
          for (int i = 0; i < n; i++) acc += A[(size_t)i * lda + k + r] * B[(size_t)i * J + j];
          G[(size_t)(k + r) * J + j] = acc;
        }
      }
    }
  }
  // The last K % 4 rows of G, one at a time.
  for (; k < K; k++) {
    f32 *R g = G + (size_t)k * J;
    int j = 0;
    for (; j + 4 <= J; j += 4) {
      v128_t c0 = zero4;
      for (int i = 0; i < n; i++) c0 = ADD(c0, MUL(SPLAT(A[(size_t)i * lda + k]), LD(B + (size_t)i * J + j)));
      ST(g + j, c0);
    }
    for (; j < J; j++) {
      f32 acc = 0.0f;
      for (int i = 0; i < n; i++) acc += A[(size_t)i * lda + k] * B[(size_t)i * J + j];
      g[j] = acc;
    }
  }
}

// Column sums of B [n x J], four columns at a time, each summed over i in order from zero.
static void column_sums(int n, int J, const f32 *R B, f32 *R out) {
  int j = 0;
  for (; j + 4 <= J; j += 4) {
    v128_t c = wasm_f32x4_splat(0.0f);
    for (int i = 0; i < n; i++) c = ADD(c, LD(B + (size_t)i * J + j));
    ST(out + j, c);
  }
  for (; j < J; j++) {
    f32 acc = 0.0f;
    for (int i = 0; i < n; i++) acc += B[(size_t)i * J + j];
    out[j] = acc;
  }
}

// The batch: rows order[0..n) of the training rows [rows x in] into x [n x in], their labels into y.
// The training rows live in the kernel's memory, so a step's copy is not done in JavaScript.
EXPORT void gather(int n, int in, const unsigned *R order, const f32 *R rows, const f32 *R labels, f32 *R x, f32 *R y) {
  for (int i = 0; i < n; i++) {
    const f32 *R from = rows + (size_t)order[i] * in;
    f32 *R to = x + (size_t)i * in;
    int c = 0;
    for (; c + 4 <= in; c += 4) ST(to + c, LD(from + c));
    for (; c < in; c++) to[c] = from[c];
    y[i] = labels[order[i]];
  }
}

// Logits z[n x k] of the inputs x[n x in]; keeps the activations a1, a2 for backward.
EXPORT void forward(int n, int in, int h1, int h2, int k, const f32 *R x, const f32 *R p, f32 *R a1, f32 *R a2, f32 *R z) {
  const f32 *W1 = p, *b1 = W1 + in * h1, *W2 = b1 + h1, *b2 = W2 + h1 * h2, *W3 = b2 + h2, *b3 = W3 + h2 * k;
  dense(n, in, h1, x, W1, b1, a1, 1);
  dense(n, h1, h2, a1, W2, b2, a2, 1);
  if (k != 1) {
    dense(n, h2, k, a2, W3, b3, z, 0);
    return;
  }
  // One logit: four rows at a time with independent sums (each still over j in order), so the
  // adds of one row do not wait on each other's latency.
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const f32 *R r0 = a2 + (size_t)i * h2;
    const f32 *R r1 = r0 + h2;
    const f32 *R r2 = r1 + h2;
    const f32 *R r3 = r2 + h2;
    f32 s0 = b3[0], s1 = b3[0], s2 = b3[0], s3 = b3[0];
    for (int j = 0; j < h2; j++) {
      const f32 w = W3[j];
      s0 += r0[j] * w;
      s1 += r1[j] * w;
      s2 += r2[j] * w;
      s3 += r3[j] * w;
    }
    z[i] = s0;
    z[i + 1] = s1;
    z[i + 2] = s2;
    z[i + 3] = s3;
  }
  for (; i < n; i++) {
    const f32 *R a = a2 + (size_t)i * h2;
    f32 s = b3[0];
    for (int j = 0; j < h2; j++) s += a[j] * W3[j];
    z[i] = s;
  }
}

// g = dL/dp for dz = dL/dz [n x k] (already divided by the batch size); then one Adam step on p.
// Scratch: da2 [n x h2], da1 [n x h1], w2t [h2 x h1] (W2 transposed), g1t (unused).
EXPORT void backward_adam(int n, int in, int h1, int h2, int k, const f32 *R x, f32 *R p, const f32 *R a1, const f32 *R a2, const f32 *R dz,
                          f32 *R g, f32 *R m, f32 *R v, f32 *R da2, f32 *R da1, f32 *R w2t, f32 *R g1t,
                          f32 lr, f32 beta1, f32 beta2, f32 c1, f32 c2, f32 oneMinusAccBeta1, f32 oneMinusAccBeta2, f32 eps) {
  (void)g1t;
  const int count = in * h1 + h1 + h1 * h2 + h2 + h2 * k + k;
  f32 *W2 = p + in * h1 + h1, *W3 = W2 + h1 * h2 + h2;
  f32 *gW1 = g, *gb1 = gW1 + in * h1, *gW2 = gb1 + h1, *gb2 = gW2 + h1 * h2, *gW3 = gb2 + h2, *gb3 = gW3 + h2 * k;
  for (int k = 0; k < h1; k++)
    for (int j = 0; j < h2; j++) w2t[j * h1 + k] = W2[k * h2 + j];

  // Output layer: gW3 = a2^T dz, gb3 = column sums of dz, da2 = dz W3^T * relu'(a2).
  gradient(n, h2, k, a2, h2, dz, gW3);
  if (k == 1) {
    f32 db3 = 0.0f;
    for (int i = 0; i < n; i++) db3 += dz[i];
    gb3[0] = db3;
  } else {
    column_sums(n, k, dz, gb3);
  }
  const v128_t zero4 = wasm_f32x4_splat(0.0f);
  for (int i = 0; i < n; i++) {
    const f32 *R d = dz + (size_t)i * k;
    const f32 *R a = a2 + (size_t)i * h2;
    f32 *R da = da2 + (size_t)i * h2;
    int j = 0;
    if (k == 1) {
      // The ReLU mask as a lane mask, not a branch per unit (a mispredicted branch costs more than the product).
      const v128_t d0 = SPLAT(d[0]);
      for (; j + 4 <= h2; j += 4) ST(da + j, wasm_v128_and(MUL(d0, LD(W3 + j)), wasm_f32x4_gt(LD(a + j), zero4)));
    }
    for (; j < h2; j++) {
      if (!(a[j] > 0.0f)) {
        da[j] = 0.0f;
        continue;
      }
      const f32 *R w = W3 + (size_t)j * k;
      f32 acc = d[0] * w[0];
      for (int c = 1; c < k; c++) acc += d[c] * w[c];
      da[j] = acc;
    }
  }
  // Second hidden layer: gW2 = a1^T da2, gb2 = sum da2, da1 = (da2 W2^T) * relu'(a1).
  gradient(n, h1, h2, a1, h1, da2, gW2);
  column_sums(n, h2, da2, gb2);
  dense(n, h2, h1, da2, w2t, 0, da1, 0);
  size_t q1 = 0;
  for (; q1 + 4 <= (size_t)n * h1; q1 += 4) ST(da1 + q1, wasm_v128_and(LD(da1 + q1), wasm_f32x4_gt(LD(a1 + q1), zero4)));
  for (; q1 < (size_t)n * h1; q1++) da1[q1] = a1[q1] > 0.0f ? da1[q1] : 0.0f;
  // First hidden layer: gW1 = x^T da1, gb1 = sum da1.
  gradient(n, in, h1, x, in, da1, gW1);
  column_sums(n, h1, da1, gb1);

  // Adam, in the order of TensorFlow.js's AdamOptimizer, four parameters at a time (IEEE
  // division and square root are exact-rounded in SIMD lanes too, so the bits are the scalar ones).
  // c1 = 1 - beta1 and c2 = 1 - beta2 come rounded from float64, as TensorFlow.js rounds them.
  const f32 step = -lr;
  const v128_t beta1v = SPLAT(beta1), beta2v = SPLAT(beta2), c1v = SPLAT(c1), c2v = SPLAT(c2);
  const v128_t bias1v = SPLAT(oneMinusAccBeta1), bias2v = SPLAT(oneMinusAccBeta2), epsv = SPLAT(eps), stepv = SPLAT(step);
  int q = 0;
  for (; q + 4 <= count; q += 4) {
    const v128_t gq = LD(g + q);
    const v128_t mq = ADD(MUL(LD(m + q), beta1v), MUL(gq, c1v));
    const v128_t vq = ADD(MUL(LD(v + q), beta2v), MUL(MUL(gq, gq), c2v));
    ST(m + q, mq);
    ST(v + q, vq);
    const v128_t mhat = wasm_f32x4_div(mq, bias1v);
    const v128_t vhat = wasm_f32x4_div(vq, bias2v);
    ST(p + q, ADD(MUL(wasm_f32x4_div(mhat, ADD(wasm_f32x4_sqrt(vhat), epsv)), stepv), LD(p + q)));
  }
  for (; q < count; q++) {
    const f32 gq = g[q];
    const f32 mq = m[q] * beta1 + gq * c1;
    const f32 vq = v[q] * beta2 + (gq * gq) * c2;
    m[q] = mq;
    v[q] = vq;
    const f32 mhat = mq / oneMinusAccBeta1;
    const f32 vhat = vq / oneMinusAccBeta2;
    p[q] = (mhat / (__builtin_sqrtf(vhat) + eps)) * step + p[q];
  }
}
