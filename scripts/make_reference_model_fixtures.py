#!/usr/bin/python3
"""Reference fixtures for the reference rows (test/fixtures/reference/reference-models.json).

Run with the Debian interpreter that has scikit-learn >= 1.2 (for solver="newton-cholesky") and
numpy (apt-get install python3-sklearn python3-numpy):
    /usr/bin/python3 scripts/make_reference_model_fixtures.py

logisticRegression  seeded data sets (balanced, 90:10, 98:2, separable, all-zero and constant
                    columns, one-hot blocks, 50 columns, 400 columns for the L-BFGS path) with
                    inputs rounded to 3 decimals and to float32, and scikit-learn's LogisticRegression(C, tol=1e-10,
                    max_iter=10000) coefficients, intercept and held-out probabilities. Every fit
                    comes from solver="newton-cholesky" (same objective, converged to rounding,
                    gradient checked); the default lbfgs's distance from it is recorded.
platt               LogisticRegression(penalty=None, solver="newton-cholesky") on the one feature z
                    (Platt scaling; the default lbfgs is checked to agree to 1e-4), and
                    the smoothed-target fallback for separable, one-class and constant logits,
                    fitted by scikit-learn on rows split into a positive and a negative copy
                    weighted by the smoothed target.

Deterministic: seeded RNG, sorted keys. Inputs are written as the shortest decimal that gives
the same float32; everything else with repr precision, so a float64 survives the JSON round trip.
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "test", "fixtures", "reference", "reference-models.json")
SEED = 20240807
TOL = 1e-10
MAX_ITER = 10000
# Largest gradient entry of the objective divided by C·n (scikit-learn's lbfgs tolerance scale).
GRADIENT_CHECK = 1e-9


def no_penalty():
    """penalty=None since scikit-learn 1.2; 'none' before."""
    major, minor = (int(part) for part in sklearn.__version__.split(".")[:2])
    return None if (major, minor) >= (1, 2) else "none"


def to_float32(x):
    """Inputs as Focal Lab holds them: float32, kept as float64 values for scikit-learn."""
    return np.asarray(x, dtype=np.float64).round(3).astype(np.float32).astype(np.float64)


def float32_list(x):
    """repr of a float32 is its shortest round-tripping decimal: parsed and stored in a
    Float32Array it gives back exactly this value. Whole numbers (one-hot 0/1) as integers."""
    out = []
    for v in np.asarray(x, dtype=np.float32).ravel():
        value = float(repr(v))
        out.append(int(value) if value.is_integer() else value)
    return out


def sigmoid(z):
    return 0.5 * (1 + np.tanh(0.5 * z))


# ---------------------------------------------------------------- data sets


def labels_at_prevalence(rng, score, prevalence):
    """Exactly round(n·prevalence) positives: the highest scores after logistic noise."""
    noisy = score + rng.logistic(0, 1, len(score))
    positives = int(round(len(score) * prevalence))
    y = np.zeros(len(score), dtype=int)
    y[np.argsort(-noisy, kind="stable")[:positives]] = 1
    return y


def one_hot(rng, n, levels, weights=None):
    codes = rng.choice(levels, size=n, p=weights)
    block = np.zeros((n, levels))
    block[np.arange(n), codes] = 1.0
    return block


def standardised(x):
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1
    return (x - mean) / std


def make_datasets(rng):
    """(name, X, y, held-out rows, Cs): X includes the held-out rows at the end."""
    sets = []

    n, h = 80, 40
    x = rng.normal(0, 1, (n + h, 3))
    sets.append(("small-balanced", x, labels_at_prevalence(rng, x @ [1.0, -0.5, 0.2], 0.5), h, [1.0]))

    n, h = 1000, 100
    x = np.hstack([rng.normal(0, 1, (n + h, 5)), standardised(one_hot(rng, n + h, 3, [0.6, 0.3, 0.1]))])
    sets.append(("medium-90-10", x, labels_at_prevalence(rng, x @ [1.2, -0.8, 0.5, 0.0, 0.3, 0.4, -0.2, 0.9], 0.1), h, [1.0, 0.1, 10.0]))

    n, h = 2000, 100
    x = rng.normal(0, 1, (n + h, 5))
    sets.append(("imbalanced-98-2", x, labels_at_prevalence(rng, 1.5 * x @ [1.0, 0.7, -0.6, 0.2, 0.0], 0.02), h, [1.0]))

    # Linearly separable: without the penalty the coefficients would run off to infinity.
    n, h = 120, 40
    x = rng.normal(0, 1, (n + h, 2))
    y = (x @ [2.0, -1.0] + 0.3 > 0).astype(int)
    sets.append(("separable", x, y, h, [1.0]))

    # A one-hot column with no 1 in the training rows (it appears in held-out rows), an
    # all-zero column, and a constant one that duplicates the intercept.
    n, h = 400, 60
    x = np.hstack([rng.normal(0, 1, (n + h, 3)), np.zeros((n + h, 2)), np.full((n + h, 1), 2.5)])
    x[n::3, 3] = 1.0
    sets.append(("zero-and-constant-columns", x, labels_at_prevalence(rng, x[:, :3] @ [0.8, -1.0, 0.4], 0.2), h, [1.0]))

    # Two categorical variables one-hot (0/1, not standardised), plus numbers.
    n, h = 600, 60
    x = np.hstack([rng.normal(0, 1, (n + h, 2)), one_hot(rng, n + h, 4), one_hot(rng, n + h, 6)])
    score = x @ [0.9, -0.4, 0.0, 0.5, -0.5, 1.0, 0.2, 0.2, -0.7, 0.0, 0.8, -0.3]
    sets.append(("one-hot", x, labels_at_prevalence(rng, score, 0.15), h, [1.0]))

    n, h = 300, 40
    x = rng.normal(0, 1, (n + h, 50))
    beta = rng.normal(0, 0.4, 50)
    sets.append(("width-50", x, labels_at_prevalence(rng, x @ beta, 0.1), h, [1.0]))

    # Wider than Focal Lab's Newton limit (300), more columns than rows: the L-BFGS path.
    n, h = 150, 30
    dense = rng.normal(0, 1, (n + h, 60))
    x = np.hstack([dense] + [one_hot(rng, n + h, 85) for _ in range(4)])
    beta = np.concatenate([rng.normal(0, 0.3, 60), rng.normal(0, 0.5, 340)])
    sets.append(("wide-400", x, labels_at_prevalence(rng, x @ beta, 0.2), h, [1.0]))
    return sets


def objective_gradient(x, y, c, coef, intercept):
    """Gradient of 0.5·||w||² + C·Σ logloss, divided by C·n."""
    residual = sigmoid(x @ coef + intercept) - y
    gradient = np.concatenate([c * x.T @ residual + coef, [c * residual.sum()]])
    return float(np.abs(gradient).max() / (c * len(y)))


def fit_logistic(x, y, c):
    """The minimiser from solver="newton-cholesky", which converges to rounding (its gradient is
    checked). The default solver, lbfgs, is recorded beside it but is not the reference: it also
    stops when f changes by less than 64·eps relative (scipy's ftol, set by scikit-learn), whatever
    tol says, which leaves it up to ~1e-3 away along directions the penalty alone holds (a
    standardised one-hot block is collinear with the intercept)."""
    fits = {}
    for solver in ("newton-cholesky", "lbfgs"):
        model = LogisticRegression(C=c, tol=TOL, max_iter=MAX_ITER, solver=solver).fit(x, y)
        assert model.n_iter_[0] < MAX_ITER, f"{solver} did not converge"
        fits[solver] = model
    reference, default = fits["newton-cholesky"], fits["lbfgs"]
    a = np.concatenate([reference.coef_[0], reference.intercept_])
    b = np.concatenate([default.coef_[0], default.intercept_])
    disagreement = float(np.abs(a - b).max())
    gradient = objective_gradient(x, y, c, reference.coef_[0], reference.intercept_[0])
    print(f"  C={c:g} rows={len(y)} width={x.shape[1]}: newton-cholesky {reference.n_iter_[0]} iterations, "
          f"lbfgs {default.n_iter_[0]}, differ by {disagreement:.1e}; scaled gradient {gradient:.1e}")
    assert gradient <= GRADIENT_CHECK, f"gradient {gradient} at scikit-learn's solution"
    return reference, disagreement, gradient


def logistic_cases(rng):
    cases = []
    for name, x_all, y_all, held_out, cs in make_datasets(rng):
        x_all = to_float32(x_all)
        n = len(y_all) - held_out
        x, y = x_all[:n], y_all[:n]
        print(name)
        fits = []
        for c in cs:
            model, disagreement, gradient = fit_logistic(x, y, c)
            fits.append({
                "C": c,
                "coefficients": model.coef_[0].tolist(),
                "intercept": float(model.intercept_[0]),
                "heldOutProbabilities": model.predict_proba(x_all[n:])[:, 1].tolist(),
                "sklearnSolver": "newton-cholesky",
                "sklearnIterations": int(model.n_iter_[0]),
                "lbfgsDisagreement": disagreement,
                "scaledGradient": gradient,
            })
        cases.append({
            "name": name,
            "rows": n,
            "width": x.shape[1],
            "inputs": float32_list(x),
            "labels": y.tolist(),
            "heldOut": {"rows": held_out, "inputs": float32_list(x_all[n:])},
            "fits": fits,
        })
    return cases


# ---------------------------------------------------------------- Platt scaling


def platt_fit(z, y, sample_weight=None):
    """newton-cholesky for the reason given at fit_logistic; lbfgs must agree to 1e-4."""
    x = z.reshape(-1, 1)
    model = LogisticRegression(penalty=no_penalty(), tol=TOL, max_iter=MAX_ITER, solver="newton-cholesky").fit(x, y, sample_weight=sample_weight)
    default = LogisticRegression(penalty=no_penalty(), tol=TOL, max_iter=MAX_ITER).fit(x, y, sample_weight=sample_weight)
    slope, intercept = float(model.coef_[0][0]), float(model.intercept_[0])
    for fitted in (model, default):
        assert fitted.n_iter_[0] < MAX_ITER
    assert abs(default.coef_[0][0] - slope) <= 1e-4 * max(1, abs(slope)) and abs(default.intercept_[0] - intercept) <= 1e-4 * max(1, abs(intercept))
    weights = np.ones(len(y)) if sample_weight is None else sample_weight
    residual = weights * (sigmoid(slope * z + intercept) - y)
    gradient = max(abs(residual @ z), abs(residual.sum())) / weights.sum()
    assert gradient <= GRADIENT_CHECK, f"Platt gradient {gradient}"
    return slope, intercept


def smoothed_fit(z, y):
    """Platt (1999) targets, fitted by scikit-learn: each row once as a positive weighted by its
    target t and once as a negative weighted by 1 - t, which is the same cross-entropy."""
    positives = int(y.sum())
    negatives = len(y) - positives
    t = np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    zz = np.concatenate([z, z])
    yy = np.concatenate([np.ones(len(z), dtype=int), np.zeros(len(z), dtype=int)])
    return platt_fit(zz, yy, np.concatenate([t, 1 - t]))


def platt_case(name, z, y, held_out_z, method):
    z = np.asarray(z, dtype=np.float64).round(4)  # short to write; any logits will do
    y = np.asarray(y, dtype=int)
    if method == "maximum-likelihood":
        slope, intercept = platt_fit(z, y)
    elif method == "smoothed-targets":
        slope, intercept = smoothed_fit(z, y)
    else:
        # Constant logits: z duplicates the intercept, so scikit-learn's split between slope and
        # intercept is arbitrary; its (constant) prediction is not. Record slope 0 and its log-odds.
        model = LogisticRegression(penalty=no_penalty(), tol=TOL, max_iter=MAX_ITER).fit(z.reshape(-1, 1), y)
        p = model.predict_proba(z[:1].reshape(-1, 1))[0, 1]
        slope, intercept = 0.0, float(np.log(p / (1 - p)))
    held_out_z = np.asarray(held_out_z, dtype=np.float64).round(4)
    case = {
        "name": name,
        "method": method,
        "logits": z.tolist(),
        "labels": y.tolist(),
        "slope": slope,
        "intercept": intercept,
        "heldOutLogits": held_out_z.tolist(),
    }
    case["heldOutProbabilities"] = sigmoid(slope * held_out_z + intercept).tolist()
    return case


def make_platt(rng):
    cases = []

    def overconfident(n, prevalence, spread, slope=0.4, shift=-0.5):
        """Logits of an overconfident model: the true log-odds are slope·z + shift."""
        z = rng.normal(0, spread, n)
        z += np.log(prevalence / (1 - prevalence))
        y = (rng.random(n) < sigmoid(slope * z + shift)).astype(int)
        y[0], y[1] = 1, 0  # both classes present
        return z, y

    for n, prevalence, spread, slope, shift in [
        (40, 0.3, 2.0, 0.5, 0.0),
        (200, 0.1, 3.0, 0.4, -0.5),
        (2000, 0.1, 2.5, 0.6, 0.3),
        (3000, 0.02, 3.0, 0.8, -0.2),
        (500, 0.2, 30.0, 0.05, 0.1),  # logits in the tens: a scale-sensitive fit
        (500, 0.3, 0.01, 100.0, -1.0),  # logits squeezed near 0: a slope of about 100
        (300, 0.5, 1.0, -0.8, 0.0),  # an inverted ranking: negative slope
    ]:
        z, y = overconfident(n, prevalence, spread, slope, shift)
        held = rng.normal(np.log(prevalence / (1 - prevalence)), spread, 20)
        cases.append(platt_case(f"ml-n{n}-prev{prevalence}-spread{spread:g}", z, y, held, "maximum-likelihood"))

    held = np.linspace(-6, 6, 13)
    z = rng.normal(0, 2, 60)
    cases.append(platt_case("separable", z, (z > 0.5).astype(int), held, "smoothed-targets"))
    cases.append(platt_case("separable-inverted", z, (z < -0.2).astype(int), held, "smoothed-targets"))
    z = np.sort(rng.normal(0, 1, 30))
    y = np.r_[np.zeros(15, dtype=int), np.ones(15, dtype=int)]
    z[15] = z[14]  # a tie on the boundary: quasi-complete separation, still no MLE
    cases.append(platt_case("quasi-separable-tie", z, y, held, "smoothed-targets"))
    cases.append(platt_case("one-class-negative", rng.normal(-2, 1, 50), np.zeros(50, dtype=int), held, "smoothed-targets"))
    cases.append(platt_case("one-class-positive", rng.normal(1, 1, 25), np.ones(25, dtype=int), held, "smoothed-targets"))
    cases.append(platt_case("constant-logits", np.full(40, 0.7), (np.arange(40) < 10).astype(int), held, "constant-logits"))
    return cases


# ---------------------------------------------------------------- output


def write(data):
    data["generatedBy"] = "scripts/make_reference_model_fixtures.py"
    data["versions"] = {"python": sys.version.split()[0], "numpy": np.__version__, "sklearn": sklearn.__version__}

    def dump(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)

    # Compact, one case per line, so diffs stay readable.
    parts = []
    for key in sorted(data):
        if isinstance(data[key], list):
            parts.append(dump(key) + ":[\n" + ",\n".join(dump(case) for case in data[key]) + "\n]")
        else:
            parts.append(dump(key) + ":" + dump(data[key]))
    text = "{\n" + ",\n".join(parts) + "\n}"
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(OUT_PATH, ROOT)} ({len(text) / 1024:.0f} KiB, "
          f"{len(data['logisticRegression'])} logistic regression and {len(data['platt'])} Platt cases)")


def main():
    rng = np.random.default_rng(SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning must not pass silently
        logistic = logistic_cases(rng)
        platt = make_platt(rng)
    write({
        "description": (
            "scikit-learn reference models. logisticRegression: LogisticRegression(C, tol=1e-10, max_iter=10000) "
            "(solver newton-cholesky, L2, intercept not penalised) minimising 0.5*||w||^2 + C*sum(logloss); inputs row-major float32 "
            "(rows x width), probabilities of class 1 on the held-out rows. platt: slope and intercept with "
            "calibrated p = sigmoid(slope*z + intercept); maximum-likelihood = LogisticRegression(penalty=None) on z; "
            "smoothed-targets = the same with Platt (1999) targets (N+ + 1)/(N+ + 2) and 1/(N- + 2); "
            "constant-logits = slope 0, intercept the log-odds of LogisticRegression(penalty=None)'s constant prediction (the prevalence)."
        ),
        "tolerance": TOL,
        "logisticRegression": logistic,
        "platt": platt,
    })


if __name__ == "__main__":
    main()
