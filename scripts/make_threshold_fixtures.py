#!/usr/bin/python3
"""Reference fixtures for the threshold explorer's operating points (src/core/metrics/operatingPoints.ts).

Run with the Debian interpreter that has scikit-learn and numpy:
    /usr/bin/python3 scripts/make_threshold_fixtures.py      (part of npm run fixtures)

Writes test/fixtures/reference/operating-points.json. Per case: labels, probabilities and

distinct      the counts at every distinct score, from scikit-learn's
              roc_curve(drop_intermediate=False): fps = fpr * N, tps = tpr * P (its first point,
              threshold inf, dropped), re-ordered by increasing threshold.
at            confusion_matrix(y, p >= t) at 0.5 and 0.3 (thresholds that are not scores).
recall        for R in RECALLS: the highest distinct threshold with recall >= R (numpy, brute force).
cost          for k in COSTS: the distinct threshold of the lowest k * FN + FP (higher on a tie).
bestF1        the distinct threshold of the highest F1 (precision_recall_fscore_support, ties compared
              exactly as fractions; the higher threshold on a tie).

Deterministic: seeded RNG, sorted keys, repr precision.
"""

import json
import os
import sys
import warnings
from fractions import Fraction

import numpy as np
import sklearn
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support, roc_curve

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "test", "fixtures", "reference", "operating-points.json")
SEED = 20261129
RECALLS = [0.5, 0.8, 0.95, 1.0]
COSTS = [1.0, 5.0, 20.0]


def counts(y, p, t):
    (tn, fp), (fn, tp) = confusion_matrix(y, (p >= t).astype(int), labels=[0, 1])
    return {"threshold": t, "tp": int(tp), "fp": int(fp), "tn": int(tn), "fn": int(fn)}


def case(name, y, p):
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    positives = int(y.sum())
    negatives = len(y) - positives
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # one-class cases: roc_curve warns and returns nan rates
        fpr, tpr, thresholds = roc_curve(y, p, drop_intermediate=False)
    fps = np.rint(fpr * negatives).astype(int) if negatives else np.zeros(len(thresholds), dtype=int)
    tps = np.rint(tpr * positives).astype(int) if positives else np.zeros(len(thresholds), dtype=int)
    # roc_curve starts at (0, 0) with threshold inf (max + 1 in older versions): not a score.
    order = slice(None, 0, -1)
    distinct = {"thresholds": thresholds[order].tolist(), "tp": tps[order].tolist(), "fp": fps[order].tolist()}
    scores = sorted(set(p.tolist()))
    assert distinct["thresholds"] == scores, name
    rows = [counts(y, p, t) for t in scores]
    recall = {}
    for r in RECALLS:
        ok = [c["threshold"] for c in rows if positives and c["tp"] / positives >= r]
        recall[repr(r)] = max(ok) if ok else None
    cost = {}
    for k in COSTS:
        best = min(rows, key=lambda c: (k * c["fn"] + c["fp"], -c["threshold"]))
        cost[repr(k)] = best["threshold"]
    f1s = []
    for t, c in zip(scores, rows):
        _, _, f1, _ = precision_recall_fscore_support(y, (p >= t).astype(int), labels=[0, 1], zero_division=0)
        # Ties decided exactly (2TP / (2TP + FP + FN) as a fraction), so float rounding of equal F1s
        # does not pick the threshold; the check against sklearn's own F1 keeps the definition honest.
        exact = Fraction(2 * c["tp"], 2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] + c["fp"] + c["fn"] else Fraction(0)
        assert abs(float(exact) - f1[1]) < 1e-12, (name, t)
        f1s.append((exact, t))
    best_f1 = max(f1s, key=lambda x: (x[0], x[1]))[1]
    return {
        "name": name,
        "labels": y.tolist(),
        "probabilities": p.tolist(),
        "positives": positives,
        "negatives": negatives,
        "distinct": distinct,
        "at": [counts(y, p, 0.5), counts(y, p, 0.3)],
        "recall": recall,
        "cost": cost,
        "bestF1": best_f1,
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    def scores_for(y, separation, decimals):
        logits = rng.normal(0, 1, len(y)) + separation * (2 * y - 1)
        p = 1 / (1 + np.exp(-logits))
        return p.round(decimals) if decimals is not None else p

    for i, (n, rate, separation, decimals) in enumerate([(12, 0.3, 1.0, None), (60, 0.1, 1.5, 2), (200, 0.1, 1.0, 3), (400, 0.05, 2.0, None), (3000, 0.1, 1.0, 7), (3000, 0.02, 1.5, None)]):
        y = (rng.random(n) < rate).astype(int)
        y[0], y[-1] = 1, 0
        cases.append(case(f"random-{i}-n{n}-rate{rate}-round{decimals}", y, scores_for(y, separation, decimals)))
    y = (rng.random(300) < 0.2).astype(int)
    y[:2] = 1
    cases.append(case("coarse-ties", y, rng.integers(0, 5, 300) / 4))
    cases.append(case("constant-0.5", y, np.full(300, 0.5)))
    cases.append(case("one-class-negative", np.zeros(30, dtype=int), rng.random(30).round(2)))
    data = {
        "description": "Operating points: counts at every distinct score (predict positive when p >= threshold), from scikit-learn roc_curve(drop_intermediate=False); presets by brute force over the distinct scores.",
        "generatedBy": "scripts/make_threshold_fixtures.py",
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "sklearn": sklearn.__version__},
        "cases": cases,
    }
    dump = lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"), allow_nan=False)
    parts = []
    for key in sorted(data):
        if key == "cases":
            parts.append('"cases":[\n' + ",\n".join(dump(c) for c in cases) + "\n]")
        else:
            parts.append(dump(key) + ":" + dump(data[key]))
    text = "{\n" + ",\n".join(parts) + "\n}\n"
    with open(OUT, "w") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUT, ROOT)} ({len(text) / 1024:.0f} KiB, {len(cases)} cases)")


if __name__ == "__main__":
    main()
