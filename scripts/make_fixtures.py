#!/usr/bin/python3
"""Reference fixtures for the TypeScript losses and metrics (test/fixtures/reference/).

Run with the Debian interpreter that has torch, scikit-learn and numpy:
    /usr/bin/python3 scripts/make_fixtures.py      (npm run fixtures)

losses.json  loss and d loss / d logit from the stable closed form in torch float64,
             cross-checked against torch autograd of the naive formula wherever that is
             finite, and against torchvision.ops.sigmoid_focal_loss when importable.
metrics.json scikit-learn metrics on seeded random cases (ties, constant, perfect and
             inverted rankings, one-class cases).

Deterministic: seeded RNG, sorted keys. Values are written with repr precision, so a
float64 survives the JSON round trip exactly.
"""

import json
import os
import sys
import warnings
from fractions import Fraction

import numpy as np
import sklearn
import torch
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    confusion_matrix,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "reference")
SEED = 20240611
torch.set_default_dtype(torch.float64)

# ---------------------------------------------------------------- losses

GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]
ALPHAS = [None, 0.25, 0.9]
FIXED_LOGITS = [-100.0, -30.0, -5.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 5.0, 30.0, 100.0]
CROSS_CHECK_TOLERANCE = 1e-10


def kind_of(gamma, alpha):
    if gamma == 0:
        return "bce" if alpha is None else "weighted-bce"
    return "focal" if alpha is None else "alpha-focal"


def stable_loss_and_grad(z, y, gamma, alpha):
    """The closed form of PRODUCT.md, elementwise, float64."""
    sign = 2 * y - 1
    u = sign * z
    alpha_t = torch.ones_like(z) if alpha is None else torch.where(y == 1, torch.full_like(z, alpha), torch.full_like(z, 1 - alpha))
    sp_neg = torch.nn.functional.softplus(-u)  # -log(p_t)
    modulating = torch.exp(-gamma * torch.nn.functional.softplus(u))  # (1 - p_t)^gamma
    loss = alpha_t * modulating * sp_neg
    grad = -sign * alpha_t * modulating * (gamma * torch.sigmoid(u) * sp_neg + torch.sigmoid(-u))
    return loss, grad


def naive_autograd(z, y, gamma, alpha):
    """-alpha_t (1 - p_t)^gamma log(p_t) with p_t = sigmoid((2y - 1) z), differentiated by autograd.

    p_t is sigmoid(-z) for y = 0 rather than 1 - sigmoid(z): the latter cancels to a few
    significant digits for large z (1 - sigmoid(30) keeps ~3), so log(p_t) would be off by
    ~1e-3 while still finite. Everything else stays naive: (1 - p_t)**gamma and log(p_t)."""
    z = z.clone().requires_grad_(True)
    p_t = torch.sigmoid((2 * y - 1) * z)
    alpha_t = torch.ones_like(p_t) if alpha is None else torch.where(y == 1, torch.full_like(p_t, alpha), torch.full_like(p_t, 1 - alpha))
    loss = -alpha_t * (1 - p_t) ** gamma * torch.log(p_t)
    (grad,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach(), grad


def close(a, b, tol):
    """|a - b| <= tol * max(1, |b|): relative for large values, absolute near 0."""
    return (a - b).abs() <= tol * torch.clamp(b.abs(), min=1.0)


def make_losses():
    rng = np.random.default_rng(SEED)
    random_logits = np.concatenate([rng.normal(0, 4, 7), rng.uniform(-100, 100, 3)]).round(6)
    logits = FIXED_LOGITS + [float(v) for v in random_logits]
    z_one = torch.tensor(logits)

    cases = []
    checked = 0
    skipped = 0
    for gamma in GAMMAS:
        for alpha in ALPHAS:
            for label in (0, 1):
                y = torch.full_like(z_one, float(label))
                loss, grad = stable_loss_and_grad(z_one, y, gamma, alpha)
                assert torch.isfinite(loss).all() and torch.isfinite(grad).all()
                naive_loss, naive_grad = naive_autograd(z_one, y, gamma, alpha)
                finite = torch.isfinite(naive_loss) & torch.isfinite(naive_grad)
                ok = close(naive_loss, loss, CROSS_CHECK_TOLERANCE) & close(naive_grad, grad, CROSS_CHECK_TOLERANCE)
                bad = finite & ~ok
                assert not bad.any(), f"naive autograd disagrees at gamma={gamma} alpha={alpha} y={label} z={z_one[bad].tolist()}"
                checked += int(finite.sum())
                skipped += int((~finite).sum())
                cases.append({
                    "kind": kind_of(gamma, alpha),
                    "gamma": gamma,
                    "alpha": alpha,
                    "label": label,
                    "logits": logits,
                    "loss": loss.tolist(),
                    "gradient": grad.tolist(),
                })

    torchvision_check = torchvision_cross_check(z_one)
    return {
        "description": "Per-sample loss and d loss / d logit from the stable closed form (torch float64). alpha is the weight of the positive class (label 1); the negative class gets 1 - alpha.",
        "kinds": {
            "bce": {"gamma": 0, "alpha": None},
            "weighted-bce": {"gamma": 0, "alpha": "a"},
            "focal": {"gamma": "g", "alpha": None},
            "alpha-focal": {"gamma": "g", "alpha": "a"},
        },
        "naiveAutogradCrossCheck": {
            "formula": "-alpha_t * (1 - p_t)**gamma * log(p_t), p_t = sigmoid((2y - 1) z) (not 1 - sigmoid(z), which cancels for large z)",
            "tolerance": "|naive - stable| <= 1e-10 * max(1, |stable|), for loss and gradient",
            "pointsChecked": checked,
            "pointsSkippedNotFinite": skipped,
        },
        "torchvisionCrossCheck": torchvision_check,
        "cases": cases,
    }


def torchvision_cross_check(z):
    try:
        from torchvision.ops import sigmoid_focal_loss  # type: ignore
    except Exception as error:  # noqa: BLE001 - any import failure means "not available"
        return {"available": False, "reason": f"torchvision not importable: {type(error).__name__}: {error}"}
    # torchvision's alpha weighs targets == 1 (alpha_t = alpha * t + (1 - alpha) * (1 - t)),
    # the same convention as Focal Lab's alphaForPositiveClass.
    points = 0
    for label in (0, 1):
        y = torch.full_like(z, float(label))
        ours, _ = stable_loss_and_grad(z, y, 2.0, 0.25)
        theirs = sigmoid_focal_loss(z, y, alpha=0.25, gamma=2.0, reduction="none")
        finite = torch.isfinite(theirs)
        assert close(theirs[finite], ours[finite], 1e-10).all()
        points += int(finite.sum())
    return {"available": True, "alpha": 0.25, "gamma": 2.0, "alphaConvention": "alpha weighs the positive class (targets == 1)", "pointsChecked": points}


# ---------------------------------------------------------------- metrics

OTHER_THRESHOLD = 0.3
N_BINS = 15
MAX_CURVE_CASE = 400  # full sklearn curves only for small cases, to keep the file small


def best_f1_threshold(y, p):
    """Threshold among the distinct probabilities maximising positive-class F1 with the rule
    p >= t; ties go to the higher threshold; no positives -> 0.5. Exact rational arithmetic
    so ties are ties."""
    positives = int(y.sum())
    if positives == 0:
        return 0.5
    best_t, best_f1 = None, Fraction(-1)
    for t in sorted(set(p.tolist()), reverse=True):
        predicted = p >= t
        tp = int((predicted & (y == 1)).sum())
        fp = int((predicted & (y == 0)).sum())
        f1 = Fraction(2 * tp, tp + fp + positives)
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def at_threshold(y, p, t):
    predicted = (p >= t).astype(int)
    precision, recall, f1, support = precision_recall_fscore_support(y, predicted, labels=[0, 1], zero_division=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "y_pred contains classes not in y_true" in one-class cases
        balanced = balanced_accuracy_score(y, predicted)
    return {
        "threshold": t,
        "confusion": confusion_matrix(y, predicted, labels=[0, 1]).tolist(),
        "accuracy": float((predicted == y).mean()),
        "balancedAccuracy": float(balanced),
        "mcc": float(matthews_corrcoef(y, predicted)),
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": support.tolist(),
    }


def calibration(y, p):
    """calibration_curve(strategy='uniform') keeps only non-empty bins; add their counts the
    way it assigns bins (searchsorted on the inner edges, so an edge value falls in the lower bin)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prob_true, prob_pred = calibration_curve(y, p, n_bins=N_BINS, strategy="uniform")
    edges = np.linspace(0.0, 1.0, N_BINS + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=N_BINS)
    return {
        "nBins": N_BINS,
        "fractionPositive": prob_true.tolist(),
        "meanPredicted": prob_pred.tolist(),
        "counts": counts.tolist(),
    }


def metric_case(name, y, p):
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    both_classes = 0 < y.sum() < len(y)
    case = {
        "name": name,
        "labels": y.tolist(),
        "probabilities": p.tolist(),
        # sklearn raises for ROC-AUC with one class; Focal Lab returns NaN (null here).
        "rocAuc": float(roc_auc_score(y, p)) if both_classes else None,
        "logLoss": float(log_loss(y, p, labels=[0, 1])),
        "brier": float(brier_score_loss(y, p, pos_label=1)),
        "calibration": calibration(y, p),
        "bestF1Threshold": best_f1_threshold(y, p),
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ap = float(average_precision_score(y, p))
    # Focal Lab returns NaN for PR-AUC with one class; record what sklearn says anyway.
    case["averagePrecision"] = ap if both_classes else None
    case["sklearnAveragePrecisionOneClass"] = None if both_classes else ap
    if both_classes and len(y) <= MAX_CURVE_CASE:
        # roc_curve(drop_intermediate=True); sklearn 1.2 puts max + 1 as the first threshold.
        fpr, tpr, roc_thresholds = roc_curve(y, p)
        case["rocCurve"] = {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": roc_thresholds.tolist()}
        precision, recall, pr_thresholds = precision_recall_curve(y, p)
        # sklearn orders by increasing threshold and ends with (recall 0, precision 1) without a threshold.
        case["prCurve"] = {"precision": precision.tolist(), "recall": recall.tolist(), "thresholds": pr_thresholds.tolist()}
    thresholds = [0.5, OTHER_THRESHOLD, case["bestF1Threshold"]]
    case["atThreshold"] = [at_threshold(y, p, t) for t in thresholds]
    return case


def make_metrics():
    rng = np.random.default_rng(SEED + 1)
    cases = []

    def scores_for(y, separation, decimals):
        logits = rng.normal(0, 1, len(y)) + separation * (2 * y - 1)
        p = 1 / (1 + np.exp(-logits))
        return p.round(decimals) if decimals is not None else p

    # Random cases: sizes 2..2000, positive rate 1%..60%, some rounded to create ties.
    specs = [
        (2, 0.5, 1.0, None), (3, 0.34, 0.5, 2), (5, 0.4, 1.0, None), (8, 0.25, 0.3, 1),
        (13, 0.3, 1.0, 3), (20, 0.1, 2.0, None), (31, 0.5, 0.0, 2), (50, 0.2, 1.0, 1),
        (64, 0.05, 1.5, None), (100, 0.1, 1.0, 2), (150, 0.6, 0.7, 3), (200, 0.02, 2.0, None),
        (300, 0.15, 1.0, 1), (500, 0.1, 0.8, 4), (750, 0.3, 1.2, 2), (1000, 0.01, 2.5, None),
        (1200, 0.05, 1.0, 3), (1500, 0.2, 0.5, 2), (2000, 0.1, 1.0, 6), (2000, 0.5, 0.2, 1),
    ]
    for i, (n, rate, separation, decimals) in enumerate(specs):
        y = (rng.random(n) < rate).astype(int)
        y[0], y[-1] = 1, 0  # both classes present
        p = scores_for(y, separation, decimals)
        cases.append(metric_case(f"random-{i}-n{n}-rate{rate}-round{decimals}", y, p))

    y = (rng.random(400) < 0.1).astype(int)
    y[:3] = 1
    cases.append(metric_case("constant-0.5", y, np.full(len(y), 0.5)))
    cases.append(metric_case("constant-0.0", y, np.zeros(len(y))))
    cases.append(metric_case("constant-1.0", y, np.ones(len(y))))
    p = np.sort(rng.random(len(y)))
    order = np.argsort(y, kind="stable")
    perfect = np.empty(len(y)); perfect[order] = p
    cases.append(metric_case("perfect-ranking", y, perfect))
    cases.append(metric_case("inverted-ranking", y, 1 - perfect))
    cases.append(metric_case("saturated-0-1", y, np.where(rng.random(len(y)) < 0.5, 0.0, 1.0)))
    # Scores exactly on the reliability bin edges and on 0.5 / OTHER_THRESHOLD.
    edges = np.linspace(0.0, 1.0, N_BINS + 1)
    y_edges = (rng.random(300) < 0.3).astype(int)
    y_edges[0], y_edges[1] = 1, 0
    cases.append(metric_case("bin-edges", y_edges, np.concatenate([edges, [0.5, OTHER_THRESHOLD]] * 20)[:300]))
    cases.append(metric_case("one-class-negative", np.zeros(40, dtype=int), rng.random(40).round(2)))
    cases.append(metric_case("one-class-positive", np.ones(40, dtype=int), rng.random(40).round(2)))
    cases.append(metric_case("coarse-ties", (rng.random(1000) < 0.2).astype(int), rng.integers(0, 5, 1000) / 4))

    return {
        "description": "scikit-learn reference metrics. Threshold rule: predict positive when p >= threshold. Per-class arrays are [negative (0), positive (1)]. confusion = [[tn, fp], [fn, tp]].",
        "logLossEps": float(np.finfo(np.float64).eps),
        "otherThreshold": OTHER_THRESHOLD,
        "cases": cases,
    }


def write(name, data):
    path = os.path.join(OUT_DIR, name)
    data["generatedBy"] = "scripts/make_fixtures.py"
    data["versions"] = {
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "sklearn": sklearn.__version__,
        "torch": torch.__version__,
    }
    def dump(value):
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)

    # Compact, one case per line, so diffs stay readable.
    parts = []
    for key in sorted(data):
        if key == "cases":
            parts.append('"cases":[\n' + ",\n".join(dump(case) for case in data[key]) + "\n]")
        else:
            parts.append(dump(key) + ":" + dump(data[key]))
    text = "{\n" + ",\n".join(parts) + "\n}"
    with open(path, "w") as f:
        f.write(text + "\n")
    print(f"wrote {os.path.relpath(path, ROOT)} ({len(text) / 1024:.0f} KiB, {len(data['cases'])} cases)")


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    losses = make_losses()
    check = losses["naiveAutogradCrossCheck"]
    print(f"loss cross-check vs naive autograd: {check['pointsChecked']} points agree, {check['pointsSkippedNotFinite']} skipped (not finite)")
    if not losses["torchvisionCrossCheck"]["available"]:
        print(f"torchvision cross-check skipped: {losses['torchvisionCrossCheck']['reason']}")
    write("losses.json", losses)
    write("metrics.json", make_metrics())


if __name__ == "__main__":
    main()
