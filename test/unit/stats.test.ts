import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  correctedResampledInterval,
  logBeta,
  meanInterval,
  percentile,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTQuantile,
} from '../../src/core/stats';

// JSON has no NaN or infinities: the fixture writes them as null and "±Infinity".
type Encoded = number | null | 'Infinity' | '-Infinity';
const decode = (values: Encoded[]): number[] =>
  values.map((v) => (v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v));

interface IntervalCase {
  name: string;
  level: number;
  n: number;
  halfWidth: number;
  ciLow: number;
  ciHigh: number;
}
interface MeanCase extends IntervalCase {
  values: Encoded[];
  mean: number;
  scipyInterval: [number, number];
}
interface CorrectedCase extends IntervalCase {
  differences: Encoded[];
  testToTrainRatio: number;
  meanDifference: number;
  standardError: number;
  degreesOfFreedom: number;
  pValue: number;
}

const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/reference/stats.json'), 'utf8')) as {
  studentT: { quantiles: { df: number; p: number; quantile: number; scipyPpf: number }[]; cdf: { df: number; t: number; cdf: number }[] };
  incompleteBeta: { a: number; b: number; x: number; value: number; logBeta: number }[];
  meanInterval: MeanCase[];
  correctedResampled: CorrectedCase[];
  percentile: { name: string; sortedValues: number[]; q: number[]; values: number[] }[];
  versions: { scipy: string; numpy: string };
};

/** |actual − expected| ≤ tolerance · |expected| (or ≤ floor when expected is 0). */
function assertRelative(actual: number, expected: number, tolerance: number, what: string, floor = 0): void {
  const error = Math.abs(actual - expected);
  assert.ok(error <= Math.max(tolerance * Math.abs(expected), floor), `${what}: got ${actual}, expected ${expected} (relative error ${error / Math.abs(expected)})`);
}

/**
 * An interval bound within tolerance · half-width of the expected one, plus the bound's own
 * rounding: far from 0 (values near 1e6) the bound's last bit is a large part of a small half-width.
 */
function assertBound(actual: number, expected: number, halfWidth: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected);
  assert.ok(error <= tolerance * halfWidth + 2 * Number.EPSILON * Math.abs(expected), `${what}: got ${actual}, expected ${expected} (${error / halfWidth} half-widths off)`);
}

function notNull<T>(value: T | null, what: string): T {
  assert.notEqual(value, null, `${what} is null`);
  return value as T;
}

describe('stats', () => {
  describe(`Student t against scipy ${fixture.versions.scipy}`, () => {
    const dfs = [...new Set(fixture.studentT.quantiles.map((c) => c.df))];

    it('the grid covers the degrees of freedom and probabilities the intervals use', () => {
      for (const df of [1, 2, 3, 4, 5, 9, 10.5, 29, 100, 1000, 10000]) assert.ok(dfs.includes(df), `df ${df}`);
      const ps = new Set(fixture.studentT.quantiles.map((c) => c.p));
      for (const p of [0.5, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.9999, 0.025]) assert.ok(ps.has(p), `p ${p}`);
    });

    for (const df of dfs) {
      it(`quantiles with df = ${df}: 2e-12 relative to the polished reference, within scipy's own t.ppf error of it`, () => {
        for (const c of fixture.studentT.quantiles.filter((q) => q.df === df)) {
          const t = studentTQuantile(c.p, df);
          if (c.quantile === 0) assert.equal(t, 0);
          else assertRelative(t, c.quantile, 2e-12, `quantile(${c.p}, ${df})`);
          // scipy 1.10's t.ppf (cdflib) is good to ~3e-9 only; 8e-17 instead of 0 at p = 0.5.
          assertRelative(t, c.scipyPpf, 3e-9, `scipy t.ppf(${c.p}, ${df})`, 1e-15);
        }
      });
    }

    for (const df of dfs) {
      it(`CDF with df = ${df}: 2e-12 relative, down to tail probabilities of 1e-300`, () => {
        for (const c of fixture.studentT.cdf.filter((q) => q.df === df)) {
          assertRelative(studentTCdf(c.t, df), c.cdf, 2e-12, `cdf(${c.t}, ${df})`, 1e-300);
        }
      });
    }

    it('the quantile inverts the CDF, and is odd: quantile(p) = −quantile(1 − p)', () => {
      for (const df of [1, 1.7, 3, 12.25, 77, 5000]) {
        for (const p of [0.51, 0.8, 0.999, 1 - 1e-10]) {
          const t = studentTQuantile(p, df);
          const lower = 1 - p; // exact for p >= ½, so the two quantiles answer the same question
          assertRelative(studentTCdf(t, df), p, 1e-14, `cdf(quantile(${p}, ${df}))`);
          assertRelative(studentTCdf(-t, df), lower, 1e-12, `cdf(−quantile(${p}, ${df}))`);
          assertRelative(studentTQuantile(lower, df), -t, 1e-14, `symmetry at ${p}, ${df}`);
        }
      }
    });

    it('matches the closed forms for df = 1 (Cauchy) and df = 2', () => {
      for (const p of [0.51, 0.6, 0.75, 0.9, 0.975, 0.9999]) {
        // tan(π(p − ½)) = 1/tan(π(1 − p)); the latter keeps its digits as p → 1.
        assertRelative(studentTQuantile(p, 1), 1 / Math.tan(Math.PI * (1 - p)), 1e-13, `Cauchy quantile ${p}`);
        assertRelative(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-13, `df 2 quantile ${p}`);
      }
      for (const t of [-30, -1, 0.2, 4]) assertRelative(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-13, `Cauchy cdf ${t}`);
    });

    it('has exact ends and rejects what it cannot compute', () => {
      assert.equal(studentTQuantile(0, 5), -Infinity);
      assert.equal(studentTQuantile(1, 5), Infinity);
      assert.equal(studentTQuantile(0.5, 5), 0);
      assert.equal(studentTCdf(0, 5), 0.5);
      assert.equal(studentTCdf(Infinity, 5), 1);
      assert.equal(studentTCdf(-Infinity, 5), 0);
      assert.ok(Number.isNaN(studentTCdf(NaN, 5)));
      for (const df of [0.5, 0, -1, NaN, Infinity]) {
        assert.throws(() => studentTQuantile(0.9, df), RangeError, `df ${df}`);
        assert.throws(() => studentTCdf(1, df), RangeError, `df ${df}`);
      }
      for (const p of [-0.1, 1.1, NaN]) assert.throws(() => studentTQuantile(p, 5), RangeError, `p ${p}`);
    });

    it('incomplete beta and log beta match scipy.special.betainc and betaln', () => {
      for (const c of fixture.incompleteBeta) {
        const { lower, upper } = regularizedIncompleteBeta(c.a, c.b, c.x);
        assertRelative(lower, c.value, 2e-12, `betainc(${c.a}, ${c.b}, ${c.x})`, 1e-300);
        assert.ok(Math.abs(lower + upper - 1) <= 2 * Number.EPSILON, `lower + upper = 1 at ${c.a}, ${c.b}, ${c.x}`);
        // scipy's betaln itself is off by ~6e-13 at (5000, 0.5); the exact value is -3.68620665278346.
        assertRelative(logBeta(c.a, c.b), c.logBeta, 1e-12, `betaln(${c.a}, ${c.b})`, 1e-12);
      }
    });
  });

  describe(`percentile against numpy ${fixture.versions.numpy} (method='linear')`, () => {
    for (const c of fixture.percentile) {
      it(`${c.name}: bit-for-bit`, () => {
        c.q.forEach((q, i) => assert.equal(percentile(c.sortedValues, q), c.values[i], `q = ${q}`));
      });
    }

    it('rejects an empty sample and q outside [0, 100]', () => {
      assert.throws(() => percentile([], 50), RangeError);
      assert.throws(() => percentile([1, 2], 100.5), RangeError);
      assert.throws(() => percentile([1, 2], -1), RangeError);
      assert.throws(() => percentile([1, 2], NaN), RangeError);
    });
  });

  describe('meanInterval', () => {
    for (const c of fixture.meanInterval) {
      it(`${c.name} (level ${c.level}) equals scipy.stats.t.interval`, () => {
        const result = meanInterval(decode(c.values), c.level);
        assert.equal(result.n, c.n);
        const mean = notNull(result.mean, 'mean');
        const low = notNull(result.ciLow, 'ciLow');
        const high = notNull(result.ciHigh, 'ciHigh');
        assertRelative(mean, c.mean, 1e-14, 'mean', 1e-300);
        assertBound(low, c.ciLow, c.halfWidth, 1e-11, 'ciLow');
        assertBound(high, c.ciHigh, c.halfWidth, 1e-11, 'ciHigh');
        // scipy's own interval carries its t.ppf error (~3e-9 of the half-width).
        assertBound(low, c.scipyInterval[0], c.halfWidth, 5e-9, 'scipy low');
        assertBound(high, c.scipyInterval[1], c.halfWidth, 5e-9, 'scipy high');
      });
    }

    it('n = 0 and n = 1 give null bounds (JSON-safe), n = 2 an interval', () => {
      assert.deepEqual(meanInterval([]), { mean: null, ciLow: null, ciHigh: null, n: 0 });
      assert.deepEqual(meanInterval([NaN, NaN]), { mean: null, ciLow: null, ciHigh: null, n: 0 });
      assert.deepEqual(meanInterval([0.7]), { mean: 0.7, ciLow: null, ciHigh: null, n: 1 });
      assert.deepEqual(meanInterval([NaN, 0.7, Infinity]), { mean: 0.7, ciLow: null, ciHigh: null, n: 1 });
      // n = 2, values 0 and 1: mean ½, s/√n = ½, t_{0.975, 1} = tan(0.475π).
      const two = meanInterval([0, 1]);
      assert.equal(two.n, 2);
      assertRelative(notNull(two.ciHigh, 'ciHigh') - 0.5, 0.5 * Math.tan(0.475 * Math.PI), 1e-13, 'n = 2 half-width');
      const json = JSON.parse(JSON.stringify(meanInterval([0.3])));
      assert.deepEqual(json, { mean: 0.3, ciLow: null, ciHigh: null, n: 1 });
    });

    it('equal values give a zero-width interval at exactly that value', () => {
      for (const value of [0.1, 0.7, -3.3, 1e6 + 0.1]) {
        assert.deepEqual(meanInterval([value, value, value, value, value]), { mean: value, ciLow: value, ciHigh: value, n: 5 });
      }
    });

    it('leaves out NaN and infinities and says how many it used', () => {
      const clean = meanInterval([0.61, 0.64, 0.58, 0.66]);
      const gappy = meanInterval([NaN, 0.61, 0.64, -Infinity, 0.58, NaN, 0.66, Infinity]);
      assert.deepEqual(gappy, clean);
      assert.equal(gappy.n, 4);
    });

    it('widens with the level and rejects a level outside (0, 1)', () => {
      const values = [0.2, 0.5, 0.4, 0.45, 0.3];
      const width = (level: number): number => {
        const r = meanInterval(values, level);
        return notNull(r.ciHigh, 'ciHigh') - notNull(r.ciLow, 'ciLow');
      };
      assert.ok(width(0.8) < width(0.95) && width(0.95) < width(0.99));
      for (const level of [0, 1, 95, -0.5, NaN]) assert.throws(() => meanInterval(values, level), RangeError, `level ${level}`);
    });
  });

  describe('correctedResampledInterval (Nadeau & Bengio)', () => {
    for (const c of fixture.correctedResampled) {
      it(`${c.name}: interval, standard error and p-value equal numpy/scipy`, () => {
        const result = correctedResampledInterval(decode(c.differences), c.testToTrainRatio, c.level);
        assert.equal(result.n, c.n);
        assert.equal(result.degreesOfFreedom, c.degreesOfFreedom);
        const mean = notNull(result.meanDifference, 'meanDifference');
        assertRelative(mean, c.meanDifference, 1e-13, 'meanDifference');
        assertRelative(notNull(result.standardError, 'standardError'), c.standardError, 1e-13, 'standardError');
        assertBound(notNull(result.ciLow, 'ciLow'), c.ciLow, c.halfWidth, 1e-11, 'ciLow');
        assertBound(notNull(result.ciHigh, 'ciHigh'), c.ciHigh, c.halfWidth, 1e-11, 'ciHigh');
        assertRelative(notNull(result.pValue, 'pValue'), c.pValue, 1e-11, 'pValue');
      });
    }

    it('the correction widens the interval by √(1 + n · ratio) over the plain t interval', () => {
      const differences = [0.01, 0.03, -0.005, 0.02, 0.012, 0.027, 0.004, 0.018, 0.009, 0.015];
      const plain = correctedResampledInterval(differences, 0);
      const corrected = correctedResampledInterval(differences, 1 / 4);
      const width = (r: typeof plain): number => notNull(r.ciHigh, 'ciHigh') - notNull(r.ciLow, 'ciLow');
      assertRelative(width(corrected) / width(plain), Math.sqrt(1 + 10 / 4), 1e-13, 'widening');
      // The plain interval is meanInterval's.
      const mean = meanInterval(differences);
      assertRelative(notNull(plain.ciLow, 'ciLow'), notNull(mean.ciLow, 'mean ciLow'), 1e-14, 'plain = meanInterval');
      assert.ok(notNull(corrected.pValue, 'p') > notNull(plain.pValue, 'p'));
    });

    it('n = 0, 1, 2', () => {
      const none = { meanDifference: null, ciLow: null, ciHigh: null, n: 0, standardError: null, degreesOfFreedom: null, pValue: null };
      assert.deepEqual(correctedResampledInterval([], 0.25), none);
      assert.deepEqual(correctedResampledInterval([NaN], 0.25), none);
      assert.deepEqual(correctedResampledInterval([0.02, NaN], 0.25), { ...none, meanDifference: 0.02, n: 1 });
      // n = 2, differences 0 and 0.2, ratio 1: s² = 0.02, se = √(1.5 · 0.02), t = 0.1 / se on 1 df.
      const two = correctedResampledInterval([0, 0.2], 1);
      const se = Math.sqrt(1.5 * 0.02);
      assert.equal(two.degreesOfFreedom, 1);
      assertRelative(notNull(two.standardError, 'se'), se, 1e-14, 'se');
      assertRelative(notNull(two.ciHigh, 'ciHigh') - 0.1, Math.tan(0.475 * Math.PI) * se, 1e-12, 'half-width');
      assertRelative(notNull(two.pValue, 'p'), 1 - (2 * Math.atan(0.1 / se)) / Math.PI, 1e-12, 'p');
    });

    it('equal differences: zero-width interval, p = 0 unless they are all 0 (p = 1)', () => {
      const equal = correctedResampledInterval([0.03, 0.03, 0.03, 0.03, 0.03], 0.25);
      assert.deepEqual(equal, { meanDifference: 0.03, ciLow: 0.03, ciHigh: 0.03, n: 5, standardError: 0, degreesOfFreedom: 4, pValue: 0 });
      const zero = correctedResampledInterval([0, 0, 0], 0.25);
      assert.deepEqual(zero, { meanDifference: 0, ciLow: 0, ciHigh: 0, n: 3, standardError: 0, degreesOfFreedom: 2, pValue: 1 });
    });

    it('leaves out NaN (a fold where the metric is undefined) and rejects bad arguments', () => {
      assert.deepEqual(correctedResampledInterval([NaN, 0.01, 0.02, NaN, 0.04], 0.25), correctedResampledInterval([0.01, 0.02, 0.04], 0.25));
      for (const ratio of [-0.1, NaN, Infinity]) assert.throws(() => correctedResampledInterval([0.1, 0.2], ratio), RangeError, `ratio ${ratio}`);
      assert.throws(() => correctedResampledInterval([0.1, 0.2], 0.25, 1), RangeError);
    });
  });
});
