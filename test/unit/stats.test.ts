import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { averagePrecisionScore, rocAucScore } from '../../src/core/metrics';
import { gaussian, seededRandom } from '../../src/core/random';
import {
  averagePrecisionResampleMetric,
  correctedResampledInterval,
  logBeta,
  meanInterval,
  pairedBootstrapInterval,
  percentile,
  regularizedIncompleteBeta,
  rocAucResampleMetric,
  studentTCdf,
  studentTQuantile,
  type Metric,
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

  describe('pairedBootstrapInterval', () => {
    /** A seeded test set: 10% positives, the baseline's logit separates the classes by `separation`. */
    function simulated(n: number, seed: number, candidateGain: number) {
      const random = seededRandom(seed);
      const labels = new Uint8Array(n);
      const baseline = new Float64Array(n);
      const candidate = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        labels[i] = random() < 0.1 ? 1 : 0;
        const signal = labels[i] === 1 ? 1 : -1;
        const shared = gaussian(random);
        baseline[i] = 1 / (1 + Math.exp(-(shared + 0.8 * signal + 0.8 * gaussian(random))));
        candidate[i] = 1 / (1 + Math.exp(-(shared + (0.8 + candidateGain) * signal + 0.8 * gaussian(random))));
      }
      return { labels, baseline, candidate };
    }

    const data = simulated(2000, 11, 0.6);

    it('the same seed gives the identical result; another seed a different but close one', () => {
      const options = { ...data, metric: averagePrecisionScore, resamples: 500 };
      const first = pairedBootstrapInterval({ ...options, seed: 1 });
      assert.deepEqual(pairedBootstrapInterval({ ...options, seed: 1 }), first);
      const other = pairedBootstrapInterval({ ...options, seed: 2 });
      assert.notEqual(other.ciLow, first.ciLow);
      assert.equal(other.meanDifference, first.meanDifference);
      const width = notNull(first.ciHigh, 'ciHigh') - notNull(first.ciLow, 'ciLow');
      assert.ok(width > 0);
      assert.ok(Math.abs(notNull(other.ciLow, 'ciLow') - notNull(first.ciLow, 'ciLow')) < 0.25 * width, 'lower bounds far apart');
      assert.ok(Math.abs(notNull(other.ciHigh, 'ciHigh') - notNull(first.ciHigh, 'ciHigh')) < 0.25 * width, 'upper bounds far apart');
    });

    it('a candidate equal to the baseline: difference 0, an interval containing 0', () => {
      for (const candidate of [data.baseline, Float64Array.from(data.baseline)]) {
        for (const metric of [averagePrecisionScore, averagePrecisionResampleMetric]) {
          const result = pairedBootstrapInterval({ labels: data.labels, baseline: data.baseline, candidate, metric, seed: 3, resamples: 300 });
          assert.equal(result.meanDifference, 0);
          assert.ok(notNull(result.ciLow, 'ciLow') <= 0 && notNull(result.ciHigh, 'ciHigh') >= 0);
          assert.equal(result.validResamples, 300);
        }
      }
    });

    it('a clearly better candidate gets an interval above 0, a worse one below', () => {
      const better = pairedBootstrapInterval({ ...data, metric: averagePrecisionResampleMetric, seed: 4 });
      assert.ok(notNull(better.meanDifference, 'meanDifference') > 0.05, `observed ${better.meanDifference}`);
      assert.ok(notNull(better.ciLow, 'ciLow') > 0, `ciLow ${better.ciLow}`);
      assert.ok(notNull(better.ciLow, 'ciLow') < notNull(better.meanDifference, 'd') && notNull(better.meanDifference, 'd') < notNull(better.ciHigh, 'ciHigh'));
      const worse = pairedBootstrapInterval({ labels: data.labels, baseline: data.candidate, candidate: data.baseline, metric: rocAucScore, seed: 4 });
      assert.ok(notNull(worse.ciHigh, 'ciHigh') < 0, `ciHigh ${worse.ciHigh}`);
    });

    it('pairing: the interval is narrower than bootstrapping the two models independently would give', () => {
      // The candidate is the baseline nudged towards the right class: their resampled metrics
      // move together, so the paired difference varies far less than either metric. One
      // model's own interval (the baseline's metric replaced by 0) bounds the unpaired spread
      // from below; drawing rows independently per model would give at least that width.
      const random = seededRandom(16);
      const candidate = data.baseline.map((p, i) => {
        const logit = Math.log(p / (1 - p)) + 0.3 * (data.labels[i] === 1 ? 1 : -1) + 0.2 * gaussian(random);
        return 1 / (1 + Math.exp(-logit));
      });
      const nudged = { labels: data.labels, baseline: data.baseline, candidate };
      const paired = pairedBootstrapInterval({ ...nudged, metric: averagePrecisionResampleMetric, seed: 5, resamples: 500 });
      let calls = 0;
      // Calls alternate candidate, baseline (see the percentile test): the baseline scores 0.
      const candidateOnly: Metric = (labels, p) => (calls++ % 2 === 1 ? 0 : averagePrecisionScore(labels, p));
      const alone = pairedBootstrapInterval({ ...nudged, metric: candidateOnly, seed: 5, resamples: 500 });
      const width = (r: typeof paired): number => notNull(r.ciHigh, 'ciHigh') - notNull(r.ciLow, 'ciLow');
      assert.ok(width(paired) < 0.5 * width(alone), `paired ${width(paired)}, one model alone ${width(alone)}`);
    });

    it('the bounds are numpy-linear percentiles of the resampled differences, and meanDifference the full-set difference', () => {
      const values: number[] = [];
      const recording: Metric = (labels, p) => {
        const value = averagePrecisionScore(labels, p);
        values.push(value);
        return value;
      };
      const result = pairedBootstrapInterval({ ...data, metric: recording, seed: 6, resamples: 401, level: 0.9 });
      // Calls: candidate then baseline on the full set, then the same per resample.
      assert.equal(values.length, 2 + 2 * 401);
      assert.equal(result.meanDifference, values[0] - values[1]);
      const differences: number[] = [];
      for (let i = 2; i < values.length; i += 2) differences.push(values[i] - values[i + 1]);
      differences.sort((a, b) => a - b);
      // (n − 1) · q = 400 · 0.05 = 20 and 400 · 0.95 = 380: whole order statistics.
      assert.equal(result.ciLow, differences[20]);
      assert.equal(result.ciHigh, differences[380]);
      assert.equal(result.ciLow, percentile(differences, 5));
      const at95 = pairedBootstrapInterval({ ...data, metric: averagePrecisionScore, seed: 6, resamples: 401 });
      assert.equal(at95.ciLow, percentile(differences, 2.5)); // level 0.95, same resamples: 400 · 0.025 = 10
      assert.equal(at95.ciLow, differences[10]);
    });

    it('skips and counts resamples where the metric is not finite (no positive drawn)', () => {
      // One positive in 12 rows: a resample misses it with probability (11/12)^12 ≈ 0.35.
      const labels = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0];
      const baseline = [0.1, 0.2, 0.3, 0.35, 0.4, 0.15, 0.25, 0.05, 0.45, 0.5, 0.12, 0.22];
      const candidate = [0.1, 0.2, 0.3, 0.9, 0.4, 0.15, 0.25, 0.05, 0.45, 0.5, 0.12, 0.22];
      let finite = 0;
      const counting: Metric = (y, p) => {
        const value = averagePrecisionScore(y, p);
        if (Number.isFinite(value)) finite++;
        return value;
      };
      const result = pairedBootstrapInterval({ labels, baseline, candidate, metric: counting, seed: 8, resamples: 1000 });
      assert.equal(result.resamples, 1000);
      assert.equal(result.validResamples, finite / 2 - 1); // both models are finite or NaN together; minus the full set
      assert.ok(result.validResamples > 550 && result.validResamples < 750, `${result.validResamples} valid`);
      assert.ok(notNull(result.ciLow, 'ciLow') >= 0);
      const counted = pairedBootstrapInterval({ labels, baseline, candidate, metric: averagePrecisionResampleMetric, seed: 8, resamples: 1000 });
      assert.deepEqual(counted, result);
    });

    it('no positive at all: null difference and interval, no valid resample', () => {
      const result = pairedBootstrapInterval({ labels: [0, 0, 0], baseline: [0.1, 0.2, 0.3], candidate: [0.3, 0.2, 0.1], metric: rocAucScore, seed: 1, resamples: 50 });
      assert.deepEqual(result, { meanDifference: null, ciLow: null, ciHigh: null, resamples: 50, validResamples: 0 });
      assert.deepEqual(JSON.parse(JSON.stringify(result)), result);
    });

    it('a ResampleMetric gives the same interval as its plain metric on copied rows, ties included', () => {
      const tied = simulated(1500, 12, 0.3);
      for (const p of [tied.baseline, tied.candidate]) for (let i = 0; i < p.length; i++) p[i] = Math.round(p[i] * 50) / 50;
      const pairs: [Metric, typeof averagePrecisionResampleMetric][] = [
        [averagePrecisionScore, averagePrecisionResampleMetric],
        [rocAucScore, rocAucResampleMetric],
      ];
      for (const [plain, counted] of pairs) {
        const copied = pairedBootstrapInterval({ ...tied, metric: plain, seed: 9, resamples: 300 });
        assert.deepEqual(pairedBootstrapInterval({ ...tied, metric: counted, seed: 9, resamples: 300 }), copied);
      }
    });

    it('a ResampleMetric evaluated on counts equals the plain metric on the expanded rows', () => {
      const random = seededRandom(13);
      const labels = [1, 0, 0, 1, 0, 0, 0, 1, 0, 0];
      const scores = [0.9, 0.8, 0.8, 0.5, 0.5, 0.3, -0, 0, 0.7, 0.1];
      const evaluate = averagePrecisionResampleMetric.prepare(labels, scores);
      const evaluateAuc = rocAucResampleMetric.prepare(labels, scores);
      for (let trial = 0; trial < 200; trial++) {
        const counts = labels.map(() => Math.floor(random() * 3));
        const y: number[] = [];
        const p: number[] = [];
        counts.forEach((count, i) => {
          for (let k = 0; k < count; k++) {
            y.push(labels[i]);
            p.push(scores[i]);
          }
        });
        const expected = y.length === 0 ? NaN : averagePrecisionScore(y, p);
        const expectedAuc = y.length === 0 ? NaN : rocAucScore(y, p);
        assert.ok(Object.is(evaluate(counts), expected), `AP counts ${counts}: ${evaluate(counts)} vs ${expected}`);
        assert.ok(Object.is(evaluateAuc(counts), expectedAuc), `AUC counts ${counts}: ${evaluateAuc(counts)} vs ${expectedAuc}`);
      }
      assert.throws(() => evaluate([1, 2]), RangeError);
    });

    it('2000 resamples of 20,000 rows with average precision take a few seconds of CPU at most', () => {
      const big = simulated(20_000, 14, 0.2);
      const started = process.cpuUsage();
      const result = pairedBootstrapInterval({ ...big, metric: averagePrecisionResampleMetric, seed: 15 });
      const cpuSeconds = process.cpuUsage(started).user / 1e6;
      assert.equal(result.validResamples, 2000);
      assert.ok(cpuSeconds < 8, `${cpuSeconds.toFixed(2)} s of CPU`);
    });

    it('rejects mismatched lengths, no rows, a bad number of resamples or level', () => {
      const base = { labels: [0, 1], baseline: [0.2, 0.8], candidate: [0.3, 0.7], metric: rocAucScore, seed: 1 };
      assert.throws(() => pairedBootstrapInterval({ ...base, candidate: [0.3] }), RangeError);
      assert.throws(() => pairedBootstrapInterval({ ...base, labels: [], baseline: [], candidate: [] }), RangeError);
      for (const resamples of [0, 1.5, -3, NaN]) assert.throws(() => pairedBootstrapInterval({ ...base, resamples }), RangeError, `resamples ${resamples}`);
      assert.throws(() => pairedBootstrapInterval({ ...base, level: 1.5 }), RangeError);
    });
  });
});
