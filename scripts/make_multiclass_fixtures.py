#!/usr/bin/python3
"""Reference fixtures for the multi-class (softmax) losses and metrics (test/fixtures/reference/).

Run with the Debian interpreter that has torch, scikit-learn and numpy:
    /usr/bin/python3 scripts/make_multiclass_fixtures.py      (part of npm run fixtures)

softmax-losses.json  Per-sample loss -alpha_y (1 - p_y)^gamma log p_y over K classes and its
                     gradient with respect to the K logits, for K in {3, 5}, gamma in
                     {0, 0.5, 1, 2, 5}, alpha none or uneven, logits including +-100, every label.
                     Two PyTorch float64 references per point:
                     - `loss` / `gradient`: the stable form through the true-class margin
                       u = z_y - logsumexp_{c != y} z_c (L = alpha_y exp(-gamma softplus(u))
                       softplus(-u)), differentiated by autograd;
                     - `torchLoss` / `torchGradient`: PyTorch's own ops written out:
                       F.log_softmax, F.nll_loss(weight=alpha, reduction='none') for gamma 0,
                       -alpha_y (1 - exp(log_softmax_y))**gamma * log_softmax_y otherwise,
                       differentiated by autograd (null where that is not finite).
                     The script asserts that the two agree to 1e-10 * max(1, |value|) wherever
                     the second is finite, and lists the points where they also agree to 1e-10
                     relative (`torchWellConditioned`): elsewhere p_y is so close to 1 that
                     log_softmax itself keeps only a few significant digits of the tiny loss.
multiclass-metrics.json  scikit-learn 1.2 multi-class metrics on 26 seeded cases (20 random, with
                     ties in the scores and in the argmax; constant, perfect, confidently
                     wrong, majority-only, tied and class-absent ones): confusion_matrix,
                     accuracy, balanced_accuracy_score, matthews_corrcoef, f1_score
                     (macro / weighted), precision_recall_fscore_support, one-vs-rest
                     average_precision_score and roc_auc_score per class, roc_auc_score
                     (multi_class='ovr', average='macro'), log_loss, the multi-class Brier
                     score and the top-label ECE (numpy).

Deterministic: seeded RNG, sorted keys; values are written with repr precision, so a float64
survives the JSON round trip exactly.
"""

import json
import os
import sys
import warnings

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    matthews_corrcoef,
    precision_recall_fscore_support,
    roc_auc_score,
)
from sklearn.preprocessing import label_binarize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "test", "fixtures", "reference")
SEED = 20261129
torch.set_default_dtype(torch.float64)

# ---------------------------------------------------------------- losses

GAMMAS = [0.0, 0.5, 1.0, 2.0, 5.0]
UNEVEN_ALPHA = {3: [0.1, 0.3, 0.6], 5: [0.05, 0.1, 0.15, 0.3, 0.4]}
CROSS_CHECK_TOLERANCE = 1e-10


def kind_of(gamma, alpha):
    if gamma == 0:
        return "ce" if alpha is None else "weighted-ce"
    return "focal" if alpha is None else "alpha-focal"


def logit_rows(k, rng):
    """Fixed rows with +-100, ties and tiny margins, then random ones."""
    fixed = [
        [100.0] + [-100.0] * (k - 1),
        [-100.0] + [100.0] + [0.0] * (k - 2),
        [100.0, 100.0] + [-100.0] * (k - 2),
        [0.0] * k,
        [-100.0] * k,
        [30.0] + [0.0] * (k - 1),
        [1e-3 * c for c in range(k)],
        [float(c) for c in range(k)],
        [5.0, -5.0] + [2.5] * (k - 2),
        [-30.0] + [30.0] * (k - 1),
    ]
    random_rows = [rng.normal(0, 4, k).round(6).tolist() for _ in range(4)] + [rng.uniform(-100, 100, k).round(6).tolist() for _ in range(2)]
    return fixed + random_rows


def softplus(x):
    # torch's default threshold (20) returns x itself above it; 1000 keeps log1p(exp(x)) exact
    # for every |x| the grid reaches (|u| <= ~205).
    return F.softplus(x, beta=1, threshold=1000)


def stable_loss_and_grad(z, y, gamma, alpha):
    """z [n, K], y [n] long; the margin form, autograd for the gradient."""
    z = z.clone().requires_grad_(True)
    one_hot = F.one_hot(y, z.shape[1]).bool()
    others = torch.where(one_hot, torch.full_like(z, -float("inf")), z)
    u = (z * one_hot).sum(1) - torch.logsumexp(others, 1)
    alpha_y = torch.ones(len(y)) if alpha is None else torch.tensor(alpha)[y]
    loss = alpha_y * torch.exp(-gamma * softplus(u)) * softplus(-u)
    (grad,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach(), grad


def torch_ops_loss_and_grad(z, y, gamma, alpha):
    """log_softmax, nll_loss with weights, the focal term written out; autograd."""
    z = z.clone().requires_grad_(True)
    log_p = F.log_softmax(z, dim=1)
    weight = None if alpha is None else torch.tensor(alpha)
    if gamma == 0:
        loss = F.nll_loss(log_p, y, weight=weight, reduction="none")
    else:
        log_p_y = log_p.gather(1, y[:, None])[:, 0]
        alpha_y = torch.ones(len(y)) if alpha is None else weight[y]
        loss = -alpha_y * (1 - torch.exp(log_p_y)) ** gamma * log_p_y
    (grad,) = torch.autograd.grad(loss.sum(), z)
    return loss.detach(), grad


def close(a, b, tol, floor):
    return (a - b).abs() <= tol * torch.clamp(b.abs(), min=floor)


def make_softmax_losses():
    rng = np.random.default_rng(SEED)
    cases = []
    checked = skipped = well_conditioned = 0
    for k in (3, 5):
        rows = logit_rows(k, rng)
        # Every row with every label.
        z = torch.tensor([row for row in rows for _ in range(k)])
        y = torch.tensor([label for _ in rows for label in range(k)])
        for gamma in GAMMAS:
            for alpha in (None, UNEVEN_ALPHA[k]):
                loss, grad = stable_loss_and_grad(z, y, gamma, alpha)
                assert torch.isfinite(loss).all() and torch.isfinite(grad).all(), f"stable form not finite at K={k} gamma={gamma}"
                t_loss, t_grad = torch_ops_loss_and_grad(z, y, gamma, alpha)
                finite = torch.isfinite(t_loss) & torch.isfinite(t_grad).all(1)
                agree = close(t_loss, loss, CROSS_CHECK_TOLERANCE, 1.0) & close(t_grad, grad, CROSS_CHECK_TOLERANCE, 1.0).all(1)
                bad = finite & ~agree
                assert not bad.any(), f"torch ops disagree with the stable form at K={k} gamma={gamma} alpha={alpha}: rows {z[bad].tolist()} labels {y[bad].tolist()}"
                relative = finite & close(t_loss, loss, CROSS_CHECK_TOLERANCE, 1e-300) & close(t_grad, grad, CROSS_CHECK_TOLERANCE, 1e-300).all(1)
                checked += int(finite.sum())
                skipped += int((~finite).sum())
                well_conditioned += int(relative.sum())
                cases.append({
                    "kind": kind_of(gamma, alpha),
                    "classes": k,
                    "gamma": gamma,
                    "alpha": alpha,
                    "labels": y.tolist(),
                    "logits": z.flatten().tolist(),
                    "loss": loss.tolist(),
                    "gradient": grad.flatten().tolist(),
                    "torchLoss": [v if ok else None for v, ok in zip(t_loss.tolist(), finite.tolist())],
                    "torchGradient": [v if ok else None for row, ok in zip(t_grad.tolist(), finite.tolist()) for v in row],
                    "torchWellConditioned": relative.tolist(),
                })
    return {
        "description": "Per-sample softmax loss -alpha_y (1 - p_y)^gamma log p_y and d loss / d logits (row-major n x K), torch float64. loss/gradient: the stable margin form with autograd; torchLoss/torchGradient: F.log_softmax + F.nll_loss(weight) or the focal term written out, with autograd (null where not finite).",
        "crossCheck": {
            "tolerance": "|torch ops - stable| <= 1e-10 * max(1, |stable|) wherever the torch ops are finite",
            "pointsChecked": checked,
            "pointsSkippedNotFinite": skipped,
            "pointsAgreeingRelatively": well_conditioned,
        },
        "cases": cases,
    }


# ---------------------------------------------------------------- metrics

N_BINS = 15


def top_label_calibration(y, p):
    """Top-label reliability: confidence = max probability, outcome = argmax is right; bins as
    calibration_curve(strategy='uniform') assigns them (searchsorted on the inner edges)."""
    predicted = p.argmax(1)
    confidence = p.max(1)
    right = (predicted == y).astype(float)
    edges = np.linspace(0.0, 1.0, N_BINS + 1)
    bins = np.searchsorted(edges[1:-1], confidence)
    counts = np.bincount(bins, minlength=N_BINS)
    sums = np.bincount(bins, weights=confidence, minlength=N_BINS)
    hits = np.bincount(bins, weights=right, minlength=N_BINS)
    nonzero = counts > 0
    ece = float(np.sum(np.abs(hits[nonzero] - sums[nonzero])) / len(y))
    return {"counts": counts.tolist(), "ece": ece}


def multiclass_case(name, y, p):
    y = np.asarray(y, dtype=int)
    p = np.asarray(p, dtype=float)
    k = p.shape[1]
    labels = list(range(k))
    predicted = p.argmax(1)  # numpy: the first index among tied maxima
    precision, recall, f1, support = precision_recall_fscore_support(y, predicted, labels=labels, zero_division=0)
    present = [c for c in labels if 0 < (y == c).sum() < len(y)]
    binarised = label_binarize(y, classes=labels)
    per_class_pr = [float(average_precision_score(binarised[:, c], p[:, c])) if c in present else None for c in labels]
    per_class_roc = [float(roc_auc_score(binarised[:, c], p[:, c])) if c in present else None for c in labels]
    all_present = len(present) == k
    case = {
        "name": name,
        "classes": k,
        "labels": y.tolist(),
        "probabilities": p.flatten().tolist(),
        "confusion": confusion_matrix(y, predicted, labels=labels).tolist(),
        "accuracy": float(accuracy_score(y, predicted)),
        "balancedAccuracy": float(balanced_accuracy_score(y, predicted)),
        "mcc": float(matthews_corrcoef(y, predicted)),
        "macroF1": float(f1_score(y, predicted, labels=labels, average="macro", zero_division=0)),
        "weightedF1": float(f1_score(y, predicted, labels=labels, average="weighted", zero_division=0)),
        "precision": precision.tolist(),
        "recall": recall.tolist(),
        "f1": f1.tolist(),
        "support": support.tolist(),
        "prAuc": per_class_pr,
        "rocAuc": per_class_roc,
        # sklearn's own averages when it defines them (every class present); else the mean
        # over the classes where one-vs-rest is defined, which is what Focal Lab reports.
        "macroPrAuc": float(average_precision_score(binarised, p, average="macro")) if all_present else float(np.mean([v for v in per_class_pr if v is not None])),
        "macroRocAuc": float(roc_auc_score(y, p, multi_class="ovr", average="macro", labels=labels)) if all_present else float(np.mean([v for v in per_class_roc if v is not None])),
        "logLoss": float(log_loss(y, p, labels=labels)),
        "brier": float(np.mean(np.sum((p - np.eye(k)[y]) ** 2, axis=1))),
        "calibration": top_label_calibration(y, p),
    }
    return case


def make_multiclass_metrics():
    rng = np.random.default_rng(SEED + 1)
    cases = []

    def draw_labels(n, priors):
        y = rng.choice(len(priors), size=n, p=np.asarray(priors) / np.sum(priors))
        y[: len(priors)] = np.arange(len(priors))  # every class present
        return y

    def softmax_scores(y, k, separation):
        logits = rng.normal(0, 1, (len(y), k)) + separation * np.eye(k)[y]
        e = np.exp(logits - logits.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)

    # (n, priors, separation, style): style None = continuous, an int = rounded to that many
    # decimals and renormalised (ties in ranks and in the argmax), "counts" = small integer
    # scores normalised (many exact ties).
    specs = [
        (6, [1, 1, 1], 1.0, None), (10, [5, 3, 2], 0.5, 1), (25, [8, 1, 1], 1.5, None), (40, [1, 1, 1, 1], 0.8, 2),
        (60, [80, 15, 5], 2.0, None), (80, [80, 15, 5], 1.0, 1), (100, [6, 3, 1], 0.0, 2), (150, [1, 2, 3, 4, 5], 1.2, "counts"),
        (200, [50, 30, 15, 4, 1], 1.0, None), (250, [80, 15, 5], 1.5, "counts"), (300, [0.7, 0.2, 0.1], 0.7, 3), (400, [1] * 7, 1.0, 1),
        (500, [90, 9, 1], 2.5, None), (600, [40, 30, 20, 10], 0.3, 2), (500, [1] * 10, 1.5, None), (1000, [97, 2, 1], 1.0, "counts"),
        (700, [5, 4, 3, 2, 1], 0.9, 1), (800, [80, 15, 5], 1.2, 4), (900, [60, 25, 10, 5], 1.0, None), (600, [1] * 12, 2.0, 2),
    ]
    for i, (n, priors, separation, style) in enumerate(specs):
        k = len(priors)
        y = draw_labels(n, priors)
        if style == "counts":
            scores = rng.integers(1, 4, (n, k)) + (separation > 0) * 2 * np.eye(k, dtype=int)[y] * (rng.random(n) < 0.6)[:, None]
            p = scores / scores.sum(1, keepdims=True)
        else:
            p = softmax_scores(y, k, separation)
            if style is not None:
                p = np.maximum(p.round(style), 10.0 ** -style)
                p = p / p.sum(1, keepdims=True)
        cases.append(multiclass_case(f"random-{i}-n{n}-K{k}-sep{separation}-{style}", y, p))

    y = draw_labels(300, [80, 15, 5])
    k = 3
    cases.append(multiclass_case("constant-uniform", y, np.full((len(y), k), 1 / k)))
    perfect = np.full((len(y), k), 0.1)
    perfect[np.arange(len(y)), y] = 0.8
    cases.append(multiclass_case("perfect", y, perfect))
    cases.append(multiclass_case("confidently-wrong", y, np.eye(k)[(y + 1) % k]))
    cases.append(multiclass_case("majority-only", y, np.tile([0.7, 0.2, 0.1], (len(y), 1))))
    # Rows tied between two classes: the argmax takes the first.
    tied = np.tile([0.4, 0.4, 0.2], (len(y), 1))
    tied[y == 2] = [0.2, 0.4, 0.4]
    cases.append(multiclass_case("argmax-ties", y, tied))
    # A class absent from the test rows: its one-vs-rest AUCs are undefined (null).
    y_absent = draw_labels(120, [3, 1])
    p_absent = softmax_scores(y_absent, 3, 1.0)
    cases.append(multiclass_case("class-absent", y_absent, p_absent))

    return {
        "description": "scikit-learn 1.2 multi-class metrics. probabilities row-major n x K; prediction = argmax (first on ties); confusion[actual][predicted]; per-class arrays in class order; prAuc/rocAuc one-vs-rest (null when undefined); brier = mean over rows of sum_c (p_c - y_c)^2; calibration = top-label bins (15 uniform) and ECE.",
        "nBins": N_BINS,
        "cases": cases,
    }


# ---------------------------------------------------------------- output


def write(name, data):
    path = os.path.join(OUT_DIR, name)
    data["generatedBy"] = "scripts/make_multiclass_fixtures.py"
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
    losses = make_softmax_losses()
    check = losses["crossCheck"]
    print(f"softmax losses vs torch ops: {check['pointsChecked']} points agree (1e-10 absolute near 0), {check['pointsAgreeingRelatively']} also relatively; {check['pointsSkippedNotFinite']} skipped (not finite)")
    write("softmax-losses.json", losses)
    write("multiclass-metrics.json", make_multiclass_metrics())


if __name__ == "__main__":
    warnings.simplefilter("error", RuntimeWarning)
    main()
