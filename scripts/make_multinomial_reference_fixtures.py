#!/usr/bin/python3
"""Reference fixtures for the K-class reference rows (test/fixtures/reference/multinomial-reference.json).

Run with the Debian interpreter that has scikit-learn and numpy (apt-get install python3-sklearn
python3-numpy):
    /usr/bin/python3 scripts/make_multinomial_reference_fixtures.py

multinomialLogisticRegression  seeded data sets of 3 to 6 classes (balanced, 80:15:5, 90:6:3:1,
                    one-hot blocks, a separable one, an all-zero column, a class-heavy one with
                    more classes than columns) with inputs rounded to 3 decimals and to float32,
                    and scikit-learn's LogisticRegression(multi_class="multinomial", C, the
                    binary reference's regularisation: L2, intercepts unpenalised). scikit-learn's
                    lbfgs stops on its ftol (relative decrease 64·eps) well before the minimiser
                    (scaled gradient ~1e-4), and its newton-cholesky has no multinomial form in
                    1.2, so its fit is polished by Newton steps on the same objective in numpy
                    until the gradient is at most 1e-9 (scaled by C·n); how far lbfgs's own
                    probabilities were from the minimiser's is recorded (sklearnLbfgsDistance):
                    coefficients (K × width), intercepts centred to sum to zero (they are defined
                    up to a common shift), and the held-out probabilities.
baseRate            the class frequencies of the training rows, as predicted for every row.

Deterministic: seeded RNG, sorted keys; float32 inputs as their shortest round-tripping decimal,
everything else with repr precision.
"""

import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(ROOT, "test", "fixtures", "reference", "multinomial-reference.json")
SEED = 20261129
GRADIENT_CHECK = 1e-9


def to_float32(x):
    return np.asarray(x, dtype=np.float64).round(3).astype(np.float32).astype(np.float64)


def float32_list(x):
    out = []
    for v in np.asarray(x, dtype=np.float32).ravel():
        value = float(repr(v))
        out.append(int(value) if value.is_integer() else value)
    return out


def labels_from_scores(rng, scores, shares):
    """Class of each row: the highest score plus Gumbel noise, then re-ranked to exact shares (class 0 most common)."""
    n, k = scores.shape
    noisy = scores + rng.gumbel(0, 1, scores.shape)
    y = np.full(n, -1)
    counts = [int(round(n * s)) for s in shares]
    counts[0] += n - sum(counts)
    # The rarest classes first take the rows where they score highest relative to the rest.
    order = sorted(range(k), key=lambda c: counts[c])
    for c in order[:-1]:
        free = np.where(y < 0)[0]
        margin = noisy[free, c] - np.delete(noisy[free], c, axis=1).max(axis=1)
        y[free[np.argsort(-margin, kind="stable")[: counts[c]]]] = c
    y[y < 0] = order[-1]
    return y


def one_hot(rng, n, levels):
    block = np.zeros((n, levels))
    block[np.arange(n), rng.integers(0, levels, n)] = 1.0
    return block


def make_datasets(rng):
    sets = []
    n, h = 150, 30
    x = rng.normal(0, 1, (n + h, 2))
    sets.append(("three-balanced", x, labels_from_scores(rng, x @ rng.normal(0, 1.5, (2, 3)), [1 / 3, 1 / 3, 1 / 3]), h, [1.0]))
    n, h = 1000, 100
    x = rng.normal(0, 1, (n + h, 4))
    sets.append(("three-80-15-5", x, labels_from_scores(rng, x @ rng.normal(0, 1.2, (4, 3)), [0.8, 0.15, 0.05]), h, [1.0, 0.1, 10.0]))
    n, h = 1200, 100
    x = np.hstack([rng.normal(0, 1, (n + h, 3)), one_hot(rng, n + h, 4)])
    sets.append(("four-90-6-3-1-one-hot", x, labels_from_scores(rng, x @ rng.normal(0, 1.0, (7, 4)), [0.9, 0.06, 0.03, 0.01]), h, [1.0]))
    n, h = 120, 30
    x = rng.normal(0, 1, (n + h, 2))
    angle = np.arctan2(x[:, 1], x[:, 0])
    y = np.digitize(angle, [-np.pi / 3, np.pi / 3])  # three wedges: separable
    sets.append(("separable-wedges", x, y, h, [1.0]))
    n, h = 400, 50
    x = np.hstack([rng.normal(0, 1, (n + h, 3)), np.zeros((n + h, 1))])
    sets.append(("zero-column", x, labels_from_scores(rng, x[:, :3] @ rng.normal(0, 1, (3, 5)), [0.5, 0.2, 0.15, 0.1, 0.05]), h, [1.0]))
    n, h = 300, 40
    x = rng.normal(0, 1, (n + h, 3))
    sets.append(("six-classes-three-columns", x, labels_from_scores(rng, x @ rng.normal(0, 1, (3, 6)), [0.4, 0.2, 0.15, 0.1, 0.1, 0.05]), h, [1.0]))
    return sets


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def gradient_and_hessian(x, y, k, c, theta):
    """Of 0.5·||W||² + C·Σ CE at theta = [W (K x width) row-major, b (K)]."""
    n, d = x.shape
    w = theta[: k * d].reshape(k, d)
    b = theta[k * d :]
    p = softmax(x @ w.T + b)
    r = p - np.eye(k)[y]
    xb = np.hstack([x, np.ones((n, 1))])  # n x (d+1)
    grad = (c * r.T @ xb)  # K x (d+1)
    grad[:, :d] += w
    # Parameters ordered class-major: (c, j) with j over the d inputs and then the intercept.
    m = k * (d + 1)
    hess = np.zeros((m, m))
    for a in range(k):
        for e in range(k):
            weight = p[:, a] * ((a == e) - p[:, e])
            block = c * (xb * weight[:, None]).T @ xb
            hess[a * (d + 1) : (a + 1) * (d + 1), e * (d + 1) : (e + 1) * (d + 1)] = block
    for a in range(k):
        for j in range(d):
            hess[a * (d + 1) + j, a * (d + 1) + j] += 1.0
    return grad, hess


def fit(x, y, k, c):
    model = LogisticRegression(C=c, multi_class="multinomial", solver="lbfgs", tol=1e-13, max_iter=200000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y)
    n, d = x.shape
    wb = np.hstack([model.coef_, model.intercept_[:, None]])  # K x (d+1)
    for _ in range(100):
        grad, hess = gradient_and_hessian(x, y, k, c, np.concatenate([wb[:, :d].ravel(), wb[:, d]]))
        scaled = np.abs(grad).max() / (c * n)
        if scaled <= GRADIENT_CHECK * 1e-2:
            break
        # The intercepts' common shift is a null direction of the Hessian: the least-squares step ignores it.
        step = np.linalg.lstsq(hess, grad.ravel(), rcond=None)[0]
        wb = wb - step.reshape(k, d + 1)
    grad, _ = gradient_and_hessian(x, y, k, c, np.concatenate([wb[:, :d].ravel(), wb[:, d]]))
    scaled = np.abs(grad).max() / (c * n)
    assert scaled <= GRADIENT_CHECK, f"gradient {scaled} after Newton"
    return model, wb[:, :d], wb[:, d], scaled


def main():
    rng = np.random.default_rng(SEED)
    cases = []
    for name, x_all, y_all, held, cs in make_datasets(rng):
        x_all = to_float32(x_all)
        n = len(y_all) - held
        x, y, x_held = x_all[:n], y_all[:n], x_all[n:]
        k = int(y_all.max()) + 1
        assert k >= 3, name
        assert set(np.unique(y)) == set(range(k)), name
        for c in cs:
            model, w, b, scaled = fit(x, y, k, c)
            b = b - b.mean()
            held_p = softmax(x_held @ w.T + b)
            cases.append({
                "name": f"{name} C={c:g}",
                "rows": n,
                "width": x.shape[1],
                "classes": k,
                "C": c,
                "inputs": float32_list(x),
                "labels": [int(v) for v in y],
                "heldOutInputs": float32_list(x_held),
                "heldOutRows": held,
                "coefficients": [float(v) for v in w.T.ravel()],  # width x K, row-major
                "intercepts": [float(v) for v in b],
                "heldOutProbabilities": [float(v) for v in held_p.ravel()],
                "baseRate": [float(np.mean(y == c_)) for c_ in range(k)],
                "gradient": scaled,
                "sklearnLbfgsDistance": float(np.abs(model.predict_proba(x_held) - held_p).max()),
            })
    out = {
        "generator": "scripts/make_multinomial_reference_fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "multinomialLogisticRegression": cases,
    }
    with open(OUT_PATH, "w") as f:
        json.dump(out, f, sort_keys=True, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT_PATH, ROOT)}: {len(cases)} fits")


if __name__ == "__main__":
    main()
