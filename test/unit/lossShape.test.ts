import * as assert from 'node:assert/strict';
import { perSampleLoss } from '../../src/core/losses';
import { LOSS_SHAPE_Y_MAX, bceOfPt, focalOfPt, lossShape, modulatingFactor, ptGrid } from '../../src/shared/lossShape';

// Relative tolerance with a tiny absolute floor (the curves are exactly 0 at p_t = 1).
function assertClose(actual: number, expected: number, what: string, relative = 1e-9): void {
  const tolerance = relative * Math.max(Math.abs(expected), 1e-15);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, expected ${expected}`);
}

/** The logit whose sigmoid is p, as a y = 1 example's model output. */
function logit(p: number): number {
  return Math.log(p / (1 - p));
}

const GAMMAS = [0, 0.1, 0.5, 1, 2, 3.7, 5, 10];

describe('lossShape', () => {
  describe('ptGrid', () => {
    it('is increasing on (0, 1] and ends exactly at 1', () => {
      const grid = ptGrid();
      assert.equal(grid.length, 200);
      assert.equal(grid[0], 1e-3);
      assert.equal(grid[grid.length - 1], 1);
      for (let i = 1; i < grid.length; i++) assert.ok(grid[i] > grid[i - 1], `grid[${i}]`);
    });

    it('rejects a grid that would leave (0, 1]', () => {
      assert.throws(() => ptGrid(1), RangeError);
      assert.throws(() => ptGrid(10, 0), RangeError);
      assert.throws(() => ptGrid(10, 1), RangeError);
      assert.throws(() => ptGrid(2.5), RangeError);
    });
  });

  describe('against perSampleLoss (logit z = log(p/(1-p)), y = 1)', () => {
    // p_t near 1 is where the naive formula breaks; the logit is still exact enough there.
    const pts = [...ptGrid(101), 1e-6, 0.25, 0.5, 0.9, 0.99, 0.999, 0.999999];

    for (const gamma of GAMMAS) {
      it(`focal at gamma=${gamma} equals perSampleLoss('focal')`, () => {
        const reference = perSampleLoss('focal', pts.map(() => 1), pts.map((p) => (p === 1 ? 800 : logit(p))), { gamma });
        pts.forEach((p, i) => assertClose(focalOfPt(p, gamma), reference[i], `p_t=${p}`, 1e-8));
      });
    }

    it("BCE equals perSampleLoss('bce') and focal at gamma 0", () => {
      const usable = pts.filter((p) => p < 1);
      const reference = perSampleLoss('bce', usable.map(() => 1), usable.map(logit));
      usable.forEach((p, i) => {
        assertClose(bceOfPt(p), reference[i], `p_t=${p}`, 1e-8);
        assert.equal(focalOfPt(p, 0), bceOfPt(p));
      });
    });

    it("alpha curves equal perSampleLoss('alpha-focal') for a positive (y = 1) and a negative (y = 0) example", () => {
      for (const alpha of [0, 0.25, 0.5, 0.9, 1]) {
        for (const gamma of [0, 2, 7.5]) {
          const curves = lossShape({ gamma, alpha, points: 50 });
          const usable = curves.pt.slice(0, -1);
          const z = usable.map(logit);
          const positive = perSampleLoss('alpha-focal', usable.map(() => 1), z, { gamma, alpha });
          // A negative example with p_t = x has p = 1 - x, i.e. logit -z.
          const negative = perSampleLoss('alpha-focal', usable.map(() => 0), z.map((v) => -v), { gamma, alpha });
          usable.forEach((p, i) => {
            assertClose(curves.alphaPositive![i], positive[i], `positive alpha=${alpha} gamma=${gamma} p_t=${p}`, 1e-8);
            assertClose(curves.alphaNegative![i], negative[i], `negative alpha=${alpha} gamma=${gamma} p_t=${p}`, 1e-8);
          });
        }
      }
    });
  });

  describe('numerics', () => {
    it('is finite and >= 0 everywhere on the grid for gamma in [0, 10], and 0 at p_t = 1', () => {
      for (let gamma = 0; gamma <= 10; gamma += 0.1) {
        const curves = lossShape({ gamma, alpha: 0.25 });
        for (const series of [curves.bce, curves.focal, curves.alphaPositive!, curves.alphaNegative!]) {
          for (const v of series) assert.ok(Number.isFinite(v) && v >= 0, `gamma=${gamma}: ${v}`);
          assert.equal(series[series.length - 1], 0);
        }
      }
    });

    it('gives exactly 1 as the modulating factor at gamma 0, even at p_t = 1 (no 0^0)', () => {
      assert.equal(modulatingFactor(1, 0), 1);
      assert.equal(modulatingFactor(0.3, 0), 1);
      assert.equal(modulatingFactor(1, 2), 0);
    });

    it('keeps relative precision where p_t rounds near 1', () => {
      const p = 1 - 2 ** -40;
      // -log(1 - e) = e + e^2/2 + ...; (1 - p)^2 = e^2.
      assertClose(bceOfPt(p), 2 ** -40, 'bce', 1e-12);
      assertClose(focalOfPt(p, 2), 2 ** -120, 'focal', 1e-12);
    });

    it('down-weights easy examples more as gamma grows, and never exceeds BCE', () => {
      const low = lossShape({ gamma: 0.5, alpha: null });
      const high = lossShape({ gamma: 5, alpha: null });
      low.pt.forEach((p, i) => {
        assert.ok(high.focal[i] <= low.focal[i] + 1e-15, `p_t=${p}`);
        assert.ok(low.focal[i] <= low.bce[i] + 1e-15, `p_t=${p}`);
      });
      assert.equal(low.alphaPositive, null);
      assert.equal(low.alphaNegative, null);
    });

    it('reaches the top of the chart near p_t = 0 so the BCE curve is not cut short', () => {
      assert.ok(lossShape({ gamma: 0, alpha: null }).bce[0] > LOSS_SHAPE_Y_MAX);
    });

    it('rejects a gamma or alpha outside its domain', () => {
      assert.throws(() => lossShape({ gamma: -1, alpha: null }), RangeError);
      assert.throws(() => lossShape({ gamma: Number.NaN, alpha: null }), RangeError);
      assert.throws(() => lossShape({ gamma: 2, alpha: 1.5 }), RangeError);
      assert.throws(() => bceOfPt(0), RangeError);
      assert.throws(() => bceOfPt(1.01), RangeError);
    });
  });
});
