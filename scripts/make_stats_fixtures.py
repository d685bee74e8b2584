#!/usr/bin/python3
"""Reference fixtures for the TypeScript statistics module (src/core/stats/).

Run with the Debian interpreter that has scipy and numpy (python3-scipy, python3-numpy):
    /usr/bin/python3 scripts/make_stats_fixtures.py

Writes test/fixtures/reference/stats.json:

studentT.quantiles  t quantiles on a grid of df and p. `quantile` is scipy's t.ppf polished by
                    Newton steps on scipy.special.betainc, because scipy 1.10's t.ppf (cdflib's
                    stdtrit) is itself only good to ~3e-9 relative (t.ppf(0.75, 1) is
                    1.0000000000134, exactly 1 in theory); the raw t.ppf is kept as `scipyPpf`.
                    When mpmath is importable the polished values are checked against a
                    40-digit solution and the script fails if they differ by more than 1e-13.
studentT.cdf        scipy.stats.t.cdf on a grid of df and t.
incompleteBeta      scipy.special.betainc and betaln.
meanInterval        Student-t interval of the mean of the finite values (scipy.stats.sem,
                    df = n - 1), with scipy.stats.t.interval's raw result as `scipyInterval`.
                    `halfWidth` is given apart: for values far from 0 the rounding of ciLow and
                    ciHigh would hide the half-width's digits.
correctedResampled  Nadeau & Bengio's corrected resampled t-test on paired per-fold
                    differences, computed with numpy directly: se = sqrt((1/n + ratio) * s^2),
                    p = 2 * t.sf(|mean| / se, n - 1).
percentile          numpy.percentile(method='linear').

Inputs that hold NaN or infinities are written with null / "Infinity" / "-Infinity" strings,
since JSON has no such numbers. Deterministic: seeded RNG, sorted keys; values are written
with repr precision, so a float64 survives the JSON round trip exactly.
"""

import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats

try:
    import mpmath
except ImportError:  # the cross-check is optional; the fixtures do not depend on it
    mpmath = None

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "test", "fixtures", "reference", "stats.json")
SEED = 20240807

DFS = [1, 1.5, 2, 3, 4, 5, 9, 10.5, 29, 100, 1000, 10000]
PS = [0.5, 0.5000001, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.3, 0.025, 1e-4, 1e-8]
TS = [0.0, 1e-9, 0.1, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1e4]
MPMATH_TOLERANCE = 1e-12


# ---------------------------------------------------------------- Student t

def upper_halves(s, df):
    """For s >= 0: P(T > s) and P(0 < T <= s), each from betainc without cancellation."""
    tail = 0.5 * special.betainc(df / 2, 0.5, df / (df + s * s))
    central = 0.5 * special.betainc(0.5, df / 2, s * s / (df + s * s))
    return tail, central


def polished_quantile(p, df):
    """scipy's t.ppf, then Newton on whichever half (tail or centre) holds the smaller probability."""
    if p == 0.5:
        return 0.0
    tail = p if p < 0.5 else 1 - p
    s = abs(float(stats.t.ppf(p, df)))
    for _ in range(20):
        t_tail, t_central = upper_halves(s, df)
        residual = tail - t_tail if tail < 0.25 else t_central - (0.5 - tail)
        step = residual / stats.t.pdf(s, df)
        s -= step
        if abs(step) <= 1e-17 * s:
            break
    return -s if p < 0.5 else s


def mpmath_quantile(p, df):
    mpmath.mp.dps = 40
    target = mpmath.mpf(p)
    nu = mpmath.mpf(df)

    def cdf(t):
        x = nu / (nu + t * t)
        half = mpmath.betainc(nu / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
        return half if t < 0 else 1 - half

    return mpmath.findroot(lambda t: cdf(t) - target, mpmath.mpf(polished_quantile(p, df)), tol=mpmath.mpf(10) ** -35)


def make_student_t():
    quantiles = []
    worst_scipy = 0.0
    worst_mpmath = 0.0
    for df in DFS:
        for p in PS:
            q = polished_quantile(p, df)
            raw = float(stats.t.ppf(p, df))
            if q != 0:
                worst_scipy = max(worst_scipy, abs(raw - q) / abs(q))
            if mpmath is not None and q != 0:
                exact = mpmath_quantile(p, df)
                error = float(abs((mpmath.mpf(q) - exact) / exact))
                worst_mpmath = max(worst_mpmath, error)
                if error > MPMATH_TOLERANCE:
                    sys.exit(f"polished t quantile df={df} p={p}: {q!r} differs from mpmath's {exact} by {error:.2e}")
            quantiles.append({"df": df, "p": p, "quantile": q, "scipyPpf": raw})
    cdf = []
    for df in DFS:
        for t in TS:
            for signed in ([t] if t == 0 else [t, -t]):
                cdf.append({"df": df, "t": signed, "cdf": float(stats.t.cdf(signed, df))})
    print(f"t quantiles: scipy's raw t.ppf differs from the polished value by up to {worst_scipy:.1e} relative")
    if mpmath is not None:
        print(f"t quantiles: polished values agree with mpmath (40 digits) to {worst_mpmath:.1e} relative")
    else:
        print("t quantiles: mpmath not importable, cross-check skipped")
    return {"quantiles": quantiles, "cdf": cdf, "mpmathCrossCheck": mpmath is not None}


def make_incomplete_beta():
    cases = []
    for a, b in [(0.5, 0.5), (0.5, 5.0), (2.0, 3.0), (5.0, 0.5), (50.0, 0.5), (5000.0, 0.5), (0.5, 5000.0), (30.0, 40.0), (500.0, 700.0)]:
        for x in [1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 0.9999, 0.9999999]:
            cases.append({"a": a, "b": b, "x": x, "value": float(special.betainc(a, b, x)), "logBeta": float(special.betaln(a, b))})
    return cases


# ---------------------------------------------------------------- intervals

def encode(values):
    """JSON-safe list: NaN as null, infinities as strings."""
    out = []
    for v in values:
        v = float(v)
        if math.isnan(v):
            out.append(None)
        elif math.isinf(v):
            out.append("Infinity" if v > 0 else "-Infinity")
        else:
            out.append(v)
    return out


def mean_interval_case(name, values, level):
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    n = len(finite)
    mean = float(finite.mean())
    sem = float(stats.sem(finite))  # std(ddof=1) / sqrt(n)
    tq = polished_quantile((1 + level) / 2, n - 1)
    lo, hi = stats.t.interval(level, n - 1, loc=mean, scale=sem)
    return {
        "name": name,
        "values": encode(values),
        "level": level,
        "n": n,
        "mean": mean,
        "halfWidth": tq * sem,
        "ciLow": mean - tq * sem,
        "ciHigh": mean + tq * sem,
        "scipyInterval": [float(lo), float(hi)],
    }


def make_mean_intervals(rng):
    cases = []
    for n in [2, 3, 5, 10, 25, 100]:
        cases.append(mean_interval_case(f"normal n={n}", rng.normal(0.6, 0.05, n), 0.95))
    for level in [0.8, 0.9, 0.99, 0.999]:
        cases.append(mean_interval_case(f"level {level}", rng.normal(0.3, 0.1, 8), level))
    with_gaps = rng.uniform(0.5, 0.9, 12)
    with_gaps[[1, 5]] = np.nan
    with_gaps[9] = np.inf
    cases.append(mean_interval_case("NaN and inf excluded", with_gaps, 0.95))
    cases.append(mean_interval_case("large offset", 1e6 + rng.normal(0, 1e-3, 20), 0.95))
    cases.append(mean_interval_case("negative values", rng.normal(-2.0, 3.0, 7), 0.95))
    cases.append(mean_interval_case("two values", [0.25, 0.75], 0.95))
    return cases


def corrected_resampled_case(name, differences, ratio, level):
    differences = np.asarray(differences, dtype=float)
    finite = differences[np.isfinite(differences)]
    n = len(finite)
    mean = float(finite.mean())
    variance = float(finite.var(ddof=1))
    se = math.sqrt((1 / n + ratio) * variance)
    t_statistic = mean / se
    p_value = float(2 * stats.t.sf(abs(t_statistic), n - 1))
    tq = polished_quantile((1 + level) / 2, n - 1)
    if ratio == 0:
        # Without the correction this is the ordinary one-sample t-test.
        reference = stats.ttest_1samp(finite, 0.0)
        assert abs(reference.pvalue - p_value) <= 1e-12 * max(p_value, 1e-300), (reference.pvalue, p_value)
    return {
        "name": name,
        "differences": encode(differences),
        "testToTrainRatio": ratio,
        "level": level,
        "n": n,
        "meanDifference": mean,
        "standardError": se,
        "degreesOfFreedom": n - 1,
        "halfWidth": tq * se,
        "ciLow": mean - tq * se,
        "ciHigh": mean + tq * se,
        "pValue": p_value,
    }


def make_corrected_resampled(rng):
    cases = []
    for folds, repeats, loc in [(5, 1, 0.0), (5, 1, 0.03), (5, 2, 0.01), (10, 1, 0.02), (10, 10, 0.005), (3, 1, 0.05), (2, 1, 0.1), (5, 20, 0.002)]:
        n = folds * repeats
        ratio = 1 / (folds - 1)  # K-fold: n_test / n_train = (N/K) / (N - N/K)
        differences = rng.normal(loc, 0.02, n)
        cases.append(corrected_resampled_case(f"{folds} folds x {repeats} repeats, mean {loc}", differences, ratio, 0.95))
    cases.append(corrected_resampled_case("level 0.9", rng.normal(0.01, 0.02, 10), 0.25, 0.9))
    cases.append(corrected_resampled_case("level 0.99", rng.normal(0.01, 0.02, 10), 0.25, 0.99))
    cases.append(corrected_resampled_case("no correction (ratio 0) = one-sample t-test", rng.normal(0.01, 0.02, 10), 0.0, 0.95))
    cases.append(corrected_resampled_case("tiny p-value", rng.normal(0.2, 0.001, 50), 0.25, 0.95))
    with_gaps = rng.normal(-0.02, 0.03, 10)
    with_gaps[[0, 7]] = np.nan
    cases.append(corrected_resampled_case("NaN excluded", with_gaps, 0.25, 0.95))
    return cases


def make_percentiles(rng):
    qs = [0, 2.5, 5, 10, 25, 33.3, 50, 66.6, 75, 90, 95, 97.5, 99, 99.99, 100]
    cases = []
    samples = {
        "one value": np.array([0.42]),
        "two values": np.array([-1.0, 3.0]),
        "three values": np.array([0.1, 0.7, 0.2]),
        "ties": rng.integers(0, 4, 11).astype(float) / 4,
        "normal 10": rng.normal(0, 1, 10),
        "normal 2000 (bootstrap-sized)": rng.normal(0.01, 0.02, 2000),
        "uniform 1999": rng.uniform(-1, 1, 1999),
    }
    for name, values in samples.items():
        ordered = np.sort(values)
        cases.append({
            "name": name,
            "sortedValues": [float(v) for v in ordered],
            "q": qs,
            "values": [float(np.percentile(ordered, q, method="linear")) for q in qs],
        })
    # numpy interpolates from the nearer neighbour (b - (b - a)(1 - g) when g >= 1/2); on values
    # spanning orders of magnitude that differs in the last bit from a + (b - a) g.
    ordered = np.sort(rng.lognormal(0, 3, 25))
    fine_qs = [float(q) for q in np.arange(0, 100.001, 1.25)]
    values = [float(np.percentile(ordered, q, method="linear")) for q in fine_qs]
    naive_differs = 0
    for q, value in zip(fine_qs, values):
        h = (len(ordered) - 1) * (q / 100)
        i = int(math.floor(h))
        if i + 1 < len(ordered) and ordered[i] + (ordered[i + 1] - ordered[i]) * (h - i) != value:
            naive_differs += 1
    assert naive_differs > 0, "the rounding-sensitive percentile case no longer tells the two formulas apart"
    cases.append({"name": f"wide range ({naive_differs} values where one-sided interpolation differs)", "sortedValues": [float(v) for v in ordered], "q": fine_qs, "values": values})
    return cases


# ---------------------------------------------------------------- output

def write(data):
    data["generatedBy"] = "scripts/make_stats_fixtures.py"
    data["versions"] = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "mpmath": mpmath.__version__ if mpmath is not None else None,
    }

    def dump(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)

    # Compact, one case per line, so diffs stay readable.
    def block(value):
        if isinstance(value, list):
            return "[\n" + ",\n".join(dump(item) for item in value) + "\n]"
        if isinstance(value, dict) and any(isinstance(v, list) for v in value.values()):
            return "{\n" + ",\n".join(dump(k) + ":" + block(value[k]) for k in sorted(value)) + "\n}"
        return dump(value)

    text = "{\n" + ",\n".join(dump(key) + ":" + block(data[key]) for key in sorted(data)) + "\n}"
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(OUT_PATH, ROOT)} ({len(text) / 1024:.0f} KiB)")


def main():
    rng = np.random.default_rng(SEED)
    write({
        "studentT": make_student_t(),
        "incompleteBeta": make_incomplete_beta(),
        "meanInterval": make_mean_intervals(rng),
        "correctedResampled": make_corrected_resampled(rng),
        "percentile": make_percentiles(rng),
    })


if __name__ == "__main__":
    main()
