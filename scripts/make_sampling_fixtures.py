#!/usr/bin/python3
"""Reference fixtures for the class-balanced weights (test/fixtures/reference/class-balanced.json).

Run with the Debian interpreter that has numpy:
    /usr/bin/python3 scripts/make_sampling_fixtures.py      (part of npm run fixtures)

Cui, Jia, Lin, Song and Belongie (2019), "Class-Balanced Loss Based on Effective Number of
Samples": the weight of class c is (1 - beta) / (1 - beta^{n_c}), normalised to sum to the number
of classes K. `weights` is that formula written out in numpy float64, for every beta of the issue
(0, 0.9, 0.99, 0.999, 0.9999) on two- and many-class counts from 1 to 10^6 rows. The script
checks it against the same formula in 60-digit decimal arithmetic (agreement to 1e-12 relative),
so the fixture is the formula, not numpy's rounding.

Deterministic: fixed inputs, sorted keys; values are written with repr precision.
"""

import json
import os
from decimal import Decimal, getcontext

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "reference", "class-balanced.json")
BETAS = [0.0, 0.9, 0.99, 0.999, 0.9999]
COUNTS = [
    [9000, 1000],
    [99000, 1000],
    [5, 1],
    [1, 1],
    [1000000, 37],
    [5000, 500, 50, 5],
    [1, 2, 3],
    [300, 300, 300],
    [1000000, 10, 1],
    [12000, 800, 800, 95, 3],
]
getcontext().prec = 60


def numpy_weights(counts, beta):
    n = np.asarray(counts, dtype=np.float64)
    raw = (1.0 - beta) / (1.0 - np.power(beta, n))
    return raw / raw.sum() * len(counts)


def decimal_weights(counts, beta):
    b = Decimal(beta)  # the float64 beta, exactly
    raw = [(1 - b) / (1 - b ** n) for n in counts]
    total = sum(raw)
    return [float(w / total * len(counts)) for w in raw]


def inverse_frequency(counts):
    raw = [1.0 / n for n in counts]
    return [w / sum(raw) * len(counts) for w in raw]


def main():
    cases = []
    for counts in COUNTS:
        for beta in BETAS:
            weights = numpy_weights(counts, beta)
            exact = decimal_weights(counts, beta)
            for a, b in zip(weights, exact):
                assert abs(a - b) <= 1e-12 * abs(b), (counts, beta, a, b)
            cases.append({"counts": counts, "beta": beta, "weights": [float(w) for w in weights]})
    fixture = {
        "numpy": np.__version__,
        "cases": cases,
        "inverseFrequency": [{"counts": c, "weights": inverse_frequency(c)} for c in COUNTS],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
